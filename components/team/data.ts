import type { ForecastSnapshot, StagecraftDb, StoredAssessment, StoredHistory } from '@/lib/db/database';
import { loadObserved } from '@/lib/db/observed';
import { loadSettings } from '@/lib/db/settings';
import { loadHistorySources } from '@/lib/db/team-sync';
import type { ObservedData } from '@/lib/metrics/from-extension';
import type { Settings } from '@/lib/model/settings.schema';

/** Everything the team pages read, in one live query. */
export interface TeamData {
  observed: ObservedData | null;
  imported: StoredHistory[];
  snapshots: ForecastSnapshot[];
  assessment: StoredAssessment | undefined;
  settings: Settings;
}

export async function loadTeamData(db: StagecraftDb): Promise<TeamData> {
  const [observed, imported, snapshots, assessment, settings] = await Promise.all([
    loadObserved(db),
    loadHistorySources(db),
    db.forecastSnapshots.toArray(),
    db.assessments.get('maturity'),
    loadSettings(db),
  ]);
  return { observed, imported, snapshots, assessment, settings };
}
