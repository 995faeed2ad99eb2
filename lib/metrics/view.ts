import { computeAdoption, type Adoption } from './adoption';
import { weakestConversion, type CoachingGap } from './coaching';
import { historyFromObserved, type ObservedData } from './from-extension';
import { combinedHistory } from '../forecast/combined-history';
import type { StoredHistory } from '../model/insights.schema';
import { periodWindow, type PeriodChoice } from './periods';
import { computeScorecard, indexPipelines, reachedByStage, scorecardOptions, type Metrics } from './scorecard';
import { median } from './stats';
import { breakdowns, requestToDecision, type Breakdowns, type DecisionTime } from './breakdown';

// Everything the Scorecard tab shows, computed from the extension's data in one pure call, with the
// same engine as the `scorecard` command (so the figures agree).

export interface SideMetrics {
  metrics: Metrics;
  medianWonValue: number | null;
  adoption: Adoption;
  /** Share of open deals with a next step scheduled from now on. */
  nextStepShare: number | null;
  reached: Record<string, Record<string, number>>;
}

export interface ScorecardView {
  /** Win rate and deal size per pipeline (and source/product where deals have them), me and team. */
  breakdown: { me: Breakdowns | null; team: Breakdowns };
  /** Proposal → won/lost, in days. */
  decision: { me: DecisionTime | null; team: DecisionTime };
  pipelineNames: Record<string, string>;
  meName: string | null;
  me: SideMetrics | null;
  team: SideMetrics;
  stalledDeals: { key: string; title: string; days: number; limit: number }[];
  stageNames: Record<string, string>;
  stageOrder: Record<string, string[]>;
  coaching: (CoachingGap & { topTask: string | null }) | null;
  dealCount: number;
}

/** `imported`: sales histories imported on the options page (the observed deal wins on the same id). */
export function scorecardView(data: ObservedData, meName: string | null, period: PeriodChoice, now: Date, imported: readonly StoredHistory[] = []): ScorecardView {
  const { history, adoption } = imported.length ? combinedHistory(data, imported) : historyFromObserved(data);
  const options = scorecardOptions({ ...periodWindow(period, now), asOf: now.toISOString().slice(0, 10) }, now);
  const card = computeScorecard(history, options);
  const pipelines = indexPipelines(history.pipelines);
  const adoptionByOwner = computeAdoption(adoption);
  const inWindow = (closedAt: number | null) => closedAt !== null && (options.from === null || closedAt >= options.from) && (options.toExclusive === null || closedAt < options.toExclusive);
  const nowMs = now.getTime();
  const scheduled = new Set(data.activities.filter((a) => a.nextStep && Date.parse(a.nextStep.dueAt) >= nowMs).map((a) => a.dealKey));

  const side = (owner: string | null): SideMetrics | null => {
    const deals = owner === null ? history.deals : history.deals.filter((d) => d.owner === owner);
    const metrics = owner === null ? card.team : card.owners[owner];
    if (!metrics) return null;
    const open = deals.filter((d) => d.status === 'open');
    return {
      metrics,
      medianWonValue: median(deals.filter((d) => d.status === 'won' && (period === 'all' || inWindow(d.closedAt))).map((d) => d.value)),
      adoption: owner === null ? adoptionByOwner.team : (adoptionByOwner.owners[owner] ?? { done: 0, required: 0, rate: null }),
      nextStepShare: open.length ? open.filter((d) => scheduled.has(d.id)).length / open.length : null,
      reached: reachedByStage(deals, pipelines),
    };
  };

  const team = side(null)!;
  const me = meName ? side(meName) : null;
  const stageNames: Record<string, string> = {};
  const stageOrder: Record<string, string[]> = {};
  for (const pipeline of history.pipelines) {
    stageOrder[pipeline.id] = pipeline.stages.map((s) => s.id);
    for (const stage of pipeline.stages) stageNames[`${pipeline.id}/${stage.id}`] = stage.name;
  }

  const stalledDeals = history.deals
    .filter((d) => d.status === 'open' && (meName === null || d.owner === meName) && d.stageHistory.length)
    .flatMap((d) => {
      const current = d.stageHistory.at(-1)!;
      const limit = pipelines.get(d.pipeline)!.rotDays.get(current.stage);
      const days = (nowMs - current.enteredAt) / 86_400_000;
      return limit !== null && limit !== undefined && days > limit ? [{ key: d.id, title: d.title, days: Math.floor(days), limit }] : [];
    })
    .sort((a, b) => b.days - b.limit - (a.days - a.limit));

  let coaching: ScorecardView['coaching'] = null;
  if (me) {
    const gap = weakestConversion(me.metrics, team.metrics, stageOrder, (p, s) => me.reached[p]?.[s] ?? 0, 3);
    if (gap) coaching = { ...gap, topTask: topPerformerTask(data, gap, card.owners, meName!, adoption) };
  }
  const decision = requestToDecision(history, options);
  return {
    meName, me, team, stalledDeals, stageNames, stageOrder, coaching, dealCount: history.deals.length,
    breakdown: { me: meName ? breakdowns(history, options, meName) : null, team: breakdowns(history, options) },
    decision: { me: meName ? (decision.owners[meName] ?? null) : null, team: decision.team },
    pipelineNames: Object.fromEntries(history.pipelines.map((p) => [p.id, p.name])),
  };
}

/** The required task of the weak stage that the reps converting at least as well as the team complete most often. */
function topPerformerTask(data: ObservedData, gap: CoachingGap, owners: Record<string, Metrics>, me: string, adoption: ReturnType<typeof historyFromObserved>['adoption']): string | null {
  const top = Object.entries(owners)
    .filter(([name, m]) => name !== me && (m.stageConversion[gap.pipelineId]?.[gap.fromStageId] ?? -1) >= gap.teamRate)
    .map(([name]) => name);
  const stage = data.playbook.pipelines.find((p) => p.id === gap.pipelineId)?.stages.find((s) => s.id === gap.fromStageId);
  if (!stage || top.length === 0) return null;
  let best: { title: string; rate: number } | null = null;
  for (const task of stage.tasks.filter((t) => t.required)) {
    let done = 0;
    let total = 0;
    for (const deal of adoption.filter((a) => top.includes(a.owner))) {
      for (const left of deal.leftStages.filter((l) => l.stageId === stage.id)) {
        total++;
        const at = deal.done.get(`${stage.id}/${task.id}`);
        if (at !== undefined && at <= left.leftAt) done++;
      }
    }
    if (total && (!best || done / total > best.rate)) best = { title: task.title, rate: done / total };
  }
  return best && best.rate > 0 ? best.title : null;
}
