import { dayString } from '../metrics/dates';
import type { History } from '../metrics/history.schema';
import type { Backtest } from './backtest';
import { projectionInput, runProjectionJob } from './job';
import type { MissingHistory } from './model';
import { DEFAULT_QUARTERS, type ProjectedGroup } from './project';
import type { ProjectionReportBody } from './report';

// The projection as the `project` command prints it: per quarter the expected won value, its
// 10th–90th percentile range and the expected number of won deals, for the team and per rep, then
// the backtest per horizon and the drivers. Money in whole units, counts to one decimal, shares to
// three decimals. Made from the same report and backtest the Projection tab's worker sends.

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

/** The command's lines from a projected report and its backtest. */
export function summaryOf(report: ProjectionReportBody, test: Backtest): ProjectionSummary {
  return {
    asOf: dayString(report.asOf),
    team: lines(report.team),
    owners: Object.fromEntries(Object.entries(report.owners).map(([o, g]) => [o, lines(g)])),
    backtest: Object.fromEntries(test.byHorizon.map((h) => [String(h.horizon), { quarters: h.quarters, error: share(h.error), bias: share(h.bias), coverage: share(h.coverage) }])),
    drivers: report.drivers.map((d) => ({ id: d.id, change: Object.fromEntries(Object.entries(d.change).map(([q, v]) => [q, money(v)])) })),
  };
}

export function projectionSummary(history: History, asOf: number, quarters = DEFAULT_QUARTERS): { status: 'projected'; summary: ProjectionSummary } | { status: 'tooLittleHistory'; missing: MissingHistory[] } {
  const { report, backtest } = runProjectionJob(projectionInput(history), asOf, quarters);
  if (report.status !== 'projected') return report;
  return { status: 'projected', summary: summaryOf(report, backtest!) };
}
