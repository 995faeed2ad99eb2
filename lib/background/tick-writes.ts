import type { StagecraftDb } from '../db/database';
import { retryDelayMs, IN_FLIGHT_STALE_MS } from '../db/crm-queue';
import { dueTicks, queueUnsharedTicks } from '../db/tick-queue';
import { chooseActivePlaybook } from '../db/playbooks';
import { loadSettings } from '../db/settings';
import { loadConnection, sharesChecklist, type CredentialStore } from '../crm/api/credentials';
import { connectionOf } from './crm-sync';
import { failure, isFailure, type CrmCredentials } from '../crm/api/types';
import type { TickOp, TickOutcome } from '../crm/api/write-types';
import { CRM_IDS, type CrmId, type DealRef } from '../model/deal';
import type { TickShare } from '../model/records.schema';

// Shares checklist ticks with the team through the CRM: works through the due tickShares rows one
// at a time, claimed in a transaction, sent, then settled against what changed meanwhile — the
// same discipline as the activity queue (./crm-writes.ts). What is sent is decided at claim time
// from the checklist as it is then: done → the deal has the tick's completed task (`put`), not done
// → it has none (`remove`). So a tick and an untick folded into one row send nothing, and a retry
// after an unknown outcome looks for the marker first. A CRM with sharing off (or not connected)
// is not written: its rows wait, unsent, until sharing is on. A refusal for want of permission
// keeps the tick here and stops asking until the connection changes.

export interface TickWriteDeps {
  credentials: CredentialStore;
  salesforceSession(ref: DealRef): Promise<string | null>;
  /** The CRM API client's tick write (never throws). */
  write(ref: DealRef, credentials: CrmCredentials, op: TickOp): Promise<TickOutcome>;
  now(): Date;
}

type Key = [string, string, string];
const keyOf = (row: Pick<TickShare, 'dealKey' | 'stageId' | 'taskId'>): Key => [row.dealKey, row.stageId, row.taskId];

/** Failures after which the CRM may or may not hold what was sent. */
const UNKNOWN_OUTCOME: ReadonlySet<string> = new Set(['timeout', 'network']);

function dealRefOf(dealKey: string, stored: { crm: CrmId; account: string; dealId: string } | undefined): DealRef | null {
  if (stored) return { crm: stored.crm, account: stored.account, dealId: stored.dealId };
  const [crm, account, ...rest] = dealKey.split(':');
  const dealId = rest.join(':');
  return (CRM_IDS as readonly string[]).includes(crm ?? '') && account && dealId ? { crm: crm as CrmId, account, dealId } : null;
}

/** The row with nothing left to send (absent nextAttemptAt: out of the due index). */
function settled(row: TickShare, change: Partial<TickShare>): TickShare {
  const { nextAttemptAt: _sent, ...rest } = { ...row, ...change };
  return { ...rest, inFlight: null };
}

interface Claim {
  row: TickShare;
  ref: DealRef;
  op: TickOp;
  lookFirst: boolean;
}

async function claim(db: StagecraftDb, key: Key, now: Date): Promise<Claim | null> {
  return db.transaction('rw', [db.tickShares, db.checklist, db.deals, db.playbooks, db.settings], async () => {
    const row = await db.tickShares.get(key);
    if (!row?.nextAttemptAt || Date.parse(row.nextAttemptAt) > now.getTime()) return null;
    if (row.inFlight && now.getTime() - Date.parse(row.inFlight.since) < IN_FLIGHT_STALE_MS) return null;
    const [entry, deal, playbooks, settings] = await Promise.all([db.checklist.get(key), db.deals.get(row.dealKey), db.playbooks.toArray(), loadSettings(db)]);
    const ref = dealRefOf(row.dealKey, deal);
    const playbook = chooseActivePlaybook(playbooks, settings)?.playbook;
    const stage = playbook?.pipelines.flatMap((p) => p.stages).find((s) => s.id === row.stageId);
    const task = stage?.tasks.find((t) => t.id === row.taskId);
    const done = entry?.state === 'done';
    const lookFirst = row.unsure || row.inFlight !== null;
    // Nothing to send: no CRM for the key, no playbook to name it by, a task the playbook no longer
    // has (its task in the CRM stays as it was), or an untick of what the CRM never had.
    if (!ref || !playbook || (done && !task) || (!done && !row.ref && !lookFirst)) {
      if (!done && !row.ref && !lookFirst) await db.tickShares.delete(key);
      else await db.tickShares.put(settled(row, {}));
      return null;
    }
    const op: TickOp = {
      op: done ? 'put' : 'remove',
      tick: { dealId: ref.dealId, playbookId: playbook.id, stageId: row.stageId, taskId: row.taskId, by: entry?.by === 'evidence' ? 'evidence' : 'hand', title: task?.title ?? row.taskId, at: entry?.at ?? now.toISOString() },
      ref: row.ref,
      ...(lookFirst && { lookFirst }),
    };
    // Until the CRM answers, what this attempt creates is unknown: if the worker stops now, the next one looks first.
    await db.tickShares.put({ ...row, inFlight: { since: now.toISOString(), revision: row.revision }, unsure: true });
    return { row, ref, op, lookFirst };
  });
}

async function settle(db: StagecraftDb, claimed: Claim, outcome: TickOutcome, now: Date): Promise<void> {
  await db.transaction('rw', db.tickShares, async () => {
    const key = keyOf(claimed.row);
    const row = await db.tickShares.get(key);
    if (!row) return; // the data was cleared meanwhile
    const changed = row.revision !== claimed.row.revision;
    const nowIso = now.toISOString();
    if (outcome.ok) {
      const base = { ref: outcome.ref, attempts: 0, lastError: null, unsure: false };
      // Changed while the write was on its way: send what is true now.
      if (changed) await db.tickShares.put({ ...row, ...base, inFlight: null, nextAttemptAt: nowIso, sharedAt: null });
      else if (outcome.ref) await db.tickShares.put(settled(row, { ...base, sharedAt: nowIso }));
      else await db.tickShares.delete(key); // unticked, and the CRM holds nothing of it
      return;
    }
    const attempts = row.attempts + 1;
    const lastError = {
      kind: outcome.kind,
      messageKey: outcome.messageKey,
      ...(outcome.detail !== undefined && { detail: outcome.detail.slice(0, 500) }),
      ...(outcome.status !== undefined && { status: outcome.status }),
    };
    const ref = outcome.ref === undefined ? row.ref : outcome.ref;
    const unsure = UNKNOWN_OUTCOME.has(outcome.kind) || claimed.lookFirst;
    if (outcome.kind === 'forbidden') {
      // No permission to write tasks: the tick stays here; asked again when the connection changes.
      await db.tickShares.put(settled(row, { ref, attempts, lastError, unsure, sharedAt: null }));
      return;
    }
    await db.tickShares.put({ ...row, ref, attempts, lastError, unsure, inFlight: null, sharedAt: null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, outcome.retryAfter)).toISOString() });
  });
}

/** Sets aside a due row whose CRM does not share ticks now (not connected, writing or sharing off). */
async function holdBack(db: StagecraftDb, key: Key, now: Date): Promise<void> {
  await db.transaction('rw', db.tickShares, async () => {
    const row = await db.tickShares.get(key);
    if (!row?.nextAttemptAt || Date.parse(row.nextAttemptAt) > now.getTime()) return;
    if (row.inFlight && now.getTime() - Date.parse(row.inFlight.since) < IN_FLIGHT_STALE_MS) return;
    await db.tickShares.put(settled(row, { unsure: row.unsure || row.inFlight !== null }));
  });
}

export interface TickReport {
  written: number;
  failed: number;
  heldBack: number;
}

/** Sends every tick that is due, one after another. Never throws for a CRM failure. */
export async function processTickWrites(db: StagecraftDb, deps: TickWriteDeps, limit = 20): Promise<TickReport> {
  const report: TickReport = { written: 0, failed: 0, heldBack: 0 };
  const sharing = new Map<string, boolean>();
  for (const due of await dueTicks(db, deps.now(), limit)) {
    const crm = due.dealKey.split(':')[0] as CrmId;
    if (!sharing.has(crm)) sharing.set(crm, (CRM_IDS as readonly string[]).includes(crm) && sharesChecklist(await loadConnection(deps.credentials, crm)));
    if (!sharing.get(crm)) {
      await holdBack(db, keyOf(due), deps.now());
      report.heldBack++;
      continue;
    }
    const claimed = await claim(db, keyOf(due), deps.now());
    if (!claimed) continue;
    const connected = await connectionOf(claimed.ref, deps);
    const credentials = connected ? connected.credentials : failure('notConnected', { detail: `${crm} is not connected` });
    const outcome: TickOutcome = isFailure(credentials) ? credentials : await deps.write(claimed.ref, credentials, claimed.op);
    await settle(db, claimed, outcome, deps.now());
    if (outcome.ok) report.written++;
    else report.failed++;
  }
  return report;
}

/**
 * For every CRM that shares ticks now: what waits to go becomes due (ticks done while sharing was
 * off or before it existed, unticks held back). On a connection change `includeRefused` asks again
 * what the CRM refused for want of permission. Returns how many were queued.
 */
export async function queueWaitingTicks(db: StagecraftDb, credentials: CredentialStore, now: Date, includeRefused = false): Promise<number> {
  let queued = 0;
  for (const crm of CRM_IDS) {
    if (sharesChecklist(await loadConnection(credentials, crm))) queued += await queueUnsharedTicks(db, crm, now, { includeRefused });
  }
  return queued;
}
