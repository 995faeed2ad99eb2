import type { StagecraftDb } from '../db/database';
import { dueWrites, IN_FLIGHT_STALE_MS, retryDelayMs } from '../db/crm-queue';
import type { CredentialStore } from '../crm/api/credentials';
import { connectionOf } from './crm-sync';
import { failure, isFailure, type CrmCredentials } from '../crm/api/types';
import type { ActivityWrite, WriteOp, WriteOutcome } from '../crm/api/write-types';
import type { DealRef } from '../model/deal';
import { CRM_IDS, type CrmId } from '../model/deal';
import type { Activity, CrmWrite } from '../model/records.schema';

// Works through the write-back queue: one entry at a time, claimed in a transaction (so two
// triggers never send the same write), sent, then settled against what changed locally while it
// was on its way. A failure keeps the entry and only moves its next attempt on; nothing is ever
// dropped until the CRM confirmed it.

export interface CrmWriteDeps {
  credentials: CredentialStore;
  /** The Salesforce session id of the deal's org, when the rep allowed reading it. */
  salesforceSession(ref: DealRef): Promise<string | null>;
  /** The CRM API client's write (never throws). */
  write(ref: DealRef, credentials: CrmCredentials, op: WriteOp): Promise<WriteOutcome>;
  /** The subject line of the activity in the rep's language. */
  subject(activity: Activity): string;
  now(): Date;
}

export interface ProcessReport {
  written: number;
  failed: number;
}

/** The deal a queued write belongs to: the stored deal, else the key itself (`crm:account:dealId`). */
async function dealRefOf(db: StagecraftDb, dealKey: string): Promise<DealRef | null> {
  const record = await db.deals.get(dealKey);
  if (record) return { crm: record.crm, account: record.account, dealId: record.dealId };
  const [crm, account, ...rest] = dealKey.split(':');
  const dealId = rest.join(':');
  return (CRM_IDS as readonly string[]).includes(crm ?? '') && account && dealId ? { crm: crm as CrmId, account, dealId } : null;
}

function activityWrite(activity: Activity, dealId: string, subject: string): ActivityWrite {
  return { activityId: activity.id, dealId, type: activity.type, outcome: activity.outcome, subject, note: activity.note, at: activity.at, nextStep: activity.nextStep };
}

interface Claim {
  entry: CrmWrite;
  revision: number;
  ref: DealRef;
  op: WriteOp;
  /** This attempt began unsure of what the CRM holds. */
  lookFirst: boolean;
}

/** Failures after which the CRM may or may not have carried out what was sent. */
const UNKNOWN_OUTCOME: ReadonlySet<string> = new Set(['timeout', 'network']);

/** Marks the entry as on its way and says what to send; null when there is nothing to send (the entry is then settled). */
async function claim(db: StagecraftDb, activityId: string, deps: CrmWriteDeps): Promise<Claim | null> {
  return db.transaction('rw', db.crmWrites, db.activities, db.deals, async () => {
    const entry = await db.crmWrites.get(activityId);
    const now = deps.now();
    if (!entry || Date.parse(entry.nextAttemptAt) > now.getTime()) return null;
    if (entry.inFlight && now.getTime() - Date.parse(entry.inFlight.since) < IN_FLIGHT_STALE_MS) return null;
    const activity = await db.activities.get(activityId);
    const ref = await dealRefOf(db, entry.dealKey);
    let op: WriteOp | null = null;
    // A write still marked under way was cut off (the worker stopped): like one that timed out, the
    // CRM may have what it sent, so its creates look for their marker first.
    const lookFirst = entry.unsure === true || entry.inFlight !== null;
    if (activity && entry.op !== 'delete' && ref) {
      const write = activityWrite(activity, ref.dealId, deps.subject(activity));
      op = entry.refs ? { op: 'update', activity: write, refs: entry.refs, ...(lookFirst && { lookFirst }) } : { op: 'create', activity: write, ...(lookFirst && { lookFirst }) };
    } else if (!activity && entry.refs) {
      op = { op: 'delete', refs: entry.refs };
    }
    if (!op || !ref) {
      // Nothing the CRM needs to hear: a delete of something never written, or a deal key no CRM has.
      await db.crmWrites.delete(activityId);
      if (activity && !ref) await db.activities.put({ ...activity, sync: 'local' });
      return null;
    }
    // Until the CRM answers, what this attempt creates is unknown: if the worker stops now, the
    // next attempt knows to look first.
    await db.crmWrites.put({ ...entry, inFlight: { since: now.toISOString(), revision: entry.revision }, lastAttemptAt: now.toISOString(), unsure: true });
    return { entry, revision: entry.revision, ref, op, lookFirst };
  });
}

async function credentialsOf(ref: DealRef, deps: CrmWriteDeps): Promise<CrmCredentials | WriteOutcome> {
  const connected = await connectionOf(ref, deps);
  if (!connected) return failure('notConnected', { detail: `${ref.crm} is not connected` });
  if (!connected.connection.writeActivities) return failure('notConnected', { detail: 'writing activities is turned off for this CRM' });
  return connected.credentials;
}

/** Records the CRM's answer, taking into account what changed locally meanwhile. */
async function settle(db: StagecraftDb, claimed: Claim, outcome: WriteOutcome, now: Date): Promise<void> {
  await db.transaction('rw', db.crmWrites, db.activities, async () => {
    const entry = await db.crmWrites.get(claimed.entry.activityId);
    if (!entry) return; // the data was cleared meanwhile
    const activity = await db.activities.get(entry.activityId);
    const changed = entry.revision !== claimed.revision;
    const nowIso = now.toISOString();

    if (outcome.ok) {
      const refs = outcome.refs;
      if (activity && !changed) {
        await db.crmWrites.delete(entry.activityId);
        await db.activities.put({ ...activity, sync: 'synced', crmRefs: refs });
        return;
      }
      if (!activity && !refs) {
        await db.crmWrites.delete(entry.activityId);
        return;
      }
      // Changed while the write was on its way: send what is true now.
      await db.crmWrites.put({ ...entry, op: activity ? (refs ? 'update' : 'create') : 'delete', refs, inFlight: null, attempts: 0, lastError: null, nextAttemptAt: nowIso, unsure: false });
      if (activity) await db.activities.put({ ...activity, sync: 'pending', crmRefs: refs });
      return;
    }

    // A failure: keep what the CRM now has (a create may have got partway) and try again later.
    let refs = outcome.refs === undefined ? entry.refs : outcome.refs;
    if (outcome.kind === 'notFound' && claimed.op.op === 'update') refs = null; // gone from the CRM: written again as new
    const attempts = entry.attempts + 1;
    const lastError = {
      kind: outcome.kind,
      messageKey: outcome.messageKey,
      ...(outcome.detail !== undefined && { detail: outcome.detail.slice(0, 500) }),
      ...(outcome.status !== undefined && { status: outcome.status }),
    };
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(attempts, outcome.retryAfter)).toISOString();
    if (!activity && !refs) {
      await db.crmWrites.delete(entry.activityId);
      return;
    }
    // Still unsure after a timeout or a failure in transit, or when this attempt began unsure and
    // may have failed before it could look; a refusal the CRM answered leaves nothing unknown.
    const unsure = UNKNOWN_OUTCOME.has(outcome.kind) || claimed.lookFirst;
    await db.crmWrites.put({ ...entry, op: activity ? (refs ? 'update' : 'create') : 'delete', refs, inFlight: null, attempts, lastError, nextAttemptAt, unsure });
    if (activity) await db.activities.put({ ...activity, sync: 'failed', crmRefs: refs });
  });
}

/** Sends every write that is due, one after another. Never throws for a CRM failure. */
export async function processCrmWrites(db: StagecraftDb, deps: CrmWriteDeps, limit = 20): Promise<ProcessReport> {
  const report: ProcessReport = { written: 0, failed: 0 };
  for (const due of await dueWrites(db, deps.now(), limit)) {
    const claimed = await claim(db, due.activityId, deps);
    if (!claimed) continue;
    const credentials = await credentialsOf(claimed.ref, deps);
    const outcome: WriteOutcome = isFailure(credentials) ? credentials : await deps.write(claimed.ref, credentials as CrmCredentials, claimed.op);
    await settle(db, claimed, outcome, deps.now());
    if (outcome.ok) report.written++;
    else report.failed++;
  }
  return report;
}
