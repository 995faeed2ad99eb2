import type { ForecastSnapshot } from '../model/insights.schema';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../model/playbook.schema';
import { periodKey } from '../metrics/periods';
import { CREATION_SLACK_MS, valueAt } from '../team-sync/field-history';
import type { SyncedDeal, SyncedPipeline } from '../team-sync/types';
import { forecastPeriod, weekOf, type WeekStart } from './forecast';

// The weekly forecast snapshots of the weeks before anyone took one, worked out from the CRM's own
// change history (lib/team-sync/field-history.ts): for every week of the sync window that has ended,
// each rep's pipeline as it was at the week's first moment (00:00 UTC of its first day) — the same
// figures a live snapshot takes (./forecast.ts), from the deal's stage, amount and close date then:
//
// - A deal counts from its creation; it is open until its close moment (closedAt), then a won deal's
//   value is `closed` in the quarter it closed, while that quarter is the week's.
// - Its period is the quarter of its close date then (none, or slipped before the week's quarter:
//   the week's quarter) — forecastPeriod.
// - Its probability is the CRM's own of that moment where the history keeps one (Salesforce), else
//   the playbook stage its CRM stage matches, else the CRM stage's; its category the CRM's own of
//   that moment where the CRM keeps one (Salesforce, HubSpot), else the matched playbook stage's,
//   else `pipeline`. A CRM category `closed` on a deal still open counts as `commit` (booked only
//   once it is won).
// - Values are in the team's base currency at the rates known when reconstructing; a deal whose
//   currency has no rate is left out, as in every money figure.
// - The deal's owner is today's owner (the CRMs' deal history does not say who owned it then).
// - A week in which a deal of a rep was open while the CRM's history of it does not reach back
//   (a field not tracked then, no history at all, or synced before the history was read) cannot be
//   reconstructed for that rep: it becomes a gap, never a guess.

export interface ReconstructInput {
  deals: Iterable<SyncedDeal>;
  pipelines: readonly SyncedPipeline[];
  /** The sync window's start (epoch ms): weeks starting on or after it. */
  since: number;
  now: Date;
  weekStart: WeekStart;
  /** A deal's value in the base currency; null: its currency has no rate. */
  toBase: (value: number, currency: string | null) => number | null;
  /** The playbook stage a CRM stage matched (pipeline id, stage id), if any. */
  playbookStage: (pipeline: string, stage: string) => { probability: number; forecastCategory: ForecastCategory } | undefined;
  /** Weeks reconstructed before: locked, not worked out again. */
  done?: ReadonlySet<string>;
}

/** A rep's week that cannot be reconstructed, and how many of the rep's deals then lack their history. */
export interface ForecastGap {
  owner: string;
  week: string;
  deals: number;
}

export interface ReconstructedForecast {
  /** Rows per rep, period and week, marked `reconstructed`. */
  snapshots: ForecastSnapshot[];
  gaps: ForecastGap[];
  /** The weeks worked out (gaps included), oldest first. */
  weeks: string[];
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Every week (its first day) that starts on or after `since` and has ended before `now`'s week. */
export function pastWeeks(since: number, now: Date, weekStart: WeekStart): string[] {
  const current = Date.parse(`${weekOf(now, weekStart)}T00:00:00Z`);
  let at = Date.parse(`${weekOf(new Date(since), weekStart)}T00:00:00Z`);
  if (at < since) at += WEEK_MS;
  const weeks: string[] = [];
  for (; at < current; at += WEEK_MS) weeks.push(new Date(at).toISOString().slice(0, 10));
  return weeks;
}

/** The stage a deal was in at `at`: its last stage entry by then (the first counts from creation). */
function stageAt(deal: SyncedDeal, at: number): string | undefined {
  const history = deal.stageHistory;
  let found: string | undefined;
  for (let i = 0; i < history.length; i++) {
    const enteredAt = i === 0 && history[0]!.enteredAt <= deal.createdAt + CREATION_SLACK_MS ? Math.min(history[0]!.enteredAt, deal.createdAt) : history[i]!.enteredAt;
    if (enteredAt > at) break;
    found = history[i]!.stage;
  }
  return found;
}

const emptyCategories = (): Record<ForecastCategory, number> => Object.fromEntries(FORECAST_CATEGORIES.map((c) => [c, 0])) as Record<ForecastCategory, number>;

export function reconstructForecast(input: ReconstructInput): ReconstructedForecast {
  const weeks = pastWeeks(input.since, input.now, input.weekStart).filter((w) => !input.done?.has(w));
  const stages = new Map(input.pipelines.flatMap((p) => p.stages.map((s) => [`${p.id}\u0000${s.id}`, s] as const)));
  const deals = [...input.deals];
  const takenAt = input.now.toISOString();
  const snapshots: ForecastSnapshot[] = [];
  const gaps: ForecastGap[] = [];

  for (const week of weeks) {
    const at = Date.parse(`${week}T00:00:00Z`);
    const moment = new Date(at);
    const quarter = periodKey(moment, 'quarter');
    /** owner → period → totals; owner → deals without history. */
    const totals = new Map<string, Map<string, { weightedPipeline: number; categories: Record<ForecastCategory, number> }>>();
    const missing = new Map<string, number>();
    const add = (owner: string, period: string, category: ForecastCategory, value: number, weighted: number) => {
      const byPeriod = totals.get(owner) ?? totals.set(owner, new Map()).get(owner)!;
      const total = byPeriod.get(period) ?? byPeriod.set(period, { weightedPipeline: 0, categories: emptyCategories() }).get(period)!;
      total.categories[category] += value;
      total.weightedPipeline += weighted;
    };

    for (const deal of deals) {
      if (deal.createdAt > at) continue;
      if (deal.closedAt !== null && deal.closedAt <= at) {
        // Booked: won in the week's quarter before the week began.
        if (deal.status !== 'won' || periodKey(new Date(deal.closedAt), 'quarter') !== quarter) continue;
        const value = input.toBase(deal.forecastHistory ? (valueAt(deal.forecastHistory.amount, deal.closedAt) ?? deal.value) : deal.value, deal.currency);
        if (value !== null) add(deal.owner, quarter, 'closed', value, 0);
        continue;
      }
      const history = deal.forecastHistory;
      const stage = stageAt(deal, at);
      if (!history || history.knownFrom === null || history.knownFrom > at || stage === undefined) {
        missing.set(deal.owner, (missing.get(deal.owner) ?? 0) + 1);
        continue;
      }
      const amount = input.toBase(valueAt(history.amount, at) ?? 0, deal.currency);
      if (amount === null) continue;
      const closeDate = valueAt(history.closeDate, at) ?? null;
      const period = forecastPeriod(closeDate === null ? null : new Date(closeDate).toISOString().slice(0, 10), moment);
      const matched = input.playbookStage(deal.pipeline, stage);
      const probability = (history.probability && valueAt(history.probability, at)) ?? matched?.probability ?? stages.get(`${deal.pipeline}\u0000${stage}`)?.probability ?? 0;
      const crmCategory = history.category ? valueAt(history.category, at) : undefined;
      const category: ForecastCategory = crmCategory === 'closed' ? 'commit' : (crmCategory ?? matched?.forecastCategory ?? 'pipeline');
      add(deal.owner, period, category === 'closed' ? 'commit' : category, amount, amount * probability);
    }

    for (const [owner, count] of missing) gaps.push({ owner, week, deals: count });
    for (const [owner, byPeriod] of totals) {
      if (missing.has(owner)) continue;
      for (const [period, total] of byPeriod) snapshots.push({ owner, period, week, weightedPipeline: total.weightedPipeline, categories: total.categories, takenAt, basis: 'reconstructed' });
    }
  }
  snapshots.sort((a, b) => a.week.localeCompare(b.week) || a.owner.localeCompare(b.owner) || a.period.localeCompare(b.period));
  gaps.sort((a, b) => a.week.localeCompare(b.week) || a.owner.localeCompare(b.owner));
  return { snapshots, gaps, weeks };
}
