import type { ForecastSnapshot, SnapshotBasis } from '../model/insights.schema';
import { periodKey } from '../metrics/periods';
import { DAY_MS } from '../metrics/stats';
import type { ForecastGap } from './reconstruct';
import { periodRange, type History, type HistoryDeal } from '../metrics/history';
import { forecastAmount } from './forecast';
import { actualInPeriod, forecastFigures, wonValueByMonth } from '../metrics/forecast';
import { periodMonths } from '../metrics/dates';

// Forecast against actual, once a period has closed (now ≥ the period's end).
//
// - Forecast of record of a rep for a period: the rep's snapshot of the latest week starting on or
//   before the period's first day in which the rep has any snapshot (the forecast as the period
//   began; 0 when that week forecast nothing for the period); when there is no such week, the
//   earliest snapshot within the period. Live and reconstructed snapshots count alike (one row per
//   rep, period and week: a live one is never replaced). When that week is one the CRM's history
//   could not reconstruct for the rep (a gap), the rep's period — and so the team's — is named as
//   not reconstructable instead of being given a forecast. Without any snapshot, the rep's imported forecast rows for
//   that period (the history file's `forecasts`) are used; without those, the forecast is 0.
// - Actual = value of the rep's won deals with closedAt inside the period (observed + imported).
// - error = forecast − actual (money, signed: positive = over-forecast)
//   bias = (forecast − actual) / actual           (null when actual is 0)
//   accuracy = 1 − |forecast − actual| / actual    (null when actual is 0; the scorecard's formula)
// - Every rep with a forecast or a win in the period gets a row; the team row sums them, so its
//   actual is everything won in the period.

export type AccuracySource = 'snapshot' | 'reconstructed' | 'imported' | 'none' | 'team';

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
  /** Reps' weeks the CRM's history could not reconstruct (lib/forecast/reconstruct.ts). */
  gaps?: readonly Pick<ForecastGap, 'owner' | 'week'>[];
  /** The combined history: actuals, and imported forecast rows. */
  history: History;
  now: Date;
}

/** A closed period some reps' forecast of record cannot be reconstructed for. */
export interface UnreconstructedPeriod {
  period: string;
  owners: string[];
}

/** Rows for every closed period that has a forecast (snapshot or imported): newest period first, team first. */
export function forecastAccuracy(input: AccuracyInput): PeriodAccuracy[] {
  return forecastAccuracyAndGaps(input).rows;
}

/** The rows, and the closed periods (newest first) whose forecast of record the CRM's history cannot give for some reps. */
export function forecastAccuracyAndGaps({ snapshots, gaps = [], history, now }: AccuracyInput): { rows: PeriodAccuracy[]; gaps: UnreconstructedPeriod[] } {
  const periods = new Set<string>();
  for (const s of snapshots) if (isClosedPeriod(s.period, now)) periods.add(s.period);
  for (const f of history.forecasts) if (isClosedPeriod(f.period, now)) periods.add(f.period);
  // A gap week is the week of record of the quarter that begins within it.
  for (const g of gaps) {
    const period = periodKey(new Date(Date.parse(`${g.week}T00:00:00Z`) + 6 * DAY_MS), 'quarter');
    if (firstDay(period) >= g.week && isClosedPeriod(period, now)) periods.add(period);
  }
  // Per rep, every week with a snapshot (of any period) or a gap, oldest first.
  const weeksOf = new Map<string, Map<string, 'gap' | SnapshotBasis>>();
  const mark = (owner: string, week: string, what: 'gap' | SnapshotBasis) => {
    const weeks = weeksOf.get(owner) ?? weeksOf.set(owner, new Map()).get(owner)!;
    if (weeks.get(week) !== 'live') weeks.set(week, what);
  };
  for (const s of snapshots) mark(s.owner, s.week, s.basis);
  for (const g of gaps) mark(g.owner, g.week, 'gap');
  const sortedWeeks = new Map([...weeksOf].map(([owner, weeks]) => [owner, [...weeks].sort((a, b) => a[0].localeCompare(b[0]))]));
  const unreconstructed: UnreconstructedPeriod[] = [];

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

    const start = firstDay(period);
    const owners = [...new Set([...snapshotsByOwner.keys(), ...importedByOwner.keys(), ...actualByOwner.keys(), ...[...sortedWeeks].filter(([, weeks]) => weeks.some(([w, what]) => what === 'gap' && w <= start)).map(([o]) => o)])].sort((a, b) => a.localeCompare(b));
    const missing: string[] = [];
    const rows: PeriodAccuracy[] = [];
    for (const owner of owners) {
      const latest = sortedWeeks.get(owner)?.filter(([w]) => w <= start).at(-1);
      if (latest?.[1] === 'gap') {
        missing.push(owner);
        continue;
      }
      const own = snapshotsByOwner.get(owner) ?? [];
      // The week of record: its row for the period, or nothing forecast for it that week.
      const snapshot = latest ? (own.find((s) => s.week === latest[0]) ?? null) : snapshotOfRecord(own, period);
      const imported = importedByOwner.get(owner);
      const recorded = snapshot !== null || latest !== undefined;
      const forecast = snapshot ? forecastAmount(snapshot) : recorded ? 0 : (imported ?? 0);
      const actual = actualByOwner.get(owner) ?? 0;
      const basis = snapshot?.basis ?? (latest?.[1] as SnapshotBasis | undefined);
      const source: AccuracySource = recorded ? (basis === 'reconstructed' ? 'reconstructed' : 'snapshot') : imported !== undefined ? 'imported' : 'none';
      rows.push({ period, owner, forecast, actual, ...accuracyFigures(forecast, actual), source, week: snapshot?.week ?? latest?.[0] ?? null });
    }
    if (missing.length) {
      unreconstructed.push({ period, owners: missing });
      // The team's forecast would leave those reps out: it is not given either.
      out.push(...rows);
      continue;
    }
    const forecast = rows.reduce((sum, r) => sum + r.forecast, 0);
    const actual = rows.reduce((sum, r) => sum + r.actual, 0);
    out.push({ period, owner: null, forecast, actual, ...accuracyFigures(forecast, actual), source: 'team', week: null }, ...rows);
  }
  return { rows: out, gaps: unreconstructed };
}

/** ISO date of a period's first day. */
const firstDay = (period: string) => new Date(periodRange(period)![0]).toISOString().slice(0, 10);
