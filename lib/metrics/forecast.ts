import { monthIndexOf, periodKeyOf, periodMonths, type PeriodKind } from './dates';
import type { History, HistoryDeal } from './history.schema';

// Forecast against actual.
// - A period is a calendar quarter "YYYY-Qn" or month "YYYY-MM" (UTC).
// - actual = sum of the value of deals WON with closedAt inside the period (the from/to window of
//   the scorecard does not apply).
// - error = forecast − actual (signed, money: positive = over-forecast)
//   bias = (forecast − actual) / actual            (null when actual = 0)
//   accuracy = 1 − |actual − forecast| / actual    (null when actual = 0; not clamped: may be < 0)
// - An owner's forecast for a period is the sum of that owner's rows for it; the team's is the sum
//   of every row for it (rows without an owner included) and its actual is everything won in it.

export { periodKeyOf, periodRange, type PeriodKind } from './dates';

export interface ForecastFigures {
  error: number;
  bias: number | null;
  accuracy: number | null;
}

export function forecastFigures(forecast: number, actual: number): ForecastFigures {
  const error = forecast - actual;
  return { error, bias: actual === 0 ? null : error / actual, accuracy: actual === 0 ? null : 1 - Math.abs(actual - forecast) / actual };
}

/** Won value per month index (year × 12 + month − 1) — the building block of every period's actual. */
export function wonValueByMonth(deals: Iterable<HistoryDeal>): Map<number, number> {
  const out = new Map<number, number>();
  for (const deal of deals) {
    if (deal.status !== 'won' || deal.closedAt === null || deal.unpriced) continue;
    const month = monthIndexOf(deal.closedAt);
    out.set(month, (out.get(month) ?? 0) + deal.value);
  }
  return out;
}

/** The actual of a period from won value per month. */
export function actualInPeriod(wonByMonth: ReadonlyMap<number, number>, period: string): number {
  const months = periodMonths(period);
  if (!months) return 0;
  let actual = 0;
  for (let m = months[0]; m <= months[1]; m++) actual += wonByMonth.get(m) ?? 0;
  return actual;
}

/** forecastAccuracy of the contract: one entry per forecast period, in the order given. */
export function forecastAccuracy(forecasts: ReadonlyMap<string, number>, wonByMonth: ReadonlyMap<number, number>): Record<string, number | null> {
  const entries: [string, number | null][] = [];
  for (const [period, forecast] of forecasts) entries.push([period, forecastFigures(forecast, actualInPeriod(wonByMonth, period)).accuracy]);
  return Object.fromEntries(entries);
}

/** Forecast rows summed per period; `owner` null = the team (every row). Periods in first-seen order. */
export function forecastsByPeriod(rows: History['forecasts'], owner: string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) if (owner === null || row.owner === owner) out.set(row.period, (out.get(row.period) ?? 0) + row.amount);
  return out;
}

export interface ForecastSnapshot extends ForecastFigures {
  period: string;
  /** null = the team. */
  owner: string | null;
  forecast: number;
  actual: number;
}

/**
 * Forecast against actual for one period, for the team (owner null) or one owner. `forecast`
 * overrides the history's rows (e.g. a weekly snapshot the extension took).
 */
export function forecastSnapshot(history: Pick<History, 'deals' | 'forecasts'>, period: string, owner: string | null = null, forecast?: number): ForecastSnapshot {
  const deals = owner === null ? history.deals : history.deals.filter((d) => d.owner === owner);
  const amount = forecast ?? forecastsByPeriod(history.forecasts, owner).get(period) ?? 0;
  const actual = actualInPeriod(wonValueByMonth(deals), period);
  return { period, owner, forecast: amount, actual, ...forecastFigures(amount, actual) };
}

/** The period an instant falls in, and the snapshot of that period (e.g. "this quarter so far"). */
export function currentPeriodSnapshot(history: Pick<History, 'deals' | 'forecasts'>, at: number, kind: PeriodKind, owner: string | null = null): ForecastSnapshot {
  return forecastSnapshot(history, periodKeyOf(at, kind), owner);
}
