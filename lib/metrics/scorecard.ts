import { conversionFromReached, indexPipelines, reachedFromFurthest, type PipelineIndex } from './conversion';
import { DAY_MS, dayString, monthIndexOf, parseDay, startOfUtcDay } from './dates';
import { actualInPeriod, forecastFigures } from './forecast';
import type { History, HistoryDeal } from './history.schema';
import { mean, median, ratio } from './stats';

// The scorecard contract: one set of measures for the team and one per owner, computed the same way
// everywhere (the `scorecard` command, the side panel, the team view).
//
// Readings that decide the figures:
// - The closed-deal window [from, toExclusive) filters won, lost, the win rates, avgWonValue and the
//   cycle days (so velocity's win rate, size and cycle) only; with no bound every won/lost deal
//   counts (even one without closedAt, which then has no cycle); with a bound a deal needs a
//   closedAt inside it.
// - open, openValue, weightedPipeline and stalled look at deals with status open; the current stage
//   is the LAST stageHistory entry (the file is chronological). No entry: weight 0, never stalled.
//   stalled: (asOf − enteredAt) / 86 400 000 > rotDays, strictly; a stage without rotDays never stalls.
// - velocityPerDay = open × winRateCount × avgWonValue / meanCycleDays; 0 when nothing is open
//   (whatever the other factors), else null when a factor is null or meanCycleDays = 0.
// - stageConversion: see ./conversion (all deals of the group, every status, any creation date).
// - activitiesPerDeal: team = every activity / every deal; owner = activities whose `owner` is that
//   owner / that owner's deals. Activities of people without deals count for the team only.
// - forecastAccuracy: see ./forecast. An owner lists their own forecast periods (rows of one period
//   summed) against their own wins; the team lists every period of any row against all wins.
// - owners: every owner that appears on a deal, in order of first appearance.
//
// Cost: one pass over deals (each deal's facts are worked out once and added to the team and to its
// owner), one over activities, then per group a sort of its cycle days for the median.

export interface ScorecardOptions {
  /** Epoch ms the stalled measure looks from; the command passes 00:00Z of the as-of day. */
  asOf: number;
  /** Closed-deal window, epoch ms: from ≤ closedAt < toExclusive. Null = unbounded. */
  from: number | null;
  toExclusive: number | null;
}

/** The command's arguments: UTC days `YYYY-MM-DD`, `to` inclusive; asOf defaults to today (UTC). */
export interface ScorecardDays {
  asOf?: string;
  from?: string;
  to?: string;
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

export { indexPipelines, reachedByStage, type PipelineIndex } from './conversion';

function parseDayOrThrow(text: string, name: string): number {
  const ms = parseDay(text);
  if (ms === null) throw new RangeError(`${name}: "${text}" is not a date YYYY-MM-DD`);
  return ms;
}

/** `YYYY-MM-DD` days → options (UTC; `to` inclusive: toExclusive = to + 1 day 00:00Z). asOf defaults to today (UTC). */
export function scorecardOptions(input: ScorecardDays, now: Date): ScorecardOptions {
  return {
    asOf: input.asOf ? parseDayOrThrow(input.asOf, 'asOf') : startOfUtcDay(now.getTime()),
    from: input.from ? parseDayOrThrow(input.from, 'from') : null,
    toExclusive: input.to ? parseDayOrThrow(input.to, 'to') + DAY_MS : null,
  };
}

/** Running totals of one group (the team, or one owner). */
class Group {
  deals = 0;
  activities = 0;
  won = 0;
  lost = 0;
  wonValue = 0;
  lostValue = 0;
  cycles: number[] = [];
  open = 0;
  openValue = 0;
  weighted = 0;
  stalled = 0;
  /** Per pipeline ordinal: deals per furthest stage position. */
  furthest: Int32Array[];
  /** Won value per month index, for forecast actuals (all won deals; the window does not apply). */
  wonByMonth = new Map<number, number>();
  forecasts = new Map<string, number>();

  constructor(pipelines: readonly PipelineIndex[]) {
    this.furthest = pipelines.map((p) => new Int32Array(p.pipeline.stages.length));
  }
}

/** What one deal contributes, worked out once and added to the team and to its owner. */
function addDeal(group: Group, deal: HistoryDeal, furthest: number, pipelineOrdinal: number, inWindow: boolean, cycle: number | null, weight: number, stalled: boolean, month: number): void {
  group.deals++;
  if (furthest >= 0) group.furthest[pipelineOrdinal]![furthest]!++;
  if (deal.status === 'open') {
    group.open++;
    group.openValue += deal.value;
    group.weighted += weight;
    if (stalled) group.stalled++;
    return;
  }
  if (deal.status === 'won') {
    if (month >= 0) group.wonByMonth.set(month, (group.wonByMonth.get(month) ?? 0) + deal.value);
    if (!inWindow) return;
    group.won++;
    group.wonValue += deal.value;
    if (cycle !== null) group.cycles.push(cycle);
  } else if (inWindow) {
    group.lost++;
    group.lostValue += deal.value;
  }
}

function finish(group: Group, pipelines: readonly PipelineIndex[]): Metrics {
  const winRateCount = ratio(group.won, group.won + group.lost);
  const avgWonValue = ratio(group.wonValue, group.won);
  const meanCycleDays = mean(group.cycles);
  let velocityPerDay: number | null;
  if (group.open === 0) velocityPerDay = 0;
  else if (winRateCount === null || avgWonValue === null || meanCycleDays === null || meanCycleDays === 0) velocityPerDay = null;
  else velocityPerDay = (group.open * winRateCount * avgWonValue) / meanCycleDays;

  const forecastAccuracy: [string, number | null][] = [];
  for (const [period, forecast] of group.forecasts) forecastAccuracy.push([period, forecastFigures(forecast, actualInPeriod(group.wonByMonth, period)).accuracy]);

  return {
    won: group.won,
    lost: group.lost,
    winRateCount,
    winRateValue: ratio(group.wonValue, group.wonValue + group.lostValue),
    avgWonValue,
    medianCycleDays: median(group.cycles),
    meanCycleDays,
    open: group.open,
    openValue: group.openValue,
    weightedPipeline: group.weighted,
    stalled: group.stalled,
    velocityPerDay,
    stageConversion: Object.fromEntries(pipelines.map((p, i) => [p.pipeline.id, conversionFromReached(p.pipeline, reachedFromFurthest(group.furthest[i]!))])),
    activitiesPerDeal: ratio(group.activities, group.deals),
    forecastAccuracy: Object.fromEntries(forecastAccuracy),
  };
}

const isDays = (options: ScorecardOptions | ScorecardDays): options is ScorecardDays => !('toExclusive' in options);

/**
 * The contract's output for a validated history. `options` is either epoch-ms options or the
 * command's days ({ asOf?, from?, to? } as `YYYY-MM-DD`; asOf defaults to today, UTC).
 */
export function computeScorecard(history: History, options: ScorecardOptions | ScorecardDays = {}): Scorecard {
  const { asOf, from, toExclusive } = isDays(options) ? scorecardOptions(options, new Date()) : options;
  const index = indexPipelines(history.pipelines);
  const pipelines = [...index.values()];
  const bounded = from !== null || toExclusive !== null;
  const needMonths = history.forecasts.length > 0;

  const team = new Group(pipelines);
  const owners = new Map<string, Group>();
  for (const deal of history.deals) {
    const pipeline = index.get(deal.pipeline);
    if (!pipeline) throw new RangeError(`deal ${deal.id}: unknown pipeline "${deal.pipeline}"`); // validation prevents this
    let owner = owners.get(deal.owner);
    if (!owner) owners.set(deal.owner, (owner = new Group(pipelines)));

    const closedAt = deal.closedAt;
    const inWindow = !bounded || (closedAt !== null && (from === null || closedAt >= from) && (toExclusive === null || closedAt < toExclusive));
    const cycle = deal.status === 'won' && inWindow && closedAt !== null ? (closedAt - deal.createdAt) / DAY_MS : null;
    const month = needMonths && deal.status === 'won' && closedAt !== null ? monthIndexOf(closedAt) : -1;
    let weight = 0;
    let stalled = false;
    let furthest: number;
    if (deal.status === 'open') {
      const current = deal.stageHistory[deal.stageHistory.length - 1];
      if (current) {
        weight = deal.value * (pipeline.probability.get(current.stage) ?? 0);
        const rotDays = pipeline.rotDays.get(current.stage);
        stalled = rotDays !== null && rotDays !== undefined && (asOf - current.enteredAt) / DAY_MS > rotDays;
      }
    }
    if (deal.status === 'won') furthest = pipeline.pipeline.stages.length - 1;
    else {
      furthest = -1;
      for (const entry of deal.stageHistory) {
        const at = pipeline.position.get(entry.stage) ?? -1;
        if (at > furthest) furthest = at;
      }
    }
    addDeal(team, deal, furthest, pipeline.ordinal, inWindow, cycle, weight, stalled, month);
    addDeal(owner, deal, furthest, pipeline.ordinal, inWindow, cycle, weight, stalled, month);
  }

  team.activities = history.activities.length;
  for (const activity of history.activities) {
    const owner = owners.get(activity.owner);
    if (owner) owner.activities++;
  }
  for (const row of history.forecasts) {
    team.forecasts.set(row.period, (team.forecasts.get(row.period) ?? 0) + row.amount);
    const owner = owners.get(row.owner);
    if (owner) owner.forecasts.set(row.period, (owner.forecasts.get(row.period) ?? 0) + row.amount);
  }

  return {
    asOf: dayString(asOf),
    team: finish(team, pipelines),
    owners: Object.fromEntries([...owners].map(([name, group]) => [name, finish(group, pipelines)])),
  };
}
