import { weakestConversion, COACHING_MIN_REACHED, type CoachingGap } from './coaching';
import type { ObservedData } from './from-extension';
import { combinedHistory, type CombinedHistory, type CombineOptions } from '../forecast/combined-history';
import type { StoredHistory } from '../model/insights.schema';
import type { PeriodChoice } from './periods';
import { isStalled, wholeDaysInStage } from './rules';
import { breakdowns, requestToDecision, type Breakdowns, type DecisionTime } from './breakdown';
import { indexPipelines } from './conversion';
import { periodOptions, topPerformerTask, viewFigures, type ViewFigures } from './team-figures';

// Everything the Scorecard tab shows, computed from the extension's data in one pure call, with the
// same figures as the team pages and the `scorecard` command (see ./team-figures).

export interface ScorecardView {
  /** Win rate and deal size per pipeline (and source/product where deals have them), me and team. */
  breakdown: { me: Breakdowns | null; team: Breakdowns };
  /** Proposal → won/lost, in days. */
  decision: { me: DecisionTime | null; team: DecisionTime };
  pipelineNames: Record<string, string>;
  meName: string | null;
  me: ViewFigures | null;
  team: ViewFigures;
  stalledDeals: { key: string; title: string; days: number; limit: number }[];
  stageNames: Record<string, string>;
  stageOrder: Record<string, string[]>;
  coaching: (CoachingGap & { topTask: string | null }) | null;
  dealCount: number;
  /** The currency every money figure is in (null: values as the CRM gave them). */
  currency: string | null;
  /** Currency → deals left out of money figures because it has no rate. */
  unpriced: Record<string, number>;
}

/**
 * `imported`: sales histories imported on the options page; `combine`: synced histories and the team's
 * money settings; `combined`: their combined history when already built from the same sources.
 */
export function scorecardView(data: ObservedData, meName: string | null, period: PeriodChoice, now: Date, imported: readonly StoredHistory[] = [], combine: CombineOptions = {}, combined: CombinedHistory = combinedHistory(data, imported, combine)): ScorecardView {
  const { history } = combined;
  const options = periodOptions(period, now);
  const known = new Set([...combined.observedDealIds, ...combined.syncedDealIds]);
  const steps = data.activities.flatMap((a) => (a.nextStep ? [{ dealId: a.dealKey, dueAt: Date.parse(a.nextStep.dueAt) }] : []));
  const card = viewFigures(history, options, { known, steps });
  const pipelines = indexPipelines(history.pipelines);

  const team = card.team;
  const me = meName ? (card.owners[meName] ?? null) : null;
  const stageNames: Record<string, string> = {};
  const stageOrder: Record<string, string[]> = {};
  for (const pipeline of history.pipelines) {
    stageOrder[pipeline.id] = pipeline.stages.map((s) => s.id);
    for (const stage of pipeline.stages) stageNames[`${pipeline.id}/${stage.id}`] = stage.name || stage.id;
  }

  const stalledDeals = history.deals
    .filter((d) => d.status === 'open' && (meName === null || d.owner === meName) && d.stageHistory.length)
    .flatMap((d) => {
      const current = d.stageHistory.at(-1)!;
      const limit = pipelines.get(d.pipeline)!.rotDays.get(current.stage);
      return limit !== null && limit !== undefined && isStalled(current.enteredAt, limit, options.asOf) ? [{ key: d.id, title: d.title, days: wholeDaysInStage(current.enteredAt, options.asOf), limit }] : [];
    })
    .sort((a, b) => b.days - b.limit - (a.days - a.limit));

  let coaching: ScorecardView['coaching'] = null;
  if (me && meName) {
    const gap = weakestConversion(me, team, stageOrder, (p, s) => me.reached[p]?.[s] ?? 0, COACHING_MIN_REACHED);
    if (gap) {
      const taskId = topPerformerTask(history, gap, card, meName);
      const task = data.playbook.pipelines.find((p) => p.id === gap.pipelineId)?.stages.find((s) => s.id === gap.fromStageId)?.tasks.find((t) => t.id === taskId);
      coaching = { ...gap, topTask: task?.title ?? null };
    }
  }
  const decision = requestToDecision(history, options);
  return {
    meName, me, team, stalledDeals, stageNames, stageOrder, coaching, dealCount: history.deals.length,
    breakdown: { me: meName ? breakdowns(history, options, meName) : null, team: breakdowns(history, options) },
    decision: { me: meName ? (decision.owners[meName] ?? null) : null, team: decision.team },
    pipelineNames: Object.fromEntries(history.pipelines.map((p) => [p.id, p.name || p.id])),
    currency: history.currency ?? null,
    unpriced: combined.unpriced,
  };
}
