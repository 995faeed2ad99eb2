import type { History } from '../metrics/history.schema';
import { historyAsOf } from './as-of';
import { monthStart } from './horizon';
import { missingHistory } from './model';
import { DEFAULT_QUARTERS, project } from './project';
import { monthIndexOf } from '../metrics/dates';

// The backtest: the same projection made from the start of each of the last BACKTEST_ORIGINS
// quarters, on the history as it was known then (./as-of), compared with what was won in each
// projected quarter that has fully passed. Per horizon (0 = the quarter the projection starts in):
//   error    = Σ |expected − won| ÷ Σ won     (the typical miss, as a share of what was won)
//   bias     = (Σ expected − Σ won) ÷ Σ won   (> 0: the projection ran high)
//   coverage = share of quarters whose won value fell between low and high (nominally 80 %)
// Origins without enough history are skipped; no origin at all → `missing` says what is lacking.

export const BACKTEST_ORIGINS = 6;
export const BACKTEST_RUNS = 400;

export interface BacktestRow {
  origin: number;
  period: string;
  horizon: number;
  expected: number;
  low: number;
  high: number;
  won: number;
}

export interface HorizonError {
  horizon: number;
  quarters: number;
  error: number | null;
  bias: number | null;
  coverage: number | null;
}

export interface Backtest {
  rows: BacktestRow[];
  byHorizon: HorizonError[];
  /** What the earliest candidate origin lacked, when no origin could be projected. */
  missing: ReturnType<typeof missingHistory>;
}

/** How far the backtest is: past quarter starts projected (or skipped) of all it tries. */
export interface BacktestProgress {
  done: number;
  total: number;
}

/** The backtest in steps: yields after each past quarter start, returns the result. */
export function* backtestSteps(history: History, asOf: number, quarters = DEFAULT_QUARTERS, origins = BACKTEST_ORIGINS): Generator<BacktestProgress, Backtest> {
  const current = monthIndexOf(asOf);
  const currentQuarter = current - (current % 3);
  const wonIn = new Map<string, number>();
  const rows: BacktestRow[] = [];
  let missing: Backtest['missing'] = [];
  for (let j = origins; j >= 1; j--) {
    const origin = monthStart(currentQuarter - 3 * j);
    const known = historyAsOf(history, origin);
    const result = project(known, { asOf: origin, quarters, runs: BACKTEST_RUNS, seed: j });
    if (result.status !== 'projected') {
      if (j === 1) missing = result.missing;
      yield { done: origins - j + 1, total: origins };
      continue;
    }
    Object.entries(result.projection.team.quarters).forEach(([period, figure], horizon) => {
      const first = currentQuarter - 3 * j + 3 * horizon;
      if (first + 3 > currentQuarter) return; // not over yet
      let won = wonIn.get(period);
      if (won === undefined) {
        const from = monthStart(first);
        const to = monthStart(first + 3);
        won = 0;
        for (const d of history.deals) if (d.status === 'won' && d.closedAt !== null && d.closedAt >= from && d.closedAt < to) won += d.value;
        wonIn.set(period, won);
      }
      rows.push({ origin, period, horizon, expected: figure.expected, low: figure.low, high: figure.high, won });
    });
    yield { done: origins - j + 1, total: origins };
  }
  const byHorizon: HorizonError[] = [];
  for (let h = 0; h < quarters; h++) {
    const at = rows.filter((r) => r.horizon === h);
    const won = at.reduce((s, r) => s + r.won, 0);
    byHorizon.push({
      horizon: h,
      quarters: at.length,
      error: at.length && won > 0 ? at.reduce((s, r) => s + Math.abs(r.expected - r.won), 0) / won : null,
      bias: at.length && won > 0 ? (at.reduce((s, r) => s + r.expected, 0) - won) / won : null,
      coverage: at.length ? at.filter((r) => r.won >= r.low && r.won <= r.high).length / at.length : null,
    });
  }
  return { rows, byHorizon, missing: rows.length ? [] : missing };
}

/** The whole backtest at once. */
export function backtest(history: History, asOf: number, quarters = DEFAULT_QUARTERS, origins = BACKTEST_ORIGINS): Backtest {
  const steps = backtestSteps(history, asOf, quarters, origins);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
