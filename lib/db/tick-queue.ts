import type { StagecraftDb } from './database';
import type { ChecklistEntry, TickShare } from '../model/records.schema';
import type { CrmId } from '../model/deal';
import type { Cause } from '../i18n/cause';
import { CREATE_HOLD_MS, IN_FLIGHT_STALE_MS } from './crm-queue';

// The write queue's bookkeeping for checklist ticks shared with the team: one row per checklist
// item (tickShares, schema v7), written in the same transaction as the tick (so nothing is lost to
// a stopped worker or being offline). A change waits CREATE_HOLD_MS before it goes, and every
// change within that time folds into one: a rep who ticks and unticks quickly sends nothing.
// What is sent is decided when it goes, from the checklist as it is then (../background/tick-writes.ts).

/** Whether the CRM's task carries this entry: done (by hand or evidence), with its marker's `by` and time. */
export const sharedTick = (entry: Pick<ChecklistEntry, 'state' | 'by' | 'at'> | undefined) =>
  entry?.state === 'done' ? `${entry.by === 'evidence' ? 'evidence' : 'hand'}@${entry.at}` : null;

function fresh(key: Pick<ChecklistEntry, 'dealKey' | 'stageId' | 'taskId'>): TickShare {
  return { dealKey: key.dealKey, stageId: key.stageId, taskId: key.taskId, ref: null, attempts: 0, lastError: null, revision: 0, inFlight: null, unsure: false, sharedAt: null };
}

/**
 * After a checklist item changed from `before` to `after` (undefined: removed) (inside the caller's transaction, which
 * holds `tickShares`): the CRM hears of it once the hold has passed. An item the CRM never had and
 * that is not done now needs nothing.
 */
export async function queueTick(db: StagecraftDb, before: ChecklistEntry | undefined, after: ChecklistEntry | undefined, now: Date): Promise<void> {
  if (sharedTick(before) === sharedTick(after)) return;
  const item = (after ?? before)!;
  const row = await db.tickShares.get([item.dealKey, item.stageId, item.taskId]);
  if (!row && after?.state !== 'done') return;
  const base = row ?? fresh(item);
  // A failing item keeps its back-off; otherwise it goes once the rep has stopped changing it.
  const hold = new Date(now.getTime() + CREATE_HOLD_MS).toISOString();
  const nextAttemptAt = base.attempts > 0 && base.nextAttemptAt ? base.nextAttemptAt : hold;
  await db.tickShares.put({ ...base, revision: base.revision + (row ? 1 : 0), nextAttemptAt, sharedAt: null });
}

/**
 * Every done item of `crm`'s deals the CRM does not hold yet becomes due now (sharing turned on, a
 * CRM connected, a new token, the worker started with sharing on): ticks done while sharing was off
 * or before it existed reach the team too. Returns how many were queued.
 */
export async function queueUnsharedTicks(db: StagecraftDb, crm: CrmId, now: Date, options: { includeRefused?: boolean } = {}): Promise<number> {
  return db.transaction('rw', db.checklist, db.tickShares, async () => {
    const ofCrm = (dealKey: string) => dealKey.startsWith(`${crm}:`);
    const [rows, done] = await Promise.all([db.tickShares.filter((row) => ofCrm(row.dealKey)).toArray(), db.checklist.filter((entry) => entry.state === 'done' && ofCrm(entry.dealKey)).toArray()]);
    const nowIso = now.toISOString();
    const known = new Set(rows.map((row) => JSON.stringify([row.dealKey, row.stageId, row.taskId])));
    const queued: TickShare[] = [];
    for (const row of rows) {
      // Held back while sharing was off (a tick to write, an untick to take back), or refused for want
      // of permission: the latter is asked again when the connection changes, not at every wake.
      if (row.sharedAt || row.nextAttemptAt || row.inFlight) continue;
      if (row.lastError?.kind === 'forbidden' && !options.includeRefused) continue;
      queued.push({ ...row, nextAttemptAt: nowIso, attempts: 0, lastError: null });
    }
    for (const entry of done) {
      if (known.has(JSON.stringify([entry.dealKey, entry.stageId, entry.taskId]))) continue;
      // An item without a row may be in the CRM already (a restored backup, another browser of the
      // rep's): its first write looks for the marker before creating.
      queued.push({ ...fresh(entry), unsure: true, nextAttemptAt: nowIso });
    }
    if (queued.length) await db.tickShares.bulkPut(queued);
    return queued.length;
  });
}

/** The items due now (oldest due first), including writes cut off by a stopped worker. */
export async function dueTicks(db: StagecraftDb, now: Date, limit = 20): Promise<TickShare[]> {
  const staleBefore = now.getTime() - IN_FLIGHT_STALE_MS;
  return db.tickShares
    .where('nextAttemptAt')
    .belowOrEqual(now.toISOString())
    .filter((row) => !row.inFlight || Date.parse(row.inFlight.since) < staleBefore)
    .limit(limit)
    .toArray();
}

/** When the next item falls due (ISO), or null; a write under way counts from when it would go stale. */
export async function nextTickDueAt(db: StagecraftDb): Promise<string | null> {
  let soonest: number | null = null;
  await db.tickShares.where('nextAttemptAt').aboveOrEqual('').each((row) => {
    const due = row.inFlight ? Date.parse(row.inFlight.since) + IN_FLIGHT_STALE_MS : Date.parse(row.nextAttemptAt!);
    if (soonest === null || due < soonest) soonest = due;
  });
  return soonest === null ? null : new Date(soonest).toISOString();
}

/** As releaseCutOffWrites, for shared ticks: one still marked under way when a worker starts was cut off. */
export async function releaseCutOffTicks(db: StagecraftDb, now: Date): Promise<number> {
  return db.tickShares.filter((row) => row.inFlight !== null).modify({ inFlight: null, unsure: true, nextAttemptAt: now.toISOString() });
}

/** Brings every waiting tick forward (a CRM was connected, or the rep asked to try all again). */
export async function retryAllTicksNow(db: StagecraftDb, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  return db.tickShares.where('nextAttemptAt').above(nowIso).filter((row) => !row.inFlight).modify({ nextAttemptAt: nowIso });
}

/**
 * Per CRM: how many ticks it refused to take (no permission) and stay in this browser only, and
 * why as a cause: the CRM's status and own words only as its technical detail.
 */
export async function refusedTicks(db: StagecraftDb): Promise<Partial<Record<CrmId, { count: number; cause: Cause }>>> {
  const refused: Partial<Record<CrmId, { count: number; cause: Cause }>> = {};
  await db.tickShares.filter((row) => row.lastError?.kind === 'forbidden' && !row.nextAttemptAt).each((row) => {
    const crm = row.dealKey.split(':')[0] as CrmId;
    const seen = refused[crm];
    const { status, detail } = row.lastError ?? {};
    // "403 · INSUFFICIENT_ACCESS: …"; a bare "HTTP 403" already names the status.
    const technical = detail?.startsWith('HTTP ') ? detail : [status, detail].filter((part) => part !== undefined && part !== '').join(' · ');
    refused[crm] = { count: (seen?.count ?? 0) + 1, cause: seen?.cause ?? { kind: 'taskPermission', service: crm, ...(technical && { technical }) } };
  });
  return refused;
}
