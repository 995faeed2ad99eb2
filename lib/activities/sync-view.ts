import { connectorOf } from '../crm/connectors';
import type { CrmId } from '../model/deal';
import type { Activity, CrmWrite } from '../model/records.schema';

// What the rep is told about one activity and the CRM: in it, on its way, not written (why, and
// when it is tried again), or only here (with the offer to write it when the CRM is connected).

export const WRITE_FAILURE_KINDS = ['unauthorized', 'forbidden', 'rateLimited', 'notFound', 'network', 'timeout', 'malformed', 'notConnected', 'noConsent', 'mismatch'] as const;
export type WriteFailureKind = (typeof WRITE_FAILURE_KINDS)[number];

export type SyncView =
  | { state: 'none' }
  | { state: 'local' }
  | { state: 'pending' }
  | { state: 'synced' }
  | { state: 'failed'; reason: WriteFailureKind; detail: string | null; retryAt: string; soon: boolean };

/** A retry closer than this is "in a moment". */
const SOON_MS = 60_000;

export function syncViewOf(activity: Pick<Activity, 'sync'>, write: CrmWrite | undefined, canWrite: boolean, now: Date): SyncView {
  const failed = write?.lastError && write.attempts > 0 && !write.inFlight ? write.lastError : null;
  if (failed && write) {
    const reason = (WRITE_FAILURE_KINDS as readonly string[]).includes(failed.kind) ? (failed.kind as WriteFailureKind) : 'malformed';
    return { state: 'failed', reason, detail: failed.detail ?? null, retryAt: write.nextAttemptAt, soon: Date.parse(write.nextAttemptAt) - now.getTime() < SOON_MS };
  }
  if (write || activity.sync === 'pending') return { state: 'pending' };
  if (activity.sync === 'synced') return { state: 'synced' };
  return canWrite ? { state: 'local' } : { state: 'none' };
}

/** Deletes of activities no longer here that the CRM has not carried out yet. */
export function waitingDeletes(writes: readonly CrmWrite[], activityIds: ReadonlySet<string>): CrmWrite[] {
  return writes.filter((write) => write.op === 'delete' && !activityIds.has(write.activityId));
}

/**
 * The ids the CRM's activity list (as read by the API connectors) gives the records written for
 * these activities, so the side panel does not list them twice.
 */
export function crmActivityIds(crm: CrmId, activities: readonly Pick<Activity, 'crmRefs'>[]): Set<string> {
  const ids = new Set<string>();
  const connector = connectorOf(crm);
  for (const { crmRefs } of activities) {
    for (const ref of crmRefs ? [crmRefs.main, crmRefs.nextStep] : []) {
      if (!ref) continue;
      const id = connector.activityIdOf(ref);
      if (id !== null) ids.add(id);
    }
  }
  return ids;
}
