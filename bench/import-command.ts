// The `import` command as a manager runs it on a 100 MB Pipedrive export (733 803 deals, written to a
// temporary folder and removed afterwards): the whole process — node start-up included, the command
// bundled beforehand — timed by GNU time (wall, CPU and peak resident memory). Beside it, in the same
// run, the floor the command cannot go below: reading the same file, decoding it and parsing its CSV
// (CsvParser, nothing converted or written), in this process. The figures of the whole-file command it
// replaced are printed beside them.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CsvParser } from '../lib/history-import/csv';
import { writePipedriveExport } from '../test/support/pipedrive-export';
import type { Figure } from './stats';

const root = resolve(import.meta.dirname, '..');
const TIME = '/usr/bin/time';
const LIMIT = 100 * 1024 * 1024;

/** The whole-file command on the same export before it streamed (2026-12-07, this two-core machine, load average 3–5). */
const BEFORE = { wallSeconds: 106, cpuSeconds: 69, peakMb: 3399 };

interface Run {
  wall: number;
  cpu: number;
  peakMb: number;
}

function timedImport(file: string, out: string): Run {
  const args = [join(root, 'scripts', 'cli.mjs'), 'import', file, '--out', out];
  const gnuTime = existsSync(TIME);
  const started = performance.now();
  const result = gnuTime ? spawnSync(TIME, ['-f', '%U %S %M', process.execPath, ...args], { cwd: root, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`import command failed: ${result.stderr}`);
  if (!gnuTime) return { wall, cpu: Number.NaN, peakMb: Number.NaN };
  const [user, system, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { wall, cpu: user! + system!, peakMb: kb! / 1024 };
}

/** Seconds of CPU to read, decode and parse the file's CSV, nothing more. */
async function parseFloor(file: string): Promise<number> {
  const started = process.cpuUsage();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = new CsvParser();
  let records = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    parser.write(decoder.decode(chunk as Uint8Array, { stream: true }));
    records += parser.read().length;
  }
  parser.write(decoder.decode());
  records += parser.read().length + parser.close().length;
  if (records < 2) throw new Error('the export was not parsed');
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1e6;
}

export async function measureImportCommand(): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-command-'));
  try {
    const file = join(dir, 'pipedrive-100mb.csv');
    const { bytes, deals } = writePipedriveExport(file, LIMIT);
    // Bundled once, so the figure is the command's run, not esbuild's.
    spawnSync(process.execPath, [join(root, 'scripts', 'cli.mjs'), 'import', join(root, 'test/fixtures/history-import/pipedrive-deals.csv'), '--out', join(dir, 'warm.json')], { cwd: root });
    const load = loadavg()[0]!;
    const floor = await parseFloor(file);
    const run = timedImport(file, join(dir, 'history.json'));
    const outMb = statSync(join(dir, 'history.json')).size / 1e6;
    const loadAfter = loadavg()[0]!;
    const detail = `${(bytes / 1e6).toFixed(0)} MB, ${deals.toLocaleString('en')} deals → ${outMb.toFixed(0)} MB of history; load average ${load.toFixed(1)} before, ${loadAfter.toFixed(1)} after`;
    const s = (x: number) => `${x.toFixed(1)} s`;
    return [
      {
        name: '`import` command on a 100 MB Pipedrive export (whole process, wall)',
        value: run.wall,
        unit: 's',
        budget: 30,
        kind: 'max',
        detail: `${detail}; ${s(run.cpu)} of CPU; before streaming: ${s(BEFORE.wallSeconds)} wall, ${s(BEFORE.cpuSeconds)} of CPU`,
      },
      {
        name: '`import` command on a 100 MB Pipedrive export: CPU time ÷ reading and parsing its CSV alone',
        value: run.cpu / floor,
        unit: '×',
        budget: 5,
        kind: 'max',
        detail: `${s(run.cpu)} against ${s(floor)} for reading, decoding and parsing the CSV alone (same run); the rest is converting, checking and writing 733 803 deals`,
      },
      {
        name: '`import` command on a 100 MB Pipedrive export: peak memory',
        value: run.peakMb,
        unit: 'MB',
        budget: 1024,
        kind: 'max',
        detail: `what each deal needs until the last row is read, not the file, table or history text; before streaming: ${BEFORE.peakMb} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await measureImportCommand());
