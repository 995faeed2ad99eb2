import type { History, HistoryDeal, HistoryPipeline } from '../metrics/history.schema';
import { backtestSteps, type Backtest, type BacktestProgress } from './backtest';
import { project } from './project';
import { projectionReport, type ProjectionReport } from './report';

// The Projection tab's work in the order the page shows it: the projection (with its drivers and CSV
// rows) first, then the backtest one past quarter start at a time. The page runs it in a worker, the
// `project` command runs it to the end: the same steps, so the same figures.

/** All a projection reads of a history: its pipelines and deals (never activities or checklists). */
export interface ProjectionInput {
  pipelines: HistoryPipeline[];
  deals: HistoryDeal[];
}

export type ProjectionEvent =
  | { type: 'projected'; report: ProjectionReport }
  | ({ type: 'progress' } & BacktestProgress)
  | { type: 'backtested'; backtest: Backtest };

export const projectionInput = (history: Pick<History, 'pipelines' | 'deals'>): ProjectionInput => ({ pipelines: history.pipelines, deals: history.deals });

export function* projectionJob(input: ProjectionInput, asOf: number, quarters: number): Generator<ProjectionEvent> {
  const history: History = { version: 2, pipelines: input.pipelines, deals: input.deals, activities: [], forecasts: [] };
  const report = projectionReport(project(history, { asOf, quarters }));
  yield { type: 'projected', report };
  if (report.status !== 'projected') return;
  const steps = backtestSteps(history, asOf, quarters);
  for (;;) {
    const step = steps.next();
    if (step.done) {
      yield { type: 'backtested', backtest: step.value };
      return;
    }
    yield { type: 'progress', ...step.value };
  }
}

/** The job run to its end on this thread: the report and, when projected, the backtest. */
export function runProjectionJob(input: ProjectionInput, asOf: number, quarters: number): { report: ProjectionReport; backtest: Backtest | null } {
  let report: ProjectionReport | null = null;
  let backtest: Backtest | null = null;
  for (const event of projectionJob(input, asOf, quarters)) {
    if (event.type === 'projected') report = event.report;
    else if (event.type === 'backtested') backtest = event.backtest;
  }
  return { report: report!, backtest };
}
