import { nextStepShare, type NextStepInput, type Share } from './breakdown';
import { leftStays } from './adoption';
import type { CoachingGap } from './coaching';
import type { History } from './history.schema';
import { periodWindow, type PeriodChoice } from './periods';
import { computeFigures, scorecardOptions, type Figures, type FiguresCard, type ScorecardOptions } from './scorecard';

// The figures every view of the extension shows — the side panel's Scorecard tab, the team
// scorecards, the coaching hint, maturity — from ONE call over one history, so the same deal set
// gives the same number on every screen (and the `scorecard` command's number for the contract's
// measures: both run computeFigures).

export interface ViewFigures extends Figures {
  /** Open deals with a next step scheduled, of the open deals whose next steps are known. */
  nextStep: Share;
}

export interface ViewFiguresCard {
  options: ScorecardOptions;
  team: ViewFigures;
  owners: Record<string, ViewFigures>;
}

/**
 * The extension's window for a reporting period: the period's closed-deal window, and stalled looked
 * at from `now` itself (the deal view's stalled warning looks from now too, so both agree).
 */
export function periodOptions(period: PeriodChoice, now: Date): ScorecardOptions {
  return { ...scorecardOptions(periodWindow(period, now), now), asOf: now.getTime() };
}

export interface NextStepFacts {
  /** Deals whose next steps are known (observed or synced; imported files carry none). */
  known: ReadonlySet<string>;
  steps: readonly NextStepInput[];
}

export function viewFigures(history: History, options: ScorecardOptions, nextSteps: NextStepFacts): ViewFiguresCard {
  const card: FiguresCard = computeFigures(history, options);
  const shares = nextStepShare(history.deals.filter((d) => nextSteps.known.has(d.id)), nextSteps.steps, options.asOf);
  const none: Share = { scheduled: 0, open: 0, share: null };
  return {
    options,
    team: { ...card.team, nextStep: shares.team },
    owners: Object.fromEntries(Object.entries(card.owners).map(([owner, figures]) => [owner, { ...figures, nextStep: shares.owners[owner] ?? none }])),
  };
}

/**
 * Of the reps who convert the weak step at least as well as the team, how often each required task of
 * its stage was done before the deal left the stage (the adoption stay rule); the task they complete
 * most often, or null.
 */
export function topPerformerTask(history: History, gap: CoachingGap, card: ViewFiguresCard, me: string): string | null {
  const top = new Set(
    Object.entries(card.owners)
      .filter(([name, f]) => name !== me && (f.stageConversion[gap.pipelineId]?.[gap.fromStageId] ?? -1) >= gap.teamRate)
      .map(([name]) => name),
  );
  const stage = history.pipelines.find((p) => p.id === gap.pipelineId)?.stages.find((s) => s.id === gap.fromStageId);
  const tasks = stage?.requiredTasks ?? [];
  if (!stage || top.size === 0 || tasks.length === 0) return null;
  const done = new Map<string, number>();
  for (const row of history.checklist ?? []) if (row.stage === stage.id) done.set(`${row.dealId}\u0000${row.task}`, row.doneAt);
  const counts = new Map(tasks.map((t) => [t, 0]));
  let stays = 0;
  for (const deal of history.deals) {
    if (!top.has(deal.owner) || deal.pipeline !== gap.pipelineId) continue;
    for (const stay of leftStays(deal)) {
      if (stay.stage !== stage.id) continue;
      stays++;
      for (const task of tasks) {
        const at = done.get(`${deal.id}\u0000${task}`);
        if (at !== undefined && at <= stay.leftAt) counts.set(task, counts.get(task)! + 1);
      }
    }
  }
  let best: [string, number] | null = null;
  for (const [task, n] of counts) if (n > 0 && (!best || n > best[1])) best = [task, n];
  return stays && best ? best[0] : null;
}

export interface FunnelRow {
  label: string;
  me: number | null;
  team: number | null;
  /** Deals that reached the step's first stage: what "me" and "team" rest on. */
  meReached: number | null;
  teamReached: number;
}

/**
 * Stage-to-stage conversion rows, one per step of every pipeline (named by pipeline when there are
 * several): the same rows in the side panel and on the team page.
 */
export function funnelRows(
  names: { stageOrder: Record<string, string[]>; stageNames: Record<string, string>; pipelineNames: Record<string, string> },
  me: Figures | null,
  team: Figures,
): FunnelRow[] {
  const several = Object.keys(names.stageOrder).length > 1;
  return Object.entries(names.stageOrder).flatMap(([pipelineId, order]) =>
    order.slice(0, -1).map((stageId, i) => {
      const step = `${names.stageNames[`${pipelineId}/${stageId}`]} → ${names.stageNames[`${pipelineId}/${order[i + 1]}`]}`;
      return {
        label: several ? `${names.pipelineNames[pipelineId]}: ${step}` : step,
        me: me?.stageConversion[pipelineId]?.[stageId] ?? null,
        team: team.stageConversion[pipelineId]?.[stageId] ?? null,
        meReached: me ? (me.reached[pipelineId]?.[stageId] ?? 0) : null,
        teamReached: team.reached[pipelineId]?.[stageId] ?? 0,
      };
    }),
  );
}
