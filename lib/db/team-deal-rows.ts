// Schema v12's upgrade (kept apart from ./team-deals.ts, which reads through the database's types):
// a row per synced deal, as each sync page's commit keeps it since.

import type { Transaction } from 'dexie';
import { syncedDealRows, type SyncedDealRow } from '../team-sync/to-history';
import type { SyncedActivity, SyncedDeal } from '../team-sync/types';

/** A row for every deal synced before, its activities in the order the store keeps them. */
export async function deriveTeamDeals(tx: Transaction): Promise<void> {
  const [deals, activities] = await Promise.all([tx.table<SyncedDeal, string>('syncedDeals').toArray(), tx.table<SyncedActivity, string>('syncedActivities').toArray()]);
  await tx.table<SyncedDealRow, string>('teamDeals').bulkPut(syncedDealRows({ deals, activities }));
}
