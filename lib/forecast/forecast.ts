import type { ForecastSnapshot } from '../model/insights.schema';
import { historyFromObserved, type ObservedData } from '../metrics/from-extension';
import { periodRange } from '../metrics/history';
import { periodKey } from '../metrics/periods';
import { DAY_MS } from '../metrics/stats';
import { FORECAST_CATEGORIES, type ForecastCategory } from '../model/playbook.schema';

// The forecast per rep and period, from what the extension observed (imports carry no expected
// close dates or forecast categories, so they only count as actuals — see accuracy.ts).
//
// Rules:
// - A deal's period is the calendar quarter (UTC) of its expected close date. An open deal without a
//   close date, or whose close date lies before the current quarter (it slipped), counts in the
//   current quarter: it can still close now.
// - Category and probability come from the playbook stage the deal is in (its last mapped stage
//   visit — the same stage the scorecard weighs). A deal in no known stage counts as `pipeline` with
//   weight 0, as the scorecard gives it.
// - weightedPipeline = Σ value × stage probability of open deals (the scorecard's weighted pipeline,
//   split by period).
// - categories = Σ open value per forecast category, except `closed`, which also holds the value won
//   in the period so far (won deals with closedAt inside it) — what is already booked.
// - The forecast amount of a snapshot = closed + weightedPipeline: booked plus expected.

export interface DealForecast {
  dealId: string;
  owner: string;
  period: string;
  category: ForecastCategory;
  value: number;
  weighted: number;
}

export interface ForecastTotal {
  owner: string;
  period: string;
  weightedPipeline: number;
  categories: Record<ForecastCategory, number>;
}

export type WeekStart = 'monday' | 'sunday';

const emptyCategories = (): Record<ForecastCategory, number> => Object.fromEntries(FORECAST_CATEGORIES.map((c) => [c, 0])) as Record<ForecastCategory, number>;

/** The quarter key the deal is forecast in (rules above). */
export function forecastPeriod(closeDate: string | null, now: Date): string {
  const current = periodKey(now, 'quarter');
  if (!closeDate) return current;
  const at = Date.parse(`${closeDate}T00:00:00Z`);
  if (!Number.isFinite(at)) return current;
  const period = periodKey(new Date(at), 'quarter');
  return periodRange(period)![0] < periodRange(current)![0] ? current : period;
}

/** Every observed open deal with its period, category and weight; won deals as `closed` in the period they closed. */
export function dealForecasts(observed: ObservedData, now: Date): DealForecast[] {
  const { history } = historyFromObserved(observed);
  const closeDates = new Map(observed.deals.map((r) => [r.key, r.snapshot.closeDate]));
  const stages = new Map(observed.playbook.pipelines.flatMap((p) => p.stages.map((s) => [`${p.id}/${s.id}`, s] as const)));
  const currentStart = periodRange(periodKey(now, 'quarter'))![0];
  const out: DealForecast[] = [];
  for (const deal of history.deals) {
    if (deal.status === 'won') {
      if (deal.closedAt === null) continue;
      const period = periodKey(new Date(deal.closedAt), 'quarter');
      if (periodRange(period)![0] < currentStart) continue; // a closed period is not forecast any more
      out.push({ dealId: deal.id, owner: deal.owner, period, category: 'closed', value: deal.value, weighted: 0 });
      continue;
    }
    if (deal.status !== 'open') continue;
    const current = deal.stageHistory.at(-1);
    const stage = current ? stages.get(`${deal.pipeline}/${current.stage}`) : undefined;
    out.push({
      dealId: deal.id,
      owner: deal.owner,
      period: forecastPeriod(closeDates.get(deal.id) ?? null, now),
      category: stage?.forecastCategory ?? 'pipeline',
      value: deal.value,
      weighted: stage ? deal.value * stage.probability : 0,
    });
  }
  return out;
}

/** Sums per rep and period (current quarter and later), sorted by owner then period. */
export function forecastTotals(observed: ObservedData, now: Date): ForecastTotal[] {
  const totals = new Map<string, ForecastTotal>();
  for (const deal of dealForecasts(observed, now)) {
    const key = JSON.stringify([deal.owner, deal.period]);
    let total = totals.get(key);
    if (!total) totals.set(key, (total = { owner: deal.owner, period: deal.period, weightedPipeline: 0, categories: emptyCategories() }));
    total.weightedPipeline += deal.weighted;
    total.categories[deal.category] += deal.value;
  }
  return [...totals.values()].sort((a, b) => a.owner.localeCompare(b.owner) || a.period.localeCompare(b.period));
}

/** ISO date (UTC) of the first day of the week `now` falls in. */
export function weekOf(now: Date, weekStart: WeekStart): string {
  const day = now.getUTCDay(); // 0 = Sunday
  const back = weekStart === 'monday' ? (day + 6) % 7 : day;
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - back * DAY_MS;
  return new Date(start).toISOString().slice(0, 10);
}

/** Booked plus expected: what a snapshot forecasts for its period. */
export const forecastAmount = (snapshot: Pick<ForecastSnapshot, 'weightedPipeline' | 'categories'>): number => (snapshot.categories.closed ?? 0) + snapshot.weightedPipeline;

/**
 * This week's snapshot rows, one per rep and period (current quarter and later). Pure: the caller
 * writes them, and a row already stored for the same [owner+period+week] is never overwritten
 * (snapshots are locked — see entrypoints/background/forecast.ts).
 */
export function takeForecastSnapshots(observed: ObservedData | null, now: Date, weekStart: WeekStart): ForecastSnapshot[] {
  if (!observed) return [];
  const week = weekOf(now, weekStart);
  const takenAt = now.toISOString();
  return forecastTotals(observed, now).map((total) => ({
    owner: total.owner,
    period: total.period,
    week,
    weightedPipeline: total.weightedPipeline,
    categories: { ...total.categories },
    takenAt,
    basis: 'live',
  }));
}
