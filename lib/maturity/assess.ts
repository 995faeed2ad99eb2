import type { MessageKey } from '../i18n';
import { RHYTHM_MONTHS, RHYTHM_RUNGS, CHANNEL_SHARE, type KpiRhythm } from '../kpi/rhythm';
import { MATURITY_QUESTIONS } from '../model/insights.schema';

// Process maturity on a five-level scale: 1 ad hoc, 2 defined, 3 proactive, 4 optimised,
// 5 predictable. Pure: measured signals + questionnaire answers → level, per-dimension scores,
// the bottleneck and the next steps.
//
// SCORING RULES
// - Ten dimensions, each scored 0–4. A score of s means the dimension meets what levels 2…s+1 ask
//   of it. The team's level = 1 + the lowest score: a level is reached only when every dimension
//   meets it (the weakest link decides).
// - What is not known is not credited: an unanswered question scores 0, and a measure that cannot
//   be taken yet (no deals, no closed period) meets no requirement — except at the levels where
//   that dimension asks nothing (marked "—" below), which are met by everyone.
// - Questionnaire dimensions (positioning, roles, process, infrastructure): the score is the chosen
//   answer, 0–4 (each answer's statement describes that step).
// - Measured dimensions — requirement for level 2 / 3 / 4 / 5 (cumulative):
//     exitCriteria      share of working stages with ≥ 1 goal criterion:     ≥ 50 % / ≥ 75 % / 100 % / 100 %
//     adoption          required tasks done before leaving the stage:         —      / ≥ 50 % / ≥ 70 % / ≥ 85 %
//     dataCompleteness  observed deals with value > 0, close date and owner:  —      / ≥ 70 % / ≥ 85 % / ≥ 95 %
//     kpis              closed deals (won) / forecast snapshot weeks:         —      / ≥ 20 closed incl. ≥ 5 won
//                                                                                    / + snapshots exist (≥ 1 week)
//                                                                                    / + ≥ 13 weeks (a quarter)
//     forecastAccuracy  mean team accuracy over the last ≤ 4 closed periods:  —      / —      / ≥ 70 % over ≥ 1 period
//                                                                                             / ≥ 85 % over ≥ 2 periods
//     kpiRhythm         the KPIs the team can measure (lib/kpi/rhythm, its score is this score):
//                       MoM growth of new deals and customers / + revenue per lead channel
//                                                             / + CAC (spend entered) / + LTV's inputs
//   (Accuracy = 1 − |forecast − actual| ÷ actual, floored at 0 for scoring.)
// - Bottleneck: below level 5, the dimensions scoring the lowest block the next level; the
//   bottleneck is the first of them in BOTTLENECK_ORDER (foundations first: what to define before
//   what to measure). Next steps: for every blocking dimension, in that order, what it takes to
//   meet the next level.

export type Level = 1 | 2 | 3 | 4 | 5;
export type MaturityQuestion = (typeof MATURITY_QUESTIONS)[number];
export const MEASURED_DIMENSIONS = ['exitCriteria', 'adoption', 'dataCompleteness', 'kpis', 'kpiRhythm', 'forecastAccuracy'] as const;
export type MeasuredDimension = (typeof MEASURED_DIMENSIONS)[number];
export type DimensionId = MeasuredDimension | MaturityQuestion;

/** Which blocking dimension is named the bottleneck first: define, then follow, then measure. */
export const BOTTLENECK_ORDER: readonly DimensionId[] = [
  'exitCriteria',
  'process',
  'roles',
  'positioning',
  'dataCompleteness',
  'adoption',
  'infrastructure',
  'kpis',
  'kpiRhythm',
  'forecastAccuracy',
];

export interface MaturitySignals {
  /** Playbook stages that are not won/lost outcomes, and how many of them have ≥ 1 goal criterion. */
  workingStages: number;
  stagesWithCriteria: number;
  /** Required tasks of left stages, and how many were done before the deal left (lib/metrics/adoption). */
  adoption: { done: number; required: number };
  /** Observed deals, and how many have a value > 0, a close date and an owner. */
  observedDeals: number;
  completeDeals: number;
  /** Closed deals of the combined history (observed + imported), all time. */
  closedDeals: number;
  wonDeals: number;
  /** Distinct weeks with forecast snapshots. */
  snapshotWeeks: number;
  /** Team forecast accuracy of closed periods, newest first (null = no actual to compare with). */
  closedPeriodAccuracy: readonly (number | null)[];
  /** Which KPIs the team can measure (lib/kpi/rhythm). */
  kpiRhythm: KpiRhythm;
}

export type Answers = Partial<Record<MaturityQuestion, number>>;

export type MessageParam = number | { percent: number } | { message: MessageKey };
export interface MaturityMessage {
  key: MessageKey;
  params: Record<string, MessageParam>;
}

export interface DimensionResult {
  id: DimensionId;
  kind: 'measured' | 'question';
  /** 0–4. */
  score: number;
  /** The highest level this dimension allows: score + 1. */
  level: Level;
  /** The measured value (a share 0–1, or the answer) — null when it could not be measured/was not answered. */
  value: number | null;
  measured: MaturityMessage;
}

export interface MaturityResult {
  level: Level;
  dimensions: DimensionResult[];
  /** null at level 5. */
  bottleneck: DimensionId | null;
  /** Steps to reach level + 1 (empty at level 5), the bottleneck's first. */
  nextSteps: (MaturityMessage & { dimension: DimensionId })[];
}

// Requirements per level 2..5 (index 0..3); null = that level asks nothing of the dimension.
export const EXIT_CRITERIA_SHARE = [0.5, 0.75, 1, 1] as const;
export const ADOPTION_RATE = [null, 0.5, 0.7, 0.85] as const;
export const DATA_COMPLETENESS = [null, 0.7, 0.85, 0.95] as const;
export const KPI_CLOSED_DEALS = 20;
export const KPI_WON_DEALS = 5;
export const KPI_SNAPSHOT_WEEKS = [null, null, 1, 13] as const;
export const FORECAST_ACCURACY = [null, null, { accuracy: 0.7, periods: 1 }, { accuracy: 0.85, periods: 2 }] as const;
/** How many recent closed periods the accuracy is averaged over. */
export const ACCURACY_WINDOW = 4;

interface Ladder {
  value: number | null;
  measured: MaturityMessage;
  /** Is the requirement of level `level` (2..5) met? */
  meets(level: Level): boolean;
  /** What it takes to meet `level`. */
  step(level: Level): MaturityMessage;
}

const msg = (key: MessageKey, params: Record<string, MessageParam> = {}): MaturityMessage => ({ key, params });
const pct = (percent: number) => ({ percent });
const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function thresholdLadder(
  rate: number | null,
  thresholds: readonly (number | null)[],
  measured: MaturityMessage,
  step: (target: number, level: Level) => MaturityMessage,
): Ladder {
  return {
    value: rate,
    measured,
    meets: (level) => {
      const need = thresholds[level - 2];
      return need === null || need === undefined || (rate !== null && rate >= need - 1e-9);
    },
    step: (level) => step(thresholds[level - 2] ?? 0, level),
  };
}

function ladders(s: MaturitySignals): Record<MeasuredDimension, Ladder> {
  const stageShare = share(s.stagesWithCriteria, s.workingStages);
  const adoption = share(s.adoption.done, s.adoption.required);
  const data = share(s.completeDeals, s.observedDeals);
  const recent = s.closedPeriodAccuracy.slice(0, ACCURACY_WINDOW).filter((a): a is number => a !== null);
  const accuracy = recent.length ? recent.reduce((sum, a) => sum + Math.max(0, a), 0) / recent.length : null;

  return {
    exitCriteria: thresholdLadder(
      stageShare,
      EXIT_CRITERIA_SHARE,
      msg('maturity.measured.exitCriteria', { with: s.stagesWithCriteria, total: s.workingStages, share: pct(stageShare ?? 0) }),
      (target) => msg('maturity.step.exitCriteria', { count: Math.max(1, Math.ceil(target * s.workingStages - 1e-9) - s.stagesWithCriteria) }),
    ),
    adoption: thresholdLadder(
      adoption,
      ADOPTION_RATE,
      adoption === null ? msg('maturity.measured.adoptionNone') : msg('maturity.measured.adoption', { done: s.adoption.done, required: s.adoption.required, share: pct(adoption) }),
      (target, level) =>
        adoption === null
          ? msg('maturity.step.adoptionNone', { level, target: pct(target) })
          : msg('maturity.step.adoption', { current: pct(adoption), target: pct(target), level }),
    ),
    dataCompleteness: thresholdLadder(
      data,
      DATA_COMPLETENESS,
      data === null ? msg('maturity.measured.dataNone') : msg('maturity.measured.data', { complete: s.completeDeals, total: s.observedDeals, share: pct(data) }),
      (target, level) =>
        data === null
          ? msg('maturity.step.dataNone', { level, target: pct(target) })
          : msg('maturity.step.data', { count: Math.max(1, Math.ceil(target * s.observedDeals - 1e-9) - s.completeDeals), current: pct(data), target: pct(target), level }),
    ),
    kpis: {
      value: s.closedDeals,
      measured: msg('maturity.measured.kpis', { closed: s.closedDeals, won: s.wonDeals, weeks: s.snapshotWeeks }),
      meets: (level) => {
        if (level < 3) return true;
        if (s.closedDeals < KPI_CLOSED_DEALS || s.wonDeals < KPI_WON_DEALS) return false;
        const weeks = KPI_SNAPSHOT_WEEKS[level - 2];
        return weeks === null || weeks === undefined || s.snapshotWeeks >= weeks;
      },
      step: (level) => {
        if (s.closedDeals < KPI_CLOSED_DEALS || s.wonDeals < KPI_WON_DEALS)
          return msg('maturity.step.kpiDeals', { closed: Math.max(0, KPI_CLOSED_DEALS - s.closedDeals), won: Math.max(0, KPI_WON_DEALS - s.wonDeals) });
        if (s.snapshotWeeks === 0) return msg('maturity.step.kpiSnapshots');
        return msg('maturity.step.kpiWeeks', { count: (KPI_SNAPSHOT_WEEKS[level - 2] ?? 0) - s.snapshotWeeks });
      },
    },
    kpiRhythm: rhythmLadder(s.kpiRhythm),
    forecastAccuracy: {
      value: accuracy,
      measured: accuracy === null ? msg('maturity.measured.forecastNone') : msg('maturity.measured.forecast', { share: pct(accuracy), periods: recent.length }),
      meets: (level) => {
        const need = FORECAST_ACCURACY[level - 2];
        if (!need) return true;
        return accuracy !== null && recent.length >= need.periods && accuracy >= need.accuracy - 1e-9;
      },
      step: (level) => {
        const need = FORECAST_ACCURACY[level - 2]!;
        if (recent.length < need.periods) return msg('maturity.step.forecastPeriods', { count: need.periods - recent.length });
        return msg('maturity.step.forecastAccuracy', { current: pct(accuracy ?? 0), target: pct(need.accuracy) });
      },
    },
  };
}

type LtvState = 'Measured' | 'Entered' | 'Churn' | 'Margin' | 'Both';
const ltvState = (r: KpiRhythm): LtvState => (r.met.ltv ? (r.churn === 'measured' ? 'Measured' : 'Entered') : r.churn === null && !r.margin ? 'Both' : r.churn === null ? 'Churn' : 'Margin');

/** What the KPI rhythm measured (lib/kpi/rhythm): each rung's input, as the maturity tab and the KPIs tab show it. */
export function rhythmMeasured(r: KpiRhythm): MaturityMessage {
  return msg('maturity.measured.kpiRhythm', {
    growth: r.growthMonths,
    months: RHYTHM_MONTHS,
    channels: r.channelShare === null ? { message: 'maturity.rhythm.noRevenue' } : pct(r.channelShare),
    spend: r.spendMonths,
    ltv: { message: `maturity.rhythm.ltv${ltvState(r)}` as MessageKey },
  });
}

/** What it takes to climb the first rung the KPI rhythm is missing; null when all four are met. */
export function rhythmStep(r: KpiRhythm): MaturityMessage | null {
  const months = RHYTHM_MONTHS;
  const ltv = ltvState(r);
  switch (RHYTHM_RUNGS.find((id) => !r.met[id])) {
    case 'growth':
      return msg('maturity.step.rhythmGrowth', { have: r.growthMonths, months });
    case 'channels':
      return msg('maturity.step.rhythmChannels', { current: pct(r.channelShare ?? 0), target: pct(CHANNEL_SHARE) });
    case 'cac':
      return msg('maturity.step.rhythmSpend', { have: r.spendMonths, months });
    case 'ltv':
      return msg(`maturity.step.rhythmLtv${ltv === 'Measured' || ltv === 'Entered' ? 'Both' : ltv}` as MessageKey);
    default:
      return null;
  }
}

/** KPI rhythm: level n needs the first n − 1 rungs of lib/kpi/rhythm; the step names the first rung missing. */
function rhythmLadder(r: KpiRhythm): Ladder {
  return {
    value: r.score,
    measured: rhythmMeasured(r),
    meets: (level) => r.score >= level - 1,
    step: () => rhythmStep(r) ?? msg('maturity.step.rhythmLtvBoth'),
  };
}

const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

/** The score of a ladder: how many of levels 2..5 it meets in a row. */
function ladderScore(ladder: Ladder): number {
  let score = 0;
  for (const level of LEVELS.slice(1)) {
    if (!ladder.meets(level)) break;
    score++;
  }
  return score;
}

/** A valid answer (integer 0–4), or null. */
function answerOf(answers: Answers, question: MaturityQuestion): number | null {
  const value = answers[question];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4 ? value : null;
}

export function assessMaturity(signals: MaturitySignals, answers: Answers): MaturityResult {
  const measured = ladders(signals);
  const dimensions: DimensionResult[] = [
    ...MEASURED_DIMENSIONS.map((id): DimensionResult => {
      const score = ladderScore(measured[id]);
      return { id, kind: 'measured', score, level: (score + 1) as Level, value: measured[id].value, measured: measured[id].measured };
    }),
    ...MATURITY_QUESTIONS.map((id): DimensionResult => {
      const answer = answerOf(answers, id);
      const score = answer ?? 0;
      return {
        id,
        kind: 'question',
        score,
        level: (score + 1) as Level,
        value: answer,
        measured: answer === null ? msg('maturity.unanswered') : msg(`maturity.q.${id}.${answer}` as MessageKey),
      };
    }),
  ];

  const lowest = Math.min(...dimensions.map((d) => d.score));
  const level = (lowest + 1) as Level;
  if (level === 5) return { level, dimensions, bottleneck: null, nextSteps: [] };

  const next = (level + 1) as Level;
  const blocking = BOTTLENECK_ORDER.filter((id) => dimensions.find((d) => d.id === id)!.score === lowest);
  const nextSteps = blocking.map((id) => {
    if ((MEASURED_DIMENSIONS as readonly string[]).includes(id)) return { dimension: id, ...measured[id as MeasuredDimension].step(next) };
    return {
      dimension: id,
      ...msg('maturity.step.question', { statement: { message: `maturity.q.${id}.${next - 1}` as MessageKey } }),
    };
  });
  return { level, dimensions, bottleneck: blocking[0]!, nextSteps };
}
