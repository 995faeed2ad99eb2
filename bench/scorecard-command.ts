// The `scorecard` command as a manager runs it (`npm run --silent scorecard -- FILE.json`), timed as
// whole processes — npm and node start-up included — on generated histories of 100 000, 300 000
// and 1 000 000 deals with ten activities each (written to a temporary folder, removed afterwards;
// 1 000 000 deals is about 1.2 GB). Beside it, in the same run and interleaved with it, the floor:
// a plain node process that only reads the same file and JSON.parses it (at 1 000 000 deals that
// is impossible — the text is longer than a string may be — so that size is judged against its own
// budget). Peak memory is the largest resident size of the process tree (GNU time's %M); the CPU
// time (user + system, GNU time's %U and %S) is given beside the wall time, which on a shared machine
// depends on the neighbours more. The command uses both cores for a large file; the floor, one.
//
//   npm run bench -- scorecard-command     these figures alone, into bench-results.json and the README
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticFile } from './metrics';
import { median, type Figure } from './stats';

const root = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';

interface Run {
  seconds: number;
  /** User + system CPU seconds of the process tree; NaN without GNU time. */
  cpu: number;
  /** Peak resident memory of the process tree, MB; NaN without GNU time. */
  peakMb: number;
  ok: boolean;
  stderr: string;
}

function timed(command: string, args: string[]): Run {
  const gnuTime = existsSync(TIME);
  const started = performance.now();
  const result = gnuTime
    ? spawnSync(TIME, ['-f', '%M %U %S', command, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
    : spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  const lines = result.stderr.trim().split('\n');
  const [maxKb, user, system] = gnuTime ? lines.at(-1)!.split(' ').map(Number) : [];
  const peakMb = gnuTime ? maxKb! / 1024 : Number.NaN;
  const cpu = gnuTime ? user! + system! : Number.NaN;
  return { seconds, cpu, peakMb, ok: result.status === 0, stderr: (gnuTime ? lines.slice(0, -1) : lines).join('\n') };
}

const command = (file: string) => timed('npm', ['run', '--silent', 'scorecard', '--', file, '--as-of', '2026-06-01']);
const floor = (file: string) => timed(process.execPath, ['-e', "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))", file]);

function checked(run: Run, what: string): Run {
  if (!run.ok) throw new Error(`${what} failed: ${run.stderr}`);
  return run;
}

export async function measureScorecardCommand(): Promise<Figure[]> {
  execFileSync('npm', ['--version'], { stdio: 'ignore' }); // npm itself warmed once
  const dir = mkdtempSync(join(tmpdir(), 'bench-scorecard-'));
  try {
    const size = async (deals: number) => {
      const file = join(dir, `${deals}.json`);
      const bytes = await writeSyntheticFile(file, deals);
      return { deals, file, mb: bytes / 1e6 };
    };
    const small = await size(100_000);
    const middle = await size(300_000);
    const cmd100: Run[] = [];
    const floor100: Run[] = [];
    const cmd300: Run[] = [];
    for (let r = 0; r < 3; r++) {
      floor100.push(checked(floor(small.file), 'read + JSON.parse'));
      cmd100.push(checked(command(small.file), 'scorecard'));
      cmd300.push(checked(command(middle.file), 'scorecard'));
    }
    rmSync(middle.file);
    const large = await size(1_000_000);
    const cmdMillion = checked(command(large.file), 'scorecard');
    const floorMillion = floor(large.file);

    const t100 = median(cmd100.map((r) => r.seconds));
    const f100 = median(floor100.map((r) => r.seconds));
    const t300 = median(cmd300.map((r) => r.seconds));
    const s = (x: number) => `${x.toFixed(2)} s`;
    const c100 = median(cmd100.map((r) => r.cpu));
    const fc100 = median(floor100.map((r) => r.cpu));
    return [
      {
        name: 'scorecard command, 100 000 deals: whole process ÷ read + JSON.parse of the same file',
        value: t100 / f100,
        unit: '×',
        budget: 1.2,
        kind: 'max',
        detail: `${small.mb.toFixed(0)} MB: command ${s(t100)} (${s(c100)} of CPU), node reading and parsing it ${s(f100)} (${s(fc100)} of CPU); CPU ratio ${(c100 / fc100).toFixed(2)} × (medians of 3, interleaved)`,
      },
      { name: 'scorecard command, 100 000 deals: peak memory', value: median(cmd100.map((r) => r.peakMb)), unit: 'MB', budget: Number.POSITIVE_INFINITY, kind: 'max', detail: `read + JSON.parse alone: ${median(floor100.map((r) => r.peakMb)).toFixed(0)} MB` },
      {
        name: 'scorecard command growth: time per deal at 300 000 ÷ at 100 000 (1 = linear)',
        value: t300 / 3 / t100,
        unit: '×',
        budget: 1.1,
        kind: 'max',
        detail: `${s(t300)} at 300 000 deals, ${s(t100)} at 100 000 (start-up included in both)`,
      },
      {
        name: 'scorecard command, 1 000 000 deals (whole process)',
        value: cmdMillion.seconds,
        unit: 's',
        budget: 15,
        kind: 'max',
        detail: `${large.mb.toFixed(0)} MB, ${s(cmdMillion.cpu)} of CPU; read + JSON.parse alone: ${floorMillion.ok ? s(floorMillion.seconds) : `fails (${/ERR_STRING_TOO_LONG|Cannot create a string longer/.test(floorMillion.stderr) ? 'longer than a string may be' : 'error'})`}`,
      },
      { name: 'scorecard command, 1 000 000 deals: peak memory', value: cmdMillion.peakMb, unit: 'MB', budget: 2048, kind: 'max' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureScorecardCommand());
