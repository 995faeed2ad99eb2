// Which account of a CRM the team sync (and the automation) would read: the connector decides from
// the deal seen last in this browser or the stored connection. One home for the background, which
// syncs it, and the Connections tab, which says what to do while there is none.

import type { StagecraftDb } from './database';
import { CREDENTIAL_KEYS, type CredentialStore } from '../crm/api/credentials';
import { connectorOf } from '../crm/connectors';
import type { CrmId, DealRef } from '../model/deal';

/** The account of the CRM's most recently seen deal (HubSpot portal, Salesforce org, Pipedrive company). */
export async function lastSeenRef(db: StagecraftDb, crm: CrmId): Promise<DealRef | null> {
  const deals = await db.deals.where('crm').equals(crm).toArray();
  const latest = deals.sort((a, b) => (a.lastSeenAt < b.lastSeenAt ? 1 : -1))[0];
  if (!latest) return null;
  const [, account, ...id] = latest.key.split(':');
  return account ? { crm, account, dealId: id.join(':') } : null;
}

/** The deal whose account a team sync of `crm` reads, or null while none is known. */
export async function syncAccountRef(db: StagecraftDb, store: Pick<CredentialStore, 'get'>, crm: CrmId): Promise<DealRef | null> {
  return connectorOf(crm).teamSync.ref(await lastSeenRef(db, crm), () => store.get(CREDENTIAL_KEYS[crm]));
}
