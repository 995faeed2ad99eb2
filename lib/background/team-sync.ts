// The team sync as the background runs it: on demand from the options page, hourly on an alarm
// (incremental), and on waking up when a run was cut short (it resumes where it stopped). Uses the
// connection and credentials the user set up on the Connections tab, and the API client's guarded
// fetch (credentials only ever go to the CRM's own API host). One run at a time.

import type { StagecraftDb } from '../db/database';
import { refreshLearnedFromHistory } from '../db/learned-rot';
import { dexieTeamSyncStore, type TeamSyncStatus } from '../db/team-sync';
import { syncAccountRef } from '../db/sync-account';
import { connectorOf } from '../crm/connectors';
import { isFailure, failure, type CrmApiFailure } from '../crm/api/types';
import type { CrmId } from '../model/deal';
import { createSyncHttp, defaultSince, runTeamSync, teamSyncPlan, type SyncMeta, type SyncRunState, type TeamSyncTarget } from '../team-sync';
import { connectionOf, type CrmSyncDeps } from './crm-sync';
import { failureCause } from '../db/errors';
import type { ConsentQuery } from '../extension/consent';

export interface TeamSyncDeps extends CrmSyncDeps {
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Runs after a complete sync (the automation's rules); its failure does not fail the sync. */
  afterComplete?: () => Promise<unknown>;
  /** The fetch the e-mail lists use (to the Mailchimp key's data centre only); none: not available. */
  mailchimpFetch?: typeof fetch;
  /** Firefox's data consent, asked before every Mailchimp request (none on Chrome); the CRM client asks it too. */
  consent?: ConsentQuery;
}

let running: Promise<TeamSyncStatus | null> | null = null;

/** The connected account to sync (and automate) and the guarded fetch for its credentials. */
export async function targetFor(db: StagecraftDb, deps: TeamSyncDeps, crm: CrmId): Promise<{ target: TeamSyncTarget; account: string; fetch: typeof fetch } | CrmApiFailure> {
  const sync = connectorOf(crm).teamSync;
  const ref = await syncAccountRef(db, deps.credentials, crm);
  if (!ref) return failure('notConnected', { detail: sync.noAccount });
  const found = await connectionOf(ref, deps);
  if (!found) return failure('notConnected', { detail: `${crm} is not connected` });
  const credentials = found.credentials;
  if (isFailure(credentials)) return credentials;
  return { ...sync.target(credentials, ref), fetch: deps.client.fetchFor(credentials) };
}

async function run(db: StagecraftDb, deps: TeamSyncDeps, requested: CrmId | null, full: boolean): Promise<TeamSyncStatus | null> {
  const now = deps.now ?? (() => new Date());
  const store = dexieTeamSyncStore(db);
  const { run: underWay, meta } = await store.load();
  const crm = requested ?? underWay?.crm ?? meta?.crm ?? null;
  if (!crm) return null;
  const setStatus = async (status: TeamSyncStatus) => {
    await db.teamSync.put({ id: 'status', value: status });
    return status;
  };
  const found = await targetFor(db, deps, crm);
  if ('ok' in found) return setStatus({ state: 'failed', crm, at: now().getTime(), failure: pick(found) });
  await setStatus({ state: 'running', crm, at: now().getTime() });
  const http = createSyncHttp({ fetch: found.fetch, now, sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) });
  // A run under way keeps its window (so it resumes); a new one starts 24 months back.
  const since = underWay && underWay.crm === crm && !full ? underWay.since : Math.min(defaultSince(now()), meta?.crm === crm ? meta.since : Number.POSITIVE_INFINITY);
  try {
    const result = await runTeamSync({ plan: { ...teamSyncPlan(found.target), account: found.account }, store, http, now, since, mode: full ? 'full' : 'auto' });
    if (result.status === 'failed') return setStatus({ state: 'failed', crm, at: now().getTime(), failure: pick(result.failure) });
    const status = await setStatus({ state: result.status === 'complete' ? 'complete' : 'running', crm, at: now().getTime() });
    if (result.status === 'complete') await refreshLearnedFromHistory(db);
    if (result.status === 'complete') await deps.afterComplete?.().catch((error: unknown) => console.warn('[Stagecraft] automation after the sync failed:', String(error)));
    return status;
  } catch (error) {
    // Not an answer of the CRM: storage that refused the page, or something unexpected (its text kept for support).
    const cause = failureCause(error);
    const failure = cause.kind === 'storage' ? { kind: 'storage', storage: cause.failure } : { kind: 'unexpected' };
    return setStatus({ state: 'failed', crm, at: now().getTime(), failure: { ...failure, ...(cause.technical && { detail: cause.technical }) } });
  }
}

const pick = (f: CrmApiFailure & { request?: string }) => ({ kind: f.kind, status: f.status, path: f.path, request: f.request, detail: f.detail, retryAfter: f.retryAfter });

/**
 * Syncs the team from `crm` (null: the CRM of the run under way or of the last sync; nothing when
 * never synced). `full` reads everything again. A call while a run is going joins it.
 */
export function syncTeam(db: StagecraftDb, deps: TeamSyncDeps, crm: CrmId | null, options: { full?: boolean } = {}): Promise<TeamSyncStatus | null> {
  running ??= run(db, deps, crm, options.full ?? false).finally(() => {
    running = null;
  });
  return running;
}

/** Whether a run was cut short (the worker stopped): the background resumes it when it wakes. */
export async function runUnderWay(db: StagecraftDb): Promise<SyncRunState | null> {
  return ((await db.teamSync.get('run'))?.value as SyncRunState | undefined) ?? null;
}

export async function lastSync(db: StagecraftDb): Promise<SyncMeta | null> {
  return ((await db.teamSync.get('meta'))?.value as SyncMeta | undefined) ?? null;
}
