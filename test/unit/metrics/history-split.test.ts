import { describe, expect, it } from 'vitest';
import { readHistory, type History } from '@/lib/metrics/history.schema';
import { SplitBuilding, SplitReading } from '@/lib/metrics/history-split';
import { fileDeal, PIPELINES } from './build';

// The history read on two threads (the scorecard command's way): whatever the pieces and however
// the activities are shared, the same history as one reader — or no answer at all, when anything is
// wrong or unusual, so that the command reads the file again the ordinary way.

const OWNERS = ['Anna', 'Bo', 'Cleo', 'Dag'];

function file(extra: (i: number) => Record<string, unknown> = () => ({})) {
  const deals = Array.from({ length: 40 }, (_, i) => ({
    ...fileDeal({
      id: `d${i}`,
      owner: OWNERS[i % 4],
      value: 100 + i,
      status: i % 3 === 0 ? 'won' : 'open',
      closedAt: i % 3 === 0 ? '2026-02-01T00:00:00.000Z' : null,
      stages: [
        ['s1', '2026-01-01T00:00:00Z'],
        ['s2', `2026-01-${String(2 + (i % 20)).padStart(2, '0')}T10:00:00.000Z`],
      ],
    }),
    ...(i % 5 === 0 ? { currency: 'USD', title: 'Ünïcödé "quoted" \\ ,{"id":' } : {}),
    ...extra(i),
  }));
  return {
    version: 2,
    currency: { base: 'EUR', rates: { USD: 0.5 } },
    pipelines: structuredClone(PIPELINES).map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, requiredTasks: s.id === 's1' ? ['t1'] : [] })) })),
    deals,
    activities: Array.from({ length: 150 }, (_, i) => ({ dealId: `d${i % 40}`, owner: OWNERS[(i * 7) % 4], type: i % 2 ? 'call' : 'email', at: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}T08:30:00.000Z` })),
    forecasts: [{ owner: 'Anna', period: '2026-Q1', amount: 10 }],
    checklist: deals.filter((_, i) => i % 4 === 0).map((d) => ({ dealId: d.id, stage: 's1', task: 't1', doneAt: '2026-01-05T00:00:00Z' })),
  };
}

/** Both sides in one thread, each message copied as a worker would get it; null: no answer. */
function split(text: string, size: number, share: () => boolean): History | null {
  const building = new SplitBuilding();
  const reading = new SplitReading((message) => building.receive(structuredClone(message)), share);
  for (let at = 0; at < text.length; at += size) if (!reading.feed(text.slice(at, at + size))) return null;
  const counts = reading.end();
  return counts && building.finish(structuredClone(counts));
}

async function oneReader(text: string): Promise<History> {
  return readHistory(async function* () {
    yield text;
  }, 'h.json', { activities: 'count' });
}

const sharing = {
  'no activities shared': () => () => false,
  'every batch of activities shared': () => () => true,
  'every other batch shared': () => {
    let n = 0;
    return () => n++ % 2 === 0;
  },
};
const SIZES = [7, 64, 333, 1 << 20];

describe('a history read on two threads', () => {
  it('gives the history one reader gives, however the text is cut and the activities shared', async () => {
    for (const text of [JSON.stringify(file()), JSON.stringify(file(), null, 2)]) {
      const expected = await oneReader(text);
      expect(expected.activityCounts!.total).toBe(150);
      for (const [, policy] of Object.entries(sharing)) for (const size of SIZES) expect(split(text, size, policy())).toEqual(expected);
    }
  });

  it.each<[string, (text: string) => string]>([
    ['a bad date in a deal', (t) => t.replace('"createdAt":"2026-01-01T00:00:00Z"', '"createdAt":"nope"')],
    ['an unknown pipeline', (t) => t.replace('"pipeline":"p1"', '"pipeline":"p9"')],
    ['a bad activity', (t) => t.replace('"type":"call"', '"type":"lunch"')],
    ['a bad date of the last activity', (t) => t.replace(/"at":"[^"]+"(?=}\],"forecasts")/, '"at":"later"')],
    ['a checklist row of an unknown deal', (t) => t.replace('"checklist":[{"dealId":"d0"', '"checklist":[{"dealId":"zz"')],
    ['text that is not JSON inside a deal', (t) => t.replace('"id":"d7"', '"id":d7')],
    ['text that is not JSON inside an activity', (t) => t.replace('"owner":"Bo","type"', '"owner":Bo,"type"')],
    ['the text cut short', (t) => t.slice(0, -3)],
    ['the pipelines after the deals', (t) => JSON.stringify((({ pipelines, ...rest }) => ({ ...rest, pipelines }))(JSON.parse(t)))],
    ['a repeated key', (t) => t.replace('"forecasts":', '"deals":[],"forecasts":')],
    ['a document that is an array', (t) => `[${t}]`],
  ])('%s: no answer from two threads, whichever side meets it', async (_, change) => {
    const text = change(JSON.stringify(file()));
    for (const [, policy] of Object.entries(sharing)) for (const size of SIZES) expect(split(text, size, policy())).toBeNull();
  });

  it('a cut between deals taken wrongly (inside a deal) gives no answer, never another history', async () => {
    // Each deal ends in an array of objects that start like a deal (id, then title): the likeliest cut in a piece is often inside it.
    const text = JSON.stringify(file((i) => ({ links: [{ id: `x${i}`, title: '' }, { id: `y${i}`, title: '' }] })));
    const expected = await oneReader(text);
    const answers = SIZES.flatMap((size) => Object.values(sharing).map((policy) => split(text, size, policy())));
    for (const answer of answers) if (answer !== null) expect(answer).toEqual(expected);
    expect(answers.some((answer) => answer === null)).toBe(true);
  });
});
