import { DAY_MS } from '../metrics/dates';
import type { History } from '../metrics/history.schema';
import { historyAsOf } from './as-of';
import { BASELINE, expectedPass, RUNS, simulatePass, type Cell, type Expected } from './engine';
import { horizonOf, monthStart, type Horizon } from './horizon';
import { DAYS_PER_MONTH, measureModel, type MissingHistory, type ProjectionModel } from './model';

// The projection of the next quarters and months: expected won value and count with a 10th–90th
// percentile range, for the team and per rep, split into open deals and deals not yet created
// (see ./model for what is measured, ./engine for how it is projected). The numbers always add up:
// expected = fromOpen.value + fromNew.value, the reps sum to the team, the months to the quarter.

export const DEFAULT_QUARTERS = 3;

export interface ProjectionOptions {
  asOf: number;
  quarters?: number;
  runs?: number;
  seed?: number;
}

export interface ProjectedFigure {
  expected: number;
  low: number;
  high: number;
  count: number;
  fromOpen: { value: number; count: number; deals: number };
  fromNew: { value: number; count: number };
  /** Only the quarter (or month) asOf falls in: value won in it before asOf (not part of `expected`). */
  wonSoFar: number;
}

export interface ProjectedGroup {
  quarters: Record<string, ProjectedFigure>;
  months: Record<string, ProjectedFigure>;
}

export interface ProjectionBasis {
  monthsOfHistory: number;
  seasonal: boolean;
  openDeals: number;
  /** Team: new deals a month at the current rate, their win rate and mean won value (weighted over pipelines). */
  newDealsPerMonth: number;
  winRate: number | null;
  meanWonValue: number | null;
}

export interface Projection {
  asOf: number;
  horizon: Horizon;
  team: ProjectedGroup;
  owners: Record<string, ProjectedGroup>;
  basis: ProjectionBasis;
  model: ProjectionModel;
  expected: Expected;
}

export type ProjectionResult = { status: 'projected'; projection: Projection } | { status: 'tooLittleHistory'; missing: MissingHistory[] };

const sumCells = (cells: readonly Cell[], source: 'open' | 'new', field: 'value' | 'count', months: readonly number[]) => {
  let s = 0;
  for (const c of cells) if (c.source === source) for (const m of months) s += c[field][m]!;
  return s;
};

function group(cells: readonly Cell[], horizon: Horizon, ranges: { months: [number, number][]; quarters: [number, number][] } | undefined, openDeals: { quarters: number[]; months: number[] } | undefined, wonSoFar: { month: number; quarter: number }): ProjectedGroup {
  const figure = (months: number[], range: [number, number] | undefined, deals: number, soFar: number): ProjectedFigure => {
    const fromOpen = { value: sumCells(cells, 'open', 'value', months), count: sumCells(cells, 'open', 'count', months), deals };
    const fromNew = { value: sumCells(cells, 'new', 'value', months), count: sumCells(cells, 'new', 'count', months) };
    const expected = fromOpen.value + fromNew.value;
    return { expected, low: Math.min(range?.[0] ?? 0, expected), high: Math.max(range?.[1] ?? 0, expected), count: fromOpen.count + fromNew.count, fromOpen, fromNew, wonSoFar: soFar };
  };
  const quarters: Record<string, ProjectedFigure> = {};
  horizon.quarterKeys.forEach((key, q) => {
    const months = horizon.quarterOf.flatMap((quarter, m) => (quarter === q ? [m] : []));
    quarters[key] = figure(months, ranges?.quarters[q], openDeals?.quarters[q] ?? 0, q === 0 ? wonSoFar.quarter : 0);
  });
  const months: Record<string, ProjectedFigure> = {};
  horizon.monthKeys.forEach((key, m) => {
    months[key] = figure([m], ranges?.months[m], openDeals?.months[m] ?? 0, m === 0 ? wonSoFar.month : 0);
  });
  return { quarters, months };
}

/** Projects the next `quarters` quarters from `asOf` on what was known then, or says what history is missing. */
export function project(history: History, options: ProjectionOptions): ProjectionResult {
  const { asOf, quarters = DEFAULT_QUARTERS, runs = RUNS, seed = 1 } = options;
  // Only what was known at asOf counts (a file may hold later events: then this is a backtest).
  history = historyAsOf(history, asOf);
  const measured = measureModel(history, asOf);
  if (!measured.model) return { status: 'tooLittleHistory', missing: measured.missing };
  const model = measured.model;
  const horizon = horizonOf(asOf, quarters);
  const expected = expectedPass(model, horizon, BASELINE);
  const { ranges } = simulatePass(model, horizon, runs, seed);

  // Won before asOf in the current month and quarter, team and per rep.
  const monthFrom = monthStart(horizon.firstMonth);
  const quarterFrom = monthStart(horizon.firstMonth - (horizon.firstMonth % 3));
  const soFar = new Map<string, { month: number; quarter: number }>();
  const addSoFar = (owner: string, value: number, inMonth: boolean) => {
    const s = soFar.get(owner) ?? { month: 0, quarter: 0 };
    s.quarter += value;
    if (inMonth) s.month += value;
    soFar.set(owner, s);
  };
  for (const d of history.deals) {
    if (d.status !== 'won' || d.closedAt === null || d.closedAt < quarterFrom || d.closedAt >= asOf) continue;
    addSoFar('', d.value, d.closedAt >= monthFrom);
    addSoFar(d.owner, d.value, d.closedAt >= monthFrom);
  }

  const owners = [...new Set([...expected.cells.map((c) => c.owner), ...[...soFar.keys()].filter((o) => o !== '')])].sort();
  const none = { month: 0, quarter: 0 };
  const team = group(expected.cells, horizon, ranges.get(''), expected.openDeals.get(''), soFar.get('') ?? none);
  const byOwner = Object.fromEntries(
    owners.map((o) => [o, group(expected.cells.filter((c) => c.owner === o), horizon, ranges.get(o), expected.openDeals.get(o), soFar.get(o) ?? none)]),
  );

  let perDay = 0;
  let wins = 0;
  let wonValue = 0;
  for (const p of model.pipelines) {
    perDay += p.perDay;
    wins += p.perDay * p.winRate;
    wonValue += p.perDay * p.winRate * (p.sizes.length ? p.sizes.reduce((s, v) => s + v, 0) / p.sizes.length : 0);
  }
  return {
    status: 'projected',
    projection: {
      asOf,
      horizon,
      team,
      owners: byOwner,
      basis: {
        monthsOfHistory: model.monthsOfHistory,
        seasonal: model.seasonal,
        openDeals: model.open.length,
        newDealsPerMonth: perDay * DAYS_PER_MONTH,
        winRate: perDay > 0 ? wins / perDay : null,
        meanWonValue: wins > 0 ? wonValue / wins : null,
      },
      model,
      expected,
    },
  };
}

/** asOf for a `YYYY-MM-DD` day: its 00:00Z. Exposed for symmetry with the scorecard's days. */
export const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
