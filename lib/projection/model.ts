import { breakdowns } from '../metrics/breakdown';
import { indexPipelines, stageConversion } from '../metrics/conversion';
import { cycleDays } from '../metrics/cycle';
import { DAY_MS, monthIndexOf } from '../metrics/dates';
import type { History, HistoryDeal } from '../metrics/history.schema';
import { computeScorecard } from '../metrics/scorecard';

// What the projection measures on the team's own history, as known at `asOf` (pure; no clock).
//
// Open deals — the chance a deal in its stage and age wins, and when:
//   For each stage, the closed deals (with a close date) that were in it: how long they stayed
//   (until their next stage, or their close), whether they won, and days from entering it to the
//   close. An open deal that has been `a` days in its stage is compared with the closed deals that
//   stayed at least `a` days there (the ones that got as old as it), at least REFERENCE_DEALS of
//   them (else the REFERENCE_DEALS that stayed longest). Its win probability is their win share,
//   shrunk a little towards the pipeline's win rate (PRIOR_WEIGHT deals' worth) so ten deals do
//   not give 0 % or 100 %; its time to close is one of their remaining times (days from entering
//   to closing, less the `a` days already spent, never less than the time they still took after
//   leaving the stage). A stage with fewer than REFERENCE_DEALS closed deals — or a deal without a
//   stage — uses the pipeline instead (deal age since creation, full cycle).
// New deals (not created yet) per pipeline:
//   rate: deals created in the last 365 days ÷ 365 (or over the history, when shorter), per day;
//   seasonality: with more than 12 full months of history, each calendar month's mean count of new
//     deals ÷ the mean over every full month (team-wide), shrunk towards 1 by how much of that
//     spread chance alone explains (Poisson counts); 1 for every month otherwise;
//   win rate, deal sizes and cycles: the metrics' win rate (won ÷ (won + lost)) and the won values
//     and cycles of deals closed in the last 365 days; all closed deals when that window has fewer
//     than POOL_MIN_WON won; the whole team's when the pipeline has fewer than that in all.
//   A pipeline's new deals are shared among reps and products as the last 365 days' were: reps by
//   deals they created, products by won deals.
// Too little history (below PROJECTION_MIN) gives what is missing instead of a model.

export const PROJECTION_MIN = { months: 6, closed: 20, won: 10 } as const;
export const REFERENCE_DEALS = 10;
export const PRIOR_WEIGHT = 2;
export const POOL_MIN_WON = 5;
export const RATE_WINDOW_DAYS = 365;
/** Average days per month, to say "deals a month". */
export const DAYS_PER_MONTH = 365.2425 / 12;

export type MissingHistory = { what: 'months' | 'closed' | 'won'; have: number; need: number };

/** One closed deal's passage through a stage (or through the pipeline: from creation). */
interface Passage {
  /** Days it stayed (in the stage; or its whole life). */
  stayed: number;
  won: boolean;
  /** Days from entering to the close. */
  toClose: number;
}

/** The closed deals that were in a stage (or pipeline), longest stay first. */
export interface ReferenceGroup {
  key: string;
  passages: Passage[];
  won: number;
  lost: number;
}

export interface OpenDealModel {
  deal: HistoryDeal;
  /** Position of its current stage in the pipeline (-1: none). */
  position: number;
  basis: 'stage' | 'pipeline';
  /** Age in the stage (or since creation) at asOf, days. */
  age: number;
  reference: number;
  winProbability: number;
  /** Remaining days to the close if it wins (samples). */
  remaining: number[];
  group: ReferenceGroup;
}

export interface NewDealModel {
  pipeline: string;
  /** New deals a day in the rate window. */
  perDay: number;
  /** Deals created in the rate window and its length (days). */
  created: number;
  windowDays: number;
  winRate: number;
  won: number;
  lost: number;
  sizes: number[];
  cycles: number[];
  /** Whether the win rate, sizes and cycles are the whole team's (too few of the pipeline's own). */
  pooled: boolean;
  /** Shares of new deals by rep (created) and by product (won count and value), summing to 1. */
  owners: [string, number][];
  products: { product: string; countShare: number; valueShare: number }[];
}

export interface ProjectionModel {
  asOf: number;
  /** Full calendar months of history before asOf. */
  monthsOfHistory: number;
  /** Seasonal factor per calendar month (0 = January); all 1 without seasonality. */
  seasonality: number[];
  seasonal: boolean;
  open: OpenDealModel[];
  pipelines: NewDealModel[];
  /** Per pipeline: the stage with the lowest conversion (reached ≥ REFERENCE_DEALS), for the drivers. */
  weakestStage: Record<string, { stage: string; position: number; conversion: number } | null>;
  closed: number;
  won: number;
}

const isTimedClosed = (d: HistoryDeal) => d.status !== 'open' && d.closedAt !== null;

function sortGroup(group: ReferenceGroup): ReferenceGroup {
  group.passages.sort((a, b) => b.stayed - a.stayed);
  return group;
}

/** How many passages stayed at least `age` days (a prefix of the longest-first list). */
function stayedAtLeast(passages: readonly Passage[], age: number): number {
  let lo = 0;
  let hi = passages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (passages[mid]!.stayed >= age) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Full calendar months from the first deal's month (excluded: it is partial) to asOf's month (excluded). */
function fullMonths(deals: readonly HistoryDeal[], asOf: number): { first: number; last: number } | null {
  let firstCreated = Infinity;
  for (const d of deals) if (d.createdAt < firstCreated) firstCreated = d.createdAt;
  if (!Number.isFinite(firstCreated)) return null;
  return { first: monthIndexOf(firstCreated) + 1, last: monthIndexOf(asOf) - 1 };
}

/** What is missing for a projection (empty: enough). */
export function missingHistory(history: History, asOf: number): MissingHistory[] {
  const months = fullMonths(history.deals, asOf);
  const span = months ? Math.max(0, months.last - months.first + 1) : 0;
  const closed = history.deals.filter((d) => d.status !== 'open').length;
  const won = history.deals.filter((d) => d.status === 'won').length;
  const out: MissingHistory[] = [];
  if (span < PROJECTION_MIN.months) out.push({ what: 'months', have: span, need: PROJECTION_MIN.months });
  if (closed < PROJECTION_MIN.closed) out.push({ what: 'closed', have: closed, need: PROJECTION_MIN.closed });
  if (won < PROJECTION_MIN.won) out.push({ what: 'won', have: won, need: PROJECTION_MIN.won });
  return out;
}

function seasonalFactors(deals: readonly HistoryDeal[], asOf: number): { factors: number[]; seasonal: boolean; months: number } {
  const flat = { factors: new Array<number>(12).fill(1), seasonal: false };
  const span = fullMonths(deals, asOf);
  if (!span || span.last < span.first) return { ...flat, months: 0 };
  const months = span.last - span.first + 1;
  if (months <= 12) return { ...flat, months };
  const counts = new Array<number>(months).fill(0);
  for (const d of deals) {
    const m = monthIndexOf(d.createdAt);
    if (m >= span.first && m <= span.last) counts[m - span.first]!++;
  }
  const overall = counts.reduce((s, c) => s + c, 0) / months;
  if (overall === 0) return { ...flat, months };
  const sum = new Array<number>(12).fill(0);
  const seen = new Array<number>(12).fill(0);
  counts.forEach((c, i) => {
    const calendar = (span.first + i) % 12;
    sum[calendar]! += c;
    seen[calendar]!++;
  });
  // Shrunk towards 1 (empirical Bayes): a month seen twice with ~20 deals is ±16 % by chance alone,
  // so only the spread beyond that chance counts. weight = real spread ÷ (real spread + chance).
  const raw = sum.map((s, m) => (seen[m] ? s / seen[m]! / overall : 1));
  const chance = sum.reduce((v, _, m) => v + (seen[m] ? 1 / (seen[m]! * overall) : 0), 0) / 12;
  const spread = raw.reduce((v, f) => v + (f - 1) * (f - 1), 0) / 12;
  const weight = spread > chance ? (spread - chance) / spread : 0;
  if (weight === 0) return { ...flat, months };
  return { factors: raw.map((f) => 1 + (f - 1) * weight), seasonal: true, months };
}

/** Measures the model; null with what is missing when the history is too short. */
export function measureModel(history: History, asOf: number): { model: ProjectionModel; missing: [] } | { model: null; missing: MissingHistory[] } {
  const missing = missingHistory(history, asOf);
  if (missing.length) return { model: null, missing };
  const index = indexPipelines(history.pipelines);
  const { factors, seasonal, months } = seasonalFactors(history.deals, asOf);

  // Reference groups per stage and per pipeline, from closed deals with a close date.
  const stageGroups = new Map<string, ReferenceGroup>();
  const pipelineGroups = new Map<string, ReferenceGroup>();
  const group = (map: Map<string, ReferenceGroup>, key: string) => {
    let g = map.get(key);
    if (!g) map.set(key, (g = { key, passages: [], won: 0, lost: 0 }));
    return g;
  };
  for (const deal of history.deals) {
    if (!isTimedClosed(deal)) continue;
    const closedAt = deal.closedAt!;
    const won = deal.status === 'won';
    const whole = group(pipelineGroups, deal.pipeline);
    whole.passages.push({ stayed: (closedAt - deal.createdAt) / DAY_MS, won, toClose: (closedAt - deal.createdAt) / DAY_MS });
    whole[won ? 'won' : 'lost']++;
    // The last visit of each stage.
    const last = new Map<string, number>();
    deal.stageHistory.forEach((entry, i) => last.set(entry.stage, i));
    for (const [stage, i] of last) {
      const entry = deal.stageHistory[i]!;
      const left = deal.stageHistory[i + 1]?.enteredAt ?? closedAt;
      const g = group(stageGroups, `${deal.pipeline}\u0000${stage}`);
      g.passages.push({ stayed: Math.max(0, (left - entry.enteredAt) / DAY_MS), won, toClose: Math.max(0, (closedAt - entry.enteredAt) / DAY_MS) });
      g[won ? 'won' : 'lost']++;
    }
  }
  for (const g of stageGroups.values()) sortGroup(g);
  for (const g of pipelineGroups.values()) sortGroup(g);

  // The metrics' win rate, per pipeline and for the team, over the rate window and over all time.
  const windowStart = asOf - RATE_WINDOW_DAYS * DAY_MS;
  const recent = breakdowns(history, { asOf, from: windowStart, toExclusive: asOf });
  const allTime = breakdowns(history, { asOf, from: null, toExclusive: asOf });
  const teamAll = computeScorecard(history, { asOf, from: null, toExclusive: asOf }).team;
  const teamWinRate = teamAll.winRateCount ?? 0;
  const pipelineWinRate = (id: string) => allTime.pipeline[id]?.winRateCount ?? teamWinRate;

  const open: OpenDealModel[] = [];
  for (const deal of history.deals) {
    if (deal.status !== 'open') continue;
    const pipeline = index.get(deal.pipeline);
    const current = deal.stageHistory[deal.stageHistory.length - 1];
    const position = current && pipeline ? (pipeline.position.get(current.stage) ?? -1) : -1;
    const byStage = current ? stageGroups.get(`${deal.pipeline}\u0000${current.stage}`) : undefined;
    const useStage = byStage !== undefined && byStage.passages.length >= REFERENCE_DEALS;
    const g = useStage ? byStage : pipelineGroups.get(deal.pipeline);
    const age = Math.max(0, (asOf - (useStage ? current!.enteredAt : deal.createdAt)) / DAY_MS);
    if (!g || g.passages.length === 0) {
      open.push({ deal, position, basis: 'pipeline', age, reference: 0, winProbability: 0, remaining: [], group: { key: deal.pipeline, passages: [], won: 0, lost: 0 } });
      continue;
    }
    const n = Math.min(g.passages.length, Math.max(REFERENCE_DEALS, stayedAtLeast(g.passages, age)));
    let won = 0;
    const remaining: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = g.passages[i]!;
      if (!p.won) continue;
      won++;
      remaining.push(Math.max(0, p.toClose - age, p.toClose - p.stayed));
    }
    const prior = pipelineWinRate(deal.pipeline);
    const winProbability = (won + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT);
    if (remaining.length === 0) {
      // No reference deal won: when it would close is taken from the pipeline's won deals.
      const whole = pipelineGroups.get(deal.pipeline)!;
      const lifeAge = (asOf - deal.createdAt) / DAY_MS;
      for (const p of whole.passages) if (p.won) remaining.push(Math.max(0, p.toClose - lifeAge));
    }
    open.push({ deal, position, basis: useStage ? 'stage' : 'pipeline', age, reference: n, winProbability: remaining.length ? winProbability : 0, remaining, group: g });
  }

  // New deals per pipeline.
  let firstCreated = Infinity;
  for (const d of history.deals) if (d.createdAt < firstCreated) firstCreated = d.createdAt;
  const windowDays = Math.max(1, Math.min(RATE_WINDOW_DAYS, (asOf - firstCreated) / DAY_MS));
  const rateFrom = asOf - windowDays * DAY_MS;
  const closedIn = (d: HistoryDeal, from: number) => d.closedAt !== null && d.closedAt >= from && d.closedAt < asOf;
  const teamWon = (from: number) => history.deals.filter((d) => d.status === 'won' && closedIn(d, from));
  const pipelines: NewDealModel[] = [];
  for (const p of history.pipelines) {
    const created = history.deals.filter((d) => d.pipeline === p.id && d.createdAt >= rateFrom && d.createdAt < asOf);
    const recentFigures = recent.pipeline[p.id];
    const allFigures = allTime.pipeline[p.id];
    let wonDeals: HistoryDeal[];
    let won: number;
    let lost: number;
    let pooled = false;
    if (recentFigures && recentFigures.won >= POOL_MIN_WON) {
      wonDeals = history.deals.filter((d) => d.pipeline === p.id && d.status === 'won' && closedIn(d, windowStart));
      ({ won, lost } = recentFigures);
    } else if (allFigures && allFigures.won >= POOL_MIN_WON) {
      wonDeals = history.deals.filter((d) => d.pipeline === p.id && d.status === 'won' && closedIn(d, -Infinity));
      ({ won, lost } = allFigures);
    } else {
      pooled = true;
      wonDeals = teamWon(-Infinity);
      ({ won, lost } = teamAll);
    }
    const winRate = won + lost === 0 ? 0 : won / (won + lost);
    // Deal sizes from priced deals only: a deal whose currency has no rate has no value in the base.
    const sizes = wonDeals.filter((d) => !d.unpriced).map((d) => d.value);
    const cycles = wonDeals.map((d) => cycleDays(d)!).map((c) => Math.max(0, c));
    const ownerCounts = new Map<string, number>();
    for (const d of created) ownerCounts.set(d.owner, (ownerCounts.get(d.owner) ?? 0) + 1);
    const productCounts = new Map<string, { count: number; value: number }>();
    let wonValue = 0;
    for (const d of wonDeals) {
      const key = d.product ?? '';
      const entry = productCounts.get(key) ?? { count: 0, value: 0 };
      entry.count++;
      entry.value += d.value;
      wonValue += d.value;
      productCounts.set(key, entry);
    }
    pipelines.push({
      pipeline: p.id,
      perDay: created.length / windowDays,
      created: created.length,
      windowDays,
      winRate,
      won,
      lost,
      sizes,
      cycles,
      pooled,
      owners: [...ownerCounts].map(([o, c]) => [o, c / created.length]),
      products: [...productCounts].map(([product, e]) => ({ product, countShare: e.count / wonDeals.length, valueShare: wonValue === 0 ? e.count / wonDeals.length : e.value / wonValue })),
    });
  }

  // The weakest stage step of each pipeline (the metrics' stage conversion), for the drivers.
  const conversions = stageConversion(history.deals.filter((d) => d.createdAt < asOf), index);
  const weakestStage: ProjectionModel['weakestStage'] = {};
  for (const p of history.pipelines) {
    let weakest: { stage: string; position: number; conversion: number } | null = null;
    p.stages.forEach((stage, position) => {
      const c = conversions[p.id]?.[stage.id];
      if (c === null || c === undefined) return;
      const reached = stageGroups.get(`${p.id}\u0000${stage.id}`)?.passages.length ?? 0;
      if (reached < REFERENCE_DEALS) return;
      if (!weakest || c < weakest.conversion) weakest = { stage: stage.id, position, conversion: c };
    });
    weakestStage[p.id] = weakest;
  }

  const closed = history.deals.filter((d) => d.status !== 'open').length;
  return {
    model: { asOf, monthsOfHistory: months, seasonality: factors, seasonal, open, pipelines, weakestStage, closed, won: history.deals.filter((d) => d.status === 'won').length },
    missing: [],
  };
}
