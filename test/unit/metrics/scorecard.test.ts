import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHistoryText } from '@/lib/metrics/history';
import { computeScorecard, scorecardOptions } from '@/lib/metrics/scorecard';

// Every figure below is worked out by hand from test/fixtures/metrics/small.json; the arithmetic
// is written next to each expectation.

const history = parseHistoryText(readFileSync(resolve(import.meta.dirname, '../../fixtures/metrics/small.json'), 'utf8'));
const asOf = { asOf: '2026-03-01' };
const card = computeScorecard(history, scorecardOptions(asOf, new Date()));
const day = 86_400_000;

describe('team measures', () => {
  const team = card.team;
  it('won, lost and win rates', () => {
    expect([team.won, team.lost]).toEqual([2, 1]); // d1, d4 won; d2 lost
    expect(team.winRateCount).toBeCloseTo(2 / 3, 9);
    expect(team.winRateValue).toBeCloseTo((30000 + 20000) / (30000 + 20000 + 12000), 9);
    expect(team.avgWonValue).toBe((30000 + 20000) / 2);
  });

  it('cycle length of won deals, in fractional days', () => {
    const d1 = 30; // Jan 1 → Jan 31
    const d4 = (Date.parse('2026-03-31T23:00:00Z') - Date.parse('2026-01-10T00:00:00Z')) / day; // 80.9583…
    expect(team.meanCycleDays).toBeCloseTo((d1 + d4) / 2, 9);
    expect(team.medianCycleDays).toBeCloseTo((d1 + d4) / 2, 9); // even count: mean of the two middle values
  });

  it('open pipeline, weighted by the current stage, and stalled deals', () => {
    expect(team.open).toBe(3); // d3, d5, d6
    expect(team.openValue).toBe(10000 + 5000 + 8000);
    expect(team.weightedPipeline).toBeCloseTo(10000 * 0.4 + 5000 * 0.4 + 8000 * 0.5, 9); // d3 in s2, d5 back in s2, d6 in r1
    // As of Mar 1: d3 in s2 since Feb 10 = 19 d > 10 → stalled; d5 in s2 since Feb 27 = 2 d; d6 in r1 since Feb 1 = 28 d ≤ 30.
    expect(team.stalled).toBe(1);
  });

  it('velocity = open × win rate × average won value ÷ mean cycle', () => {
    const meanCycle = (30 + (Date.parse('2026-03-31T23:00:00Z') - Date.parse('2026-01-10T00:00:00Z')) / day) / 2;
    expect(team.velocityPerDay).toBeCloseTo((3 * (2 / 3) * 25000) / meanCycle, 9);
  });

  it('stage conversion: reached(k+1) / reached(k), moves back keep what was reached, won deals passed every stage', () => {
    // p1 furthest positions: d1 won → all; d2 → s2 (1); d3 → s2 (1); d4 won → all; d5 → s4 (3, moved back to s2).
    // reached: s1 = 5, s2 = 5 (d1,d2,d3,d4,d5), s3 = 3 (d1,d4,d5: d1 skipped s2 and still counts), s4 = 3 (d1,d4,d5)
    expect(team.stageConversion.p1).toEqual({ s1: 5 / 5, s2: 3 / 5, s3: 3 / 3 });
    expect(team.stageConversion.p2).toEqual({ r1: 0 / 1 }); // d6 reached r1 only
  });

  it('activities per deal and forecast accuracy per period', () => {
    expect(team.activitiesPerDeal).toBeCloseTo(5 / 6, 9);
    // Q1 forecast 40000 + 10000 = 50000; won in Q1: d1 30000 + d4 20000 (Mar 31 23:00Z) = 50000 → 1.
    expect(team.forecastAccuracy['2026-Q1']).toBeCloseTo(1 - Math.abs(50000 - 50000) / 50000, 9);
    // March: forecast 25000, won in March: d4 20000 → 1 - 5000/20000.
    expect(team.forecastAccuracy['2026-03']).toBeCloseTo(0.75, 9);
    // April: nothing won → null.
    expect(team.forecastAccuracy['2026-04']).toBeNull();
  });
});

describe('per owner', () => {
  it('lists every owner on deals, each with their own deals only', () => {
    expect(Object.keys(card.owners).sort()).toEqual(['Anna', 'Ben']); // Cleo only logged an activity
    const anna = card.owners.Anna!;
    expect([anna.won, anna.lost, anna.open]).toEqual([1, 1, 1]);
    expect(anna.winRateValue).toBeCloseTo(30000 / 42000, 9);
    expect(anna.activitiesPerDeal).toBeCloseTo(3 / 3, 9);
    // Anna's forecast Q1 40000, her won value in Q1 30000 → 1 - 10000/30000; April has no wins → null.
    expect(anna.forecastAccuracy).toEqual({ '2026-Q1': 1 - 10000 / 30000, '2026-04': null });
  });

  it('stage conversion per owner lists every pipeline', () => {
    const ben = card.owners.Ben!;
    // Ben p1: d4 won (all), d5 furthest s4 → reached s1..s4 = 2,2,2,2.
    expect(ben.stageConversion.p1).toEqual({ s1: 1, s2: 1, s3: 1 });
    expect(card.owners.Anna!.stageConversion.p2).toEqual({ r1: null }); // no deals there: reached = 0
    // Ben's forecasts: Q1 10000 vs 20000 won → 0.5; March 25000 vs 20000 → 0.75.
    expect(ben.forecastAccuracy).toEqual({ '2026-Q1': 0.5, '2026-03': 0.75 });
    expect(ben.activitiesPerDeal).toBeCloseTo(1 / 3, 9); // Cleo's note on d5 counts for Cleo, not Ben
  });
});

describe('the closed-deal window', () => {
  it('--from/--to are inclusive UTC days and filter only closed-deal measures', () => {
    // Feb 15 12:00 (d2) is inside [Feb 15, Feb 15]; Jan 31 (d1) and Mar 31 (d4) are outside.
    const feb = computeScorecard(history, scorecardOptions({ ...asOf, from: '2026-02-15', to: '2026-02-15' }, new Date())).team;
    expect([feb.won, feb.lost, feb.winRateCount, feb.avgWonValue, feb.meanCycleDays]).toEqual([0, 1, 0, null, null]);
    expect(feb.open).toBe(3); // ignores the window
    expect(feb.velocityPerDay).toBeNull(); // a factor is null while deals are open
    expect(feb.forecastAccuracy['2026-03']).toBeCloseTo(0.75, 9); // ignores the window
  });

  it('a deal closing exactly at to + 1 day 00:00Z is outside; at from 00:00Z inside', () => {
    const jan = computeScorecard(history, scorecardOptions({ ...asOf, from: '2026-01-31', to: '2026-01-30' }, new Date())).team;
    expect(jan.won).toBe(0);
    const edge = computeScorecard(history, scorecardOptions({ ...asOf, from: '2026-01-31', to: '2026-01-31' }, new Date())).team;
    expect(edge.won).toBe(1); // d1 closed Jan 31 00:00Z
  });

  it('velocity is 0 with no open deals, null when the mean cycle is 0', () => {
    const closedOnly = { ...history, deals: history.deals.filter((d) => d.status !== 'open') };
    expect(computeScorecard(closedOnly, scorecardOptions(asOf, new Date())).team.velocityPerDay).toBe(0);
    const instant = { ...history, deals: history.deals.map((d) => (d.status === 'won' ? { ...d, closedAt: d.createdAt } : d)) };
    expect(computeScorecard(instant, scorecardOptions(asOf, new Date())).team.velocityPerDay).toBeNull();
  });

  it('stalled needs strictly more than rot days', () => {
    // d3 entered s2 on Feb 10 00:00; rot 10 days → exactly 10 days on Feb 20 is not stalled, Feb 20 + 1 ms would be.
    const at = (asOfDay: string) => computeScorecard(history, scorecardOptions({ asOf: asOfDay }, new Date())).team.stalled;
    expect(at('2026-02-20')).toBe(0);
    expect(at('2026-02-21')).toBe(1);
  });

  it('as-of defaults to today (UTC)', () => {
    expect(computeScorecard(history, scorecardOptions({}, new Date('2026-11-23T22:00:00Z'))).asOf).toBe('2026-11-23');
  });
});
