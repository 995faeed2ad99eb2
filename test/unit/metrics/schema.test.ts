import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { civilFromMs, dayString, daysFromCivil, parseDay, parseInstant, periodKeyOf, periodRange } from '@/lib/metrics/dates';
import { compareDocumentOrder, formatPath, HistoryError, parseHistoryText, validateHistory } from '@/lib/metrics/history.schema';
import { fileDeal, PIPELINES } from './build';

// The file format: which instants are accepted, and which problem is reported (path + reason).

describe('ISO 8601 instants', () => {
  it.each([
    ['2026-01-05T09:00:00Z', Date.UTC(2026, 0, 5, 9)],
    ['2026-01-05T09:00:00.000+02:00', Date.UTC(2026, 0, 5, 7)],
    ['2026-01-05T09:00:00.5-01:30', Date.UTC(2026, 0, 5, 10, 30, 0, 500)],
    ['2026-01-05T09:00:00+0200', Date.UTC(2026, 0, 5, 7)],
    ['2026-01-05T09:00:00+02', Date.UTC(2026, 0, 5, 7)],
    ['2026-01-05T09:00Z', Date.UTC(2026, 0, 5, 9)],
    ['2026-01-05t09:00:00z', Date.UTC(2026, 0, 5, 9)],
    ['2026-01-05T09:00:00.123456Z', Date.UTC(2026, 0, 5, 9, 0, 0, 123)], // truncated to ms
    ['2024-02-29T23:59:59.999Z', Date.UTC(2024, 1, 29, 23, 59, 59, 999)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
  ])('accepts %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    '2026-02-30T00:00:00Z', // no such day
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-01-05', // a day is not an instant
    '2026-01-05T09:00:00', // local time: no offset
    '2026-01-05 09:00:00Z',
    '2026-01-05T24:00:00Z',
    '2026-01-05T09:60:00Z',
    '2026-01-05T09:00:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-1-05T09:00:00Z',
    '2026-01-05T09:00:00.Z',
    '2026-01-05T09:00:00+2:00',
    '2026-01-05T09:00:00+02:0',
    '2026-01-05T09:00:00+24:00',
    '2026-01-05T09:00:00Zjunk',
    'not a date',
    '',
  ])('rejects %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });

  it('rejects what is not a string', () => {
    for (const value of [null, undefined, 1767603600000, {}]) expect(parseInstant(value)).toBeNull();
  });

  it('agrees with Date.parse wherever both read the text', () => {
    for (const text of ['1970-01-01T00:00:00Z', '1999-12-31T23:59:59.999-12:00', '2026-06-30T12:34:56.789+05:45', '0099-03-01T00:00:00Z']) expect(parseInstant(text)).toBe(Date.parse(text));
  });
});

describe('days and periods (UTC)', () => {
  it('civil dates round-trip for every day across four centuries', () => {
    for (let day = daysFromCivil(1900, 1, 1); day < daysFromCivil(2300, 1, 1); day++) {
      const { year, month, day: d } = civilFromMs(day * 86_400_000 + 43_200_000);
      const date = new Date(day * 86_400_000);
      expect(year === date.getUTCFullYear() && month === date.getUTCMonth() + 1 && d === date.getUTCDate()).toBe(true);
    }
  });

  it('YYYY-MM-DD days', () => {
    expect(parseDay('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseDay('2026-02-29')).toBeNull();
    expect(parseDay('2026-3-1')).toBeNull();
    expect(dayString(Date.UTC(2026, 2, 1, 23, 59))).toBe('2026-03-01');
  });

  it('quarters and months', () => {
    expect(periodRange('2026-Q1')).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2026, 3, 1)]);
    expect(periodRange('2026-Q4')).toEqual([Date.UTC(2026, 9, 1), Date.UTC(2027, 0, 1)]);
    expect(periodRange('2026-12')).toEqual([Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)]);
    for (const bad of ['2026-Q5', '2026-Q0', '2026-13', '2026-1', '26-Q1', '2026Q1']) expect(periodRange(bad)).toBeNull();
    expect(periodKeyOf(Date.UTC(2026, 2, 31, 23, 59, 59, 999), 'quarter')).toBe('2026-Q1');
    expect(periodKeyOf(Date.UTC(2026, 3, 1), 'quarter')).toBe('2026-Q2');
    expect(periodKeyOf(Date.UTC(2026, 10, 23), 'month')).toBe('2026-11');
  });
});

// ---------------------------------------------------------------------------------------------

const valid = () => ({
  version: 1,
  pipelines: structuredClone(PIPELINES),
  deals: [
    fileDeal({ id: 'a', status: 'won', value: 10, closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z']] }),
    fileDeal({ id: 'b', value: 5, stages: [['s1', '2026-01-01T00:00:00Z'], ['s2', '2026-01-03T00:00:00Z']] }),
  ],
  activities: [{ dealId: 'a', owner: 'Anna', type: 'call', at: '2026-01-02T00:00:00Z' }],
  forecasts: [{ owner: 'Anna', period: '2026-Q1', amount: 10 }],
});
type File = ReturnType<typeof valid>;

function problem(change: (file: File & Record<string, unknown>) => void): string {
  const file = valid() as File & Record<string, unknown>;
  change(file);
  try {
    validateHistory(file);
  } catch (error) {
    expect(error).toBeInstanceOf(HistoryError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('validation', () => {
  it('a valid file becomes the engine’s history: instants in epoch ms, optional parts filled in', () => {
    const file = valid() as Record<string, unknown>;
    delete file.activities;
    delete file.forecasts;
    const h = validateHistory(file);
    expect(h.deals[0]).toMatchObject({ id: 'a', createdAt: Date.UTC(2026, 0, 1), closedAt: Date.UTC(2026, 1, 1), stageHistory: [{ stage: 's1', enteredAt: Date.UTC(2026, 0, 1) }] });
    expect(h.deals[1]!.closedAt).toBeNull();
    expect([h.activities, h.forecasts]).toEqual([[], []]);
  });

  it('allows an empty stage history, a forecast without owner, unknown extra keys, source and product', () => {
    const file = valid();
    (file.deals[1] as Record<string, unknown>).stageHistory = [];
    (file.deals[1] as Record<string, unknown>).source = 'webinar';
    (file.deals[1] as Record<string, unknown>).extra = true;
    (file.forecasts[0] as Record<string, unknown>).owner = undefined;
    const h = validateHistory(file);
    expect(h.deals[1]).toMatchObject({ stageHistory: [], source: 'webinar' });
    expect(h.forecasts[0]!.owner).toBe('');
  });

  it.each<[string, (f: File & Record<string, unknown>) => void, string]>([
    ['version', (f) => (f.version = 3), 'version: expected 1 or 2'],
    ['missing version', (f) => delete (f as Record<string, unknown>).version, 'version: expected 1 or 2'],
    ['deals not an array', (f) => ((f as Record<string, unknown>).deals = {}), 'deals: expected an array'],
    ['deal not an object', (f) => ((f.deals as unknown[])[1] = 'x'), 'deals[1]: expected an object'],
    ['status', (f) => ((f.deals[1] as Record<string, unknown>).status = 'pending'), 'deals[1].status: expected one of open, won, lost'],
    ['negative value', (f) => (f.deals[0]!.value = -0.01), 'deals[0].value: expected a number >= 0'],
    ['value as text', (f) => ((f.deals[0] as Record<string, unknown>).value = '10'), 'deals[0].value: expected a number >= 0'],
    ['missing owner', (f) => delete (f.deals[0] as Record<string, unknown>).owner, 'deals[0].owner: expected a string'],
    ['bad createdAt', (f) => (f.deals[0]!.createdAt = 'not a date'), 'deals[0].createdAt: invalid date'],
    ['date-only closedAt', (f) => (f.deals[0]!.closedAt = '2026-02-01'), 'deals[0].closedAt: invalid date'],
    ['nested date', (f) => (f.deals[1]!.stageHistory[1]!.enteredAt = '2026-02-30T00:00:00Z'), 'deals[1].stageHistory[1].enteredAt: invalid date'],
    ['foreign stage', (f) => (f.deals[1]!.stageHistory[1]!.stage = 'r1'), 'deals[1].stageHistory[1].stage: "r1" is not a stage of pipeline "p1"'],
    ['unknown pipeline', (f) => (f.deals[1]!.pipeline = 'p9'), 'deals[1].pipeline: unknown pipeline "p9"'],
    ['probability', (f) => (f.pipelines[0]!.stages[1]!.probability = 1.5), 'pipelines[0].stages[1].probability: expected a number from 0 to 1'],
    ['negative rotDays', (f) => (f.pipelines[1]!.stages[0]!.rotDays = -1), 'pipelines[1].stages[0].rotDays: expected a number >= 0 or null'],
    ['duplicate stage', (f) => (f.pipelines[0]!.stages[2]!.id = 's1'), 'pipelines[0].stages[2].id: duplicate stage id "s1"'],
    ['duplicate pipeline', (f) => (f.pipelines[1]!.id = 'p1'), 'pipelines[1].id: duplicate pipeline id "p1"'],
    ['activity type', (f) => ((f.activities[0] as Record<string, unknown>).type = 'lunch'), 'activities[0].type: expected one of call, email, meeting, demo, proposal, note, task'],
    ['activity date', (f) => (f.activities[0]!.at = 'yesterday'), 'activities[0].at: invalid date'],
    ['forecast period', (f) => (f.forecasts[0]!.period = '2026-Q5'), 'forecasts[0].period: expected a period "YYYY-Qn" or "YYYY-MM"'],
    ['forecast amount', (f) => ((f.forecasts[0] as Record<string, unknown>).amount = null), 'forecasts[0].amount: expected a number'],
  ])('%s', (_, change, message) => {
    expect(problem(change)).toBe(message);
  });

  it('the first problem in document order wins, whatever the schema’s key order', () => {
    // Written status before value: status is first in the document (the schema lists value first).
    expect(
      problem((f) => {
        const { status: _s, value: _v, ...rest } = f.deals[0]!;
        f.deals[0] = { status: 'nope', ...rest, value: -1 } as never;
      }),
    ).toBe('deals[0].status: expected one of open, won, lost');
    // A cross-reference problem in an earlier deal beats a schema problem in a later one…
    expect(
      problem((f) => {
        f.deals[0]!.stageHistory[0]!.stage = 'r2';
        f.deals[1]!.value = -1;
      }),
    ).toBe('deals[0].stageHistory[0].stage: "r2" is not a stage of pipeline "p1"');
    // …and the other way round.
    expect(
      problem((f) => {
        f.deals[0]!.value = -1;
        f.deals[1]!.stageHistory[0]!.stage = 'r2';
      }),
    ).toBe('deals[0].value: expected a number >= 0');
    // Top-level keys in the order written: forecasts before deals here.
    expect(
      problem((f) => {
        const { deals, ...rest } = f;
        for (const key of Object.keys(f)) delete (f as Record<string, unknown>)[key];
        Object.assign(f, { ...rest, deals });
        f.forecasts[0]!.period = 'Q1';
        f.deals[0]!.createdAt = 'x';
      }),
    ).toBe('forecasts[0].period: expected a period "YYYY-Qn" or "YYYY-MM"');
  });

  it('the version is judged before anything else', () => {
    expect(
      problem((f) => {
        f.deals[0]!.value = -1;
        f.version = 3;
      }),
    ).toBe('version: expected 1 or 2');
  });

  it('a document that is not an object, and text that is not JSON', () => {
    expect(() => validateHistory([])).toThrow('root: expected an object');
    expect(() => parseHistoryText('{"version": 1,', 'h.json')).toThrow(/^h\.json: not valid JSON \(.+\)$/);
    expect(parseHistoryText(`\uFEFF${JSON.stringify(valid())}`).deals).toHaveLength(2); // a byte-order mark is fine
  });

  it('paths are written like deals[3].stageHistory[0].enteredAt; ordering helpers', () => {
    expect(formatPath(['deals', 3, 'stageHistory', 0, 'enteredAt'])).toBe('deals[3].stageHistory[0].enteredAt');
    expect(formatPath(['odd key', 0])).toBe('["odd key"][0]');
    const doc = { b: [1, 2], a: 1 };
    expect(compareDocumentOrder(doc, ['b', 1], ['a'])).toBeLessThan(0);
    expect(compareDocumentOrder(doc, ['b', 1], ['b', 0])).toBeGreaterThan(0);
    expect(compareDocumentOrder(doc, ['b'], ['b', 0])).toBeLessThan(0);
    expect(compareDocumentOrder(doc, ['a'], ['missing'])).toBeLessThan(0);
  });

  it('the fixture of the other tests is valid', () => {
    const small = parseHistoryText(readFileSync(resolve(import.meta.dirname, '../../fixtures/metrics/small.json'), 'utf8'));
    expect(small.deals).toHaveLength(6);
  });
});
