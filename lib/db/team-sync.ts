// The team sync's store in IndexedDB: each page of a run is written with the run's new position in
// one transaction, so a service worker stopped half-way resumes from the last page and counts
// nothing twice; a full run removes what it did not see only once it completed (a failed run keeps
// the last complete data).

import type { StagecraftDb, StoredHistory } from './database';
import { baseFromCrm } from '../metrics/base-currency';
import { repairSettings } from '../model/settings.schema';
import { syncedSource, type SyncedSource } from '../team-sync/source';
import { activePlaybook } from './playbooks';
import { reconstructionTables, storeReconstructedForecast } from './forecast-history';
import { loadTeamDealRows, markTeamDealsCleared, refreshTeamDeals, teamDealsRevision, teamDealTables } from './team-deals';
import type { SyncedCurrency, SyncedData, SyncMeta, SyncPage, SyncPipelineLookups, SyncRunState, TeamSyncStore } from '../team-sync/types';
import type { StorageFailure } from '../i18n/cause';

export type TeamSyncStatus =
  | { state: 'running'; crm: string; at: number }
  | { state: 'failed'; crm: string; at: number; failure: { kind: string; status?: number; path?: string; request?: string; detail?: string; retryAfter?: number; storage?: StorageFailure } }
  | { state: 'complete'; crm: string; at: number };

export function dexieTeamSyncStore(db: StagecraftDb): TeamSyncStore {
  // Settings too: the CRM's currency reaches the team's money settings in the same transaction as the page.
  // The deals' rows too: each page rewrites the rows of the deals it touched (./team-deals.ts).
  const tables = [...new Set([...teamDealTables(db), db.teamSync, db.settings])];
  // Completing also works out the weeks of forecast the CRM's history gives (./forecast-history.ts).
  const completeTables = [...new Set([...tables, ...reconstructionTables(db)])];
  const value = async <T>(id: 'pipelines' | 'owners' | 'labels' | 'run' | 'meta' | 'currency'): Promise<T | null> => ((await db.teamSync.get(id))?.value as T | undefined) ?? null;
  return {
    async load() {
      const [run, meta] = await Promise.all([value<SyncRunState>('run'), value<SyncMeta>('meta')]);
      return { run, meta };
    },
    async lookups(): Promise<SyncPipelineLookups> {
      const [pipelines, owners, labels] = await Promise.all([value<SyncPipelineLookups['pipelines']>('pipelines'), value<Record<string, string>>('owners'), value<Record<string, string>>('labels')]);
      return { pipelines: pipelines ?? [], owners: owners ?? {}, labels: labels ?? {} };
    },
    async hasDeal(id) {
      return (await db.syncedDeals.get(id)) !== undefined;
    },
    async commit(page: SyncPage, run: SyncRunState) {
      await db.transaction('rw', tables, async () => {
        if (page.pipelines) await db.teamSync.put({ id: 'pipelines', value: page.pipelines });
        if (page.owners) await db.teamSync.put({ id: 'owners', value: { ...((await value<Record<string, string>>('owners')) ?? {}), ...page.owners } });
        if (page.labels) await db.teamSync.put({ id: 'labels', value: page.labels });
        // Touched: the deals written or removed, and the deals of every activity written or removed (before and after).
        const activityIds = [...(page.activities ?? []).map((a) => a.id), ...(page.removeActivities ?? [])];
        const before = activityIds.length ? await db.syncedActivities.bulkGet(activityIds) : [];
        const touched = [...(page.deals ?? []).map((d) => d.id), ...(page.removeDeals ?? []), ...(page.activities ?? []).map((a) => a.dealId), ...before.flatMap((a) => (a ? [a.dealId] : []))];
        if (page.deals?.length) await db.syncedDeals.bulkPut(page.deals);
        if (page.removeDeals?.length) await db.syncedDeals.bulkDelete(page.removeDeals);
        if (page.activities?.length) await db.syncedActivities.bulkPut(page.activities);
        if (page.removeActivities?.length) await db.syncedActivities.bulkDelete(page.removeActivities);
        await refreshTeamDeals(db, touched);
        if (page.currency) {
          await db.teamSync.put({ id: 'currency', value: page.currency });
          const settings = repairSettings((await db.settings.get('settings'))?.value);
          await db.settings.put({ id: 'settings', value: baseFromCrm(settings, { crm: run.crm, ...page.currency }) });
        }
        await db.teamSync.put({ id: 'run', value: run });
      });
    },
    async complete(run, meta) {
      await db.transaction('rw', completeTables, async () => {
        if (run.mode === 'full') {
          const goneDeals = await db.syncedDeals.filter((d) => d.seenIn !== run.runId).primaryKeys();
          const goneActivities = await db.syncedActivities.filter((a) => a.seenIn !== run.runId).toArray();
          await db.syncedDeals.bulkDelete(goneDeals);
          await db.syncedActivities.bulkDelete(goneActivities.map((a) => a.id));
          await refreshTeamDeals(db, [...goneDeals, ...goneActivities.map((a) => a.dealId)]);
        }
        await db.teamSync.delete('run');
        await db.teamSync.put({ id: 'meta', value: meta });
        await storeReconstructedForecast(db, meta);
      });
    },
    async abandon() {
      await db.teamSync.delete('run');
    },
    async data(): Promise<SyncedData> {
      const [pipelines, deals, activities, currency] = await Promise.all([value<SyncPipelineLookups['pipelines']>('pipelines'), db.syncedDeals.toArray(), db.syncedActivities.toArray(), value<SyncedCurrency>('currency')]);
      return { pipelines: pipelines ?? [], deals, activities, ...(currency && { currency }) };
    },
    async clear() {
      // The team pages' kept figures too: they show the synced team until worked out again.
      await db.transaction('rw', [...tables, db.teamFigures], async () => {
        const revision = await teamDealsRevision(db);
        await Promise.all([db.syncedDeals.clear(), db.syncedActivities.clear(), db.teamDeals.clear(), db.teamDealRevisions.clear(), db.teamSync.clear(), db.teamFigures.clear()]);
        await markTeamDealsCleared(db, revision);
      });
    },
  };
}

/** What the team views combine besides what this browser observed: the imported histories and the synced team. */
export interface HistorySources {
  imported: StoredHistory[];
  /** null: the team was never synced. */
  synced: SyncedSource | null;
}

/**
 * The imported histories and the synced team (lib/team-sync/source.ts), read from one compact row
 * per synced deal (./team-deals.ts); the checklist ticks the reps shared through the CRM are read by
 * the active playbook.
 */
export async function loadHistorySources(db: StagecraftDb): Promise<HistorySources> {
  const [imported, meta] = await Promise.all([db.histories.toArray(), db.teamSync.get('meta')]);
  if (!meta) return { imported, synced: null };
  const [rows, playbook] = await Promise.all([loadTeamDealRows(db), activePlaybook(db)]);
  return { imported, synced: syncedSource(meta.value as SyncMeta, rows, playbook?.playbook ?? null) };
}

/** What the options page shows of the sync: the last status, the run under way, the last complete run. */
export async function loadTeamSyncState(db: StagecraftDb): Promise<{ status: TeamSyncStatus | null; run: SyncRunState | null; meta: SyncMeta | null }> {
  const rows = await db.teamSync.bulkGet(['status', 'run', 'meta']);
  return { status: (rows[0]?.value as TeamSyncStatus | undefined) ?? null, run: (rows[1]?.value as SyncRunState | undefined) ?? null, meta: (rows[2]?.value as SyncMeta | undefined) ?? null };
}
