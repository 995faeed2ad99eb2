import type { ForecastSnapshot } from '../model/insights.schema';
import { periodRange, type History, type HistoryDeal } from '../metrics/history';
import { forecastAmount } from './forecast';
import { actualInPeriod, forecastFigures, wonValueByMonth } from '../metrics/forecast';
import { periodMonths } from '../metrics/dates';

// Forecast against actual, once a period has closed (now ≥ the period's end).
//
// - Forecast of record of a rep for a period: the latest weekly snapshot taken in a week starting on
//   or before the period's first day (the forecast as the period began); when there is none, the
//   earliest snapshot within the period. Without any snapshot, the rep's imported forecast rows for
//   that period (the history file's `forecasts`) are used; without those, the forecast is 0.
// - Actual = value of the rep's won deals with closedAt inside the period (observed + imported).
// - error = forecast − actual (money, signed: positive = over-forecast)
//   bias = (forecast − actual) / actual           (null when actual is 0)
//   accuracy = 1 − |forecast − actual| / actual    (null when actual is 0; the scorecard's formula)
// - Every rep with a forecast or a win in the period gets a row; the team row sums them, so its
//   actual is everything won in the period.

export type AccuracySource = 'snapshot' | 'imported' | 'none' | 'team';

export interface PeriodAccuracy {
  period: string;
  /** null for the whole team. */
  owner: string | null;
  forecast: number;
  actual: number;
  error: number;
  bias: number | null;
  accuracy: number | null;
  source: AccuracySource;
  /** The week of the snapshot of record. */
  week: string | null;
}

/** error, bias and accuracy: the one formula of lib/metrics/forecast. */
export const accuracyFigures: (forecast: number, actual: number) => Pick<PeriodAccuracy, 'error' | 'bias' | 'accuracy'> = forecastFigures;

/** The snapshot of record among one rep's snapshots of one period (rules above), or null. */
export function snapshotOfRecord(snapshots: readonly ForecastSnapshot[], period: string): ForecastSnapshot | null {
  const range = periodRange(period);
  if (!range || snapshots.length === 0) return null;
  const first = new Date(range[0]).toISOString().slice(0, 10);
  const sorted = [...snapshots].sort((a, b) => a.week.localeCompare(b.week));
  const before = sorted.filter((s) => s.week <= first);
  return before.at(-1) ?? sorted[0]!;
}

export const isClosedPeriod = (period: string, now: Date): boolean => {
  const range = periodRange(period);
  return range !== null && range[1] <= now.getTime();
};

export interface AccuracyInput {
  snapshots: readonly ForecastSnapshot[];
  /** The combined history: actuals, and imported forecast rows. */
  history: History;
  now: Date;
}

/** Rows for every closed period that has a forecast (snapshot or imported): newest period first, team first. */
export function forecastAccuracy({ snapshots, history, now }: AccuracyInput): PeriodAccuracy[] {
  const periods = new Set<string>();
  for (const s of snapshots) if (isClosedPeriod(s.period, now)) periods.add(s.period);
  for (const f of history.forecasts) if (isClosedPeriod(f.period, now)) periods.add(f.period);

  // Actuals: won value per owner and month, the building block of lib/metrics/forecast (one rule for
  // "won in the period", unpriced deals left out as in every money figure).
  const wonByOwner = new Map<string, HistoryDeal[]>();
  for (const d of history.deals) if (d.status === 'won') (wonByOwner.get(d.owner) ?? wonByOwner.set(d.owner, []).get(d.owner)!).push(d);
  const wonByOwnerMonth = new Map([...wonByOwner].map(([owner, deals]) => [owner, wonValueByMonth(deals)]));

  const out: PeriodAccuracy[] = [];
  for (const period of [...periods].sort().reverse()) {
    const snapshotsByOwner = new Map<string, ForecastSnapshot[]>();
    for (const s of snapshots) if (s.period === period) (snapshotsByOwner.get(s.owner) ?? snapshotsByOwner.set(s.owner, []).get(s.owner)!).push(s);
    const importedByOwner = new Map<string, number>();
    for (const f of history.forecasts) if (f.period === period) importedByOwner.set(f.owner, (importedByOwner.get(f.owner) ?? 0) + f.amount);
    const actualByOwner = new Map<string, number>();
    const [first, last] = periodMonths(period)!;
    for (const [owner, byMonth] of wonByOwnerMonth) {
      let wonIn = false;
      for (let m = first; m <= last && !wonIn; m++) wonIn = byMonth.has(m);
      if (wonIn) actualByOwner.set(owner, actualInPeriod(byMonth, period));
    }

    const owners = [...new Set([...snapshotsByOwner.keys(), ...importedByOwner.keys(), ...actualByOwner.keys()])].sort((a, b) => a.localeCompare(b));
    const rows = owners.map((owner): PeriodAccuracy => {
      const snapshot = snapshotOfRecord(snapshotsByOwner.get(owner) ?? [], period);
      const imported = importedByOwner.get(owner);
      const forecast = snapshot ? forecastAmount(snapshot) : (imported ?? 0);
      const actual = actualByOwner.get(owner) ?? 0;
      return { period, owner, forecast, actual, ...accuracyFigures(forecast, actual), source: snapshot ? 'snapshot' : imported !== undefined ? 'imported' : 'none', week: snapshot?.week ?? null };
    });
    const forecast = rows.reduce((sum, r) => sum + r.forecast, 0);
    const actual = rows.reduce((sum, r) => sum + r.actual, 0);
    out.push({ period, owner: null, forecast, actual, ...accuracyFigures(forecast, actual), source: 'team', week: null }, ...rows);
  }
  return out;
}
