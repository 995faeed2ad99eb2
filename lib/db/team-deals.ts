// The synced team as the team views read it: a row per synced deal with its activities and shared
// ticks (`teamDeals`, see SyncedDealRow in lib/team-sync/to-history.ts), derived where the data
// arrives — each sync page's commit rewrites the rows of the deals it touched, in its transaction —
// so the team pages read one compact row per deal instead of every activity.

import type { StagecraftDb } from './database';
import { syncedDealRows } from '../team-sync/to-history';
import type { SyncedPipeline } from '../team-sync/types';
import type { SyncedRows } from '../team-sync/source';

/** The tables a rewrite of rows reads and writes (a transaction calling refreshTeamDeals must hold them). */
export const teamDealTables = (db: StagecraftDb) => [db.syncedDeals, db.syncedActivities, db.teamDeals];

/** Rewrites the rows of these deals from what is stored of them now (a deal no longer stored loses its row). */
export async function refreshTeamDeals(db: StagecraftDb, dealIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(dealIds)];
  if (ids.length === 0) return;
  const [deals, activities] = await Promise.all([db.syncedDeals.bulkGet(ids), db.syncedActivities.where('dealId').anyOf(ids).toArray()]);
  const rows = syncedDealRows({ deals: deals.flatMap((deal) => (deal ? [deal] : [])), activities });
  const gone = ids.filter((_, i) => deals[i] === undefined);
  if (rows.length) await db.teamDeals.bulkPut(rows);
  if (gone.length) await db.teamDeals.bulkDelete(gone);
}

/** The synced team's pipelines and deal rows, read in one go. */
export async function loadTeamDealRows(db: StagecraftDb): Promise<SyncedRows> {
  const [pipelines, rows] = await Promise.all([db.teamSync.get('pipelines'), db.teamDeals.toArray()]);
  return { pipelines: (pipelines?.value as SyncedPipeline[] | undefined) ?? [], rows };
}
