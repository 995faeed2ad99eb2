import { describe, expect, it } from 'vitest';
import { backtest, drivers, historyAsOf, project, projectionRows, PROJECTION_MIN, type Projection } from '@/lib/projection';
import { history as smallHistory } from '../metrics/build';
import { generateWorld } from './generate';
import { measureModel } from '@/lib/projection/model';

// The projection on histories generated from known parameters: 20 new deals a month, 30 % won
// (60 % past Qualified, 50 % past Demo, every Proposal won), values uniform 5 000–15 000, so the
// truth in steady state is 20 × 3 × 0.3 × 10 000 = 180 000 won a quarter.

const AS_OF = '2026-01-01T00:00:00Z';
const TRUTH_PER_QUARTER = 180_000;
const world = (seed: number, extra: Partial<Parameters<typeof generateWorld>[0]> = {}) =>
  generateWorld({ seed, start: '2024-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z', perMonth: 20, ...extra });

function projected(h: ReturnType<typeof world>['full'], asOf = AS_OF, quarters?: number): Projection {
  const result = project(h, { asOf: Date.parse(asOf), quarters });
  if (result.status !== 'projected') throw new Error(`not projected: ${JSON.stringify(result.missing)}`);
  return result.projection;
}

describe('projection against the truth', () => {
  // Each simulates dozens of teams: a generous time limit for a busy two-core machine (no speed is asserted).
  it('the expected value and count of each of the next three quarters are, on average over 40 teams, within 7 % of the truth', () => {
    const value = [0, 0, 0];
    const count = [0, 0, 0];
    const teams = 40;
    for (let seed = 1; seed <= teams; seed++) {
      const result = project(world(seed).history(AS_OF), { asOf: Date.parse(AS_OF), runs: 10 });
      if (result.status !== 'projected') throw new Error('not projected');
      expect(Object.keys(result.projection.team.quarters)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
      Object.values(result.projection.team.quarters).forEach((f, q) => {
        value[q]! += f.expected / teams;
        count[q]! += f.count / teams;
      });
    }
    // One team's estimate is off by its own sampling (about ±20 % here); the mean of 40 is not.
    for (const mean of value) expect(Math.abs(mean - TRUTH_PER_QUARTER) / TRUTH_PER_QUARTER).toBeLessThan(0.07);
    for (const mean of count) expect(Math.abs(mean - 18) / 18).toBeLessThan(0.07);
  }, 90_000);

  it('the 10th–90th percentile range holds what was then won in about 80 % of quarters', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 100; seed < 130; seed++) {
      const w = world(seed);
      const p = projected(w.history(AS_OF));
      const quarters: [string, string, string][] = [
        ['2026-Q1', '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z'],
        ['2026-Q2', '2026-04-01T00:00:00Z', '2026-07-01T00:00:00Z'],
        ['2026-Q3', '2026-07-01T00:00:00Z', '2026-10-01T00:00:00Z'],
      ];
      for (const [key, from, to] of quarters) {
        const won = w.wonBetween(from, to);
        const f = p.team.quarters[key]!;
        expect(f.low).toBeLessThanOrEqual(f.expected);
        expect(f.high).toBeGreaterThanOrEqual(f.expected);
        total++;
        if (won >= f.low && won <= f.high) inside++;
      }
    }
    // Nominal 80 %; 90 quarters (three per team, not independent) → accept 65–95 %.
    expect(inside / total).toBeGreaterThan(0.65);
    expect(inside / total).toBeLessThan(0.95);
  }, 90_000);

  it('follows seasonality once there is more than a year: a December peak is projected in 2026-12', () => {
    const season = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3];
    const p = projected(world(5, { seasonality: season, stageDays: [[1, 3], [1, 3], [1, 3]] }).history('2026-11-01T00:00:00Z'), '2026-11-01T00:00:00Z', 1);
    expect(p.basis.seasonal).toBe(true);
    // Short cycles: December's wins are mostly December's deals, three times a normal month's.
    expect(p.team.months['2026-12']!.fromNew.value / p.team.months['2026-11']!.fromNew.value).toBeGreaterThan(2);
  });
});

describe('the figures add up', () => {
  const p = projected(world(3).history('2026-02-10T00:00:00Z'), '2026-02-10T00:00:00Z');

  it('expected = from open deals + from new deals; months sum to their quarter; reps sum to the team', () => {
    for (const [key, f] of Object.entries(p.team.quarters)) {
      expect(f.fromOpen.value + f.fromNew.value).toBeCloseTo(f.expected, 6);
      expect(f.fromOpen.count + f.fromNew.count).toBeCloseTo(f.count, 6);
      const months = Object.entries(p.team.months).filter(([m]) => p.horizon.quarterKeys[p.horizon.quarterOf[p.horizon.monthKeys.indexOf(m)]!] === key);
      expect(months.reduce((s, [, m]) => s + m.expected, 0)).toBeCloseTo(f.expected, 6);
      const reps = Object.values(p.owners).reduce((s, o) => s + o.quarters[key]!.expected, 0);
      expect(reps).toBeCloseTo(f.expected, 6);
    }
    expect(Object.keys(p.team.quarters)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(Object.keys(p.team.months)).toEqual(['2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
  });

  it('the current quarter comes from open deals and new ones; later quarters almost only from new ones', () => {
    const q1 = p.team.quarters['2026-Q1']!;
    expect(q1.fromOpen.value).toBeGreaterThan(0);
    expect(q1.fromOpen.deals).toBeGreaterThan(0);
    expect(q1.fromOpen.deals).toBeLessThanOrEqual(p.basis.openDeals);
    expect(q1.wonSoFar).toBeGreaterThan(0); // 2026-01-01 … 02-10 already won, shown apart
    expect(p.team.quarters['2026-Q3']!.fromOpen.value).toBeLessThan(p.team.quarters['2026-Q3']!.fromNew.value / 20);
    expect(p.basis.newDealsPerMonth).toBeGreaterThan(15);
    expect(p.basis.newDealsPerMonth).toBeLessThan(25);
  });

  it('the rows by month, pipeline and product add up to the team months', () => {
    const rows = projectionRows(p);
    for (const [month, f] of Object.entries(p.team.months)) {
      const sum = rows.filter((r) => r.month === month).reduce((s, r) => s + r.expected, 0);
      expect(sum).toBeCloseTo(f.expected, 6);
    }
    expect(rows.every((r) => Math.abs(r.fromOpen + r.fromNew - r.expected) < 1e-6)).toBe(true);
  });

  it('is the same every time for the same history and date (seeded)', () => {
    const again = projected(world(3).history('2026-02-10T00:00:00Z'), '2026-02-10T00:00:00Z');
    expect(again.team.quarters).toEqual(p.team.quarters);
  });
});

describe('open deals: probability by stage and age, timing from the stage', () => {
  it('a deal further along and young is worth more than one stuck for long in the first stage', () => {
    const p = projected(world(4).history(AS_OF));
    const late = p.model.open.filter((d) => d.deal.stageHistory.at(-1)?.stage === 'proposal');
    const early = p.model.open.filter((d) => d.deal.stageHistory.at(-1)?.stage === 'qualified');
    expect(late.length).toBeGreaterThan(0);
    expect(early.length).toBeGreaterThan(0);
    // Every proposal is won in this world; a qualified deal wins 30 %.
    for (const d of late) expect(d.winProbability).toBeGreaterThan(0.8);
    for (const d of early) expect(d.winProbability).toBeLessThan(0.5);
    expect(late.every((d) => d.basis === 'stage')).toBe(true);
  });
});

describe('backtest', () => {
  it('projects from the start of past quarters and reports the error per horizon', () => {
    const w = world(21);
    const test = backtest(w.history(AS_OF), Date.parse(AS_OF));
    expect(test.missing).toEqual([]);
    // Origins 2024-Q3 … 2025-Q4; the first has only five full months: skipped.
    expect([...new Set(test.rows.map((r) => new Date(r.origin).toISOString().slice(0, 10)))]).toEqual(['2024-10-01', '2025-01-01', '2025-04-01', '2025-07-01', '2025-10-01']);
    const row = test.rows.find((r) => r.period === '2025-Q2' && r.horizon === 0)!;
    expect(row.won).toBe(w.wonBetween('2025-04-01T00:00:00Z', '2025-07-01T00:00:00Z'));
    expect(test.byHorizon.map((h) => h.quarters)).toEqual([5, 4, 3]);
    for (const h of test.byHorizon) {
      expect(h.error).not.toBeNull();
      expect(h.error!).toBeLessThan(0.4); // a quarter's wins vary ±20 % by chance alone
      const rows = test.rows.filter((r) => r.horizon === h.horizon);
      const won = rows.reduce((s, r) => s + r.won, 0);
      expect(h.error!).toBeCloseTo(rows.reduce((s, r) => s + Math.abs(r.expected - r.won), 0) / won, 9);
      expect(h.bias!).toBeCloseTo((rows.reduce((s, r) => s + r.expected, 0) - won) / won, 9);
    }
  });

  it('a backtest projection sees only what was known at its origin', () => {
    const w = world(22);
    const at = Date.parse('2025-06-01T00:00:00Z');
    const known = historyAsOf(w.full, at);
    expect(known.deals.every((d) => d.createdAt < at)).toBe(true);
    expect(known.deals.every((d) => d.closedAt === null || d.closedAt < at)).toBe(true);
    expect(known.deals.every((d) => d.stageHistory.every((e) => e.enteredAt < at))).toBe(true);
    expect(known).toEqual(w.history('2025-06-01T00:00:00Z'));
  });

  it('without enough history for any origin, says what is missing', () => {
    const w = generateWorld({ seed: 1, start: '2025-03-01T00:00:00Z', end: '2026-06-01T00:00:00Z', perMonth: 20 });
    const test = backtest(w.history('2025-10-15T00:00:00Z'), Date.parse('2025-10-15T00:00:00Z'));
    expect(test.rows).toEqual([]);
    expect(test.missing).toEqual([{ what: 'months', have: 3, need: PROJECTION_MIN.months }]);
  });
});

describe('too little history', () => {
  it('says what is missing instead of projecting', () => {
    const h = smallHistory({
      deals: [
        { status: 'won', value: 100, createdAt: '2026-01-05T00:00:00Z', closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-05T00:00:00Z']] },
        { status: 'lost', value: 100, createdAt: '2026-01-06T00:00:00Z', closedAt: '2026-02-01T00:00:00Z', stages: [['s1', '2026-01-06T00:00:00Z']] },
        { status: 'open', value: 100, createdAt: '2026-02-06T00:00:00Z', stages: [['s1', '2026-02-06T00:00:00Z']] },
      ],
    });
    expect(project(h, { asOf: Date.parse('2026-05-01T00:00:00Z') })).toEqual({
      status: 'tooLittleHistory',
      missing: [
        { what: 'months', have: 3, need: 6 },
        { what: 'closed', have: 2, need: 20 },
        { what: 'won', have: 1, need: 10 },
      ],
    });
    expect(project(smallHistory({ deals: [] }), { asOf: Date.parse('2026-05-01T00:00:00Z') })).toMatchObject({ status: 'tooLittleHistory', missing: [{ what: 'months', have: 0 }, { what: 'closed', have: 0 }, { what: 'won', have: 0 }] });
  });
});

describe('drivers', () => {
  it('each lever moved 10 % changes the projection as the model says', () => {
    const p = projected(world(8).history(AS_OF));
    const list = drivers(p);
    expect(list.map((d) => d.id).sort()).toEqual(['moreNewDeals', 'shorterCycle', 'weakestStage']);
    const byId = Object.fromEntries(list.map((d) => [d.id, d]));
    // 10 % more new deals: +10 % of the part from new deals, exactly.
    for (const [q, f] of Object.entries(p.team.quarters)) expect(byId.moreNewDeals!.change[q]).toBeCloseTo(f.fromNew.value * 0.1, 4);
    // The weakest step is Demo → Proposal (50 %).
    expect(byId.weakestStage!.stages).toEqual([{ pipeline: 'sales', stage: 'demo', conversion: expect.closeTo(0.5, 1) }]);
    expect(byId.weakestStage!.change['2026-Q3']).toBeGreaterThan(0);
    // A shorter cycle pulls wins into the current quarter.
    expect(byId.shorterCycle!.change['2026-Q1']).toBeGreaterThan(0);
    // Sorted by the effect on the last quarter.
    const last = list.map((d) => d.change['2026-Q3']!);
    expect([...last].sort((a, b) => b - a)).toEqual(last);
  });
});

describe('money in the projection', () => {
  it('deal sizes come from priced deals only: a won deal whose currency has no rate adds no zero', () => {
    const history = world(3).history(AS_OF);
    const markedValues = new Set<number>();
    let n = 0;
    const marked = {
      ...history,
      deals: history.deals.map((d) => {
        if (d.status !== 'won' || n++ % 4 !== 0) return d;
        markedValues.add(d.value);
        return { ...d, value: 0, currency: 'XYZ', unpriced: true as const };
      }),
    };
    const sizesOf = (h: typeof history) => measureModel(h, Date.parse(AS_OF)).model!.pipelines.flatMap((p) => p.sizes);
    expect(markedValues.size).toBeGreaterThan(3);
    expect(sizesOf(marked)).not.toContain(0);
    expect(sizesOf(marked)).toEqual(sizesOf(history).filter((v) => !markedValues.has(v)));
  });
});
