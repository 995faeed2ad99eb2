import type { ForecastSnapshot, StagecraftDb, StoredAssessment, StoredHistory } from '@/lib/db/database';
import { loadObserved } from '@/lib/db/observed';
import { loadSettings } from '@/lib/db/settings';
import { loadForecastGaps } from '@/lib/db/forecast-history';
import type { ForecastGap } from '@/lib/forecast/reconstruct';
import { loadHistorySources } from '@/lib/db/team-sync';
import type { ObservedData } from '@/lib/metrics/from-extension';
import type { Settings } from '@/lib/model/settings.schema';
import type { CombineOptions } from '@/lib/forecast/combined-history';
import { moneyOf } from '@/lib/metrics/currency';

/** Everything the team pages read, in one live query. */
export interface TeamData {
  observed: ObservedData | null;
  imported: StoredHistory[];
  snapshots: ForecastSnapshot[];
  /** Reps' weeks the CRM's history could not reconstruct. */
  gaps: ForecastGap[];
  assessment: StoredAssessment | undefined;
  settings: Settings;
}

export async function loadTeamData(db: StagecraftDb): Promise<TeamData> {
  const [observed, imported, snapshots, gaps, assessment, settings] = await Promise.all([
    loadObserved(db),
    loadHistorySources(db),
    db.forecastSnapshots.toArray(),
    loadForecastGaps(db),
    db.assessments.get('maturity'),
    loadSettings(db),
  ]);
  return { observed, imported, snapshots, gaps, assessment, settings };
}

/**
 * How every team page combines its sources: the team's money settings (and, once synced, the CRM's
 * team data), so the team scorecards, forecast and maturity all read the same combined history.
 */
export function combineOptions(data: TeamData): CombineOptions {
  return { money: moneyOf(data.settings) };
}
