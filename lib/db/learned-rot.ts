import type { StagecraftDb } from './database';
import { loadObserved } from './observed';
import { loadHistorySources } from './team-sync';
import { combinedHistory } from '../forecast/combined-history';
import { learnRotDays } from '../metrics/learned-rot';
import { teamConversion } from '../rewards/hard-stage';
import { repairSettings } from '../model/settings.schema';

/**
 * Works out what is learned from the team's combined history (synced, imported, observed) — the stall
 * limits and the conversion per stage (which stage the team finds hard) — and stores it in the
 * settings, where the stalled rule and the praise rules read it. Runs when a history arrives or goes
 * (a team sync completes, a file is imported or removed) and once a day (what this browser observed
 * grows); the settings row is written only when something changed, in one transaction with a fresh
 * read (a setting changed meanwhile is kept).
 */
export async function refreshLearnedFromHistory(db: StagecraftDb): Promise<void> {
  try {
    await learnAndStore(db);
  } catch (error) {
    // The history that arrived is stored either way; the limits are worked out again next time.
    console.warn('[Stagecraft] learning from the team history failed:', String(error));
  }
}

async function learnAndStore(db: StagecraftDb): Promise<void> {
  const [observed, sources] = await Promise.all([loadObserved(db), loadHistorySources(db)]);
  const { history } = combinedHistory(observed, sources.imported, { synced: sources.synced });
  const learned = learnRotDays(history);
  const conversion = teamConversion(history);
  await db.transaction('rw', db.settings, async () => {
    const current = repairSettings((await db.settings.get('settings'))?.value);
    if (JSON.stringify(current.learnedRotDays) === JSON.stringify(learned) && JSON.stringify(current.teamConversion) === JSON.stringify(conversion)) return;
    await db.settings.put({ id: 'settings', value: repairSettings({ ...current, learnedRotDays: learned, teamConversion: conversion }) });
  });
}
