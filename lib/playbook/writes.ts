import type { ChecklistChange } from '../model/checklist-change';
import type { ChecklistEntry } from '../model/records.schema';
import type { DealGuidance } from './deal-guidance';

// What the engine decided by itself and the database does not hold yet: evidence ticks
// (`by: 'evidence'` + the activity), goal skips (`by: 'goal'`), and goal skips undone when the
// goal is no longer met (`open`, `by: 'goal'`). Hand ticks are never written here. Idempotent:
// once these are stored, evaluating again yields no writes.

export function checklistWrites(guidance: Pick<DealGuidance, 'dealKey' | 'match' | 'tasks'>, existing: readonly ChecklistEntry[]): ChecklistChange[] {
  const stage = guidance.match?.stage;
  if (!stage) return [];
  const stored = new Map(existing.filter((e) => e.dealKey === guidance.dealKey && e.stageId === stage.id).map((e) => [e.taskId, e]));
  const writes: ChecklistChange[] = [];
  const base = { dealKey: guidance.dealKey, stageId: stage.id };
  for (const status of guidance.tasks) {
    const entry = stored.get(status.task.id);
    if (status.state === 'done' && status.by === 'evidence') {
      if (!(entry?.state === 'done' && entry.by === 'evidence' && entry.evidenceActivityId === status.evidenceActivityId))
        writes.push({ ...base, taskId: status.task.id, state: 'done', by: 'evidence', evidenceActivityId: status.evidenceActivityId });
    } else if (status.state === 'skipped' && status.by === 'goal') {
      if (!(entry?.state === 'skipped' && entry.by === 'goal')) writes.push({ ...base, taskId: status.task.id, state: 'skipped', by: 'goal', evidenceActivityId: null });
    } else if (status.state === 'open' && entry?.state === 'skipped' && entry.by === 'goal') {
      writes.push({ ...base, taskId: status.task.id, state: 'open', by: 'goal', evidenceActivityId: null });
    }
  }
  return writes;
}
