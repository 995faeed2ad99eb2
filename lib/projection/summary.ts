import { dayString } from '../metrics/dates';
import type { History } from '../metrics/history.schema';
import { backtest } from './backtest';
import { drivers } from './drivers';
import type { MissingHistory } from './model';
import { DEFAULT_QUARTERS, project, type ProjectedGroup } from './project';

// The projection as the `project` command prints it: per quarter the expected won value, its
// 10th–90th percentile range and the expected number of won deals, for the team and per rep, then
// the backtest per horizon and the drivers. Money in whole units, counts to one decimal, shares to
// three decimals.

export interface QuarterLine {
  expected: number;
  low: number;
  high: number;
  count: number;
}

export interface ProjectionSummary {
  asOf: string;
  team: Record<string, QuarterLine>;
  owners: Record<string, Record<string, QuarterLine>>;
  backtest: Record<string, { quarters: number; error: number | null; bias: number | null; coverage: number | null }>;
  drivers: { id: string; change: Record<string, number> }[];
}

const money = (v: number) => Math.round(v);
const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

function lines(group: ProjectedGroup): Record<string, QuarterLine> {
  return Object.fromEntries(
    Object.entries(group.quarters).map(([q, f]) => [q, { expected: money(f.expected), low: money(f.low), high: money(f.high), count: Math.round(f.count * 10) / 10 }]),
  );
}

export function projectionSummary(history: History, asOf: number, quarters = DEFAULT_QUARTERS): { status: 'projected'; summary: ProjectionSummary } | { status: 'tooLittleHistory'; missing: MissingHistory[] } {
  const result = project(history, { asOf, quarters });
  if (result.status !== 'projected') return result;
  const { projection } = result;
  const test = backtest(history, asOf, quarters);
  return {
    status: 'projected',
    summary: {
      asOf: dayString(asOf),
      team: lines(projection.team),
      owners: Object.fromEntries(Object.entries(projection.owners).map(([o, g]) => [o, lines(g)])),
      backtest: Object.fromEntries(test.byHorizon.map((h) => [String(h.horizon), { quarters: h.quarters, error: share(h.error), bias: share(h.bias), coverage: share(h.coverage) }])),
      drivers: drivers(projection).map((d) => ({ id: d.id, change: Object.fromEntries(Object.entries(d.change).map(([q, v]) => [q, money(v)])) })),
    },
  };
}
