import { describe, expect, it } from 'vitest';
import { activitySchema, checklistRowSchema, dealSchema, HistoryError, parseHistoryText, readHistory, validateHistory, type History, type ReadOptions } from '@/lib/metrics/history.schema';
import { isActivityShape, isChecklistRowShape, isDealShape } from '@/lib/metrics/history-shapes';
import { historyPieces, serializeHistory } from '@/lib/metrics/history';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { fileDeal, PIPELINES } from './build';

// The history read piece by piece: whatever the pieces, the same history as the parsed document,
// the same first problem, and the same in a document written in an unusual order.

const file = () => ({
  version: 2,
  currency: { base: 'EUR', rates: { USD: 0.5 } },
  pipelines: structuredClone(PIPELINES).map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, requiredTasks: s.id === 's1' ? ['t1'] : [] })) })),
  deals: [
    { ...fileDeal({ id: 'a', status: 'won', value: 100, closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z'], ['s2', '2026-01-10T00:00:00Z']] }), currency: 'USD', title: 'Ünïcödé "quoted" \\ ,{"id":' },
    fileDeal({ id: 'b', value: 5, stages: [['s1', '2026-01-01T00:00:00Z']] }),
    fileDeal({ id: 'c', status: 'lost', value: 7, closedAt: '2026-02-03T00:00:00Z', stages: [['s1', '2026-01-02T00:00:00Z']] }),
  ],
  activities: [
    { dealId: 'a', owner: 'Anna', type: 'call', at: '2026-01-02T00:00:00Z' },
    { dealId: 'b', owner: 'Anna', type: 'email', at: '2026-01-03T00:00:00Z' },
    { dealId: 'x', owner: 'Nobody', type: 'note', at: '2026-01-04T00:00:00Z' },
  ],
  forecasts: [{ owner: 'Anna', period: '2026-Q1', amount: 10 }],
  checklist: [{ dealId: 'a', stage: 's1', task: 't1', doneAt: '2026-01-05T00:00:00Z' }],
});
type File = ReturnType<typeof file> & Record<string, unknown>;

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

/** The history (or the problem's message) of a text read in pieces of `size` characters. */
async function read(text: string, size: number, options: ReadOptions = {}): Promise<History | string> {
  try {
    return await readHistory(() => pieces(text, size), 'h.json', options);
  } catch (error) {
    if (error instanceof HistoryError) return error.message;
    throw error;
  }
}

function validated(value: unknown): History | string {
  try {
    return validateHistory(value);
  } catch (error) {
    if (error instanceof HistoryError) return error.message;
    throw error;
  }
}

describe('reading a history piece by piece', () => {
  it('any split gives the history of the whole document (pieces of 1 to 97 characters, compact and indented)', async () => {
    const expected = validateHistory(file());
    for (const text of [JSON.stringify(file()), JSON.stringify(file(), null, 2)]) {
      for (let size = 1; size < 98; size += size < 12 ? 1 : 17) expect(await read(text, size)).toEqual(expected);
      expect(parseHistoryText(text)).toEqual(expected);
    }
  });

  it.each<[string, (f: File) => void]>([
    ['a bad date in a deal', (f) => (f.deals[1]!.createdAt = 'nope')],
    ['a negative value and a foreign stage in one deal', (f) => ((f.deals[2]!.value = -1), (f.deals[2]!.stageHistory[0]!.stage = 'r1'))],
    ['a deal that is not an object', (f) => ((f.deals as unknown[])[1] = 7)],
    ['an unknown pipeline', (f) => (f.deals[0]!.pipeline = 'p9')],
    ['a currency without a rate', (f) => (f.deals[1]!.currency = 'SEK')],
    ['an activity type', (f) => ((f.activities[2] as Record<string, unknown>).type = 'lunch')],
    ['a checklist row of an unknown deal', (f) => (f.checklist[0]!.dealId = 'zz')],
    ['a duplicate checklist row', (f) => f.checklist.push({ ...f.checklist[0]! })],
    ['a bad rate', (f) => (f.currency.rates.USD = -1)],
    ['activities not an array', (f) => ((f as Record<string, unknown>).activities = { a: 1 })],
    ['deals missing', (f) => delete (f as Record<string, unknown>).deals],
    ['pipelines missing', (f) => delete (f as Record<string, unknown>).pipelines],
    ['a duplicate stage', (f) => (f.pipelines[0]!.stages[1]!.id = 's1')],
    ['a bad version after a bad deal', (f) => ((f.deals[0]!.value = -1), (f.version = 7))],
    ['a document that is an array', (f) => Object.assign(f, { version: [1] })],
  ])('%s: the same first problem as the parsed document', async (_, change) => {
    const f = file() as File;
    change(f);
    const expected = validated(f);
    expect(typeof expected).toBe('string');
    const text = JSON.stringify(f);
    for (const size of [5, 64, text.length]) expect(await read(text, size)).toBe(expected);
  });

  it('a document in an unusual order reads as the same history: version, currency and pipelines last, the checklist first', async () => {
    const { version, currency, pipelines, checklist, ...rest } = file();
    const reordered = { checklist, ...rest, currency, pipelines, version };
    const expected = validateHistory(file());
    for (const size of [7, 1 << 20]) expect(await read(JSON.stringify(reordered), size)).toEqual(expected);
    expect(validateHistory(reordered)).toEqual(expected);
    // …and reports the same first problem in the order written.
    reordered.checklist[0]!.doneAt = 'later';
    reordered.deals[0]!.value = -1;
    expect(await read(JSON.stringify(reordered), 11)).toBe('checklist[0].doneAt: invalid date');
  });

  it('a repeated top-level key: the last one counts, as JSON.parse reads it', async () => {
    const text = JSON.stringify(file()).replace('"deals":', '"deals":[{"id":1}],"deals":');
    const again = `${JSON.stringify(file()).slice(0, -1)},"deals":${JSON.stringify(file().deals.slice(0, 1))}}`;
    expect(await read(text, 9)).toEqual(validateHistory(JSON.parse(text)));
    expect(await read(again, 9)).toEqual(validateHistory(JSON.parse(again)));
    expect(((await read(again, 9)) as History).deals.map((d) => d.id)).toEqual(['a']);
  });

  it('text that is not JSON names the file, and the element it is in', async () => {
    const text = JSON.stringify(file());
    const broken = text.replace('"id":"b"', '"id":b');
    for (const size of [3, 1 << 20]) expect(await read(broken, size)).toMatch(/^h\.json: not valid JSON \(.+ in deals\[1\]\)$/);
    expect(await read(text.slice(0, -5), 50)).toBe('h.json: not valid JSON (Unexpected end of JSON input)');
    expect(await read(`${text} x`, 50)).toMatch(/^h\.json: not valid JSON \(Unexpected token "x" at position \d+\)$/);
    expect(await read('', 50)).toMatch(/^h\.json: not valid JSON/);
    expect(await read(`\uFEFF${text}`, 3)).toEqual(validateHistory(file())); // a byte-order mark is fine
  });

  it('counting activities instead of keeping them gives the same scorecard', async () => {
    const text = JSON.stringify(file());
    const counted = (await read(text, 13, { activities: 'count' })) as History;
    expect(counted.activities).toEqual([]);
    expect(counted.activityCounts).toEqual({ total: 3, byOwner: new Map([['Anna', 2], ['Nobody', 1]]) });
    expect(computeScorecard(counted, { asOf: '2026-03-01' })).toEqual(computeScorecard(validateHistory(file()), { asOf: '2026-03-01' }));
  });
});

describe('deals checked but not kept', () => {
  it('the same first problem of any deal, and the rest of the history as when deals are kept', () => {
    const good = validateHistory(file());
    const checked = validateHistory(file(), { deals: 'check' });
    expect(checked.deals).toEqual([]);
    expect({ ...checked, deals: good.deals }).toEqual(good);
    const message = (input: unknown, options: ReadOptions) => {
      try {
        validateHistory(input, options);
        return null;
      } catch (error) {
        return (error as HistoryError).message;
      }
    };
    const bad = file();
    bad.deals[2] = { ...bad.deals[2]!, stageHistory: [{ stage: 'nope', enteredAt: 'later' }] };
    expect(message(bad, { deals: 'check' })).toBe(message(bad, {}));
    expect(message(bad, {})).toMatch(/^deals\[2\]\.stageHistory\[0\]/);
  });
});

describe('writing a history in pieces', () => {
  it('pieces of about a megabyte that join into the file format, which reads back and writes again as the same text', async () => {
    const one = file();
    const many = { ...one, deals: Array.from({ length: 6000 }, (_, i) => ({ ...one.deals[i % 3]!, id: `d${i}` })), checklist: [] };
    const history = validateHistory(many);
    const pieces = [...historyPieces(history)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(serializeHistory(history));
    expect(serializeHistory((await read(pieces.join(''), 1 << 16)) as History)).toBe(pieces.join(''));
  });
});

describe('the fast shape test agrees with the zod schema', () => {
  const odd: unknown[] = [undefined, null, '', 'x', 'open', 'call', 0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN, true, [], {}, [{}], [{ stage: 's1', enteredAt: 'x' }], [{ stage: 1, enteredAt: 'x' }], ['x']];
  const cases = <T extends Record<string, unknown>>(base: T): unknown[] => [
    base,
    null,
    [],
    'deal',
    ...Object.keys(base).flatMap((key) => odd.map((value) => ({ ...base, [key]: value }))),
    ...['title', 'currency', 'closedAt', 'source', 'product', 'extra'].flatMap((key) => odd.map((value) => ({ ...base, [key]: value }))),
  ];

  it.each([
    ['deals', dealSchema, isDealShape, fileDeal({ id: 'a', status: 'won', value: 1, closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z']] })],
    ['activities', activitySchema, isActivityShape, { dealId: 'a', owner: 'Anna', type: 'call', at: '2026-01-02T00:00:00Z' }],
    ['checklist rows', checklistRowSchema, isChecklistRowShape, { dealId: 'a', stage: 's1', task: 't1', doneAt: '2026-01-05T00:00:00Z' }],
  ] as const)('%s', (_, schema, shape, base) => {
    for (const value of cases(base as Record<string, unknown>)) expect([value, shape(value)]).toEqual([value, schema.safeParse(value).success]);
  });
});
