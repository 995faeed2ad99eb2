import type { Playbook } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, DealRecord, StageVisit } from '../model/records.schema';
import { matchPipeline, matchStage } from '../playbook/match';
import { learnedKey, type LearnedRotDays } from './learned-rot';
import { stallLimit } from './rules';
import type { History, HistoryChecklistRow, HistoryDeal } from './history';

// What the extension observed, as a scorecard history (version 2): the playbook's pipelines (working
// stages then the won stage, each with its required task ids), each deal with its stage visits mapped
// to playbook stages, and the done checklist items — so adoption is counted by the scorecard itself.

export interface ObservedData {
  playbook: Playbook;
  deals: readonly DealRecord[];
  visits: readonly StageVisit[];
  activities: readonly Activity[];
  checklist: readonly ChecklistEntry[];
  mappings: Readonly<Record<string, string>>;
  defaultRotDays: number;
  /** Stall limits learned from the team's history (settings.learnedRotDays). */
  learnedRotDays?: LearnedRotDays;
}

export const UNKNOWN_OWNER = '—';

export function historyFromObserved(data: ObservedData): { history: History } {
  const pipelines = data.playbook.pipelines.map((pipeline) => ({
    id: pipeline.id,
    name: pipeline.name,
    stages: pipeline.stages
      .filter((stage) => stage.outcome !== 'lost')
      .map((stage) => ({
        id: stage.id,
        name: stage.name,
        probability: stage.probability,
        rotDays: stallLimit(stage, data.learnedRotDays?.[learnedKey(pipeline.id, stage.id)], data.defaultRotDays),
        requiredTasks: stage.tasks.filter((t) => t.required).map((t) => t.id),
      })),
  }));
  const visitsByDeal = groupBy(data.visits, (v) => v.dealKey);
  const checklistByDeal = groupBy(data.checklist, (c) => c.dealKey);
  const deals: HistoryDeal[] = [];
  const checklist: HistoryChecklistRow[] = [];
  const ownerOfDeal = new Map<string, string>();

  for (const record of data.deals) {
    const snapshot = record.snapshot;
    const pipeline = matchPipeline(data.playbook, record.crm, snapshot.pipeline);
    const known = new Set(pipelines.find((p) => p.id === pipeline.id)!.stages.map((s) => s.id));
    const history: { stage: string; enteredAt: number }[] = [];
    for (const visit of (visitsByDeal.get(record.key) ?? []).sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))) {
      const match = matchStage(data.playbook, record.crm, record.account, snapshot.pipeline, visit.stage, data.mappings);
      if (!match || match.pipeline.id !== pipeline.id || !known.has(match.stage.id)) continue;
      if (history.at(-1)?.stage === match.stage.id) continue;
      history.push({ stage: match.stage.id, enteredAt: Date.parse(visit.enteredAt) });
    }
    const status = snapshot.status ?? 'open';
    const owner = snapshot.owner ?? UNKNOWN_OWNER;
    ownerOfDeal.set(record.key, owner);
    deals.push({
      id: record.key,
      title: snapshot.title ?? '',
      owner,
      pipeline: pipeline.id,
      value: snapshot.value ?? 0,
      currency: snapshot.currency,
      createdAt: Date.parse(record.firstSeenAt),
      closedAt: status === 'open' ? null : Date.parse(record.closedAt ?? record.lastSeenAt),
      status,
      stageHistory: history,
    });
    for (const entry of checklistByDeal.get(record.key) ?? [])
      if (entry.state === 'done' && known.has(entry.stageId))
        checklist.push({ dealId: record.key, stage: entry.stageId, task: entry.taskId, doneAt: Date.parse(entry.at) });
  }

  const activities = data.activities.map((a) => ({ dealId: a.dealKey, owner: a.owner ?? ownerOfDeal.get(a.dealKey) ?? UNKNOWN_OWNER, type: a.type, at: Date.parse(a.at) }));
  return { history: { version: 2, pipelines, deals, activities, forecasts: [], checklist } };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
