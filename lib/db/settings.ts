import type { StagecraftDb } from './database';
import { repairSettings, type Settings } from '../model/settings.schema';
import { baseFromLocale } from '../metrics/base-currency';

/** Settings as stored, repaired field by field (a broken field falls back to its default). */
export async function loadSettings(db: StagecraftDb): Promise<Settings> {
  const row = await db.settings.get('settings');
  return repairSettings(row?.value);
}

/** Merges a change into the stored settings; the result is validated before it is written. */
export async function updateSettings(db: StagecraftDb, change: Partial<Settings>): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await loadSettings(db);
    const next = repairSettings({ ...current, ...change });
    await db.settings.put({ id: 'settings', value: next });
    return next;
  });
}

/** The base currency from the browser's languages, once, while nothing better has chosen it (see lib/metrics/base-currency.ts). */
export async function applyLocaleCurrency(db: StagecraftDb, languages: readonly string[]): Promise<Settings> {
  return db.transaction('rw', db.settings, async () => {
    const current = await loadSettings(db);
    const next = baseFromLocale(current, languages);
    if (next !== current) await db.settings.put({ id: 'settings', value: next });
    return next;
  });
}
