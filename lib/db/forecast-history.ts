// The forecast reconstructed from the CRM's history (lib/forecast/reconstruct.ts), worked out when a
// team sync completes, in its transaction: every week of the sync window not reconstructed before
// becomes locked snapshot rows marked `reconstructed` beside the live ones — a row already stored for
// the same [owner+period+week] (live or reconstructed) is never replaced — and the reps' weeks it
// could not reconstruct are kept with them, so the Forecast view only reads.

import type { StagecraftDb } from './database';
import { chooseActivePlaybook } from './playbooks';
import { rateToBase, moneyOf } from '../metrics/currency';
import { repairSettings } from '../model/settings.schema';
import { reconstructForecast, type ForecastGap } from '../forecast/reconstruct';
import { playbookStagesOf } from '../team-sync/team-checklist';
import type { SyncedPipeline, SyncMeta } from '../team-sync/types';

/** What the `forecast` row of the team sync keeps. */
export interface ReconstructedWeeks {
  /** Weeks worked out (locked: not again). */
  weeks: string[];
  gaps: ForecastGap[];
}

/** The tables storeReconstructedForecast reads and writes (the caller's transaction must hold them). */
export const reconstructionTables = (db: StagecraftDb) => [db.syncedDeals, db.teamSync, db.settings, db.playbooks, db.forecastSnapshots];

export async function storeReconstructedForecast(db: StagecraftDb, meta: SyncMeta): Promise<number> {
  const [deals, pipelinesRow, forecastRow, settingsRow, playbooks] = await Promise.all([db.syncedDeals.toArray(), db.teamSync.get('pipelines'), db.teamSync.get('forecast'), db.settings.get('settings'), db.playbooks.toArray()]);
  const settings = repairSettings(settingsRow?.value);
  const pipelines = (pipelinesRow?.value as SyncedPipeline[] | undefined) ?? [];
  const playbook = chooseActivePlaybook(playbooks, settings)?.playbook ?? null;
  const matched = playbook ? playbookStagesOf(pipelines.map((p) => ({ id: p.id, name: p.name, stages: p.stages.filter((s) => s.closes === null).map((s) => ({ id: s.id, name: s.name, probability: s.probability, rotDays: null })) })), playbook) : new Map();
  const money = moneyOf(settings);
  const before = (forecastRow?.value as ReconstructedWeeks | undefined) ?? { weeks: [], gaps: [] };
  const result = reconstructForecast({
    deals,
    pipelines,
    since: meta.since,
    now: new Date(meta.completedAt),
    weekStart: settings.weekStart,
    toBase: (value, currency) => {
      const rate = rateToBase(currency, money);
      return rate === null ? null : value * rate;
    },
    playbookStage: (pipeline, stage) => matched.get(pipeline)?.get(stage),
    done: new Set(before.weeks),
  });
  const existing = await db.forecastSnapshots.bulkGet(result.snapshots.map((r) => [r.owner, r.period, r.week] as [string, string, string]));
  const fresh = result.snapshots.filter((_, i) => !existing[i]);
  if (fresh.length) await db.forecastSnapshots.bulkAdd(fresh);
  await db.teamSync.put({ id: 'forecast', value: { weeks: [...before.weeks, ...result.weeks].sort(), gaps: [...before.gaps, ...result.gaps] } satisfies ReconstructedWeeks });
  return fresh.length;
}

/** The reps' weeks the CRM's history could not reconstruct. */
export async function loadForecastGaps(db: StagecraftDb): Promise<ForecastGap[]> {
  return ((await db.teamSync.get('forecast'))?.value as ReconstructedWeeks | undefined)?.gaps ?? [];
}
