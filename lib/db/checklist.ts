import type { StagecraftDb } from './database';
import type { ChecklistChange } from '../model/checklist-change';
import type { ChecklistEntry } from '../model/records.schema';

export type { ChecklistChange } from '../model/checklist-change';

/**
 * One row per deal + stage + task: two pages ticking different items never overwrite each other,
 * and the same item ticked twice simply ends in its latest state.
 */
export async function setChecklistState(db: StagecraftDb, change: ChecklistChange, now: Date): Promise<void> {
  await db.checklist.put({
    dealKey: change.dealKey,
    stageId: change.stageId,
    taskId: change.taskId,
    state: change.state,
    by: change.by,
    at: change.at ?? now.toISOString(),
    evidenceActivityId: change.evidenceActivityId ?? null,
  });
}

export async function checklistOf(db: StagecraftDb, dealKey: string): Promise<ChecklistEntry[]> {
  return db.checklist.where('dealKey').equals(dealKey).toArray();
}
