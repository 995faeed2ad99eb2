import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDatabase, type ForecastSnapshot, type StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import { addSnapshots, FORECAST_ALARM, registerForecastSnapshots, takeWeeklySnapshot } from '@/entrypoints/background/forecast';
import { deal, teamPlaybook, visit } from './fixtures';

let db: StagecraftDb;

async function seed() {
  const playbook = teamPlaybook();
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await db.deals.bulkPut([
    deal('A1', 'Anna', 'Negotiation', 'open', 1000, { closeDate: '2026-03-10' }),
    deal('B1', 'Ben', 'Demo', 'open', 1000, { closeDate: '2026-03-20' }),
  ]);
  await db.stageVisits.bulkAdd([visit('A1', 'Negotiation', '2026-02-01T09:00:00.000Z'), visit('B1', 'Demo', '2026-02-01T09:00:00.000Z')]);
}
const stored = async () => (await db.forecastSnapshots.toArray()).map((s) => `${s.owner} ${s.period} ${s.week} ${s.weightedPipeline}`).sort();

beforeEach(async () => {
  fakeBrowser.reset();
  db = openDatabase(`test-forecast-${Math.random()}`);
  await seed();
});
afterEach(async () => {
  await db.delete();
});

describe('the weekly snapshot is locked', () => {
  it('is taken once per week: later runs that week change nothing, even when the pipeline moved', async () => {
    expect(await takeWeeklySnapshot(db, new Date('2026-02-18T10:00:00Z'))).toBe(2);
    expect(await stored()).toEqual(['Anna 2026-Q1 2026-02-16 800', 'Ben 2026-Q1 2026-02-16 400']);
    await db.deals.update('pipedrive:acme:A1', { 'snapshot.value': 5000 });
    await db.deals.put(deal('C1', 'Cleo', 'Demo', 'open', 100, { closeDate: '2026-03-01' }));
    expect(await takeWeeklySnapshot(db, new Date('2026-02-19T10:00:00Z'))).toBe(0);
    expect(await takeWeeklySnapshot(db, new Date('2026-02-22T23:00:00Z'))).toBe(0); // Sunday: still the Monday week
    expect(await stored()).toEqual(['Anna 2026-Q1 2026-02-16 800', 'Ben 2026-Q1 2026-02-16 400']);
    // Next Monday: a new week, with what the pipeline is now.
    expect(await takeWeeklySnapshot(db, new Date('2026-02-23T06:00:00Z'))).toBe(3);
    expect(await stored()).toContain('Anna 2026-Q1 2026-02-23 4000');
    expect(await stored()).toContain('Anna 2026-Q1 2026-02-16 800');
  });

  it('follows the team’s week start (Sunday)', async () => {
    await updateSettings(db, { weekStart: 'sunday' });
    await takeWeeklySnapshot(db, new Date('2026-02-21T10:00:00Z')); // Saturday
    expect(await takeWeeklySnapshot(db, new Date('2026-02-22T10:00:00Z'))).toBe(2); // Sunday starts the next week
    expect([...new Set((await db.forecastSnapshots.toArray()).map((s) => s.week))].sort()).toEqual(['2026-02-15', '2026-02-22']);
  });

  it('never overwrites a stored [owner+period+week], adds only new keys', async () => {
    const row = (weightedPipeline: number, owner = 'Anna'): ForecastSnapshot => ({ owner, period: '2026-Q1', week: '2026-02-16', weightedPipeline, categories: { commit: 1 }, takenAt: '2026-02-16T08:00:00.000Z', basis: 'live' });
    expect(await addSnapshots(db, [row(100)])).toBe(1);
    expect(await addSnapshots(db, [row(999), row(5, 'Ben')])).toBe(1);
    expect((await db.forecastSnapshots.get(['Anna', '2026-Q1', '2026-02-16']))?.weightedPipeline).toBe(100);
    expect((await db.forecastSnapshots.get(['Ben', '2026-Q1', '2026-02-16']))?.weightedPipeline).toBe(5);
    expect(await addSnapshots(db, [{ ...row(1, 'Cleo'), weightedPipeline: -1 }])).toBe(0); // invalid rows are not written
  });
});

describe('registerForecastSnapshots', () => {
  it('creates a daily alarm and snapshots on the alarm and on install', async () => {
    let now = new Date('2026-02-18T10:00:00Z');
    registerForecastSnapshots(db, () => now);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const alarm = await browser.alarms.get(FORECAST_ALARM);
    expect(alarm?.periodInMinutes).toBe(24 * 60);

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    await waitForRows(2);
    now = new Date('2026-02-24T10:00:00Z');
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'something-else', scheduledTime: Date.now() });
    await fakeBrowser.alarms.onAlarm.trigger({ name: FORECAST_ALARM, scheduledTime: Date.now() });
    await waitForRows(4);
    expect([...new Set((await db.forecastSnapshots.toArray()).map((s) => s.week))].sort()).toEqual(['2026-02-16', '2026-02-23']);
  });

  it('keeps an existing alarm', async () => {
    await browser.alarms.create(FORECAST_ALARM, { periodInMinutes: 60 });
    registerForecastSnapshots(db);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await browser.alarms.get(FORECAST_ALARM))?.periodInMinutes).toBe(60);
  });
});

async function waitForRows(count: number) {
  for (let i = 0; i < 100 && (await db.forecastSnapshots.count()) < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(await db.forecastSnapshots.count()).toBe(count);
}
