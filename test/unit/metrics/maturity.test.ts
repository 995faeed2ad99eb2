import { describe, expect, it } from 'vitest';
import { assessMaturity, KPI_IDS, kpisFromMetrics, thresholdScore, type MaturityAnswers, type MaturitySignals } from '@/lib/metrics/maturity';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { history } from './build';

const allKpis = Object.fromEntries(KPI_IDS.map((k) => [k, true]));
const full: MaturitySignals = { exitCriteriaShare: 1, adoptionRate: 0.9, dataCompleteness: 0.97, kpisAvailable: allKpis, forecastAccuracy: 0.93 };
const allFour: MaturityAnswers = { positioning: 4, salesRoles: 4, processAndScripts: 4, infrastructure: 4, kpiRhythm: 4 };

describe('process maturity', () => {
  it('thresholds: score = thresholds reached', () => {
    expect(thresholdScore(0.69, [0.3, 0.5, 0.7, 0.85])).toBe(2);
    expect(thresholdScore(0.7, [0.3, 0.5, 0.7, 0.85])).toBe(3);
    expect(thresholdScore(0.1 + 0.6, [0.3, 0.5, 0.7, 0.85])).toBe(3); // 0.7 computed as 0.69999… still counts
    expect(thresholdScore(null, [0.3, 0.5, 0.7, 0.85])).toBe(0);
    expect(thresholdScore(-2, [0.5, 0.7, 0.8, 0.9])).toBe(0);
  });

  it('everything at the top: level 5, predictable, no bottleneck, no steps', () => {
    const r = assessMaturity(full, allFour);
    expect([r.level, r.levelName, r.meanScore, r.bottleneck, r.nextSteps]).toEqual([5, 'predictable', 4, null, []]);
  });

  it('nothing known: level 1, ad hoc; the bottleneck is the foundation (exit criteria)', () => {
    const r = assessMaturity({ exitCriteriaShare: null, adoptionRate: null, dataCompleteness: null, kpisAvailable: {}, forecastAccuracy: null }, {});
    expect([r.level, r.levelName, r.meanScore]).toEqual([1, 'adHoc', 0]);
    expect(r.bottleneck).toBe('exitCriteria');
    expect(r.nextSteps).toEqual(['maturity.step.defineExitCriteria', 'maturity.step.answer.processAndScripts', 'maturity.step.answer.salesRoles']);
    expect(r.missingKpis).toEqual([...KPI_IDS]);
  });

  it('level = 1 + min(⌊mean⌋, lowest + 1): one neglected dimension holds the team back', () => {
    // nine dimensions at 4, forecast accuracy 0.4 → 0: mean 3.6 → ⌊3.6⌋ = 3, but lowest + 1 = 1 → level 2
    const r = assessMaturity({ ...full, forecastAccuracy: 0.4 }, allFour);
    expect(r.meanScore).toBeCloseTo(36 / 10, 12);
    expect([r.level, r.levelName, r.bottleneck]).toEqual([2, 'defined', 'forecastAccuracy']);
    expect(r.nextSteps).toEqual(['maturity.step.improveForecastAccuracy']);
    // forecast accuracy 0.72 → 2: mean 3.8 → 3, lowest + 1 = 3 → level 4
    expect(assessMaturity({ ...full, forecastAccuracy: 0.72 }, allFour).level).toBe(4);
  });

  it('a typical team: scores, level, bottleneck by priority among ties, next steps lowest first', () => {
    const r = assessMaturity(
      { exitCriteriaShare: 0.5, adoptionRate: 0.55, dataCompleteness: 0.72, kpisAvailable: { winRate: true, dealSize: true, salesCycle: true, stageConversion: true }, forecastAccuracy: null },
      { positioning: 3, salesRoles: 1, processAndScripts: 2, infrastructure: 2, kpiRhythm: 1 },
    );
    const scores = Object.fromEntries(r.dimensions.map((d) => [d.id, d.score]));
    // exit 0.5 → 2, adoption 0.55 → 2, data 0.72 → 2, KPIs 4/8 = 0.5 → 2, forecast unknown → 0
    expect(scores).toEqual({ exitCriteria: 2, adoption: 2, dataCompleteness: 2, kpis: 2, forecastAccuracy: 0, positioning: 3, salesRoles: 1, processAndScripts: 2, infrastructure: 2, kpiRhythm: 1 });
    // mean 17 / 10 = 1.7 → 1; lowest 0 + 1 = 1 → level 2
    expect([r.meanScore, r.level]).toEqual([1.7, 2]);
    expect(r.bottleneck).toBe('forecastAccuracy');
    // below level 2: forecast (0), then salesRoles and kpiRhythm (1) in priority order
    expect(r.nextSteps).toEqual(['maturity.step.startForecasting', 'maturity.step.clarifySalesRoles', 'maturity.step.establishKpiRhythm']);
    expect(r.dimensions.find((d) => d.id === 'adoption')).toEqual({ id: 'adoption', source: 'measured', value: 0.55, score: 2, nextThreshold: 0.7 });
  });

  it('answers outside 0–4 or not whole count as unanswered', () => {
    const r = assessMaturity(full, { ...allFour, positioning: 7, salesRoles: 2.5 });
    expect(r.dimensions.filter((d) => d.source === 'answer' && d.value === null).map((d) => d.id)).toEqual(['positioning', 'salesRoles']);
    // both score 0; salesRoles comes before positioning in PRIORITY. mean 32 / 10 → 3, lowest 0 + 1 → level 2
    expect([r.bottleneck, r.level]).toEqual(['salesRoles', 2]);
  });

  it('KPIs available from the team scorecard', () => {
    const card = computeScorecard(history({ deals: [{ status: 'won', value: 5, closedAt: '2026-01-03T00:00:00Z' }, { status: 'open', value: 5, stages: [['s1', '2026-01-01T00:00:00Z']] }] }), { asOf: '2026-02-01' });
    expect(kpisFromMetrics(card.team)).toEqual({ winRate: true, dealSize: true, salesCycle: true, stageConversion: true, weightedPipeline: true, velocity: true, activities: false, forecastAccuracy: false });
  });
});
