import type { ForecastSnapshot, StagecraftDb } from '@/lib/db/database';
import { loadObserved } from '@/lib/db/observed';
import { loadSettings } from '@/lib/db/settings';
import { takeForecastSnapshots, weekOf } from '@/lib/forecast/forecast';
import { forecastSnapshotSchema } from '@/lib/model/insights.schema';

// The weekly forecast snapshot. A daily alarm (alarms survive worker restarts; the browser may be
// closed on the first day of the week) runs `takeWeeklySnapshot`, which takes the snapshot once per
// week: when any row of this week exists, the week is done. Rows are locked: a stored
// [owner+period+week] is never overwritten (`add` only, existing keys skipped in one transaction).
// The first snapshot is taken on install.

export const FORECAST_ALARM = 'stagecraft-forecast-snapshot';
const DAY_MINUTES = 24 * 60;

/** Adds the rows whose key is not stored yet; returns how many were added. */
export async function addSnapshots(db: StagecraftDb, rows: readonly ForecastSnapshot[]): Promise<number> {
  const valid = rows.filter((row) => forecastSnapshotSchema.safeParse(row).success);
  if (valid.length === 0) return 0;
  return db.transaction('rw', db.forecastSnapshots, async () => {
    const existing = await db.forecastSnapshots.bulkGet(valid.map((r) => [r.owner, r.period, r.week] as [string, string, string]));
    let added = 0;
    for (const [i, row] of valid.entries()) {
      if (existing[i]) continue;
      await db.forecastSnapshots.add(row);
      added++;
    }
    return added;
  });
}

/** Takes this week's snapshot unless it was taken already. Returns how many rows were written. */
export async function takeWeeklySnapshot(db: StagecraftDb, now: Date = new Date()): Promise<number> {
  const [observed, settings] = await Promise.all([loadObserved(db), loadSettings(db)]);
  const week = weekOf(now, settings.weekStart);
  if ((await db.forecastSnapshots.where('week').equals(week).count()) > 0) return 0;
  return addSnapshots(db, takeForecastSnapshots(observed, now, settings.weekStart));
}

async function run(db: StagecraftDb, now: () => Date): Promise<void> {
  try {
    await takeWeeklySnapshot(db, now());
  } catch (error) {
    console.warn('[Stagecraft] the weekly forecast snapshot failed:', error);
  }
}

/** Registers the daily alarm and its listener (call synchronously in the worker's main). */
export function registerForecastSnapshots(db: StagecraftDb, now: () => Date = () => new Date()): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FORECAST_ALARM) void run(db, now);
  });
  browser.runtime.onInstalled.addListener(() => void run(db, now));
  void (async () => {
    // Alarms normally persist, but a browser may drop them on restart: create it when missing.
    if (!(await browser.alarms.get(FORECAST_ALARM))) await browser.alarms.create(FORECAST_ALARM, { delayInMinutes: 1, periodInMinutes: DAY_MINUTES });
  })();
}
