import { describe, expect, it } from 'vitest';
import type { ForecastSnapshot } from '@/lib/db/database';
import { combinedHistory } from '@/lib/forecast/combined-history';
import { assessMaturity, type Answers, type MaturitySignals } from '@/lib/maturity/assess';
import { maturitySignals } from '@/lib/maturity/signals';
import { MATURITY_QUESTIONS } from '@/lib/model/insights.schema';
import { EMPTY_KPI_INPUTS, RHYTHM_RUNGS, type KpiRhythm } from '@/lib/kpi';
import { deal, done, fileDeal, fileHistory, observedData, storedHistory, visit } from '../forecast/fixtures';

// Hand-made signals and answers for each level; the thresholds are the ones documented in
// lib/maturity/assess.ts.

/** A KPI rhythm whose first `score` rungs are met (growth, channels, CAC, LTV; lib/kpi/rhythm). */
const rhythm = (score: number): KpiRhythm => ({
  growthMonths: score >= 1 ? 3 : 1,
  channelShare: score >= 2 ? 0.9 : 0.5,
  spendMonths: score >= 3 ? 3 : 0,
  churn: score >= 4 ? 'entered' : null,
  margin: score >= 4,
  met: Object.fromEntries(RHYTHM_RUNGS.map((id, i) => [id, i < score])) as KpiRhythm['met'],
  score,
});

const nothing: MaturitySignals = {
  workingStages: 8,
  stagesWithCriteria: 0,
  adoption: { done: 0, required: 0 },
  observedDeals: 0,
  completeDeals: 0,
  closedDeals: 0,
  wonDeals: 0,
  snapshotWeeks: 0,
  closedPeriodAccuracy: [],
  kpiRhythm: rhythm(0),
};
const all = (answer: number): Answers => Object.fromEntries(MATURITY_QUESTIONS.map((q) => [q, answer]));
const scores = (result: ReturnType<typeof assessMaturity>) => Object.fromEntries(result.dimensions.map((d) => [d.id, d.score]));

describe('maturity level per hand-made signals and answers', () => {
  it('level 1 (ad hoc): no exit criteria, nothing answered', () => {
    const result = assessMaturity(nothing, {});
    expect(result.level).toBe(1);
    expect(scores(result)).toEqual({
      exitCriteria: 0,
      adoption: 1, // level 2 asks nothing of adoption, data, KPIs or forecast accuracy
      dataCompleteness: 1,
      kpis: 1,
      forecastAccuracy: 2, // nor does level 3 of forecast accuracy
      positioning: 0,
      roles: 0,
      process: 0,
      infrastructure: 0,
      kpiRhythm: 0,
    });
    expect(result.bottleneck).toBe('exitCriteria');
    expect(result.nextSteps.map((s) => s.dimension)).toEqual(['exitCriteria', 'process', 'roles', 'positioning', 'infrastructure', 'kpiRhythm']);
    // 50 % of 8 stages = 4 stages need a criterion.
    expect(result.nextSteps[0]).toEqual({ dimension: 'exitCriteria', key: 'maturity.step.exitCriteria', params: { count: 4 } });
    expect(result.nextSteps[1]).toEqual({ dimension: 'process', key: 'maturity.step.question', params: { statement: { message: 'maturity.q.process.1' } } });
    // The KPI rhythm is measured: growth can be measured in 1 of the last 3 months.
    expect(result.nextSteps[5]).toEqual({ dimension: 'kpiRhythm', key: 'maturity.step.rhythmGrowth', params: { have: 1, months: 3 } });
    expect(result.dimensions.find((d) => d.id === 'roles')!.measured).toEqual({ key: 'maturity.unanswered', params: {} });
  });

  it('level 2 (defined): 5 of 8 stages with exit criteria, every question answered 1', () => {
    const result = assessMaturity({ ...nothing, stagesWithCriteria: 5, kpiRhythm: rhythm(1) }, all(1));
    expect(result.level).toBe(2);
    expect(result.bottleneck).toBe('exitCriteria');
    expect(result.nextSteps.map((s) => s.dimension)).toEqual(['exitCriteria', 'process', 'roles', 'positioning', 'dataCompleteness', 'adoption', 'infrastructure', 'kpis', 'kpiRhythm']);
    const step = (id: string) => result.nextSteps.find((s) => s.dimension === id);
    expect(step('exitCriteria')!.params).toEqual({ count: 1 }); // 75 % of 8 = 6, 5 have one
    expect(step('adoption')).toMatchObject({ key: 'maturity.step.adoptionNone', params: { level: 3, target: { percent: 0.5 } } });
    expect(step('dataCompleteness')).toMatchObject({ key: 'maturity.step.dataNone', params: { level: 3, target: { percent: 0.7 } } });
    expect(step('kpis')).toMatchObject({ key: 'maturity.step.kpiDeals', params: { closed: 20, won: 5 } });
    expect(step('positioning')!.params.statement).toEqual({ message: 'maturity.q.positioning.2' });
    expect(step('kpiRhythm')).toEqual({ dimension: 'kpiRhythm', key: 'maturity.step.rhythmChannels', params: { current: { percent: 0.5 }, target: { percent: 0.8 } } });
    expect(result.dimensions.find((d) => d.id === 'exitCriteria')!.measured).toEqual({ key: 'maturity.measured.exitCriteria', params: { with: 5, total: 8, share: { percent: 0.625 } } });
  });

  it('level 3 (proactive): the weakest dimension is the bottleneck', () => {
    const signals: MaturitySignals = { ...nothing, stagesWithCriteria: 8, adoption: { done: 50, required: 100 }, observedDeals: 100, completeDeals: 70, closedDeals: 20, wonDeals: 5, kpiRhythm: rhythm(2) };
    const result = assessMaturity(signals, { ...all(3), roles: 2 });
    expect(result.level).toBe(3);
    expect(scores(result)).toMatchObject({ exitCriteria: 4, adoption: 2, dataCompleteness: 2, kpis: 2, forecastAccuracy: 2, roles: 2, process: 3 });
    expect(result.bottleneck).toBe('roles'); // exitCriteria and process score higher
    const step = (id: string) => result.nextSteps.find((s) => s.dimension === id);
    expect(result.nextSteps.map((s) => s.dimension)).toEqual(['roles', 'dataCompleteness', 'adoption', 'kpis', 'kpiRhythm', 'forecastAccuracy']);
    expect(step('kpiRhythm')).toMatchObject({ key: 'maturity.step.rhythmSpend', params: { have: 0, months: 3 } });
    expect(step('dataCompleteness')).toEqual({ dimension: 'dataCompleteness', key: 'maturity.step.data', params: { count: 15, current: { percent: 0.7 }, target: { percent: 0.85 }, level: 4 } });
    expect(step('adoption')!.params).toEqual({ current: { percent: 0.5 }, target: { percent: 0.7 }, level: 4 });
    expect(step('kpis')!.key).toBe('maturity.step.kpiSnapshots');
    expect(step('forecastAccuracy')).toMatchObject({ key: 'maturity.step.forecastPeriods', params: { count: 1 } });
  });

  it('level 4 (optimised): snapshots exist and one closed period was forecast within 25 %', () => {
    const signals: MaturitySignals = {
      workingStages: 8,
      stagesWithCriteria: 8,
      adoption: { done: 70, required: 100 },
      observedDeals: 100,
      completeDeals: 85,
      closedDeals: 50,
      wonDeals: 20,
      snapshotWeeks: 5,
      closedPeriodAccuracy: [0.75],
      kpiRhythm: rhythm(3),
    };
    const result = assessMaturity(signals, all(3));
    expect(result.level).toBe(4);
    expect(result.bottleneck).toBe('process');
    const step = (id: string) => result.nextSteps.find((s) => s.dimension === id);
    expect(step('kpis')).toMatchObject({ key: 'maturity.step.kpiWeeks', params: { count: 8 } });
    expect(step('dataCompleteness')!.params).toMatchObject({ count: 10, level: 5 });
    expect(step('forecastAccuracy')).toMatchObject({ key: 'maturity.step.forecastPeriods', params: { count: 1 } });
    expect(step('exitCriteria')).toBeUndefined();
    expect(step('kpiRhythm')).toMatchObject({ key: 'maturity.step.rhythmLtvBoth', params: {} });
    // With two periods but a mean of 80 %, accuracy is what is missing for level 5.
    const twoPeriods = assessMaturity({ ...signals, closedPeriodAccuracy: [0.9, 0.7] }, all(4));
    expect(twoPeriods.level).toBe(4);
    expect(twoPeriods.nextSteps.find((s) => s.dimension === 'forecastAccuracy')).toMatchObject({ key: 'maturity.step.forecastAccuracy', params: { current: { percent: 0.8 }, target: { percent: 0.85 } } });
  });

  it('level 5 (predictable): everything met; accuracy averages the last four closed periods', () => {
    const signals: MaturitySignals = {
      workingStages: 8,
      stagesWithCriteria: 8,
      adoption: { done: 90, required: 100 },
      observedDeals: 100,
      completeDeals: 96,
      closedDeals: 100,
      wonDeals: 40,
      snapshotWeeks: 13,
      // (0.9 + 0.8 + 0.95 + 0.85) / 4 = 0.875; the fifth (oldest) period is outside the window.
      closedPeriodAccuracy: [0.9, 0.8, 0.95, 0.85, 0.1],
      kpiRhythm: rhythm(4),
    };
    const result = assessMaturity(signals, all(4));
    expect(result.level).toBe(5);
    expect(result.bottleneck).toBeNull();
    expect(result.nextSteps).toEqual([]);
    expect(result.dimensions.find((d) => d.id === 'forecastAccuracy')!.value).toBeCloseTo(0.875);
    const measured = result.dimensions.find((d) => d.id === 'forecastAccuracy')!.measured;
    expect(measured).toMatchObject({ key: 'maturity.measured.forecast', params: { periods: 4 } });
    expect((measured.params.share as { percent: number }).percent).toBeCloseTo(0.875);
    // The weakest link: one unanswered question brings it all down to level 1.
    const { infrastructure: _, ...threeAnswers } = all(4);
    const missing = assessMaturity(signals, threeAnswers);
    expect(missing.level).toBe(1);
    expect(missing.bottleneck).toBe('infrastructure');
    // The KPI rhythm is measured, not asked: without the margin LTV cannot be worked out, level 4.
    const noMargin = assessMaturity({ ...signals, kpiRhythm: { ...rhythm(3), churn: 'measured' } }, all(4));
    expect(noMargin.level).toBe(4);
    expect(noMargin.bottleneck).toBe('kpiRhythm');
    expect(noMargin.nextSteps).toEqual([{ dimension: 'kpiRhythm', key: 'maturity.step.rhythmLtvMargin', params: {} }]);
    expect(noMargin.dimensions.find((d) => d.id === 'kpiRhythm')).toMatchObject({
      kind: 'measured',
      score: 3,
      measured: { key: 'maturity.measured.kpiRhythm', params: { growth: 3, months: 3, channels: { percent: 0.9 }, spend: 3, ltv: { message: 'maturity.rhythm.ltvMargin' } } },
    });
    // An accuracy far off (−150 %) counts as 0, never below.
    expect(assessMaturity({ ...signals, closedPeriodAccuracy: [-1.5, 1] }, all(4)).dimensions.find((d) => d.id === 'forecastAccuracy')!.value).toBe(0.5);
  });

  it('answers outside 0–4 or not whole count as not answered', () => {
    const result = assessMaturity({ ...nothing, stagesWithCriteria: 8 }, { ...all(4), roles: 5, process: 2.5 });
    expect(result.dimensions.find((d) => d.id === 'roles')).toMatchObject({ score: 0, value: null });
    expect(result.dimensions.find((d) => d.id === 'process')).toMatchObject({ score: 0, value: null });
  });
});

describe('maturity signals measured from the extension’s data', () => {
  it('counts stages with exit criteria, adoption, complete deals, closed deals, snapshot weeks and closed-period accuracy', () => {
    const observed = observedData({
      deals: [
        deal('1', 'Anna', 'Demo', 'open', 1000, { closeDate: '2026-03-01' }), // complete
        deal('2', 'Anna', 'Demo', 'open', 0, { closeDate: '2026-03-01' }), // value 0: incomplete
        deal('3', null, 'Demo', 'open', 500, { closeDate: '2026-03-01' }), // no owner
        deal('4', 'Ben', 'Negotiation', 'won', 800, { closeDate: '2025-12-01', closedAt: '2025-12-10T09:00:00.000Z' }), // complete
      ],
      visits: [visit('1', 'Qualified', '2026-01-05T09:00:00.000Z'), visit('1', 'Demo', '2026-01-10T09:00:00.000Z'), visit('4', 'Negotiation', '2025-11-01T09:00:00.000Z')],
      checklist: [done('1', 'qualified', 'discovery', '2026-01-06T09:00:00.000Z')],
    });
    const imported = [storedHistory('crm', fileHistory([fileDeal('x1', 'Ben', 'won', 1200, '2025-10-01T00:00:00Z', '2025-11-01T00:00:00Z'), fileDeal('x2', 'Ben', 'lost', 300, '2025-10-01T00:00:00Z', '2025-11-05T00:00:00Z')]))];
    const snapshot = (owner: string, week: string, weightedPipeline: number): ForecastSnapshot => ({ owner, period: '2025-Q4', week, weightedPipeline, categories: { closed: 0 }, takenAt: `${week}T08:00:00.000Z`, basis: 'live' });
    const snapshots = [snapshot('Ben', '2025-09-29', 2500), snapshot('Ben', '2025-10-06', 2000)];
    const signals = maturitySignals({ observed, combined: combinedHistory(observed, imported), snapshots, kpiInputs: EMPTY_KPI_INPUTS, now: new Date('2026-02-18T10:00:00Z') });
    expect(signals).toEqual({
      workingStages: 3, // qualified, demo, negotiation (won and lost are outcomes)
      stagesWithCriteria: 2, // demo has no goal
      adoption: { done: 1, required: 1 }, // deal 1 left "qualified" with its discovery call done
      observedDeals: 4,
      completeDeals: 2,
      closedDeals: 3, // deal 4 + the two imported
      wonDeals: 2,
      snapshotWeeks: 2,
      // 2025-Q4: forecast 2500 (snapshot of 29 Sep) against won 800 + 1200 = 2000 → 1 − 500 / 2000.
      closedPeriodAccuracy: [0.75],
      kpiRhythm: expect.objectContaining({ score: 0 }),
    });
  });
});
