import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseHistoryText } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { fileDeal, PIPELINES } from './build';

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

describe('scorecard command on a file large enough for two threads (16 MiB and more)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scorecard-large-'));
  const owners = ['Anna', 'Bo', 'Cleo'];
  const large = () => {
    const deals = Array.from({ length: 16_000 }, (_, i) => ({
      ...fileDeal({ id: `d${i}`, owner: owners[i % 3], value: 10 + i, status: i % 4 === 0 ? 'won' : 'open', closedAt: i % 4 === 0 ? '2026-02-20T00:00:00.000Z' : null, stages: [['s1', '2026-01-02T09:00:00.000Z'], ['s2', `2026-01-${String(3 + (i % 25)).padStart(2, '0')}T09:00:00.000Z`]] }),
      createdAt: '2026-01-02T09:00:00.000Z',
    }));
    const activities = deals.flatMap((d, i) => Array.from({ length: 10 }, (_, k) => ({ dealId: d.id, owner: owners[(i + k) % 3], type: k % 2 ? 'call' : 'email', at: `2026-02-${String(1 + (k % 28)).padStart(2, '0')}T10:00:00.000Z` })));
    return { version: 1, pipelines: PIPELINES, deals, activities, forecasts: [{ owner: 'Anna', period: '2026-Q1', amount: 1000 }] };
  };
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    expect(text.length).toBeGreaterThan(16 << 20);
    return file;
  };
  /** What one reader in this process says of the text: the scorecard's JSON or the first problem. */
  const oneReader = (text: string, file: string) => {
    try {
      return JSON.stringify(computeScorecard(parseHistoryText(text, file, { activities: 'count' }), { asOf: '2026-03-01' }));
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('prints exactly what the engine computes', async () => {
    const text = JSON.stringify(large());
    const result = await scorecard([write('large.json', text), '--as-of', '2026-03-01']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${oneReader(text, 'large.json')}\n`);
  });

  it.each<[string, (text: string) => string]>([
    ['a bad date in the last activity', (t) => t.replace(/"at":"[^"]+"(?=}\],"forecasts")/, '"at":"later"')],
    ['an unknown pipeline in a deal, and a bad last activity', (t) => t.replace('"id":"d9000","title":"","owner":"Anna","pipeline":"p1"', '"id":"d9000","title":"","owner":"Anna","pipeline":"p9"').replace(/"at":"[^"]+"(?=}\],"forecasts")/, '"at":"later"')],
    ['text that is not JSON in a deal', (t) => t.replace('"id":"d12000"', '"id":d12000')],
    ['text that is not JSON in an activity', (t) => t.replace(/("dealId":"d14000","owner":)"(\w+)"/, '$1$2')],
  ])('%s: the first problem is named as on one thread', async (name, change) => {
    const text = change(JSON.stringify(large()));
    const file = write(`${name.replace(/\W+/g, '-')}.json`, text);
    const expected = oneReader(text, file);
    expect(expected).toMatch(/^(deals|activities)\[\d+\]|not valid JSON/);
    expect(oneLineError(await scorecard([file, '--as-of', '2026-03-01']))).toBe(expected);
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
