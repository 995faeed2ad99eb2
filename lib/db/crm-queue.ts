import type { StagecraftDb } from './database';
import type { Activity, CrmWrite } from '../model/records.schema';

// The write-back queue's bookkeeping: what each local change (log, edit, delete, undo) means for
// the CRM. At most one entry per activity, coalesced: a create not yet sent absorbs later edits
// and vanishes with an undo; an edit of a written activity becomes an update; a delete of a
// written one becomes a delete that outlives the activity. Runs inside the callers' transactions
// (which must include `activities` and `crmWrites`). Pure: the clock comes in.

/** A new log waits this long before it goes to the CRM, so the toast's Undo never has to reach it. */
export const CREATE_HOLD_MS = 5_000;

/** Retry delays after the 1st, 2nd, … failure; the last one repeats. Nothing is ever dropped. */
export const RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

/** A write under way for longer than this was cut off (the worker stopped): it is taken up again. */
export const IN_FLIGHT_STALE_MS = 2 * 60_000;

export function retryDelayMs(attempts: number, retryAfterSeconds?: number): number {
  const step = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  return retryAfterSeconds === undefined ? step : Math.max(step, retryAfterSeconds * 1000);
}

function freshEntry(activity: Pick<Activity, 'id' | 'dealKey'>, op: CrmWrite['op'], refs: CrmWrite['refs'], now: Date, dueAt: Date): CrmWrite {
  return {
    activityId: activity.id,
    dealKey: activity.dealKey,
    op,
    refs,
    queuedAt: now.toISOString(),
    nextAttemptAt: dueAt.toISOString(),
    attempts: 0,
    lastAttemptAt: null,
    lastError: null,
    revision: 0,
    inFlight: null,
  };
}

/** A newly logged activity: created in the CRM once the undo hold has passed. */
export function createEntry(activity: Pick<Activity, 'id' | 'dealKey'>, now: Date): CrmWrite {
  return freshEntry(activity, 'create', null, now, new Date(now.getTime() + CREATE_HOLD_MS));
}

/** What the CRM has for the activity: the queue's refs when a write is under way or got partway, else the activity's. */
const refsOf = (activity: Activity | undefined, entry: CrmWrite | undefined) => entry?.refs ?? activity?.crmRefs ?? null;

/**
 * After a local edit of `activity` (already saved): make sure the CRM hears of it. A local-only
 * activity stays local. Returns the activity's new sync state.
 */
export async function queueEdit(db: StagecraftDb, activity: Activity, now: Date): Promise<Activity['sync']> {
  if (activity.sync === 'local') return 'local';
  const entry = await db.crmWrites.get(activity.id);
  if (entry) {
    // Any queued op already sends the activity as it is when it goes; an answer for an older
    // revision is followed up by the processor.
    await db.crmWrites.put({ ...entry, revision: entry.revision + 1 });
    return entry.attempts > 0 && !entry.inFlight ? activity.sync : 'pending';
  }
  const refs = refsOf(activity, undefined);
  await db.crmWrites.put(freshEntry(activity, refs ? 'update' : 'create', refs, now, now));
  return 'pending';
}

/** After `activity` was deleted locally: drop a create the CRM never saw, else queue the delete. */
export async function queueDelete(db: StagecraftDb, activity: Activity, now: Date): Promise<CrmWrite | undefined> {
  const entry = await db.crmWrites.get(activity.id);
  const refs = refsOf(activity, entry);
  if (!entry?.inFlight && !refs) {
    if (entry) await db.crmWrites.delete(activity.id);
    return entry;
  }
  await db.crmWrites.put({
    ...(entry ?? freshEntry(activity, 'delete', refs, now, now)),
    op: 'delete',
    refs,
    revision: (entry?.revision ?? 0) + 1,
    nextAttemptAt: now.toISOString(),
    attempts: 0,
    lastError: null,
  });
  return entry;
}

/**
 * After a deleted activity was put back (undo): the queue goes back to what it was before the
 * delete when the delete has not been sent; if it has, the activity is created again.
 * Returns the activity as it must be stored.
 */
export async function queueRestore(db: StagecraftDb, activity: Activity, before: CrmWrite | undefined, now: Date): Promise<Activity> {
  if (activity.sync === 'local') return activity;
  const entry = await db.crmWrites.get(activity.id);
  if (entry?.inFlight) {
    // The delete is on its way: once it answers, the processor sees the activity and re-creates it.
    await db.crmWrites.put({ ...entry, revision: entry.revision + 1 });
    return { ...activity, sync: 'pending' };
  }
  if (entry?.op === 'delete' || (!entry && before)) {
    // Not sent: as if the delete never happened.
    if (before) await db.crmWrites.put({ ...before, revision: Math.max(before.revision, entry?.revision ?? 0) + 1, inFlight: null });
    else await db.crmWrites.delete(activity.id);
    return before ? activity : { ...activity, sync: activity.crmRefs ? 'synced' : activity.sync };
  }
  if (!entry && activity.crmRefs) {
    // The CRM already deleted it: write it again, as new.
    await db.crmWrites.put(freshEntry(activity, 'create', null, now, now));
    return { ...activity, sync: 'pending', crmRefs: null };
  }
  return activity;
}

/**
 * "Write to the CRM" on a local activity, or "Try again now" on a failed one: due at once.
 * False when there is nothing to write.
 */
export async function queueNow(db: StagecraftDb, activityId: string, now: Date): Promise<boolean> {
  return db.transaction('rw', db.activities, db.crmWrites, async () => {
    const activity = await db.activities.get(activityId);
    const entry = await db.crmWrites.get(activityId);
    if (entry) {
      if (!entry.inFlight) await db.crmWrites.put({ ...entry, nextAttemptAt: now.toISOString() });
      return true;
    }
    if (!activity || activity.sync === 'synced') return false;
    const refs = activity.crmRefs ?? null;
    await db.crmWrites.put(freshEntry(activity, refs ? 'update' : 'create', refs, now, now));
    await db.activities.put({ ...activity, sync: 'pending' });
    return true;
  });
}

/** The entries due now (oldest due first), including writes cut off by a stopped worker. */
export async function dueWrites(db: StagecraftDb, now: Date, limit = 20): Promise<CrmWrite[]> {
  const nowIso = now.toISOString();
  const staleBefore = now.getTime() - IN_FLIGHT_STALE_MS;
  return db.crmWrites
    .where('nextAttemptAt')
    .belowOrEqual(nowIso)
    .filter((entry) => !entry.inFlight || Date.parse(entry.inFlight.since) < staleBefore)
    .limit(limit)
    .toArray();
}

/**
 * When the next entry falls due (ISO), or null when the queue is empty. A write under way counts
 * from when it would go stale, so a write cut off by a stopped worker is not polled for meanwhile.
 */
export async function nextDueAt(db: StagecraftDb): Promise<string | null> {
  let soonest: number | null = null;
  await db.crmWrites.each((entry) => {
    const due = entry.inFlight ? Date.parse(entry.inFlight.since) + IN_FLIGHT_STALE_MS : Date.parse(entry.nextAttemptAt);
    if (soonest === null || due < soonest) soonest = due;
  });
  return soonest === null ? null : new Date(soonest).toISOString();
}

/**
 * A worker that just started has nothing under way, so a write still marked so was cut off when
 * the last one stopped (perhaps while the CRM was answering): it is due at once and unsure, so a
 * create looks for its marker first, instead of waiting IN_FLIGHT_STALE_MS. Returns how many.
 */
export async function releaseCutOffWrites(db: StagecraftDb, now: Date): Promise<number> {
  return db.crmWrites.filter((entry) => entry.inFlight !== null).modify({ inFlight: null, unsure: true, nextAttemptAt: now.toISOString() });
}

/** Brings every waiting write forward (a CRM was connected, or the rep asked to try all again). Returns how many. */
export async function retryAllNow(db: StagecraftDb, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  return db.crmWrites.filter((entry) => !entry.inFlight && entry.nextAttemptAt > nowIso).modify({ nextAttemptAt: nowIso });
}

/** How many writes failed on their last try and wait for the next (the toolbar badge shows it). */
export function failingWrites(db: StagecraftDb): Promise<number> {
  return db.crmWrites.filter((entry) => entry.attempts > 0).count();
}
