import type { StagecraftDb } from './database';
import { loadObserved } from './observed';
import { loadHistorySources } from './team-sync';
import { combinedHistory } from '../forecast/combined-history';
import { learnRotDays } from '../metrics/learned-rot';
import { repairSettings } from '../model/settings.schema';

/**
 * Works out the stall limits learned from the team's combined history (synced, imported, observed) and
 * stores them in the settings, where every stalled rule reads them. Runs when a history arrives or
 * goes (a team sync completes, a file is imported or removed); the settings row is written only when
 * the limits changed, in one transaction with a fresh read (a setting changed meanwhile is kept).
 */
export async function refreshLearnedRotDays(db: StagecraftDb): Promise<void> {
  try {
    await learnAndStore(db);
  } catch (error) {
    // The history that arrived is stored either way; the limits are worked out again next time.
    console.warn('[Stagecraft] learning stall limits failed:', String(error));
  }
}

async function learnAndStore(db: StagecraftDb): Promise<void> {
  const [observed, sources] = await Promise.all([loadObserved(db), loadHistorySources(db)]);
  const learned = learnRotDays(combinedHistory(observed, sources).history);
  await db.transaction('rw', db.settings, async () => {
    const current = repairSettings((await db.settings.get('settings'))?.value);
    if (JSON.stringify(current.learnedRotDays) === JSON.stringify(learned)) return;
    await db.settings.put({ id: 'settings', value: repairSettings({ ...current, learnedRotDays: learned }) });
  });
}
