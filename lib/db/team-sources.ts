import { liveQuery } from 'dexie';
import type { StagecraftDb } from './database';
import { loadObserved } from './observed';
import { loadSettings } from './settings';
import { loadForecastGaps } from './forecast-history';
import { loadHistorySources } from './team-sync';
import { activePlaybook } from './playbooks';
import { teamDealsChangedSince, teamDealsRevision, type TeamDealsRevision } from './team-deals';
import { heldSyncedTeam, type SyncedTeamReading } from '../team-sync/held-team';
import type { SyncedPipeline, SyncMeta } from '../team-sync/types';
import type { TeamSources, WatchTeamSources } from '../team-figures/pages';

/** Everything the team pages read, in one go (the synced team from its deal rows, ./team-deals.ts). */
export async function loadTeamSources(db: StagecraftDb): Promise<TeamSources> {
  const [observed, { imported, synced }, snapshots, gaps, assessment, settings] = await Promise.all([
    loadObserved(db),
    loadHistorySources(db),
    db.forecastSnapshots.toArray(),
    loadForecastGaps(db),
    db.assessments.get('maturity'),
    loadSettings(db),
  ]);
  return { observed, imported, synced, snapshots, gaps, assessment, settings };
}

/** One reading of the synced team's store: every row when `held` is null or the team was cleared since, else the rows changed since revision `held`. */
async function readSyncedTeam(db: StagecraftDb, held: number | null): Promise<SyncedTeamReading & { revision: TeamDealsRevision }> {
  const playbook = activePlaybook(db);
  const read = db.transaction('r', [db.teamSync, db.teamDeals, db.teamDealRevisions], async () => {
    const [revision, rows] = await Promise.all([teamDealsRevision(db), db.teamSync.bulkGet(['meta', 'pipelines'])]);
    const meta = (rows[0]?.value as SyncMeta | undefined) ?? null;
    const pipelines = (rows[1]?.value as SyncedPipeline[] | undefined) ?? [];
    const whole = held === null || held < revision.reset;
    const changed = whole ? { whole: await db.teamDeals.toArray() } : revision.rev === held ? { changed: [], removed: [] } : await teamDealsChangedSince(db, held);
    return { revision, meta, pipelines, rows: changed };
  });
  const [stored, reading] = await Promise.all([playbook, read]);
  return { ...reading, playbook: stored?.playbook ?? null };
}

/**
 * The sources read now and again whenever the database changes, from any extension context (Dexie's
 * live queries: they hear the background's writes too). Each source is watched apart, so a change
 * hands over a new object only for the source it changed (the combined history is worked out again
 * only when a source it reads changed, lib/team-figures/pages.ts). The synced team is held in memory
 * (lib/team-sync/held-team.ts): after the first reading, only the deal rows a sync changed since the
 * revision held are read and built again.
 */
export function watchTeamSources(db: StagecraftDb): WatchTeamSources {
  return (next, fail) => {
    const team = heldSyncedTeam();
    let held: number | null = null;
    const parts: Partial<TeamSources> = {};
    const read = new Set<keyof TeamSources>();
    const COUNT = 7;
    let stopped = false;
    const hand = <K extends keyof TeamSources>(key: K, value: TeamSources[K]) => {
      // The same synced team (a reading that changed nothing it shows) is not handed over again.
      if (stopped || (read.has(key) && parts[key] === value)) return;
      parts[key] = value;
      read.add(key);
      if (read.size === COUNT) next({ ...(parts as TeamSources) });
    };
    const watch = <T>(query: () => Promise<T>, take: (value: T) => void) => liveQuery(query).subscribe({ next: take, error: fail });
    const subscriptions = [
      watch(() => loadObserved(db), (v) => hand('observed', v)),
      watch(() => db.histories.toArray(), (v) => hand('imported', v)),
      watch(() => db.forecastSnapshots.toArray(), (v) => hand('snapshots', v)),
      watch(() => loadForecastGaps(db), (v) => hand('gaps', v)),
      watch(() => db.assessments.get('maturity'), (v) => hand('assessment', v)),
      watch(() => loadSettings(db), (v) => hand('settings', v)),
      watch(
        () => readSyncedTeam(db, held),
        (reading) => {
          // A reading from before the revision held (overtaken by a newer one) has nothing to add.
          if (held !== null && reading.revision.rev < held) return;
          held = reading.revision.rev;
          hand('synced', team.update(reading));
        },
      ),
    ];
    return () => {
      stopped = true;
      for (const s of subscriptions) s.unsubscribe();
    };
  };
}
