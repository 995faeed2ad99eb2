import { leftStays, type Adoption } from './adoption';
import { conversionFromReached, indexPipelines, reachedFromFurthest, type PipelineIndex } from './conversion';
import { DAY_MS, dayString, monthIndexOf, parseDay, startOfUtcDay } from './dates';
import { actualInPeriod, forecastFigures } from './forecast';
import type { History, HistoryDeal } from './history.schema';
import { inClosedWindow, isStalled } from './rules';
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
// - adoption / adoptionByStage: see ./adoption (left stays in the window, required tasks done by then);
//   a deal marked `untracked` (no checklist known for it) is left out of adoption.
// - money: a deal marked `unpriced` (its currency has no rate) is left out of every money figure —
//   wonValue, lostValue, openValue, weighted, the won-value median and the forecast actuals — and
//   avgWonValue divides by the priced won deals only; counts still include it.
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
  adoption: Adoption;
  /** pipeline id → stage id → adoption; every stage of every pipeline listed. */
  adoptionByStage: Record<string, Record<string, Adoption>>;
}

export interface Scorecard {
  asOf: string;
  team: Metrics;
  owners: Record<string, Metrics>;
}

/** How many deals each rate or average rests on (shown beside it; below MIN_SAMPLE: low confidence). */
export interface Samples {
  /** Won + lost in the window: winRateCount. */
  closed: number;
  /** Won + lost in the window with a known value: winRateValue. */
  closedPriced: number;
  /** Won in the window with a known value: avgWonValue, medianWonValue. */
  wonPriced: number;
  /** Won in the window with a cycle: median/mean cycle, and with the above, velocity. */
  cycles: number;
  /** Open deals: weighted pipeline, stalled. */
  open: number;
  /** Every deal of the group: activitiesPerDeal. */
  deals: number;
}

/** The contract's measures plus what the extension's views show beside them, from the same pass. */
export interface Figures extends Metrics {
  medianWonValue: number | null;
  samples: Samples;
  /** reached(k) per pipeline and stage: the deals each conversion rests on (coaching needs it too). */
  reached: Record<string, Record<string, number>>;
  /** Deals left out of money figures: their currency has no rate. */
  unpricedDeals: number;
}

export interface FiguresCard {
  asOf: string;
  team: Figures;
  owners: Record<string, Figures>;
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
  closedPriced = 0;
  wonValues: number[] = [];
  unpriced = 0;
  /** Per pipeline ordinal, per stage position: required tasks of left stays, and those done in time. */
  required: Int32Array[];
  done: Int32Array[];

  constructor(pipelines: readonly PipelineIndex[]) {
    this.furthest = pipelines.map((p) => new Int32Array(p.pipeline.stages.length));
    this.required = pipelines.map((p) => new Int32Array(p.pipeline.stages.length));
    this.done = pipelines.map((p) => new Int32Array(p.pipeline.stages.length));
  }
}

/** What one deal contributes, worked out once and added to the team and to its owner. */
function addDeal(group: Group, deal: HistoryDeal, furthest: number, pipelineOrdinal: number, inWindow: boolean, cycle: number | null, weight: number, stalled: boolean, month: number): void {
  group.deals++;
  const priced = deal.unpriced !== true;
  if (!priced) group.unpriced++;
  if (furthest >= 0) group.furthest[pipelineOrdinal]![furthest]!++;
  if (deal.status === 'open') {
    group.open++;
    if (priced) {
      group.openValue += deal.value;
      group.weighted += weight;
    }
    if (stalled) group.stalled++;
    return;
  }
  if (deal.status === 'won') {
    if (month >= 0 && priced) group.wonByMonth.set(month, (group.wonByMonth.get(month) ?? 0) + deal.value);
    if (!inWindow) return;
    group.won++;
    if (priced) {
      group.wonValue += deal.value;
      group.wonValues.push(deal.value);
      group.closedPriced++;
    }
    if (cycle !== null) group.cycles.push(cycle);
  } else if (inWindow) {
    group.lost++;
    if (priced) {
      group.lostValue += deal.value;
      group.closedPriced++;
    }
  }
}

/** Adds one left stay's required tasks (and those done by then) to a group's per-stage counts. */
function addStay(group: Group, pipelineOrdinal: number, position: number, required: number, done: number): void {
  group.required[pipelineOrdinal]![position]! += required;
  group.done[pipelineOrdinal]![position]! += done;
}

const adoptionOf = (required: number, done: number): Adoption => ({ done, required, rate: ratio(done, required) });

function finish(group: Group, pipelines: readonly PipelineIndex[]): Figures {
  const winRateCount = ratio(group.won, group.won + group.lost);
  const avgWonValue = ratio(group.wonValue, group.wonValues.length);
  const meanCycleDays = mean(group.cycles);
  let velocityPerDay: number | null;
  if (group.open === 0) velocityPerDay = 0;
  else if (winRateCount === null || avgWonValue === null || meanCycleDays === null || meanCycleDays === 0) velocityPerDay = null;
  else velocityPerDay = (group.open * winRateCount * avgWonValue) / meanCycleDays;

  const forecastAccuracy: [string, number | null][] = [];
  for (const [period, forecast] of group.forecasts) forecastAccuracy.push([period, forecastFigures(forecast, actualInPeriod(group.wonByMonth, period)).accuracy]);

  let required = 0;
  let done = 0;
  const adoptionByStage: Record<string, Record<string, Adoption>> = {};
  const reached: Record<string, Record<string, number>> = {};
  pipelines.forEach((p, i) => {
    const stages: [string, Adoption][] = [];
    const reachedAt = reachedFromFurthest(group.furthest[i]!);
    p.pipeline.stages.forEach((stage, k) => {
      const r = group.required[i]![k]!;
      const d = group.done[i]![k]!;
      required += r;
      done += d;
      stages.push([stage.id, adoptionOf(r, d)]);
    });
    adoptionByStage[p.pipeline.id] = Object.fromEntries(stages);
    reached[p.pipeline.id] = Object.fromEntries(p.pipeline.stages.map((stage, k) => [stage.id, reachedAt[k]!]));
  });

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
    adoption: adoptionOf(required, done),
    adoptionByStage,
    medianWonValue: median(group.wonValues),
    samples: { closed: group.won + group.lost, closedPriced: group.closedPriced, wonPriced: group.wonValues.length, cycles: group.cycles.length, open: group.open, deals: group.deals },
    reached,
    unpricedDeals: group.unpriced,
  };
}

/** The contract's measures, in the contract's order: what the command prints for each group. */
export const CONTRACT_KEYS = [
  'won', 'lost', 'winRateCount', 'winRateValue', 'avgWonValue', 'medianCycleDays', 'meanCycleDays', 'open', 'openValue',
  'weightedPipeline', 'stalled', 'velocityPerDay', 'stageConversion', 'activitiesPerDeal', 'forecastAccuracy', 'adoption', 'adoptionByStage',
] as const satisfies readonly (keyof Metrics)[];

/** The contract's keys of a group's figures (anything the views add beside them left out). */
export function contractMetrics(figures: Metrics): Metrics {
  return Object.fromEntries(CONTRACT_KEYS.map((key) => [key, figures[key]])) as unknown as Metrics;
}

const isDays = (options: ScorecardOptions | ScorecardDays): options is ScorecardDays => !('toExclusive' in options);

/**
 * The contract's output for a validated history. `options` is either epoch-ms options or the
 * command's days ({ asOf?, from?, to? } as `YYYY-MM-DD`; asOf defaults to today, UTC).
 */
export function computeScorecard(history: History, options: ScorecardOptions | ScorecardDays = {}): Scorecard {
  const card = computeFigures(history, options);
  return {
    asOf: card.asOf,
    team: contractMetrics(card.team),
    owners: Object.fromEntries(Object.entries(card.owners).map(([name, figures]) => [name, contractMetrics(figures)])),
  };
}

/** Every figure of the team and of each owner, in one pass: the scorecard contract plus what the views show beside it. */
export function computeFigures(history: History, options: ScorecardOptions | ScorecardDays = {}): FiguresCard {
  const window = isDays(options) ? scorecardOptions(options, new Date()) : options;
  const { asOf } = window;
  const index = indexPipelines(history.pipelines);
  const pipelines = [...index.values()];
  const needMonths = history.forecasts.length > 0;

  // Adoption needs each stage's required tasks and each deal's done checklist items.
  const requiredAt = pipelines.map((p) => p.pipeline.stages.map((stage) => stage.requiredTasks ?? []));
  const anyRequired = requiredAt.some((stages) => stages.some((tasks) => tasks.length > 0));
  const doneByDeal = new Map<string, Map<string, number>>();
  if (anyRequired) {
    for (const row of history.checklist ?? []) {
      let done = doneByDeal.get(row.dealId);
      if (!done) doneByDeal.set(row.dealId, (done = new Map()));
      done.set(`${row.stage}\u0000${row.task}`, row.doneAt);
    }
  }

  const team = new Group(pipelines);
  const owners = new Map<string, Group>();
  for (const deal of history.deals) {
    const pipeline = index.get(deal.pipeline);
    if (!pipeline) throw new RangeError(`deal ${deal.id}: unknown pipeline "${deal.pipeline}"`); // validation prevents this
    let owner = owners.get(deal.owner);
    if (!owner) owners.set(deal.owner, (owner = new Group(pipelines)));

    const closedAt = deal.closedAt;
    const inWindow = inClosedWindow(closedAt, window);
    const cycle = deal.status === 'won' && inWindow && closedAt !== null ? (closedAt - deal.createdAt) / DAY_MS : null;
    const month = needMonths && deal.status === 'won' && closedAt !== null ? monthIndexOf(closedAt) : -1;
    let weight = 0;
    let stalled = false;
    let furthest: number;
    if (deal.status === 'open') {
      const current = deal.stageHistory[deal.stageHistory.length - 1];
      if (current) {
        weight = deal.value * (pipeline.probability.get(current.stage) ?? 0);
        stalled = isStalled(current.enteredAt, pipeline.rotDays.get(current.stage), asOf);
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

    if (anyRequired && !deal.untracked) {
      const done = doneByDeal.get(deal.id);
      for (const stay of leftStays(deal)) {
        if (!inClosedWindow(stay.leftAt, window)) continue;
        const position = pipeline.position.get(stay.stage);
        if (position === undefined) continue;
        const tasks = requiredAt[pipeline.ordinal]![position]!;
        if (!tasks.length) continue;
        let doneInTime = 0;
        for (const task of tasks) {
          const at = done?.get(`${stay.stage}\u0000${task}`);
          if (at !== undefined && at <= stay.leftAt) doneInTime++;
        }
        addStay(team, pipeline.ordinal, position, tasks.length, doneInTime);
        addStay(owner, pipeline.ordinal, position, tasks.length, doneInTime);
      }
    }
  }

  // Activities counted while reading (the command keeps no activity objects) or counted here.
  if (history.activityCounts) {
    team.activities = history.activityCounts.total;
    for (const [name, count] of history.activityCounts.byOwner) {
      const owner = owners.get(name);
      if (owner) owner.activities += count;
    }
  } else {
    team.activities = history.activities.length;
    for (const activity of history.activities) {
      const owner = owners.get(activity.owner);
      if (owner) owner.activities++;
    }
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
