import type { StagecraftDb } from '@/lib/db/database';
import { syncDealFromCrmApi, type CrmSyncDeps } from '@/lib/background/crm-sync';
import { apiPermissionOrigins, createCrmApiClient, salesforceSessionCookie, storageAreaStore } from '@/lib/crm/api';
import type { DealRef, DealSnapshot } from '@/lib/model/deal';
import { browserConsent } from './consent';

// The CRM APIs, read from the background only, with the rep's own session or token.

export function createCrmSync(): CrmSyncDeps {
  return {
    client: createCrmApiClient({ fetch: fetch.bind(globalThis), consent: browserConsent() }),
    credentials: storageAreaStore(browser.storage.local),
    async salesforceSession(ref: DealRef) {
      const cookie = salesforceSessionCookie(ref.account);
      if (!cookie || !browser.cookies) return null;
      const allowed = await browser.permissions.contains({ permissions: ['cookies'], origins: apiPermissionOrigins('salesforce') });
      if (!allowed) return null;
      return (await browser.cookies.get(cookie))?.value ?? null;
    },
  };
}

/** Reads the deal from its CRM's API after a page reading (read at `readAt`); never blocks or breaks the page path. */
export function syncInBackground(db: StagecraftDb, deps: CrmSyncDeps, ref: DealRef, snapshot: DealSnapshot, readAt: Date, fresh = false): void {
  void syncDealFromCrmApi(db, ref, snapshot, readAt, deps, { fresh }).catch((error) => console.warn('[Stagecraft] CRM API read failed:', String(error)));
}
