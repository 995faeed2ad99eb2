import type { StagecraftDb } from './database';
import { OUTCOMES } from '../model/activity';
import { activitySchema, type Activity, type ChecklistEntry, type CrmWrite } from '../model/records.schema';
import { parseWith } from '../model/issues';
import { createEntry, queueDelete, queueEdit, queueRestore } from './crm-queue';
import { derivedStateTables, storeDerivedState } from './derived';
import { putChecklistEntry, removeChecklistEntries } from './checklist';

// Logged activities, stored locally at once (work offline). When the deal's CRM is connected for
// writing, each change is queued for the CRM in the same transaction (./crm-queue.ts), so nothing
// logged can be lost between here and the CRM. What an activity proves (a logged proposal ticks
// "Send the proposal") is stored in the same transaction too (./derived.ts), whichever page logged
// it. Pure: the database and the clock come in as arguments. Ids are random UUIDs.

export const NOTE_LIMIT = 10_000;
export const NEXT_STEP_TITLE_LIMIT = 200;

export interface ActivityInput {
  dealKey: string;
  type: Activity['type'];
  outcome: string | null;
  note: string;
  nextStep: Activity['nextStep'];
  owner: string | null;
}

export type LogResult = { ok: true; activity: Activity } | { ok: false; error: string };

/** What a delete removed: the activity and the checklist ticks it was the evidence for (for an undo). */
export interface DeletedActivity {
  activity: Activity;
  ticks: ChecklistEntry[];
  /** Its write-back queue entry before the delete, if it had one. */
  write?: CrmWrite;
}

export interface LogOptions {
  /** Write it to the deal's CRM (the CRM is connected with activity writing on). */
  writeBack?: boolean;
  id?: string;
}

/** An outcome must come from its type's picklist (structured beats free text). */
function outcomeProblem(activity: Pick<Activity, 'type' | 'outcome'>): string | null {
  if (activity.outcome === null || OUTCOMES[activity.type].includes(activity.outcome)) return null;
  const allowed = OUTCOMES[activity.type];
  return `outcome: expected ${allowed.length ? `one of ${allowed.join(', ')} or null` : 'null'} for a ${activity.type}, got ${JSON.stringify(activity.outcome)}`;
}

function validate(candidate: unknown): LogResult {
  const parsed = parseWith(activitySchema, candidate);
  if (!parsed.ok) return parsed;
  const problem = outcomeProblem(parsed.value);
  return problem ? { ok: false, error: problem } : { ok: true, activity: parsed.value };
}

/** Validates and stores a new activity in one transaction; nothing is written when it is invalid. */
export async function logActivity(db: StagecraftDb, input: ActivityInput, now: Date, options: LogOptions = {}): Promise<LogResult> {
  const result = validate({
    id: options.id ?? crypto.randomUUID(),
    dealKey: input.dealKey,
    type: input.type,
    outcome: input.outcome,
    note: input.note,
    at: now.toISOString(),
    nextStep: input.nextStep,
    owner: input.owner,
    sync: options.writeBack ? 'pending' : 'local',
    crmRefs: null,
  });
  if (!result.ok) return result;
  await db.transaction('rw', [...derivedStateTables(db), db.crmWrites], async () => {
    await db.activities.add(result.activity);
    if (options.writeBack) await db.crmWrites.add(createEntry(result.activity, now));
    await storeDerivedState(db, result.activity.dealKey, now); // a logged proposal ticks "Send the proposal"
  });
  return result;
}

/** The checklist ticks an activity is the evidence for. */
async function ticksOf(db: StagecraftDb, activity: Activity): Promise<ChecklistEntry[]> {
  return db.checklist.where('dealKey').equals(activity.dealKey).filter((entry) => entry.evidenceActivityId === activity.id).toArray();
}

/**
 * Deletes exactly that activity, and the ticks it was the evidence for (in the same transaction
 * the task is ticked again from any other evidence). Returns what was removed (the ticks as they
 * were), or null if it was not there.
 */
export async function deleteActivity(db: StagecraftDb, id: string, now: Date = new Date()): Promise<DeletedActivity | null> {
  return db.transaction('rw', [...derivedStateTables(db), db.crmWrites], async () => {
    const activity = await db.activities.get(id);
    if (!activity) return null;
    const ticks = await ticksOf(db, activity);
    await db.activities.delete(id);
    await removeChecklistEntries(db, ticks, now);
    const write = await queueDelete(db, activity, now);
    await storeDerivedState(db, activity.dealKey, now);
    return { activity, ticks, ...(write && { write }) };
  });
}

/** The toast's Undo: removes exactly the activity just logged. True if it was still there. */
export async function undoActivity(db: StagecraftDb, id: string, now: Date = new Date()): Promise<boolean> {
  return (await deleteActivity(db, id, now)) !== null;
}

/** Puts back a deleted activity and its ticks (a tick the engine has written again since is kept). */
export async function restoreActivity(db: StagecraftDb, deleted: DeletedActivity, now: Date = new Date()): Promise<void> {
  await db.transaction('rw', [...derivedStateTables(db), db.crmWrites], async () => {
    await db.activities.put(await queueRestore(db, deleted.activity, deleted.write, now));
    for (const tick of deleted.ticks) {
      const current = await db.checklist.get([tick.dealKey, tick.stageId, tick.taskId]);
      if (!current) await putChecklistEntry(db, tick, now);
    }
    await storeDerivedState(db, deleted.activity.dealKey, now);
  });
}

export type ActivityChange = Partial<Pick<Activity, 'type' | 'outcome' | 'note' | 'nextStep'>>;

/**
 * Edits what the rep may change (type, outcome, note, next step), validated like a new log. When
 * the type changes, the ticks it was the evidence for go (a call is no proof of a proposal), and
 * what the new type is evidence for is ticked, in the same transaction.
 */
export async function editActivity(db: StagecraftDb, id: string, change: ActivityChange, now: Date = new Date()): Promise<LogResult> {
  return db.transaction('rw', [...derivedStateTables(db), db.crmWrites], async (): Promise<LogResult> => {
    const current = await db.activities.get(id);
    if (!current) return { ok: false, error: 'this activity no longer exists' };
    const result = validate({ ...current, ...change, id: current.id, dealKey: current.dealKey, at: current.at });
    if (!result.ok) return result;
    if (result.activity.type !== current.type) {
      const ticks = await ticksOf(db, current);
      await removeChecklistEntries(db, ticks, now);
    }
    const sync = await queueEdit(db, result.activity, now);
    const stored = { ...result.activity, sync };
    await db.activities.put(stored);
    await storeDerivedState(db, stored.dealKey, now);
    return { ok: true, activity: stored };
  });
}

/** The deal's latest activities, newest first. */
export async function recentActivities(db: StagecraftDb, dealKey: string, limit = 20): Promise<Activity[]> {
  const all = await db.activities.where('dealKey').equals(dealKey).sortBy('at');
  return all.reverse().slice(0, Math.max(0, limit));
}

/** The soonest next step due from now on, if any (same rule as the playbook engine's "no next activity"). */
export function upcomingNextStep(activities: readonly Activity[], now: Date): NonNullable<Activity['nextStep']> | null {
  let soonest: NonNullable<Activity['nextStep']> | null = null;
  for (const activity of activities) {
    const step = activity.nextStep;
    if (!step || Date.parse(step.dueAt) < now.getTime()) continue;
    if (!soonest || Date.parse(step.dueAt) < Date.parse(soonest.dueAt)) soonest = step;
  }
  return soonest;
}

/** Whether any logged activity has a next step due from now on. */
export function hasNextStepScheduled(activities: readonly Activity[], now: Date): boolean {
  return upcomingNextStep(activities, now) !== null;
}
