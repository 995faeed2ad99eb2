import type { ForecastSnapshot } from '../model/insights.schema';
import { forecastAccuracy } from '../forecast/accuracy';
import type { CombinedHistory } from '../forecast/combined-history';
import { computeFigures } from '../metrics/scorecard';
import type { ObservedData } from '../metrics/from-extension';
import { startOfUtcDay } from '../metrics/dates';
import { computeKpis } from '../kpi/kpis';
import { kpiRhythm } from '../kpi/rhythm';
import type { KpiInputs } from '../model/kpi-inputs.schema';
import type { MaturitySignals } from './assess';

// The measured side of maturity, from the extension's data (pure):
// - exit criteria: the active playbook's working stages (not won/lost outcomes) with ≥ 1 goal criterion;
// - adoption: the team's adoption over every left stay (computeFigures, no window: the team page's "all");
// - data completeness: observed deals whose last snapshot has a value > 0, a close date and an owner
//   (a value of 0 is what an empty CRM field usually reads as);
// - KPIs: closed and won deals of the combined history (imports count), distinct snapshot weeks;
// - forecast accuracy: the team rows of forecastAccuracy for closed periods, newest first;
// - KPI rhythm: lib/kpi/rhythm on the KPI dashboard's figures of the same day (computeKpis as the
//   KPIs tab computes them, from the combined history and the manager's entered inputs).

export function maturitySignals(input: {
  observed: ObservedData | null;
  combined: CombinedHistory;
  snapshots: readonly ForecastSnapshot[];
  /** Reps' weeks the CRM's history could not reconstruct: those periods give the team no accuracy. */
  gaps?: readonly { owner: string; week: string }[];
  kpiInputs: KpiInputs;
  now: Date;
}): MaturitySignals {
  const { observed, combined, snapshots, gaps, kpiInputs, now } = input;
  const working = (observed?.playbook.pipelines ?? []).flatMap((p) => p.stages.filter((s) => s.outcome === null));
  const adoption = computeFigures(combined.history, { asOf: now.getTime(), from: null, toExclusive: null }).team.adoption;
  const deals = observed?.deals ?? [];
  const complete = deals.filter((d) => (d.snapshot.value ?? 0) > 0 && d.snapshot.closeDate !== null && Boolean(d.snapshot.owner?.trim()));
  const closed = combined.history.deals.filter((d) => d.status !== 'open');
  const accuracy = forecastAccuracy({ snapshots, gaps, history: combined.history, now }).filter((row) => row.owner === null);
  return {
    workingStages: working.length,
    stagesWithCriteria: working.filter((s) => s.goal.length > 0).length,
    adoption: { done: adoption.done, required: adoption.required },
    observedDeals: deals.length,
    completeDeals: complete.length,
    closedDeals: closed.length,
    wonDeals: closed.filter((d) => d.status === 'won').length,
    snapshotWeeks: new Set(snapshots.map((s) => s.week)).size,
    closedPeriodAccuracy: accuracy.map((row) => row.accuracy),
    kpiRhythm: kpiRhythm(computeKpis(combined.history, kpiInputs, startOfUtcDay(now.getTime())), kpiInputs),
  };
}
