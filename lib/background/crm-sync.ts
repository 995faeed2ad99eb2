import type { StagecraftDb } from '../db/database';
import { dealKeyOf, type DealRef, type DealSnapshot } from '../model/deal';
import type { CrmApiClient } from '../crm/api/client';
import { credentialsFor, loadConnections, type Connection, type CredentialStore } from '../crm/api/credentials';
import { connectorOf } from '../crm/connectors';
import { mergeDeal, syncCrmStageVisits, type MergedDeal } from '../crm/api/merge';
import { isFailure, type CrmApiFailure, type CrmCredentials, type CrmDealData } from '../crm/api/types';
import { stageHistory } from '../db/stage-visits';
import { derivedStateTables, storeDerivedState } from '../db/derived';

// After a page reading, what the CRM's own API says about the deal (when the rep connected it):
// the full stage list, the real stage-entry times (source `crm`) and the CRM's activities. Where
// both answer for the same deal the newer reading wins the fields the page shows (lib/crm/api/
// merge.ts); any failure leaves the page's reading in place and is kept so the side panel can say
// why the rest is missing. What follows from the merged deal (evidence ticks, goal skips) is
// stored in the same transaction.

export interface CrmSyncDeps {
  client: CrmApiClient;
  credentials: CredentialStore;
  /** The Salesforce session id for an org, when the rep allowed reading it (cookies permission). */
  salesforceSession(ref: DealRef): Promise<string | null>;
}

/**
 * What the side panel shows about the API (stored on the deal record; not indexed), and the
 * fields the page showed changing that no answer has confirmed yet (`awaiting`: the page keeps them).
 */
export type ApiState = Pick<MergedDeal, 'sources' | 'readAt' | 'apiProblem' | 'activities'> & Partial<Pick<MergedDeal, 'awaiting'>>;

/**
 * The deal's CRM connection and the credentials to call it with (or why there are none, e.g. no
 * Salesforce session); null when that CRM is not connected. Reads and writes both start here.
 */
export async function connectionOf(ref: DealRef, deps: Pick<CrmSyncDeps, 'credentials' | 'salesforceSession'>): Promise<{ connection: Connection; credentials: CrmCredentials | CrmApiFailure } | null> {
  const connections = await loadConnections(deps.credentials);
  const connection = connections[ref.crm];
  if (!connection) return null;
  // A CRM signed in through the browser (Salesforce) needs the session read from its cookie.
  const session = connectorOf(ref.crm).usesBrowserSession ? await deps.salesforceSession(ref) : null;
  return { connection, credentials: credentialsFor(ref, connections, session) };
}

export interface SyncOptions {
  /**
   * The page showed a change (lib/crm/api/merge.ts `pageChanges`): the deal's cached answer, and
   * any read begun before, are out of date. They are dropped and the deal is read again.
   */
  fresh?: boolean;
}

/**
 * Reads the deal from its CRM's API and merges it with the page's latest reading (`dom`, read at
 * `now`, unless a newer reading is stored by the time the answer comes).
 */
export async function syncDealFromCrmApi(db: StagecraftDb, ref: DealRef, dom: DealSnapshot, now: Date, deps: CrmSyncDeps, options: SyncOptions = {}): Promise<MergedDeal | null> {
  const connected = await connectionOf(ref, deps);
  if (!connected) return null; // not connected: the page's reading is all there is, and that is fine
  const { credentials } = connected;
  if (options.fresh) deps.client.invalidate(ref);
  const api: CrmDealData | CrmApiFailure = isFailure(credentials) ? credentials : await readOrFailure(deps.client, ref, credentials, options.fresh);
  const key = dealKeyOf(ref);
  let merged: MergedDeal | null = null;
  await db.transaction('rw', derivedStateTables(db), async () => {
    const record = await db.deals.get(key);
    if (!record) return;
    // The page's latest reading: another may have come in while the API answered.
    const newer = record.page !== undefined && Date.parse(record.lastSeenAt) > now.getTime();
    const awaiting = (record.api as ApiState | undefined)?.awaiting ?? [];
    merged = newer ? mergeDeal(record.page!, api, new Date(record.lastSeenAt), { awaiting }) : mergeDeal(dom, api, now, { awaiting });
    const fromApi = Object.values(merged.sources).includes('api');
    const apiState: ApiState = { sources: merged.sources, readAt: merged.readAt, apiProblem: merged.apiProblem, activities: merged.activities.slice(0, 50), awaiting: merged.awaiting };
    await db.deals.put({ ...record, snapshot: fromApi ? merged.snapshot : record.snapshot, api: apiState });
    const { remove, add } = syncCrmStageVisits(await stageHistory(db, key), key, merged.stageVisits);
    if (remove.length) await db.stageVisits.bulkDelete(remove);
    if (add.length) await db.stageVisits.bulkAdd(add);
    await storeDerivedState(db, key, now);
  });
  return merged ?? mergeDeal(dom, api, now);
}

async function readOrFailure(client: CrmApiClient, ref: DealRef, credentials: Exclude<ReturnType<typeof credentialsFor>, CrmApiFailure>, fresh?: boolean): Promise<CrmDealData | CrmApiFailure> {
  const result = await client.readDeal(ref, credentials, { fresh });
  return result.ok ? result.value : result;
}
