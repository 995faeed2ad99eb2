import { describe, expect, it } from 'vitest';
import { computeScorecard, scorecardOptions } from '@/lib/metrics/scorecard';
import { DAY, days, history, ms } from './build';

// Every measure of the contract on small histories worked out by hand: the arithmetic is written in
// the expectations.

// Closed deals: four won, two lost, two owners.
const closed = history({
  deals: [
    { id: 'w1', owner: 'Anna', status: 'won', value: 30000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-11T12:00:00Z' }, // 10.5 d
    { id: 'w2', owner: 'Anna', status: 'won', value: 10000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-21T00:00:00Z' }, // 20 d
    { id: 'l1', owner: 'Anna', status: 'lost', value: 12000, createdAt: '2026-01-05T00:00:00Z', closedAt: '2026-02-10T00:00:00Z' },
    { id: 'w3', owner: 'Ben', status: 'won', value: 20000, createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-02-04T06:00:00Z' }, // 3.25 d
    { id: 'w4', owner: 'Ben', status: 'won', value: 5000, createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-03T00:00:00Z' }, // 30 d (Feb 2026: 28 days)
    { id: 'l2', owner: 'Ben', status: 'lost', value: 3000, createdAt: '2026-02-01T00:00:00Z', closedAt: '2026-03-01T00:00:00Z' },
  ],
});
const asOf = '2026-03-11';

describe('closed-deal measures', () => {
  const card = computeScorecard(closed, { asOf });

  it('won, lost, win rate by count and by value, average won value (team)', () => {
    const t = card.team;
    expect([t.won, t.lost]).toEqual([4, 2]);
    expect(t.winRateCount).toBeCloseTo(4 / (4 + 2), 12);
    expect(t.winRateValue).toBeCloseTo((30000 + 10000 + 20000 + 5000) / (30000 + 10000 + 20000 + 5000 + 12000 + 3000), 12);
    expect(t.avgWonValue).toBeCloseTo((30000 + 10000 + 20000 + 5000) / 4, 12);
  });

  it('cycle days are fractional; an even count takes the mean of the two middle values', () => {
    expect(days('2026-01-01T00:00:00Z', '2026-01-11T12:00:00Z')).toBe(10.5);
    expect(days('2026-02-01T00:00:00Z', '2026-03-03T00:00:00Z')).toBe(30);
    // sorted: 3.25, 10.5, 20, 30 → median (10.5 + 20) / 2
    expect(card.team.medianCycleDays).toBeCloseTo((10.5 + 20) / 2, 12);
    expect(card.team.meanCycleDays).toBeCloseTo((10.5 + 20 + 3.25 + 30) / 4, 12);
  });

  it('an odd count takes the middle value', () => {
    // Jan 1 – Feb 28 holds w1 (10.5), w2 (20), w3 (3.25) and l1 → sorted 3.25, 10.5, 20
    const t = computeScorecard(closed, { asOf, from: '2026-01-01', to: '2026-02-28' }).team;
    expect([t.won, t.lost]).toEqual([3, 1]);
    expect(t.medianCycleDays).toBe(10.5);
    expect(t.meanCycleDays).toBeCloseTo((10.5 + 20 + 3.25) / 3, 12);
  });

  it('per owner: only that owner’s deals', () => {
    const anna = card.owners.Anna!;
    expect([anna.won, anna.lost]).toEqual([2, 1]);
    expect(anna.winRateCount).toBeCloseTo(2 / 3, 12);
    expect(anna.winRateValue).toBeCloseTo(40000 / (40000 + 12000), 12);
    expect(anna.avgWonValue).toBe(40000 / 2);
    expect(anna.medianCycleDays).toBeCloseTo((10.5 + 20) / 2, 12);
    const ben = card.owners.Ben!;
    expect(ben.winRateValue).toBeCloseTo(25000 / (25000 + 3000), 12);
    expect(ben.medianCycleDays).toBeCloseTo((3.25 + 30) / 2, 12);
    expect(ben.meanCycleDays).toBeCloseTo((3.25 + 30) / 2, 12);
  });

  it('nothing closed: rates, size and cycles are null, counts 0', () => {
    const t = computeScorecard(closed, { asOf, from: '2027-01-01' }).team;
    expect(t).toMatchObject({ won: 0, lost: 0, winRateCount: null, winRateValue: null, avgWonValue: null, medianCycleDays: null, meanCycleDays: null });
  });

  it('winRateValue is null when the won + lost value is 0, while the count rate is known', () => {
    const zero = history({
      deals: [
        { status: 'won', value: 0, closedAt: '2026-01-02T00:00:00Z' },
        { status: 'lost', value: 0, closedAt: '2026-01-03T00:00:00Z' },
      ],
    });
    const t = computeScorecard(zero, { asOf }).team;
    expect(t.winRateCount).toBe(1 / 2);
    expect(t.winRateValue).toBeNull();
    expect(t.avgWonValue).toBe(0);
  });
});

describe('the --from / --to window', () => {
  const edge = history({
    deals: [
      { id: 'at-midnight', status: 'won', value: 100, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-02-01T00:00:00Z' },
      { id: 'last-ms-of-jan', status: 'lost', value: 50, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-31T23:59:59.999Z' },
      // 01:00 at +02:00 is Jan 31 23:00 UTC: a January deal
      { id: 'offset', status: 'won', value: 10, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-02-01T01:00:00+02:00' },
      { id: 'open', status: 'open', value: 7, stages: [['s1', '2026-01-01T00:00:00Z']] },
    ],
  });
  const t = (from?: string, to?: string) => computeScorecard(edge, { asOf, from, to }).team;

  it('a deal closing exactly at (to + 1 day) 00:00Z is outside; the last millisecond of `to` is inside', () => {
    expect([t(undefined, '2026-01-31').won, t(undefined, '2026-01-31').lost]).toEqual([1, 1]); // offset, last-ms-of-jan
    expect(t(undefined, '2026-02-01').won).toBe(2); // + at-midnight
  });

  it('a deal closing exactly at from 00:00Z is inside', () => {
    expect([t('2026-02-01').won, t('2026-02-01').lost]).toEqual([1, 0]); // at-midnight only
    expect(t('2026-02-02').won).toBe(0);
  });

  it('from = to is one whole UTC day', () => {
    expect([t('2026-01-31', '2026-01-31').won, t('2026-01-31', '2026-01-31').lost]).toEqual([1, 1]);
    expect(computeScorecard(edge, { asOf, from: '2026-01-31', to: '2026-01-31' }).team.avgWonValue).toBe(10);
  });

  it('options in epoch ms mean the same: toExclusive = to + 1 day', () => {
    const options = scorecardOptions({ asOf, from: '2026-02-01', to: '2026-02-01' }, new Date());
    expect(options).toEqual({ asOf: ms('2026-03-11T00:00:00Z'), from: ms('2026-02-01T00:00:00Z'), toExclusive: ms('2026-02-01T00:00:00Z') + DAY });
    expect(computeScorecard(edge, options).team.won).toBe(1);
  });

  it('the window leaves open deals, pipeline, stalled, stage conversion, activities and forecasts alone', () => {
    const all = computeScorecard(edge, { asOf }).team;
    const windowed = computeScorecard(edge, { asOf, from: '2030-01-01', to: '2030-01-31' }).team;
    for (const key of ['open', 'openValue', 'weightedPipeline', 'stalled', 'stageConversion', 'activitiesPerDeal', 'forecastAccuracy'] as const) expect(windowed[key]).toEqual(all[key]);
    expect(windowed.won).toBe(0);
  });
});

describe('open pipeline and stalled deals', () => {
  const open = history({
    deals: [
      { id: 'o1', value: 10000, stages: [['s1', '2026-02-01T00:00:00Z'], ['s2', '2026-03-01T00:00:00Z']] }, // s2 (0.3, rot 10) since Mar 1 00:00
      { id: 'o2', value: 2000, stages: [['s2', '2026-02-28T23:59:59Z']] }, // s2 one second earlier
      { id: 'o3', value: 4000, stages: [['s4', '2025-01-01T00:00:00Z']] }, // s4 (0.9) has no rotDays: never stalls
      { id: 'o4', value: 7000, stages: [] }, // no current stage: weight 0, not stalled
      { id: 'o5', value: 1000, stages: [['s1', '2026-03-01T00:00:00Z'], ['s3', '2026-03-02T00:00:00Z'], ['s2', '2026-03-05T00:00:00Z']] }, // moved back: current s2
      { id: 'won', status: 'won', value: 99999, closedAt: '2026-03-01T00:00:00Z', stages: [['s3', '2026-01-01T00:00:00Z']] },
    ],
  });

  it('open, open value and the value weighted by the current (last) stage', () => {
    const t = computeScorecard(open, { asOf: '2026-03-11' }).team;
    expect(t.open).toBe(5);
    expect(t.openValue).toBe(10000 + 2000 + 4000 + 7000 + 1000);
    expect(t.weightedPipeline).toBeCloseTo(10000 * 0.3 + 2000 * 0.3 + 4000 * 0.9 + 7000 * 0 + 1000 * 0.3, 9);
  });

  it('exactly rotDays in the stage is not stalled; a second more is', () => {
    // As of Mar 11 00:00Z: o1 has been in s2 exactly 10 days (not > 10); o2 10 days + 1 s (stalled);
    // o5 6 days; o3 has no limit; o4 has no stage.
    expect((ms('2026-03-11T00:00:00Z') - ms('2026-03-01T00:00:00Z')) / DAY).toBe(10);
    expect(computeScorecard(open, { asOf: '2026-03-11' }).team.stalled).toBe(1);
    expect(computeScorecard(open, { asOf: '2026-03-12' }).team.stalled).toBe(2); // o1 at 11 days
    expect(computeScorecard(open, { asOf: '2026-03-10' }).team.stalled).toBe(0); // o2 at 9 days + 1 s
  });

  it('asOf is the start of that day and defaults to today (UTC)', () => {
    expect(computeScorecard(open, { asOf: '2026-03-11' }).asOf).toBe('2026-03-11');
    expect(scorecardOptions({}, new Date('2026-03-11T23:59:00Z')).asOf).toBe(ms('2026-03-11T00:00:00Z'));
    expect(computeScorecard(open).asOf).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe('velocity', () => {
  it('open × win rate × average won value ÷ mean cycle', () => {
    const h = history({
      deals: [
        { status: 'won', value: 9000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-31T00:00:00Z' }, // 30 d
        { status: 'won', value: 3000, createdAt: '2026-01-01T00:00:00Z', closedAt: '2026-01-11T00:00:00Z' }, // 10 d
        { status: 'lost', value: 5000, closedAt: '2026-01-20T00:00:00Z' },
        { status: 'open', value: 1 },
        { status: 'open', value: 1 },
      ],
    });
    // 2 open × (2 / 3) × (12000 / 2) ÷ ((30 + 10) / 2)
    expect(computeScorecard(h, { asOf }).team.velocityPerDay).toBeCloseTo((2 * (2 / 3) * 6000) / 20, 9);
  });

  it('is 0 with no open deals — even when a factor is null', () => {
    const onlyLost = history({ deals: [{ status: 'lost', value: 5, closedAt: '2026-01-02T00:00:00Z' }] });
    const t = computeScorecard(onlyLost, { asOf }).team;
    expect(t.avgWonValue).toBeNull();
    expect(t.velocityPerDay).toBe(0);
    expect(computeScorecard(closed, { asOf }).team.velocityPerDay).toBe(0);
  });

  it('is null when the mean cycle is 0 (won the moment it was created)', () => {
    const instant = history({
      deals: [
        { status: 'won', value: 100, createdAt: '2026-01-05T00:00:00Z', closedAt: '2026-01-05T00:00:00Z' },
        { status: 'open', value: 1 },
      ],
    });
    const t = computeScorecard(instant, { asOf }).team;
    expect(t.meanCycleDays).toBe(0);
    expect(t.velocityPerDay).toBeNull();
  });

  it('is null with open deals and nothing closed', () => {
    expect(computeScorecard(history({ deals: [{ status: 'open', value: 1 }] }), { asOf }).team.velocityPerDay).toBeNull();
  });
});

describe('stage conversion', () => {
  const funnel = history({
    deals: [
      { id: 'a', owner: 'Anna', status: 'lost', closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z']] }, // furthest s1
      { id: 'b', owner: 'Anna', stages: [['s1', '2026-01-01T00:00:00Z'], ['s3', '2026-01-05T00:00:00Z']] }, // skipped s2: furthest s3
      { id: 'c', owner: 'Anna', stages: [['s1', '2026-01-01T00:00:00Z'], ['s4', '2026-01-05T00:00:00Z'], ['s2', '2026-01-09T00:00:00Z']] }, // back from s4: furthest s4
      { id: 'd', owner: 'Ben', status: 'won', closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-01T00:00:00Z']] }, // won: every stage
      { id: 'e', owner: 'Ben', status: 'won', closedAt: '2026-02-01T00:00:00Z', stages: [] }, // won, no history: every stage
      { id: 'f', owner: 'Ben', status: 'lost', closedAt: '2026-02-01T00:00:00Z', stages: [] }, // nothing reached
      { id: 'g', owner: 'Ben', stages: [['s2', '2026-01-01T00:00:00Z']] }, // entered at s2: s1 counts as passed
    ],
  });
  const card = computeScorecard(funnel, { asOf });

  it('reached(k) counts every stage ever entered (backwards moves keep it), skipped stages as passed, won deals everywhere', () => {
    // reached: s1 = a b c d e g = 6; s2 = b c d e g = 5; s3 = b c d e = 4; s4 = c d e = 3
    expect(card.team.stageConversion.p1).toEqual({ s1: 5 / 6, s2: 4 / 5, s3: 3 / 4 });
  });

  it('a pipeline without deals lists its stages with null', () => {
    expect(card.team.stageConversion.p2).toEqual({ r1: null });
  });

  it('per owner, every pipeline is listed', () => {
    // Anna: a (s1), b (s3), c (s4) → reached 3, 2, 2, 1
    expect(card.owners.Anna!.stageConversion).toEqual({ p1: { s1: 2 / 3, s2: 2 / 2, s3: 1 / 2 }, p2: { r1: null } });
    // Ben: d, e (all), f (none), g (s2) → reached 3, 3, 2, 2
    expect(card.owners.Ben!.stageConversion).toEqual({ p1: { s1: 3 / 3, s2: 2 / 3, s3: 2 / 2 }, p2: { r1: null } });
  });

  it('ignores the window and creation dates', () => {
    expect(computeScorecard(funnel, { asOf, from: '2030-01-01' }).team.stageConversion).toEqual(card.team.stageConversion);
  });

  it('a one-stage pipeline has no conversion', () => {
    const single = history({ pipelines: [{ id: 'x', name: 'X', stages: [{ id: 'only', name: 'Only', probability: 0.5, rotDays: 5 }] }], deals: [{ pipeline: 'x', stages: [['only', '2026-01-01T00:00:00Z']] }] });
    expect(computeScorecard(single, { asOf }).team.stageConversion).toEqual({ x: {} });
  });
});

describe('activities per deal', () => {
  const h = history({
    deals: [
      { id: 'd1', owner: 'Anna' },
      { id: 'd2', owner: 'Anna', status: 'won', closedAt: '2026-01-05T00:00:00Z' },
      { id: 'd3', owner: 'Ben' },
    ],
    activities: [
      { dealId: 'd1', owner: 'Anna', type: 'call', at: '2026-01-02T00:00:00Z' },
      { dealId: 'd1', owner: 'Anna', type: 'email', at: '2026-01-03T00:00:00Z' },
      { dealId: 'd2', owner: 'Anna', type: 'meeting', at: '2026-01-04T00:00:00Z' },
      { dealId: 'd3', owner: 'Cleo', type: 'note', at: '2026-01-04T00:00:00Z' }, // Cleo owns no deal
      { dealId: 'gone', owner: 'Anna', type: 'task', at: '2026-01-04T00:00:00Z' }, // unknown deal: still Anna's
    ],
  });
  const card = computeScorecard(h, { asOf });

  it('team: every activity ÷ every deal; owner: activities by that owner ÷ that owner’s deals', () => {
    expect(card.team.activitiesPerDeal).toBeCloseTo(5 / 3, 12);
    expect(card.owners.Anna!.activitiesPerDeal).toBeCloseTo(4 / 2, 12);
    expect(card.owners.Ben!.activitiesPerDeal).toBe(0 / 1); // Cleo’s note on Ben’s deal is Cleo’s
  });

  it('owners are the people on deals, in order of first appearance', () => {
    expect(Object.keys(card.owners)).toEqual(['Anna', 'Ben']);
  });

  it('null when there are no deals', () => {
    const empty = computeScorecard(history({ deals: [], activities: [{ dealId: 'x', owner: 'Anna', type: 'call', at: '2026-01-01T00:00:00Z' }] }), { asOf });
    expect(empty.team.activitiesPerDeal).toBeNull();
    expect(empty.owners).toEqual({});
    expect(empty.team).toMatchObject({ won: 0, open: 0, openValue: 0, weightedPipeline: 0, stalled: 0, velocityPerDay: 0 });
  });
});

describe('forecast accuracy', () => {
  const h = history({
    deals: closed.deals.map((d) => ({ ...d, createdAt: new Date(d.createdAt).toISOString(), closedAt: d.closedAt === null ? null : new Date(d.closedAt).toISOString(), stages: [] })),
    forecasts: [
      { owner: 'Anna', period: '2026-Q1', amount: 30000 },
      { owner: 'Anna', period: '2026-Q1', amount: 20000 }, // two rows for one period: summed
      { owner: 'Anna', period: '2026-02', amount: 10000 },
      { owner: 'Anna', period: '2026-Q2', amount: 5000 },
      { owner: 'Ben', period: '2026-03', amount: 1000 },
      { owner: 'Ben', period: '2026-Q1', amount: 100000 },
      { owner: 'Zed', period: '2026-Q1', amount: 7 }, // owns no deal: team only
      { period: '2026-02', amount: 3 }, // no owner: team only
    ],
  });
  const card = computeScorecard(h, { asOf });

  it('per owner: their own periods against their own wins, 1 − |actual − forecast| / actual', () => {
    // Anna won w1 30000 + w2 10000 in January → Q1 actual 40000; nothing in February or Q2
    expect(card.owners.Anna!.forecastAccuracy).toEqual({ '2026-Q1': 1 - Math.abs(40000 - 50000) / 40000, '2026-02': null, '2026-Q2': null });
    // Ben won w3 20000 (Feb 4) and w4 5000 (Mar 3): March 5000, Q1 25000 → 1 − 75000/25000 = −2 (not clamped)
    const ben = card.owners.Ben!.forecastAccuracy;
    expect(ben['2026-03']).toBeCloseTo(1 - Math.abs(5000 - 1000) / 5000, 12);
    expect(ben['2026-Q1']).toBeCloseTo(1 - Math.abs(25000 - 100000) / 25000, 12);
    expect(ben['2026-Q1']).toBeLessThan(0);
  });

  it('team: every period of any row, forecasts summed, against everything won', () => {
    const team = card.team.forecastAccuracy;
    expect(Object.keys(team)).toEqual(['2026-Q1', '2026-02', '2026-Q2', '2026-03']);
    const q1Forecast = 30000 + 20000 + 100000 + 7;
    const q1Actual = 30000 + 10000 + 20000 + 5000;
    expect(team['2026-Q1']).toBeCloseTo(1 - Math.abs(q1Actual - q1Forecast) / q1Actual, 12);
    expect(team['2026-02']).toBeCloseTo(1 - Math.abs(20000 - (10000 + 3)) / 20000, 12); // w3 is February’s only win
    expect(team['2026-Q2']).toBeNull(); // nothing won: actual 0
    expect(team['2026-03']).toBeCloseTo(1 - Math.abs(5000 - 1000) / 5000, 12);
    expect(Object.keys(card.owners)).toEqual(['Anna', 'Ben']); // Zed is not an owner
  });

  it('an owner without forecast rows has none', () => {
    const noRows = computeScorecard(closed, { asOf });
    expect(noRows.owners.Anna!.forecastAccuracy).toEqual({});
    expect(noRows.team.forecastAccuracy).toEqual({});
  });

  it('quarters and months are UTC calendar periods, whatever the window', () => {
    const edges = history({
      deals: [
        { status: 'won', value: 100, closedAt: '2026-03-31T23:59:59.999Z' }, // Q1, March
        { status: 'won', value: 10, closedAt: '2026-04-01T01:00:00+02:00' }, // = Mar 31 23:00Z: Q1, March
        { status: 'won', value: 1, closedAt: '2026-04-01T00:00:00Z' }, // Q2, April
        { status: 'lost', value: 5000, closedAt: '2026-03-15T00:00:00Z' }, // lost: never actual
      ],
      forecasts: [
        { owner: 'Anna', period: '2026-Q1', amount: 100 },
        { owner: 'Anna', period: '2026-03', amount: 121 },
        { owner: 'Anna', period: '2026-Q2', amount: 2 },
        { owner: 'Anna', period: '2026-04', amount: 1 },
      ],
    });
    const expected = { '2026-Q1': 1 - 10 / 110, '2026-03': 1 - 11 / 110, '2026-Q2': 1 - 1 / 1, '2026-04': 1 };
    for (const window of [{}, { from: '2026-04-01', to: '2026-04-01' }]) {
      const f = computeScorecard(edges, { asOf, ...window }).owners.Anna!.forecastAccuracy;
      for (const [period, value] of Object.entries(expected)) expect(f[period]).toBeCloseTo(value, 12);
    }
  });
});

describe('output shape', () => {
  it('has exactly the contract keys, in order, and survives JSON', () => {
    const card = computeScorecard(closed, { asOf });
    expect(Object.keys(card)).toEqual(['asOf', 'team', 'owners']);
    expect(Object.keys(card.team)).toEqual(['won', 'lost', 'winRateCount', 'winRateValue', 'avgWonValue', 'medianCycleDays', 'meanCycleDays', 'open', 'openValue', 'weightedPipeline', 'stalled', 'velocityPerDay', 'stageConversion', 'activitiesPerDeal', 'forecastAccuracy', 'adoption', 'adoptionByStage']);
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
  });

  it('owner, pipeline and stage ids that are object keys in JavaScript stay plain data', () => {
    const odd = history({
      pipelines: [{ id: '__proto__', name: '', stages: [{ id: 'constructor', name: '', probability: 0.5, rotDays: 1 }, { id: 'toString', name: '', probability: 1, rotDays: null }] }],
      deals: [{ owner: '__proto__', pipeline: '__proto__', stages: [['constructor', '2026-01-01T00:00:00Z']] }],
    });
    const card = JSON.parse(JSON.stringify(computeScorecard(odd, { asOf })));
    expect(Object.keys(card.owners)).toEqual(['__proto__']);
    expect(card.team.stageConversion.__proto__).toEqual({ constructor: 0 });
  });
});
