// The synced team as the team views read it: a row per synced deal with its activities and shared
// ticks (`teamDeals`, see SyncedDealRow in lib/team-sync/to-history.ts), derived where the data
// arrives — each sync page's commit rewrites the rows of the deals it touched, in its transaction —
// so the team pages read one compact row per deal instead of every activity.
//
// Each rewrite counts a revision of the synced team (teamSync `revision`) and notes it for every deal
// it wrote or removed (`teamDealRevisions`), in the same transaction: the team figures worker holds
// the team in memory and reads only the rows changed since the revision it holds (lib/db/team-sources.ts).

import type { StagecraftDb } from './database';
import { syncedDealRows, type SyncedDealRow } from '../team-sync/to-history';
import type { SyncedPipeline } from '../team-sync/types';
import type { SyncedRows } from '../team-sync/source';

/**
 * Where the synced team's rows stand: `rev` counts the rewrites; `reset` is the first revision after
 * the team was last cleared (what a reader holding an older revision held is gone: it reads every row again).
 */
export interface TeamDealsRevision {
  rev: number;
  reset: number;
}

/** The tables a rewrite of rows reads and writes (a transaction calling refreshTeamDeals must hold them). */
export const teamDealTables = (db: StagecraftDb) => [db.syncedDeals, db.syncedActivities, db.teamDeals, db.teamDealRevisions, db.teamSync];

/** The revision stored (a team synced before revisions were counted, or never: 0). */
export async function teamDealsRevision(db: StagecraftDb): Promise<TeamDealsRevision> {
  return ((await db.teamSync.get('revision'))?.value as TeamDealsRevision | undefined) ?? { rev: 0, reset: 0 };
}

/** Rewrites the rows of these deals from what is stored of them now (a deal no longer stored loses its row), as a new revision. */
export async function refreshTeamDeals(db: StagecraftDb, dealIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(dealIds)];
  if (ids.length === 0) return;
  const [deals, activities, revision] = await Promise.all([db.syncedDeals.bulkGet(ids), db.syncedActivities.where('dealId').anyOf(ids).toArray(), teamDealsRevision(db)]);
  const rows = syncedDealRows({ deals: deals.flatMap((deal) => (deal ? [deal] : [])), activities });
  const gone = ids.filter((_, i) => deals[i] === undefined);
  const rev = revision.rev + 1;
  if (rows.length) await db.teamDeals.bulkPut(rows);
  if (gone.length) await db.teamDeals.bulkDelete(gone);
  await db.teamDealRevisions.bulkPut(ids.map((id) => ({ id, rev })));
  await db.teamSync.put({ id: 'revision', value: { ...revision, rev } satisfies TeamDealsRevision });
}

/** After every row is removed (in the clearing transaction): a reader holding any earlier revision reads the team again. */
export async function markTeamDealsCleared(db: StagecraftDb, before: TeamDealsRevision): Promise<void> {
  const rev = before.rev + 1;
  await db.teamSync.put({ id: 'revision', value: { rev, reset: rev } satisfies TeamDealsRevision });
}

/** The synced team's pipelines and deal rows, read in one go. */
export async function loadTeamDealRows(db: StagecraftDb): Promise<SyncedRows> {
  const [pipelines, rows] = await Promise.all([db.teamSync.get('pipelines'), db.teamDeals.toArray()]);
  return { pipelines: (pipelines?.value as SyncedPipeline[] | undefined) ?? [], rows };
}

/** The rows changed since revision `held`: those written now and the ids of those removed. */
export async function teamDealsChangedSince(db: StagecraftDb, held: number): Promise<{ changed: SyncedDealRow[]; removed: string[] }> {
  const ids = await db.teamDealRevisions.where('rev').above(held).primaryKeys();
  const rows = await db.teamDeals.bulkGet(ids);
  return { changed: rows.flatMap((row) => (row ? [row] : [])), removed: ids.filter((_, i) => rows[i] === undefined) };
}
