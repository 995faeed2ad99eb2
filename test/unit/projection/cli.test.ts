import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { serializeHistory } from '@/lib/metrics/history';
import { projectionSummary } from '@/lib/projection';
import { generateWorld } from './generate';

// The `project` command as a user runs it (node scripts/cli.mjs directly, as the scorecard
// command's test): a history file with two years gives one JSON line with the team's and each rep's quarters,
// the backtest and the drivers — the same numbers as the page's code; errors are one line on stderr.

const root = resolve(import.meta.dirname, '../../..');
const fixture = (name: string) => resolve(root, 'test/fixtures/metrics', name);
const cli = resolve(root, 'scripts/cli.mjs');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'project', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function oneLineError(result: { code: number; stdout: string; stderr: string }): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.replace(/\n$/, '').split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

const world = generateWorld({ seed: 42, start: '2024-01-01T00:00:00Z', end: '2026-01-15T00:00:00Z', perMonth: 20 });
let file: string;
beforeAll(() => {
  file = join(mkdtempSync(join(tmpdir(), 'project-')), 'two-years.json');
  writeFileSync(file, serializeHistory(world.full));
});

describe('project command', () => {
  it('prints the team and every rep per quarter, the backtest and the drivers — what the page computes', async () => {
    const result = await run([file, '--as-of', '2026-01-15']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(result.stdout);
    const expected = projectionSummary(world.full, Date.parse('2026-01-15T00:00:00Z'));
    if (expected.status !== 'projected') throw new Error('not projected');
    expect(out).toEqual(JSON.parse(JSON.stringify(expected.summary)));
    expect(out.asOf).toBe('2026-01-15');
    expect(Object.keys(out.team)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(Object.keys(out.owners)).toEqual(['Anna', 'Ben', 'Cleo']);
    for (const line of Object.values(out.team) as { expected: number; low: number; high: number; count: number }[]) {
      expect(Object.keys(line)).toEqual(['expected', 'low', 'high', 'count']);
      expect(Number.isInteger(line.expected)).toBe(true);
      expect(line.low).toBeLessThanOrEqual(line.expected);
      expect(line.high).toBeGreaterThanOrEqual(line.expected);
    }
    expect(Object.keys(out.backtest)).toEqual(['0', '1', '2']);
    expect(out.drivers.map((d: { id: string }) => d.id).sort()).toEqual(['moreNewDeals', 'shorterCycle', 'weakestStage']);
  });

  it('--quarters=5 projects five quarters', async () => {
    const out = JSON.parse((await run([file, '--as-of=2026-01-15', '--quarters=5'])).stdout);
    expect(Object.keys(out.team)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1']);
  });

  it('a history too short says what is missing', async () => {
    expect(oneLineError(await run([fixture('small.json'), '--as-of', '2026-03-01']))).toBe(
      'too little history to project: full months of history 1 (needs 6), closed deals 2 (needs 20), won deals 1 (needs 10)',
    );
  });

  it.each([
    [['FILE', '--bogus'], /^unknown option --bogus \(usage: project FILE\.json/],
    [['FILE', '--as-of', '2026-02-30'], /^--as-of: "2026-02-30" is not a date YYYY-MM-DD$/],
    [['FILE', '--quarters', '0'], /^--quarters: "0" is not a whole number from 1 to 12$/],
    [['FILE', '--quarters=2.5'], /^--quarters: "2.5" is not a whole number from 1 to 12$/],
    [['FILE', '--quarters'], /^--quarters: expected a whole number from 1 to 12$/],
    [['FILE', 'OTHER'], /^unexpected argument "OTHER"/],
    [[], /^usage: project FILE\.json \[--as-of YYYY-MM-DD\] \[--quarters N\]$/],
  ])('%j', async (args, message) => {
    expect(oneLineError(await run(args.map((a) => (a === 'FILE' ? file : a))))).toMatch(message);
  });

  it('a malformed file names its first bad path; a missing file says so', async () => {
    expect(oneLineError(await run([fixture('malformed/bad-nested-date.json')]))).toBe('deals[3].stageHistory[0].enteredAt: invalid date');
    expect(oneLineError(await run([fixture('missing.json')]))).toBe(`${fixture('missing.json')}: cannot read (ENOENT)`);
  });
});
