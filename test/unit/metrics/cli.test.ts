import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseHistoryText } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';

// The `scorecard` command as `npm run scorecard` runs it (node scripts/cli.mjs, called directly so
// npm's own notices cannot reach stderr): a valid file prints one JSON object;
// a malformed file or argument exits non-zero with exactly one line on stderr and nothing on stdout.

const root = resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => resolve(root, 'test/fixtures/metrics', name);
const cli = resolve(root, 'scripts/cli.mjs');

async function scorecard(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'scorecard', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Exit code ≠ 0, nothing on stdout, exactly one line on stderr — returned for matching. */
function oneLineError(result: { code: number; stdout: string; stderr: string }): string {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  const lines = result.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('scorecard command on a valid file', () => {
  it('prints exactly what the engine computes, as one JSON line', async () => {
    const result = await scorecard([fixture('small.json'), '--as-of', '2026-03-01', '--from', '2026-01-01', '--to', '2026-03-31']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const expected = computeScorecard(parseHistoryText(readFileSync(fixture('small.json'), 'utf8')), { asOf: '2026-03-01', from: '2026-01-01', to: '2026-03-31' });
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.parse(result.stdout).asOf).toBe('2026-03-01');
  });

  it('takes --flag=value, and as-of defaults to today (UTC)', async () => {
    const before = new Date().toISOString().slice(0, 10);
    const result = await scorecard([fixture('small.json'), '--from=2026-02-15', '--to=2026-02-15']);
    const after = new Date().toISOString().slice(0, 10);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect([before, after]).toContain(out.asOf);
    expect([out.team.won, out.team.lost]).toEqual([0, 1]); // d2 lost Feb 15 12:00Z
  });

  it('--from after --to selects no closed deals (not an error)', async () => {
    const result = await scorecard([fixture('small.json'), '--as-of', '2026-03-01', '--from', '2026-03-01', '--to', '2026-01-01']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).team).toMatchObject({ won: 0, lost: 0, winRateCount: null, open: 3 });
  });
});

describe('scorecard command on a malformed file', () => {
  it('not JSON: names the file', async () => {
    const file = fixture('malformed/not-json.json');
    expect(oneLineError(await scorecard([file]))).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON \\(.+\\)$`));
  });

  it.each([
    ['wrong-version', 'version: expected 1 or 2'],
    ['bad-nested-date', 'deals[3].stageHistory[0].enteredAt: invalid date'],
    ['date-only', 'deals[0].createdAt: invalid date'],
    ['bad-status', 'deals[3].status: expected one of open, won, lost'],
    ['negative-value', 'deals[0].value: expected a number >= 0'],
    ['stage-not-in-pipeline', 'deals[2].stageHistory[1].stage: "s9" is not a stage of pipeline "p1"'],
    ['unknown-pipeline', 'deals[1].pipeline: unknown pipeline "p9"'],
    // deals[1] has a stage of another pipeline, deals[4] a negative value and a bad date: the first in the document wins
    ['two-problems', 'deals[1].stageHistory[0].stage: "r1" is not a stage of pipeline "p1"'],
  ])('%s → “%s”', async (name, message) => {
    expect(oneLineError(await scorecard([fixture(`malformed/${name}.json`)]))).toBe(message);
  });

  it('a file that cannot be read', async () => {
    expect(oneLineError(await scorecard([fixture('missing.json')]))).toBe(`${fixture('missing.json')}: cannot read (ENOENT)`);
  });

  it('a JSON error message spanning lines still prints one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scorecard-'));
    const file = join(dir, 'lines.json');
    writeFileSync(file, '{\n"version": 1,\n"pipelines": [\n x\n]}');
    expect(oneLineError(await scorecard([file]))).toContain('not valid JSON');
  });
});

describe('scorecard command arguments', () => {
  it.each([
    [['FILE', '--bogus'], /^unknown option --bogus \(usage: /],
    [['FILE', '--as-of', '2026-13-01'], /^--as-of: "2026-13-01" is not a date YYYY-MM-DD$/],
    [['FILE', '--from', '2026-02-30'], /^--from: "2026-02-30" is not a date YYYY-MM-DD$/],
    [['FILE', '--to=2026-1-5'], /^--to: "2026-1-5" is not a date YYYY-MM-DD$/],
    [['FILE', '--to'], /^--to: expected a date YYYY-MM-DD$/],
    [['FILE', 'OTHER'], /^unexpected argument "OTHER"/],
    [[], /^usage: scorecard FILE\.json/],
  ])('%j', async (args, message) => {
    const result = await scorecard(args.map((a) => (a === 'FILE' ? fixture('small.json') : a)));
    expect(oneLineError(result)).toMatch(message);
    expect(result.code).toBe(1);
  });
});
