import { liveQuery } from 'dexie';
import type { StagecraftDb } from './database';
import { loadObserved } from './observed';
import { loadSettings } from './settings';
import { loadForecastGaps } from './forecast-history';
import { loadHistorySources } from './team-sync';
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

/** The sources read now and again whenever the database changes, from any extension context (Dexie's live query). */
export function watchTeamSources(db: StagecraftDb): WatchTeamSources {
  return (next, fail) => {
    const subscription = liveQuery(() => loadTeamSources(db)).subscribe({ next, error: fail });
    return () => subscription.unsubscribe();
  };
}
