import type { StagecraftDb } from './database';
import type { ChecklistChange } from '../model/checklist-change';
import type { ChecklistEntry } from '../model/records.schema';
import { queueTick } from './tick-queue';

export type { ChecklistChange } from '../model/checklist-change';

/**
 * One row per deal + stage + task: two pages ticking different items never overwrite each other,
 * and the same item ticked twice simply ends in its latest state.
 */
export async function setChecklistState(db: StagecraftDb, change: ChecklistChange, now: Date): Promise<void> {
  const entry: ChecklistEntry = {
    dealKey: change.dealKey,
    stageId: change.stageId,
    taskId: change.taskId,
    state: change.state,
    by: change.by,
    at: change.at ?? now.toISOString(),
    evidenceActivityId: change.evidenceActivityId ?? null,
  };
  await putChecklistEntry(db, entry, now);
}

/**
 * Stores one checklist entry and queues what the team's CRM must hear of it (a tick shared, an
 * untick taken back) in the caller's transaction, which must hold `checklist` and `tickShares`.
 */
export async function putChecklistEntry(db: StagecraftDb, entry: ChecklistEntry, now: Date): Promise<void> {
  const before = await db.checklist.get([entry.dealKey, entry.stageId, entry.taskId]);
  await db.checklist.put(entry);
  await queueTick(db, before, entry, now);
}

export async function checklistOf(db: StagecraftDb, dealKey: string): Promise<ChecklistEntry[]> {
  return db.checklist.where('dealKey').equals(dealKey).toArray();
}

/** Removes checklist entries (the activity that ticked them is gone) and queues the untick for the team's CRM. */
export async function removeChecklistEntries(db: StagecraftDb, entries: readonly ChecklistEntry[], now: Date): Promise<void> {
  await db.checklist.bulkDelete(entries.map((entry) => [entry.dealKey, entry.stageId, entry.taskId] as [string, string, string]));
  for (const entry of entries) await queueTick(db, entry, undefined, now);
}
