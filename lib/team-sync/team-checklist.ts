// Team adoption from the CRM: the checklist ticks the reps shared as CRM tasks (./tick-marker.ts),
// read back by the team sync, become the synced history's checklist — so adoption (required items
// done before the deal left the stage ÷ required items of stages left) is counted for every rep who
// shares, on every deal of theirs, by the same scorecard as everything else.
//
// - A tick names a playbook stage; the history names the CRM's stages. The CRM's pipelines and
//   stages are matched to the playbook's exactly as the combined history matches them (by id, name
//   or alias, ../metrics/pipeline-merge), and a tick goes to the CRM stage that becomes its stage.
// - A tick of another playbook, or of a stage or task this playbook does not have (an older
//   version of it), is ignored and counted, never guessed at.
// - Reps who shared no tick are left out of adoption (their deals have no known checklist), rather
//   than counted as doing nothing.
// - The same task twice on a deal (ticked in two browsers) counts once, at its latest time, as one
//   browser keeps it (a re-tick replaces the tick's time).

import type { Playbook, Stage } from '../model/playbook.schema';
import type { History, HistoryChecklistRow, HistoryPipeline } from '../metrics/history.schema';
import { mergePipelines } from '../metrics/pipeline-merge';
import type { SyncedActivity } from './types';

/** What the ticks of one sync say. */
export interface TeamChecklist {
  checklist: HistoryChecklistRow[];
  /** Deal owners who shared at least one tick the playbook knows: their deals' checklists are known. */
  trackedOwners: Set<string>;
  /** Ticks that became checklist rows. */
  shared: number;
  /** Ticks of another playbook, or of a stage or task it does not have. */
  ignored: number;
  /** CRM pipeline id → (CRM stage id → the required tasks of the playbook stage it matched); none without ticks. */
  requiredTasks: Map<string, Map<string, string[]>>;
}

/** The playbook's pipelines as the merge sees them (the primary list, as the observed history has them). */
function playbookPipelines(playbook: Playbook): HistoryPipeline[] {
  return playbook.pipelines.map((p) => ({ id: p.id, name: p.name, stages: p.stages.map((s) => ({ id: s.id, name: s.name, probability: s.probability, rotDays: null })) }));
}

/** The CRM's pipelines and stages matched to the playbook's, as the combined history matches them. */
function matchToPlaybook(pipelines: readonly HistoryPipeline[], playbook: Playbook) {
  const labels = { pipelines: new Map(playbook.pipelines.flatMap((p) => [p.name, ...Object.values(p.aliases).flat()].map((label) => [label, p.id] as const))) };
  return mergePipelines([playbookPipelines(playbook), pipelines], labels, 0).maps[1]!;
}

/** CRM pipeline id → (CRM stage id → the playbook stage it matched); a stage that matched none is absent. */
export function playbookStagesOf(pipelines: readonly HistoryPipeline[], playbook: Playbook): Map<string, Map<string, Stage>> {
  const own = matchToPlaybook(pipelines, playbook);
  const out = new Map<string, Map<string, Stage>>();
  for (const pipeline of pipelines) {
    const target = playbook.pipelines.find((p) => p.id === own.pipeline.get(pipeline.id));
    const stages = new Map<string, Stage>();
    for (const stage of pipeline.stages) {
      const found = target?.stages.find((s) => s.id === own.stages.get(pipeline.id)?.get(stage.id));
      if (found) stages.set(stage.id, found);
    }
    out.set(pipeline.id, stages);
  }
  return out;
}

/** `activities`: the synced activities, or just the ticks (with their deal and time); other activities are passed over. */
export function teamChecklist(history: History, activities: Iterable<Pick<SyncedActivity, 'dealId' | 'at' | 'tick'>>, playbook: Playbook | null): TeamChecklist {
  const result: TeamChecklist = { checklist: [], trackedOwners: new Set(), shared: 0, ignored: 0, requiredTasks: new Map() };
  const ticked = [...activities].filter((a): a is Pick<SyncedActivity, 'dealId' | 'at'> & { tick: NonNullable<SyncedActivity['tick']> } => a.tick !== undefined);
  // Most teams share none: the deals are only looked up when some tick was shared.
  if (ticked.length === 0) return result;
  const deals = new Map(history.deals.map((d) => [d.id, d]));
  const ticks = ticked.filter((a) => deals.has(a.dealId));
  if (ticks.length === 0) return result;
  if (!playbook) {
    result.ignored = ticks.length;
    return result;
  }

  const own = matchToPlaybook(history.pipelines, playbook);
  // Per CRM pipeline: playbook stage id → the CRM stage that matched it (the first, in CRM order).
  const crmStage = new Map<string, Map<string, string>>();
  for (const pipeline of history.pipelines) {
    const target = playbook.pipelines.find((p) => p.id === own.pipeline.get(pipeline.id));
    const byPlaybook = new Map<string, string>();
    for (const stage of pipeline.stages) {
      const merged = own.stages.get(pipeline.id)?.get(stage.id);
      if (merged && target?.stages.some((s) => s.id === merged) && !byPlaybook.has(merged)) byPlaybook.set(merged, stage.id);
    }
    crmStage.set(pipeline.id, byPlaybook);
    const required = new Map<string, string[]>();
    for (const [stageId, crmStageId] of byPlaybook) {
      const tasks = target!.stages.find((s) => s.id === stageId)!.tasks.filter((t) => t.required).map((t) => t.id);
      if (tasks.length) required.set(crmStageId, tasks);
    }
    result.requiredTasks.set(pipeline.id, required);
  }
  const tasks = new Map(playbook.pipelines.flatMap((p) => p.stages.map((s) => [`${p.id}\u0000${s.id}`, new Set(s.tasks.map((t) => t.id))] as const)));

  const rows = new Map<string, HistoryChecklistRow>();
  for (const activity of ticks) {
    const deal = deals.get(activity.dealId)!;
    const { playbookId, stageId, taskId } = activity.tick;
    const stage = crmStage.get(deal.pipeline)?.get(stageId);
    const known = playbookId === playbook.id && stage !== undefined && tasks.get(`${own.pipeline.get(deal.pipeline)}\u0000${stageId}`)?.has(taskId);
    if (!known) {
      result.ignored++;
      continue;
    }
    result.shared++;
    result.trackedOwners.add(deal.owner);
    const key = `${deal.id}\u0000${stage}\u0000${taskId}`;
    const seen = rows.get(key);
    if (!seen || activity.at > seen.doneAt) rows.set(key, { dealId: deal.id, stage: stage!, task: taskId, doneAt: activity.at });
  }
  result.checklist = [...rows.values()].sort((a, b) => (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : a.doneAt - b.doneAt));
  return result;
}
