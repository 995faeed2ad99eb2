import type { History, HistoryDeal, HistoryPipeline } from './history';
import { periodRange } from './history';
import { DAY_MS, mean, median, ratio } from './stats';

// The scorecard contract: one set of measures for the team and one per owner, computed the same way
// everywhere (the `scorecard` command, the side panel and the team view). Linear in deals and
// activities: deals are grouped by owner once, stage positions are precomputed per pipeline.

export interface ScorecardOptions {
  /** Start of the as-of day, epoch ms (UTC). */
  asOf: number;
  /** Closed-deal window, epoch ms: from ≤ closedAt < toExclusive. Null = unbounded. */
  from: number | null;
  toExclusive: number | null;
}

export interface Metrics {
  won: number;
  lost: number;
  winRateCount: number | null;
  winRateValue: number | null;
  avgWonValue: number | null;
  medianCycleDays: number | null;
  meanCycleDays: number | null;
  open: number;
  openValue: number;
  weightedPipeline: number;
  stalled: number;
  velocityPerDay: number | null;
  stageConversion: Record<string, Record<string, number | null>>;
  activitiesPerDeal: number | null;
  forecastAccuracy: Record<string, number | null>;
}

export interface Scorecard {
  asOf: string;
  team: Metrics;
  owners: Record<string, Metrics>;
}

export interface PipelineIndex {
  pipeline: HistoryPipeline;
  position: Map<string, number>;
  probability: Map<string, number>;
  rotDays: Map<string, number | null>;
}

export function indexPipelines(pipelines: readonly HistoryPipeline[]): Map<string, PipelineIndex> {
  return new Map(
    pipelines.map((pipeline) => [
      pipeline.id,
      {
        pipeline,
        position: new Map(pipeline.stages.map((s, i) => [s.id, i])),
        probability: new Map(pipeline.stages.map((s) => [s.id, s.probability])),
        rotDays: new Map(pipeline.stages.map((s) => [s.id, s.rotDays])),
      },
    ]),
  );
}

function inWindow(closedAt: number | null, options: ScorecardOptions): boolean {
  if (options.from === null && options.toExclusive === null) return true;
  if (closedAt === null) return false;
  return (options.from === null || closedAt >= options.from) && (options.toExclusive === null || closedAt < options.toExclusive);
}

/**
 * reached(k) per pipeline and stage: deals whose history ever entered a stage at position ≥ k, or
 * that are won (a won deal has passed every stage). Moving back keeps what was reached.
 */
export function reachedByStage(deals: readonly HistoryDeal[], pipelines: ReadonlyMap<string, PipelineIndex>): Record<string, Record<string, number>> {
  const furthest = new Map<string, number[]>();
  for (const [id, index] of pipelines) furthest.set(id, new Array(index.pipeline.stages.length).fill(0));
  for (const deal of deals) {
    const index = pipelines.get(deal.pipeline)!;
    let max = -1;
    if (deal.status === 'won') max = index.pipeline.stages.length - 1;
    else for (const entry of deal.stageHistory) max = Math.max(max, index.position.get(entry.stage)!);
    if (max >= 0) furthest.get(deal.pipeline)![max]!++;
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [id, index] of pipelines) {
    const counts = furthest.get(id)!;
    const perStage: Record<string, number> = {};
    let running = 0;
    for (let k = counts.length - 1; k >= 0; k--) {
      running += counts[k]!;
      perStage[index.pipeline.stages[k]!.id] = running;
    }
    out[id] = perStage;
  }
  return out;
}

/** The measures of one group of deals (the team, or one owner's deals). */
export function computeMetrics(
  deals: readonly HistoryDeal[],
  activityCount: number,
  forecasts: ReadonlyMap<string, number>,
  pipelines: ReadonlyMap<string, PipelineIndex>,
  options: ScorecardOptions,
): Metrics {
  let won = 0, lost = 0, wonValue = 0, lostValue = 0;
  let open = 0, openValue = 0, weightedPipeline = 0, stalled = 0;
  const cycles: number[] = [];
  const wonByPeriodDeals: HistoryDeal[] = [];

  for (const deal of deals) {
    const index = pipelines.get(deal.pipeline)!;
    if (deal.status === 'won') wonByPeriodDeals.push(deal);
    if (deal.status !== 'open' && inWindow(deal.closedAt, options)) {
      if (deal.status === 'won') {
        won++;
        wonValue += deal.value;
        if (deal.closedAt !== null) cycles.push((deal.closedAt - deal.createdAt) / DAY_MS);
      } else {
        lost++;
        lostValue += deal.value;
      }
    }
    const current = deal.stageHistory.length ? deal.stageHistory[deal.stageHistory.length - 1]! : null;
    if (deal.status === 'open') {
      open++;
      openValue += deal.value;
      if (current) {
        weightedPipeline += deal.value * (index.probability.get(current.stage) ?? 0);
        const rot = index.rotDays.get(current.stage);
        if (rot !== null && rot !== undefined && (options.asOf - current.enteredAt) / DAY_MS > rot) stalled++;
      }
    }
  }

  const reached = reachedByStage(deals, pipelines);
  const stageConversion: Metrics['stageConversion'] = {};
  for (const [pipelineId, index] of pipelines) {
    const counts = reached[pipelineId]!;
    const conversions: Record<string, number | null> = {};
    index.pipeline.stages.forEach((stage, k) => {
      const next = index.pipeline.stages[k + 1];
      if (next) conversions[stage.id] = ratio(counts[next.id]!, counts[stage.id]!);
    });
    stageConversion[pipelineId] = conversions;
  }

  const forecastAccuracy: Metrics['forecastAccuracy'] = {};
  for (const [period, forecast] of forecasts) {
    const [start, end] = periodRange(period)!;
    let actual = 0;
    for (const deal of wonByPeriodDeals) if (deal.closedAt !== null && deal.closedAt >= start && deal.closedAt < end) actual += deal.value;
    forecastAccuracy[period] = actual === 0 ? null : 1 - Math.abs(actual - forecast) / actual;
  }

  const winRateCount = ratio(won, won + lost);
  const avgWonValue = won ? wonValue / won : null;
  const meanCycleDays = mean(cycles);
  let velocityPerDay: number | null;
  if (open === 0) velocityPerDay = 0;
  else if (winRateCount === null || avgWonValue === null || meanCycleDays === null || meanCycleDays === 0) velocityPerDay = null;
  else velocityPerDay = (open * winRateCount * avgWonValue) / meanCycleDays;

  return {
    won,
    lost,
    winRateCount,
    winRateValue: ratio(wonValue, wonValue + lostValue),
    avgWonValue,
    medianCycleDays: median(cycles),
    meanCycleDays,
    open,
    openValue,
    weightedPipeline,
    stalled,
    velocityPerDay,
    stageConversion,
    activitiesPerDeal: deals.length ? activityCount / deals.length : null,
    forecastAccuracy,
  };
}

export function computeScorecard(history: History, options: ScorecardOptions): Scorecard {
  const pipelines = indexPipelines(history.pipelines);
  const byOwner = new Map<string, HistoryDeal[]>();
  for (const deal of history.deals) {
    let list = byOwner.get(deal.owner);
    if (!list) byOwner.set(deal.owner, (list = []));
    list.push(deal);
  }
  const activitiesByOwner = new Map<string, number>();
  for (const activity of history.activities) activitiesByOwner.set(activity.owner, (activitiesByOwner.get(activity.owner) ?? 0) + 1);
  // Forecast rows summed per owner and period; the team sums every owner's rows per period.
  const teamForecasts = new Map<string, number>();
  const ownerForecasts = new Map<string, Map<string, number>>();
  for (const row of history.forecasts) {
    teamForecasts.set(row.period, (teamForecasts.get(row.period) ?? 0) + row.amount);
    let rows = ownerForecasts.get(row.owner);
    if (!rows) ownerForecasts.set(row.owner, (rows = new Map()));
    rows.set(row.period, (rows.get(row.period) ?? 0) + row.amount);
  }

  const owners: Record<string, Metrics> = {};
  for (const [owner, deals] of byOwner) {
    owners[owner] = computeMetrics(deals, activitiesByOwner.get(owner) ?? 0, ownerForecasts.get(owner) ?? new Map(), pipelines, options);
  }
  return {
    asOf: new Date(options.asOf).toISOString().slice(0, 10),
    team: computeMetrics(history.deals, history.activities.length, teamForecasts, pipelines, options),
    owners,
  };
}

/** `YYYY-MM-DD` → options (UTC days; `to` inclusive). asOf defaults to today (UTC). */
export function scorecardOptions(input: { asOf?: string; from?: string; to?: string }, now: Date): ScorecardOptions {
  const day = (text: string) => Date.parse(`${text}T00:00:00Z`);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    asOf: input.asOf ? day(input.asOf) : today,
    from: input.from ? day(input.from) : null,
    toExclusive: input.to ? day(input.to) + DAY_MS : null,
  };
}
