import type { StagecraftDb } from '@/lib/db/database';
import { storeDerivedStateOfAllDeals } from '@/lib/db/derived';
import { refreshLearnedFromHistory } from '@/lib/db/learned-rot';

// Every change to a deal stores what follows from it in its own transaction (lib/db/derived.ts).
// Two things change derived state without touching a deal, so every deal is brought up to date
// after an install or update (older versions left ticks to the side panel) and once a day (a
// close date that passed undoes a goal's skips; a playbook edit gives a task new evidence).

export const DERIVED_STATE_ALARM = 'stagecraft-derived-state';
const DAY_MINUTES = 24 * 60;

export async function refreshDerivedState(db: StagecraftDb, now: Date = new Date()): Promise<void> {
  // What this browser observed grows every day: the stall limits and hard stages are learned again first.
  await refreshLearnedFromHistory(db);
  try {
    await storeDerivedStateOfAllDeals(db, now);
  } catch (error) {
    console.warn('[Stagecraft] could not bring the stored checklists up to date:', String(error));
  }
}

/** Registers the refresh on install/update and its daily alarm (call synchronously in the worker's main). */
export function registerDerivedStateRefresh(db: StagecraftDb, ready: Promise<unknown>): void {
  browser.runtime.onInstalled.addListener(() => void ready.then(() => refreshDerivedState(db)));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DERIVED_STATE_ALARM) void refreshDerivedState(db);
  });
  void (async () => {
    if (!(await browser.alarms.get(DERIVED_STATE_ALARM))) await browser.alarms.create(DERIVED_STATE_ALARM, { delayInMinutes: 60, periodInMinutes: DAY_MINUTES });
  })();
}
