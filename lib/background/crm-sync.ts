import type { StagecraftDb } from '../db/database';
import { dealKeyOf, type DealRef, type DealSnapshot } from '../model/deal';
import type { CrmApiClient } from '../crm/api/client';
import { credentialsFor, loadConnections, type Connection, type CredentialStore } from '../crm/api/credentials';
import { mergeDeal, syncCrmStageVisits, type MergedDeal } from '../crm/api/merge';
import { isFailure, type CrmApiFailure, type CrmCredentials, type CrmDealData } from '../crm/api/types';
import { stageHistory } from './deals';

// After a page reading, what the CRM's own API says about the deal (when the rep connected it):
// the full stage list, the real stage-entry times (source `crm`) and the CRM's activities. The API
// wins over the page where both answer for the same deal; any failure leaves the page's reading
// in place and is kept so the side panel can say why the rest is missing.

export interface CrmSyncDeps {
  client: CrmApiClient;
  credentials: CredentialStore;
  /** The Salesforce session id for an org, when the rep allowed reading it (cookies permission). */
  salesforceSession(ref: DealRef): Promise<string | null>;
}

/** What the side panel shows about the API (stored on the deal record; not indexed). */
export type ApiState = Pick<MergedDeal, 'sources' | 'readAt' | 'apiProblem' | 'activities'>;

/**
 * The deal's CRM connection and the credentials to call it with (or why there are none, e.g. no
 * Salesforce session); null when that CRM is not connected. Reads and writes both start here.
 */
export async function connectionOf(ref: DealRef, deps: Pick<CrmSyncDeps, 'credentials' | 'salesforceSession'>): Promise<{ connection: Connection; credentials: CrmCredentials | CrmApiFailure } | null> {
  const connections = await loadConnections(deps.credentials);
  const connection = connections[ref.crm];
  if (!connection) return null;
  const session = ref.crm === 'salesforce' ? await deps.salesforceSession(ref) : null;
  return { connection, credentials: credentialsFor(ref, connections, session) };
}

export async function syncDealFromCrmApi(db: StagecraftDb, ref: DealRef, dom: DealSnapshot, now: Date, deps: CrmSyncDeps, options: { fresh?: boolean } = {}): Promise<MergedDeal | null> {
  const connected = await connectionOf(ref, deps);
  if (!connected) return null; // not connected: the page's reading is all there is, and that is fine
  const { credentials } = connected;
  const api: CrmDealData | CrmApiFailure = isFailure(credentials) ? credentials : await readOrFailure(deps.client, ref, credentials, options.fresh);
  const merged = mergeDeal(dom, api, now);
  const key = dealKeyOf(ref);
  await db.transaction('rw', [db.deals, db.stageVisits], async () => {
    const record = await db.deals.get(key);
    if (!record) return;
    const fromApi = Object.values(merged.sources).includes('api');
    const apiState: ApiState = { sources: merged.sources, readAt: merged.readAt, apiProblem: merged.apiProblem, activities: merged.activities.slice(0, 50) };
    await db.deals.put({ ...record, snapshot: fromApi ? merged.snapshot : record.snapshot, api: apiState });
    const { remove, add } = syncCrmStageVisits(await stageHistory(db, key), key, merged.stageVisits);
    if (remove.length) await db.stageVisits.bulkDelete(remove);
    if (add.length) await db.stageVisits.bulkAdd(add);
  });
  return merged;
}

async function readOrFailure(client: CrmApiClient, ref: DealRef, credentials: Exclude<ReturnType<typeof credentialsFor>, CrmApiFailure>, fresh?: boolean): Promise<CrmDealData | CrmApiFailure> {
  const result = await client.readDeal(ref, credentials, { fresh });
  return result.ok ? result.value : result;
}
