import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// The `scorecard` command as a user runs it: valid files print one JSON object; malformed files
// exit non-zero with one line on stderr naming the first bad path, and print nothing.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const small = JSON.parse(readFileSync(resolve(root, 'test/fixtures/metrics/small.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'scorecard-'));

async function scorecard(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/scorecard.ts', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function fileWith(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const mutate = (change: (h: typeof small) => void) => {
  const copy = structuredClone(small);
  change(copy);
  return copy;
};

describe('scorecard command', () => {
  it('prints one JSON object with the contract keys', async () => {
    const result = await scorecard([resolve(root, 'test/fixtures/metrics/small.json'), '--as-of', '2026-03-01', '--from', '2026-01-01', '--to', '2026-03-31']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(result.stdout);
    expect(out.asOf).toBe('2026-03-01');
    expect(Object.keys(out.team)).toEqual(['won', 'lost', 'winRateCount', 'winRateValue', 'avgWonValue', 'medianCycleDays', 'meanCycleDays', 'open', 'openValue', 'weightedPipeline', 'stalled', 'velocityPerDay', 'stageConversion', 'activitiesPerDeal', 'forecastAccuracy']);
    expect(Object.keys(out.owners).sort()).toEqual(['Anna', 'Ben']);
  });

  it.each([
    ['not JSON', '{"version": 1, "deals": [', /not valid JSON/],
    ['a wrong version', mutate((h) => (h.version = 2)), /^version: expected 1$/],
    ['a bad nested date', mutate((h) => (h.deals[3].stageHistory[0].enteredAt = '2026-02-30T00:00:00Z')), /^deals\[3\]\.stageHistory\[0\]\.enteredAt: invalid date$/],
    ['a date without time', mutate((h) => (h.deals[0].createdAt = '2026-01-01')), /^deals\[0\]\.createdAt: invalid date$/],
    ['a bad status', mutate((h) => (h.deals[1].status = 'pending')), /^deals\[1\]\.status: expected one of open, won, lost$/],
    ['a negative value', mutate((h) => (h.deals[2].value = -5)), /^deals\[2\]\.value: expected a number >= 0$/],
    ['a stage of another pipeline', mutate((h) => (h.deals[5].stageHistory[0].stage = 's1')), /^deals\[5\]\.stageHistory\[0\]\.stage: "s1" is not a stage of pipeline "p2"$/],
    ['a bad activity date', mutate((h) => (h.activities[2].at = 'yesterday')), /^activities\[2\]\.at: invalid date$/],
    ['a bad forecast period', mutate((h) => (h.forecasts[0].period = '2026-Q5')), /^forecasts\[0\]\.period: /],
  ])('rejects %s with one line naming the first bad path', async (name, content, message) => {
    const result = await scorecard([fileWith(`${name.replace(/\W+/g, '-')}.json`, content)]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['FILE', '--as-of', '2026-13-01'], /--as-of: "2026-13-01" is not a date/],
    [[], /usage/],
  ])('rejects bad arguments %j', async (args, message) => {
    const result = await scorecard(args.map((a) => (a === 'FILE' ? resolve(root, 'test/fixtures/metrics/small.json') : a)));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(message);
  });
});
