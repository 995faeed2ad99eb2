import { describe, expect, it } from 'vitest';
import { HistoryError, parseHistoryText, validateHistory } from '@/lib/metrics/history.schema';
import { serializeHistory } from '@/lib/metrics/history';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { fileDeal, PIPELINES } from './build';

// The history file, version 2: currency conversion before anything is computed, required tasks and
// the checklist, and every validation message the contract adds (first problem in document order).

const valid = () => ({
  version: 2,
  currency: { base: 'EUR', rates: { USD: 0.5, SEK: 0.1 } },
  pipelines: structuredClone(PIPELINES).map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, requiredTasks: s.id === 's1' ? ['t1', 't2'] : [] })) })),
  deals: [
    { ...fileDeal({ id: 'a', status: 'won', value: 100, closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z'], ['s2', '2026-01-10T00:00:00Z']] }), currency: 'USD' },
    { ...fileDeal({ id: 'b', status: 'lost', value: 1000, closedAt: '2026-02-02T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z']] }), currency: 'SEK' },
    { ...fileDeal({ id: 'c', value: 40, stages: [['s1', '2026-01-01T00:00:00Z']] }), currency: 'EUR' },
  ],
  activities: [],
  forecasts: [],
  checklist: [{ dealId: 'a', stage: 's1', task: 't1', doneAt: '2026-01-05T00:00:00Z' }],
});
type File = ReturnType<typeof valid> & Record<string, unknown>;

function problem(change: (file: File) => void): string {
  const file = valid() as File;
  change(file);
  try {
    validateHistory(file);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('history v2: money', () => {
  it('converts every value to the base before computing: value × rate, the base at 1', () => {
    const history = validateHistory(valid());
    expect(history.deals.map((d) => [d.id, d.value, d.currency])).toEqual([['a', 50], ['b', 100], ['c', 40]].map(([id, v]) => [id, v, 'EUR']));
    const card = computeScorecard(history, { asOf: '2026-03-01' });
    // Won 100 USD × 0.5 = 50 EUR; lost 1000 SEK × 0.1 = 100 EUR → value win rate 50 / 150.
    expect(card.team.winRateValue).toBeCloseTo(50 / 150);
    expect(card.team.avgWonValue).toBe(50);
    expect(card.team.openValue).toBe(40);
  });

  it('without a currency block (and in v1) values are used as given', () => {
    const file = valid() as File;
    delete (file as Record<string, unknown>).currency;
    expect(validateHistory(file).deals.map((d) => d.value)).toEqual([100, 1000, 40]);
    expect(validateHistory({ ...valid(), version: 1 }).deals.map((d) => d.value)).toEqual([100, 1000, 40]);
  });

  it('a written history reads back with the same figures (round trip through the file format)', () => {
    const history = validateHistory(valid());
    const again = parseHistoryText(serializeHistory(history));
    expect(computeScorecard(again, { asOf: '2026-03-01' })).toEqual(computeScorecard(history, { asOf: '2026-03-01' }));
  });
});

describe('history v2: validation', () => {
  it.each<[string, (f: File) => void, string]>([
    ['version 3', (f) => (f.version = 3), 'version: expected 1 or 2'],
    ['base currency lower case', (f) => (f.currency.base = 'eur'), 'currency.base: expected three upper-case letters'],
    ['base currency missing', (f) => delete (f.currency as Record<string, unknown>).base, 'currency.base: expected three upper-case letters'],
    ['rate zero', (f) => (f.currency.rates.USD = 0), 'currency.rates.USD: expected a number > 0'],
    ['rate not a number', (f) => ((f.currency.rates as Record<string, unknown>).SEK = '0.1'), 'currency.rates.SEK: expected a number > 0'],
    ['deal currency without a rate', (f) => (f.deals[2]!.currency = 'XYZ'), 'deals[2].currency: no rate for "XYZ"'],
    ['required tasks not an array', (f) => ((f.pipelines[0]!.stages[1] as Record<string, unknown>).requiredTasks = 't1'), 'pipelines[0].stages[1].requiredTasks: expected an array'],
    ['required task empty', (f) => (f.pipelines[0]!.stages[0]!.requiredTasks = ['t1', '']), 'pipelines[0].stages[0].requiredTasks[1]: expected a non-empty string'],
    ['required task twice', (f) => (f.pipelines[0]!.stages[0]!.requiredTasks = ['t1', 't2', 't1']), 'pipelines[0].stages[0].requiredTasks[2]: duplicate task "t1"'],
    ['checklist unknown deal', (f) => (f.checklist[0]!.dealId = 'd9'), 'checklist[0].dealId: unknown deal "d9"'],
    ['checklist stage of another pipeline', (f) => (f.checklist[0]!.stage = 'r1'), 'checklist[0].stage: "r1" is not a stage of pipeline "p1"'],
    ['checklist doneAt not an instant', (f) => (f.checklist[0]!.doneAt = '2026-01-05'), 'checklist[0].doneAt: invalid date'],
    ['checklist row twice', (f) => f.checklist.push({ ...f.checklist[0]! }), 'checklist[1]: duplicate of checklist[0]'],
  ])('%s', (_, change, message) => {
    expect(problem(change)).toBe(message);
  });

  it('the first problem in document order is named', () => {
    expect(
      problem((f) => {
        f.checklist[0]!.dealId = 'd9';
        f.deals[2]!.currency = 'XYZ';
      }),
    ).toBe('deals[2].currency: no rate for "XYZ"');
  });

  it('v1 ignores the v2 keys like any other extra key', () => {
    const file = { ...valid(), version: 1, checklist: 'not even an array' };
    expect(() => validateHistory(file)).not.toThrow();
    expect(validateHistory(file).checklist).toBeUndefined();
  });
});

describe('history v2: deals without a known checklist', () => {
  it('a deal marked untracked is left out of adoption, reads back from a written file, and is ignored in v1', () => {
    const file = valid();
    (file.deals[1] as Record<string, unknown>).untracked = true;
    const history = validateHistory(file);
    expect(history.deals.map((d) => d.untracked ?? false)).toEqual([false, true, false]);
    // Deal b left s1 without its required tasks: counted as not done only while it is tracked.
    const options = { asOf: '2026-03-01' };
    const tracked = computeScorecard(validateHistory(valid()), options).team.adoption;
    const untracked = computeScorecard(history, options).team.adoption;
    expect(untracked.required).toBe(tracked.required - 2);
    expect(validateHistory(JSON.parse(serializeHistory(history))).deals.map((d) => d.untracked ?? false)).toEqual([false, true, false]);
    expect(validateHistory({ ...file, version: 1 }).deals.some((d) => d.untracked)).toBe(false);
    // Any other value means nothing, like an unknown key.
    (file.deals[1] as Record<string, unknown>).untracked = 'yes';
    expect(validateHistory(file).deals.some((d) => d.untracked)).toBe(false);
  });
});
