import type { Metrics } from './scorecard';

// Process maturity, five levels: 1 ad hoc, 2 defined, 3 proactive, 4 optimised, 5 predictable.
// Pure and explainable: every figure below is a table lookup or a mean.
//
// 1. Ten dimensions, each scored 0–4.
//    - Five questionnaire answers (positioning, salesRoles, processAndScripts, infrastructure,
//      kpiRhythm): the answer itself, an integer 0–4. Unanswered or out of range scores 0.
//    - Five measured signals: score = how many of the dimension's four thresholds the value reaches
//      (value >= threshold). Unknown (null) scores 0 — what is not measured is not credited.
//        exitCriteria      share of stages with exit criteria       0.25  0.50  0.75  1.00
//        adoption          required checklist items done in time     0.30  0.50  0.70  0.85
//        dataCompleteness  share of deals with complete data         0.50  0.70  0.85  0.95
//        kpis              share of the KPI set available            0.25  0.50  0.75  1.00
//        forecastAccuracy  1 − |actual − forecast| / actual          0.50  0.70  0.80  0.90
// 2. level = 1 + min(⌊mean score⌋, lowest score + 1): the average maturity, but never more than two
//    levels above the weakest dimension's score — one neglected dimension holds the team back.
// 3. Bottleneck: the lowest-scoring dimension; ties go to the foundation first (PRIORITY: define the
//    process before following it, follow it before measuring it). null at level 5.
// 4. Next steps: every dimension scoring below the current level (the ones that keep the mean or the
//    floor down), lowest score first then PRIORITY, at most MAX_STEPS, as i18n keys
//    (`maturity.step.*`), never sentences. The bottleneck is always the first.

export const MATURITY_LEVELS = ['adHoc', 'defined', 'proactive', 'optimised', 'predictable'] as const;
export type MaturityLevelName = (typeof MATURITY_LEVELS)[number];
export type MaturityLevel = 1 | 2 | 3 | 4 | 5;

export const QUESTIONS = ['positioning', 'salesRoles', 'processAndScripts', 'infrastructure', 'kpiRhythm'] as const;
export type Question = (typeof QUESTIONS)[number];
export const SIGNALS = ['exitCriteria', 'adoption', 'dataCompleteness', 'kpis', 'forecastAccuracy'] as const;
export type Signal = (typeof SIGNALS)[number];
export type Dimension = Signal | Question;

/** The KPI set a mature team has at hand (what the scorecard measures). */
export const KPI_IDS = ['winRate', 'dealSize', 'salesCycle', 'stageConversion', 'weightedPipeline', 'velocity', 'activities', 'forecastAccuracy'] as const;
export type KpiId = (typeof KPI_IDS)[number];

export const THRESHOLDS: Readonly<Record<Signal, readonly [number, number, number, number]>> = {
  exitCriteria: [0.25, 0.5, 0.75, 1],
  adoption: [0.3, 0.5, 0.7, 0.85],
  dataCompleteness: [0.5, 0.7, 0.85, 0.95],
  kpis: [0.25, 0.5, 0.75, 1],
  forecastAccuracy: [0.5, 0.7, 0.8, 0.9],
};

/** Tie-break order of the bottleneck and the next steps: foundations first. */
export const PRIORITY: readonly Dimension[] = [
  'exitCriteria',
  'processAndScripts',
  'salesRoles',
  'positioning',
  'dataCompleteness',
  'adoption',
  'infrastructure',
  'kpis',
  'kpiRhythm',
  'forecastAccuracy',
];

export const MAX_STEPS = 3;

export const STEP_KEYS: Readonly<Record<Dimension, string>> = {
  exitCriteria: 'maturity.step.defineExitCriteria',
  adoption: 'maturity.step.followChecklists',
  dataCompleteness: 'maturity.step.completeDealData',
  kpis: 'maturity.step.measureKpis',
  forecastAccuracy: 'maturity.step.improveForecastAccuracy',
  positioning: 'maturity.step.sharpenPositioning',
  salesRoles: 'maturity.step.clarifySalesRoles',
  processAndScripts: 'maturity.step.writeProcessAndScripts',
  infrastructure: 'maturity.step.improveInfrastructure',
  kpiRhythm: 'maturity.step.establishKpiRhythm',
};
/** Steps when the dimension could not be judged at all (no value / no answer). */
export const UNKNOWN_STEP_KEYS: Readonly<Record<Dimension, string>> = {
  exitCriteria: 'maturity.step.defineExitCriteria',
  adoption: 'maturity.step.startChecklists',
  dataCompleteness: 'maturity.step.completeDealData',
  kpis: 'maturity.step.measureKpis',
  forecastAccuracy: 'maturity.step.startForecasting',
  positioning: 'maturity.step.answer.positioning',
  salesRoles: 'maturity.step.answer.salesRoles',
  processAndScripts: 'maturity.step.answer.processAndScripts',
  infrastructure: 'maturity.step.answer.infrastructure',
  kpiRhythm: 'maturity.step.answer.kpiRhythm',
};

export interface MaturitySignals {
  /** Share (0–1) of pipeline stages with exit criteria. */
  exitCriteriaShare: number | null;
  /** Process adoption rate (0–1), see ./adoption. */
  adoptionRate: number | null;
  /** Share (0–1) of deals whose data is complete. */
  dataCompleteness: number | null;
  /** Which KPIs are available; missing = not available. */
  kpisAvailable: Partial<Record<KpiId, boolean>>;
  /** Forecast accuracy as the scorecard computes it (may be negative); null = none to judge. */
  forecastAccuracy: number | null;
}

export type MaturityAnswers = Partial<Record<Question, number>>;

export interface DimensionScore {
  id: Dimension;
  source: 'measured' | 'answer';
  /** The signal's value or the answer; null when unknown / unanswered. */
  value: number | null;
  score: 0 | 1 | 2 | 3 | 4;
  /** Measured: the value the next score needs (null at 4). Answers: null. */
  nextThreshold: number | null;
}

export interface MaturityResult {
  level: MaturityLevel;
  levelName: MaturityLevelName;
  /** Mean of the ten scores (0–4). */
  meanScore: number;
  dimensions: DimensionScore[];
  /** The weakest dimension; null at level 5. */
  bottleneck: Dimension | null;
  /** i18n keys, most urgent first (the bottleneck's step first). */
  nextSteps: string[];
  /** KPIs of the set that are not available (for the `measureKpis` step). */
  missingKpis: KpiId[];
}

const clampScore = (n: number) => Math.max(0, Math.min(4, n)) as DimensionScore['score'];

function signalValue(signals: MaturitySignals, id: Signal): number | null {
  switch (id) {
    case 'exitCriteria':
      return signals.exitCriteriaShare;
    case 'adoption':
      return signals.adoptionRate;
    case 'dataCompleteness':
      return signals.dataCompleteness;
    case 'kpis':
      return KPI_IDS.filter((k) => signals.kpisAvailable[k] === true).length / KPI_IDS.length;
    case 'forecastAccuracy':
      return signals.forecastAccuracy;
  }
}

/** score = number of thresholds reached (a tiny tolerance so 0.7 computed as 0.69999… still counts). */
export function thresholdScore(value: number | null, thresholds: readonly number[]): DimensionScore['score'] {
  if (value === null || !Number.isFinite(value)) return 0;
  return clampScore(thresholds.filter((t) => value >= t - 1e-9).length);
}

const validAnswer = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4 ? v : null);

export function assessMaturity(signals: MaturitySignals, answers: MaturityAnswers): MaturityResult {
  const dimensions: DimensionScore[] = [
    ...SIGNALS.map((id): DimensionScore => {
      const value = signalValue(signals, id);
      const score = thresholdScore(value, THRESHOLDS[id]);
      return { id, source: 'measured', value, score, nextThreshold: score < 4 ? (THRESHOLDS[id] as readonly number[])[score]! : null };
    }),
    ...QUESTIONS.map((id): DimensionScore => {
      const value = validAnswer(answers[id]);
      return { id, source: 'answer', value, score: clampScore(value ?? 0), nextThreshold: null };
    }),
  ];
  const meanScore = dimensions.reduce((s, d) => s + d.score, 0) / dimensions.length;
  const lowest = Math.min(...dimensions.map((d) => d.score));
  const level = (1 + Math.min(Math.floor(meanScore + 1e-9), lowest + 1)) as MaturityLevel;

  const rank = (id: Dimension) => PRIORITY.indexOf(id);
  const behind = dimensions.filter((d) => d.score < level && d.score < 4).sort((a, b) => a.score - b.score || rank(a.id) - rank(b.id));
  const missingKpis = KPI_IDS.filter((k) => signals.kpisAvailable[k] !== true);
  return {
    level,
    levelName: MATURITY_LEVELS[level - 1]!,
    meanScore,
    dimensions,
    bottleneck: level === 5 ? null : (behind[0]?.id ?? null),
    nextSteps: level === 5 ? [] : behind.slice(0, MAX_STEPS).map((d) => (d.value === null ? UNKNOWN_STEP_KEYS : STEP_KEYS)[d.id]),
    missingKpis,
  };
}

/** Which KPIs of the set a scorecard (the team's metrics) can show: the figure exists. */
export function kpisFromMetrics(m: Metrics): Record<KpiId, boolean> {
  const anyValue = (r: Record<string, unknown>): boolean => Object.values(r).some((v) => v !== null && v !== undefined && (typeof v !== 'object' || anyValue(v as Record<string, unknown>)));
  return {
    winRate: m.winRateCount !== null,
    dealSize: m.avgWonValue !== null,
    salesCycle: m.meanCycleDays !== null,
    stageConversion: anyValue(m.stageConversion),
    weightedPipeline: m.open > 0,
    velocity: m.velocityPerDay !== null && m.open > 0,
    activities: m.activitiesPerDeal !== null && m.activitiesPerDeal > 0,
    forecastAccuracy: anyValue(m.forecastAccuracy),
  };
}
