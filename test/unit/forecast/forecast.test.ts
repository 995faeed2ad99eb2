import { describe, expect, it } from 'vitest';
import type { ForecastSnapshot } from '@/lib/db/database';
import { accuracyFigures, forecastAccuracy, forecastAccuracyAndGaps, snapshotOfRecord } from '@/lib/forecast/accuracy';
import { forecastPeriod, forecastTotals, takeForecastSnapshots, weekOf } from '@/lib/forecast/forecast';
import { UNKNOWN_OWNER } from '@/lib/metrics/from-extension';
import type { History } from '@/lib/metrics/history';
import { forecastSnapshotSchema } from '@/lib/model/insights.schema';
import { deal, observedData, visit } from './fixtures';

const NOW = new Date('2026-02-18T10:00:00.000Z'); // a Wednesday in 2026-Q1

const observed = observedData({
  deals: [
    deal('A1', 'Anna', 'Negotiation', 'open', 1000, { closeDate: '2026-03-10' }), // commit 0.8 → Q1
    deal('A2', 'Anna', 'Demo', 'open', 500, { closeDate: '2026-05-01' }), // bestCase 0.4 → Q2
    deal('A3', 'Anna', 'Qualified', 'open', 2000), // pipeline 0.1, no close date → current quarter
    deal('A4', 'Anna', 'Negotiation', 'won', 700, { closedAt: '2026-01-20T09:00:00.000Z' }), // booked in Q1
    deal('A5', 'Anna', 'Negotiation', 'won', 300, { closedAt: '2025-12-20T09:00:00.000Z' }), // a closed quarter: not forecast
    deal('B1', 'Ben', 'Demo', 'open', 1000, { closeDate: '2025-11-01' }), // slipped → current quarter
    deal('B2', 'Ben', 'Demo', 'lost', 900, { closedAt: '2026-02-01T09:00:00.000Z' }),
    deal('B3', 'Ben', 'Mystery', 'open', 100, { closeDate: '2026-03-01' }), // no playbook stage → pipeline, weight 0
    deal('N1', null, 'Qualified', 'open', null),
  ],
  visits: [
    visit('A1', 'Negotiation', '2026-02-01T09:00:00.000Z'),
    visit('A2', 'Demo', '2026-02-02T09:00:00.000Z'),
    visit('A3', 'Qualified', '2026-02-03T09:00:00.000Z'),
    visit('A4', 'Negotiation', '2026-01-10T09:00:00.000Z'),
    visit('B1', 'Demo', '2026-01-04T09:00:00.000Z'),
    visit('B3', 'Mystery', '2026-01-04T09:00:00.000Z'),
    visit('N1', 'Qualified', '2026-01-04T09:00:00.000Z'),
  ],
});

const row = (owner: string, period: string) => forecastTotals(observed, NOW).find((t) => t.owner === owner && t.period === period);

describe('forecast per rep, period and category', () => {
  it('puts a deal in the quarter of its close date; none or a past one → the current quarter', () => {
    expect(forecastPeriod('2026-05-01', NOW)).toBe('2026-Q2');
    expect(forecastPeriod(null, NOW)).toBe('2026-Q1');
    expect(forecastPeriod('2025-11-01', NOW)).toBe('2026-Q1');
    expect(forecastPeriod('2026-12-31', NOW)).toBe('2026-Q4');
  });

  it('sums weighted pipeline and open value per category; closed holds what was won in the period', () => {
    // Anna Q1: A1 1000 × 0.8 + A3 2000 × 0.1 = 1000 weighted; commit 1000, pipeline 2000; A4 won 700.
    expect(row('Anna', '2026-Q1')).toEqual({ owner: 'Anna', period: '2026-Q1', weightedPipeline: 1000, categories: { pipeline: 2000, bestCase: 0, commit: 1000, closed: 700, omitted: 0 } });
    expect(row('Anna', '2026-Q2')).toEqual({ owner: 'Anna', period: '2026-Q2', weightedPipeline: 200, categories: { pipeline: 0, bestCase: 500, commit: 0, closed: 0, omitted: 0 } });
    // Ben Q1: B1 1000 × 0.4 (best case); B3 in no known stage: pipeline 100, weight 0; B2 lost: nothing.
    expect(row('Ben', '2026-Q1')).toEqual({ owner: 'Ben', period: '2026-Q1', weightedPipeline: 400, categories: { pipeline: 100, bestCase: 1000, commit: 0, closed: 0, omitted: 0 } });
    expect(row(UNKNOWN_OWNER, '2026-Q1')?.weightedPipeline).toBe(0);
    expect(forecastTotals(observed, NOW).map((t) => t.period)).not.toContain('2025-Q4');
  });
});

describe('weekly snapshots', () => {
  it('the week starts on Monday or Sunday (UTC days)', () => {
    expect(weekOf(new Date('2026-02-18T10:00:00Z'), 'monday')).toBe('2026-02-16');
    expect(weekOf(new Date('2026-02-18T10:00:00Z'), 'sunday')).toBe('2026-02-15');
    expect(weekOf(new Date('2026-02-22T23:59:00Z'), 'monday')).toBe('2026-02-16'); // Sunday ends a Monday week
    expect(weekOf(new Date('2026-02-22T00:00:00Z'), 'sunday')).toBe('2026-02-22'); // and starts a Sunday week
    expect(weekOf(new Date('2026-02-16T00:00:00Z'), 'monday')).toBe('2026-02-16');
    expect(weekOf(new Date('2026-03-01T12:00:00Z'), 'monday')).toBe('2026-02-23'); // across a month
  });

  it('one row per rep and period for the current week, valid for the snapshot schema', () => {
    const rows = takeForecastSnapshots(observed, NOW, 'monday');
    expect(rows.map((r) => `${r.owner} ${r.period} ${r.week}`).sort()).toEqual(
      ['Anna 2026-Q1 2026-02-16', 'Anna 2026-Q2 2026-02-16', 'Ben 2026-Q1 2026-02-16', `${UNKNOWN_OWNER} 2026-Q1 2026-02-16`].sort(),
    );
    for (const r of rows) expect(forecastSnapshotSchema.parse(r)).toEqual(r);
    expect(rows.find((r) => r.owner === 'Anna' && r.period === '2026-Q1')).toMatchObject({ weightedPipeline: 1000, takenAt: '2026-02-18T10:00:00.000Z' });
    expect(takeForecastSnapshots(observed, NOW, 'sunday').every((r) => r.week === '2026-02-15')).toBe(true);
  });

  it('nothing without a playbook', () => {
    expect(takeForecastSnapshots(null, NOW, 'monday')).toEqual([]);
  });
});

describe('accuracy, bias and error of closed periods', () => {
  const snap = (owner: string, period: string, week: string, weightedPipeline: number, closed = 0): ForecastSnapshot => ({
    owner, period, week, weightedPipeline, categories: { commit: 0, bestCase: 0, pipeline: 0, closed, omitted: 0 }, takenAt: `${week}T08:00:00.000Z`, basis: 'live',
  });
  const won = (id: string, owner: string, value: number, closedAt: string, status: 'won' | 'lost' = 'won') => ({
    id, title: id, owner, pipeline: 'p', value, currency: null, createdAt: Date.parse('2025-06-01T00:00:00Z'), closedAt: Date.parse(closedAt), status, stageHistory: [],
  });
  const history: History = {
    version: 1,
    pipelines: [{ id: 'p', name: 'P', stages: [{ id: 's', name: 'S', probability: 0.5, rotDays: null }] }],
    deals: [
      won('a1', 'Anna', 600, '2025-10-15T00:00:00Z'),
      won('a2', 'Anna', 400, '2025-12-31T23:59:00Z'), // last minute of the quarter: counts
      won('a3', 'Anna', 5000, '2026-01-01T00:00:00Z'), // first minute of the next: does not
      won('b1', 'Ben', 500, '2025-11-20T00:00:00Z'),
      won('b2', 'Ben', 900, '2025-11-21T00:00:00Z', 'lost'),
      won('c1', 'Cleo', 700, '2026-01-05T00:00:00Z'),
      won('d1', 'Dan', 200, '2025-12-01T00:00:00Z'),
    ],
    activities: [],
    forecasts: [{ owner: 'Cleo', period: '2025-Q4', amount: 600 }],
  };
  const snapshots = [
    snap('Anna', '2025-Q4', '2025-09-22', 700),
    snap('Anna', '2025-Q4', '2025-09-29', 800), // latest week starting before 1 Oct: the forecast of record
    snap('Anna', '2025-Q4', '2025-10-06', 900),
    snap('Ben', '2025-Q4', '2025-10-13', 300, 100), // no snapshot before the period: the earliest in it
    snap('Ben', '2025-Q4', '2025-11-03', 50, 500),
    snap('Anna', '2026-Q1', '2026-02-16', 1000), // 2026-Q1 is still open
  ];
  const rows = forecastAccuracy({ snapshots, history, now: NOW });
  const of = (owner: string | null) => rows.find((r) => r.period === '2025-Q4' && r.owner === owner)!;

  it('picks the snapshot of record', () => {
    expect(snapshotOfRecord(snapshots.filter((s) => s.owner === 'Anna' && s.period === '2025-Q4'), '2025-Q4')?.week).toBe('2025-09-29');
    expect(snapshotOfRecord(snapshots.filter((s) => s.owner === 'Ben'), '2025-Q4')?.week).toBe('2025-10-13');
    expect(snapshotOfRecord([], '2025-Q4')).toBeNull();
  });

  it('only closed periods', () => {
    expect([...new Set(rows.map((r) => r.period))]).toEqual(['2025-Q4']);
  });

  it('computes error = forecast − actual, bias = error ÷ actual, accuracy = 1 − |error| ÷ actual', () => {
    // Anna: forecast 800 (snapshot of 29 Sep), won 600 + 400 = 1000 → error −200, bias −20 %, accuracy 80 %.
    expect(of('Anna')).toEqual({ period: '2025-Q4', owner: 'Anna', forecast: 800, actual: 1000, error: -200, bias: -0.2, accuracy: 0.8, source: 'snapshot', week: '2025-09-29' });
    // Ben: forecast 100 closed + 300 weighted = 400; won 500 (the lost 900 does not count) → −100, −20 %, 80 %.
    expect(of('Ben')).toMatchObject({ forecast: 400, actual: 500, error: -100, bias: -0.2, accuracy: 0.8, source: 'snapshot', week: '2025-10-13' });
    // Cleo: imported forecast 600, nothing won in the period → error 600, no bias or accuracy (÷ 0).
    expect(of('Cleo')).toMatchObject({ forecast: 600, actual: 0, error: 600, bias: null, accuracy: null, source: 'imported', week: null });
    // Dan: won 200 with no forecast → forecast 0, error −200, bias −100 %, accuracy 0.
    expect(of('Dan')).toMatchObject({ forecast: 0, actual: 200, error: -200, bias: -1, accuracy: 0, source: 'none' });
    // Team: 800 + 400 + 600 + 0 = 1800 against 1000 + 500 + 0 + 200 = 1700 → error 100.
    const team = of(null);
    expect(team).toMatchObject({ forecast: 1800, actual: 1700, error: 100, source: 'team' });
    expect(team.bias).toBeCloseTo(100 / 1700, 12);
    expect(team.accuracy).toBeCloseTo(1 - 100 / 1700, 12);
    expect(rows[0]!.owner).toBeNull(); // team first
  });

  it('over-forecasting gives a positive bias and accuracy can fall below zero', () => {
    expect(accuracyFigures(1500, 1000)).toEqual({ error: 500, bias: 0.5, accuracy: 0.5 });
    expect(accuracyFigures(3500, 1000)).toEqual({ error: 2500, bias: 2.5, accuracy: -1.5 });
  });
});

describe('forecast accuracy on reconstructed snapshots and gaps', () => {
  const row = (owner: string, period: string, week: string, weightedPipeline: number, basis: ForecastSnapshot['basis']): ForecastSnapshot => ({
    owner, period, week, weightedPipeline, categories: { commit: 0, bestCase: 0, pipeline: 0, closed: 0, omitted: 0 }, takenAt: '2026-02-01T08:00:00.000Z', basis,
  });
  const won = (id: string, owner: string, value: number, closedAt: string) => ({
    id, title: id, owner, pipeline: 'p', value, currency: null, createdAt: Date.parse('2025-06-01T00:00:00Z'), closedAt: Date.parse(closedAt), status: 'won' as const, stageHistory: [],
  });
  const history: History = {
    version: 1,
    pipelines: [{ id: 'p', name: 'P', stages: [{ id: 's', name: 'S', probability: 0.5, rotDays: null }] }],
    deals: [won('a1', 'Anna', 1000, '2025-11-15T00:00:00Z'), won('b1', 'Ben', 400, '2025-11-20T00:00:00Z'), won('c1', 'Cleo', 300, '2025-12-01T00:00:00Z')],
    activities: [],
    forecasts: [],
  };
  const snapshots = [
    row('Anna', '2025-Q4', '2025-09-22', 700, 'reconstructed'),
    row('Anna', '2025-Q4', '2025-09-29', 900, 'reconstructed'), // the week of record: reconstructed
    // Ben's Q4 deal slipped out by the week of record: that week forecast nothing for Q4, not an older week's 500.
    row('Ben', '2025-Q4', '2025-09-15', 500, 'reconstructed'),
    row('Ben', '2026-Q1', '2025-09-29', 500, 'reconstructed'),
    row('Cleo', '2025-Q4', '2025-09-22', 250, 'live'),
  ];
  // Cleo's week of record could not be reconstructed: her Q4 and the team's are not given.
  const gaps = [{ owner: 'Cleo', week: '2025-09-29' }];

  it('uses the week of record, marks it reconstructed, and names the period a rep’s gap leaves open', () => {
    const { rows, gaps: periods } = forecastAccuracyAndGaps({ snapshots, gaps, history, now: NOW });
    const of = (owner: string | null) => rows.find((r) => r.period === '2025-Q4' && r.owner === owner);
    expect(of('Anna')).toMatchObject({ forecast: 900, actual: 1000, error: -100, source: 'reconstructed', week: '2025-09-29' });
    expect(of('Ben')).toMatchObject({ forecast: 0, actual: 400, error: -400, source: 'reconstructed', week: '2025-09-29' });
    expect(of('Cleo')).toBeUndefined();
    expect(of(null)).toBeUndefined();
    expect(periods).toEqual([{ period: '2025-Q4', owners: ['Cleo'] }]);
    // Without the gap, Cleo's live week counts and the team's figure is there.
    const whole = forecastAccuracyAndGaps({ snapshots, history, now: NOW });
    expect(whole.gaps).toEqual([]);
    expect(whole.rows.find((r) => r.period === '2025-Q4' && r.owner === 'Cleo')).toMatchObject({ forecast: 250, source: 'snapshot', week: '2025-09-22' });
    expect(whole.rows.find((r) => r.period === '2025-Q4' && r.owner === null)).toMatchObject({ forecast: 1150, actual: 1700, source: 'team' });
  });
});
