import type { StagecraftDb } from '@/lib/db/database';

// The Pipedrive deal the popup tests log on, bound to one tab as the background would bind it.

export const TAB = 5;
export const DEAL = 'pipedrive:acme:1';

export async function seedPopupDeal(db: StagecraftDb): Promise<void> {
  await db.deals.put({
    key: DEAL, crm: 'pipedrive', account: 'acme', dealId: '1', url: 'https://acme.pipedrive.com/deal/1',
    snapshot: { crm: 'pipedrive', dealId: '1', title: 'Acme rollout', pipeline: null, stage: 'Proposal Made', stages: [], value: null, currency: null, owner: 'Anna', closeDate: null, status: 'open' },
    firstSeenAt: '2026-11-20T10:00:00.000Z', lastSeenAt: '2026-11-23T09:00:00.000Z',
  });
  await db.tabs.put({ tabId: TAB, dealKey: DEAL, state: 'deal', url: 'https://acme.pipedrive.com/deal/1', detail: null, at: '2026-11-23T09:00:00.000Z' });
}
