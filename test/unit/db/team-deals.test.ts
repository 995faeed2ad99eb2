import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { defineSchema, openDatabase, type StagecraftDb } from '@/lib/db/database';
import { dexieTeamSyncStore, loadHistorySources } from '@/lib/db/team-sync';
import { teamDealsChangedSince, teamDealsRevision } from '@/lib/db/team-deals';
import { loadObserved } from '@/lib/db/observed';
import { loadSettings } from '@/lib/db/settings';
import { teamView } from '@/lib/forecast/team-view';
import { moneyOf } from '@/lib/metrics/currency';
import { createSyncHttp, runTeamSync, syncedDealRows, teamSyncPlan, type SyncMeta } from '@/lib/team-sync';
import { syncedSource } from '@/lib/team-sync/source';
import { serializeHistory } from '@/lib/metrics/history';
import { validateHistory } from '@/lib/metrics/history-reader';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { changeTeam, generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { intoCrm, NOW, playbookFor, shareTicks, SINCE } from '../team-sync/ticks';

// The team pages read a compact row per synced deal (`teamDeals`), which each sync page's commit
// keeps in its transaction. Whatever a run writes, adds, changes or removes, the rows must be what
// the synced deals and activities say, and the team's figures from them exactly those from every
// synced activity (as the team pages read them before the rows).

let names: string[] = [];
afterEach(async () => {
  for (const name of names) await Dexie.delete(name);
  names = [];
});
function database(name: string): StagecraftDb {
  names.push(name);
  return openDatabase(name);
}

/** A team with shared ticks (and ticks that must not count) in a HubSpot test server. */
function sharingTeam(seed: number, deals: number): World {
  const world = generateTeam({ crm: 'hubspot', seed, deals, owners: 4, now: NOW });
  const { ticks } = shareTicks(world);
  intoCrm(world, ticks, new Set(groundTruth(world, SINCE).deals.map((d) => d.id)));
  return world;
}

async function sync(db: StagecraftDb, world: World, mode: 'full' | 'auto', at = NOW) {
  const server = hubspotServer(world);
  const http = createSyncHttp({ fetch: server.fetch, now: () => new Date(at), sleep: async () => {} });
  const result = await runTeamSync({ plan: { ...teamSyncPlan({ crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }), account: 'hubspot' }, store: dexieTeamSyncStore(db), http, now: () => new Date(at), since: SINCE, mode });
  expect(result.status).toBe('complete');
}

/** A database with the HubSpot playbook active and `world` synced in full. */
async function syncedWithPlaybook(name: string, world: World) {
  const db = database(name);
  const playbook = playbookFor('hubspot');
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await sync(db, world, 'full');
  return { db, playbook };
}

/** The rows as derived from everything the sync stored. */
async function derivedFromTables(db: StagecraftDb) {
  const data = await dexieTeamSyncStore(db).data();
  return syncedDealRows(data);
}

describe('the synced deals’ rows', () => {
  it('each page’s commit keeps a row per synced deal equal to what its deal and activities say, through a full run, an incremental run and a full run after deletions', async () => {
    const world = sharingTeam(71, 160);
    const db = database('team-deals-kept');
    await sync(db, world, 'full');
    const first = await db.teamDeals.toArray();
    expect(first.length).toBe(await db.syncedDeals.count());
    expect(first.some((row) => row.ticks.length > 0)).toBe(true);
    expect(first).toEqual(await derivedFromTables(db));

    // Deals move on, close, are deleted; activities are added and deleted.
    changeTeam(world, 72, NOW + 3_600_000);
    await sync(db, world, 'auto', NOW + 3_600_000);
    expect(await db.teamDeals.toArray()).toEqual(await derivedFromTables(db));
    changeTeam(world, 73, NOW + 7_200_000);
    await sync(db, world, 'full', NOW + 7_200_000);
    const last = await db.teamDeals.toArray();
    expect(last).toEqual(await derivedFromTables(db));
    expect(last.length).toBe(await db.syncedDeals.count());
    db.close();
  });

  it('a page that moves an activity to another deal, removes one, or brings an activity before its deal keeps every row right', async () => {
    const db = database('team-deals-pages');
    const store = dexieTeamSyncStore(db);
    const run = { runId: 'r1', crm: 'hubspot', mode: 'full', step: 0, cursor: null, startedAt: NOW, since: SINCE } as never;
    const deal = (id: string) => ({ id, title: `Deal ${id}`, owner: 'Ana', pipeline: 'p', value: 10, currency: 'EUR', createdAt: NOW - 9e8, status: 'open' as const, closedAt: null, stageHistory: [{ stage: 's1', enteredAt: NOW - 9e8 }], seenIn: 'r1' });
    const activity = (id: string, dealId: string, at: number) => ({ id, dealId, owner: 'Ana', type: 'call' as const, at, seenIn: 'r1' });
    await store.commit({ activities: [activity('call:1', 'd1', NOW - 5e8), activity('call:2', 'd2', NOW - 4e8)] }, run);
    expect(await db.teamDeals.count()).toBe(0); // no deal yet: nothing to read
    await store.commit({ deals: [deal('d1'), deal('d2')] }, run);
    expect((await db.teamDeals.toArray()).map((r) => [r.id, r.activities.at])).toEqual([['d1', [NOW - 5e8]], ['d2', [NOW - 4e8]]]);
    await store.commit({ activities: [activity('call:2', 'd1', NOW - 4e8)] }, run);
    expect((await db.teamDeals.toArray()).map((r) => [r.id, r.activities.at])).toEqual([['d1', [NOW - 5e8, NOW - 4e8]], ['d2', []]]);
    await store.commit({ removeActivities: ['call:1'], removeDeals: ['d2'] }, run);
    expect((await db.teamDeals.toArray()).map((r) => [r.id, r.activities.at])).toEqual([['d1', [NOW - 4e8]]]);
    expect(await db.teamDeals.toArray()).toEqual(await derivedFromTables(db));
    await store.clear();
    expect(await db.teamDeals.count()).toBe(0);
    db.close();
  });

  it('the team page’s figures and the shared ticks read from the rows are exactly those read from every synced activity, by the active playbook', async () => {
    const { db, playbook } = await syncedWithPlaybook('team-deals-figures', sharingTeam(74, 220));
    const meta = (await db.teamSync.get('meta'))!.value as SyncMeta;
    const everyActivity = syncedSource(meta, await dexieTeamSyncStore(db).data(), playbook);
    const fromRows = await loadHistorySources(db);
    expect(fromRows.synced).toEqual(everyActivity);
    expect(fromRows.synced!.ticks.shared).toBeGreaterThan(10);
    const [observed, settings] = await Promise.all([loadObserved(db), loadSettings(db)]);
    for (const period of ['quarter', 'year', 'all'] as const) {
      const at = new Date(NOW);
      expect(teamView({ observed, imported: [] }, period, at, { money: moneyOf(settings), synced: fromRows.synced })).toEqual(teamView({ observed, imported: [] }, period, at, { money: moneyOf(settings), synced: everyActivity }));
    }
    db.close();
  });

  it('the synced team handed over in memory gives the team page exactly the figures it gave written out as a history file and read back', async () => {
    const { db } = await syncedWithPlaybook('team-deals-in-memory', sharingTeam(76, 200));
    const { synced } = await loadHistorySources(db);
    const fromFile = validateHistory(JSON.parse(serializeHistory(synced!.history)));
    expect(synced!.history.deals.some((d) => d.untracked) && synced!.history.checklist!.length > 0).toBe(true);
    const [observed, settings] = await Promise.all([loadObserved(db), loadSettings(db)]);
    for (const period of ['quarter', 'year', 'all'] as const) {
      const at = new Date(NOW);
      const inMemory = teamView({ observed, imported: [] }, period, at, { money: moneyOf(settings), synced });
      expect(inMemory).toEqual(teamView({ observed, imported: [] }, period, at, { money: moneyOf(settings), synced: { ...synced!, history: fromFile } }));
      expect(inMemory.team.metrics.adoption.required).toBeGreaterThan(0);
    }
    db.close();
  });
});

describe('schema v12', () => {
  it('a v11 database gets a row for every synced deal, its activities and ticks with it, and the team reads the same from them', async () => {
    const world = sharingTeam(75, 60);
    const source = database('team-deals-source');
    await sync(source, world, 'full');
    const [deals, activities, teamSync] = await Promise.all([source.syncedDeals.toArray(), source.syncedActivities.toArray(), source.teamSync.toArray()]);
    source.close();

    const name = 'migration-v11-team-deals';
    names.push(name);
    const old = new Dexie(name);
    defineSchema(old, 11);
    await old.open();
    await old.table('syncedDeals').bulkPut(deals);
    await old.table('syncedActivities').bulkPut(activities);
    await old.table('teamSync').bulkPut(teamSync);
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(await db.teamDeals.toArray()).toEqual(syncedDealRows({ deals, activities }));
    expect((await db.teamDeals.toArray()).some((row) => row.ticks.length)).toBe(true);
    const meta = teamSync.find((row) => row.id === 'meta')!.value as SyncMeta;
    expect((await loadHistorySources(db)).synced).toEqual(syncedSource(meta, await dexieTeamSyncStore(db).data()));
    db.close();
  });
});

describe('schema v14', () => {
  it('a v13 database’s synced team is at revision 0; each commit after counts a revision with the deals it wrote or removed, and clearing makes every earlier revision read whole again', async () => {
    const world = sharingTeam(77, 40);
    const source = database('team-deals-revision-source');
    await sync(source, world, 'full');
    const [deals, activities, rows, teamSync] = await Promise.all([source.syncedDeals.toArray(), source.syncedActivities.toArray(), source.teamDeals.toArray(), source.teamSync.toArray()]);
    source.close();

    const name = 'migration-v13-team-deal-revisions';
    names.push(name);
    const old = new Dexie(name);
    defineSchema(old, 13);
    await old.open();
    await old.table('syncedDeals').bulkPut(deals);
    await old.table('syncedActivities').bulkPut(activities);
    await old.table('teamDeals').bulkPut(rows);
    await old.table('teamSync').bulkPut(teamSync.filter((row) => row.id !== 'revision'));
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(await teamDealsRevision(db)).toEqual({ rev: 0, reset: 0 });
    expect(await db.teamDealRevisions.count()).toBe(0);
    expect(await teamDealsChangedSince(db, 0)).toEqual({ changed: [], removed: [] });

    // One page: a deal moves on, another is removed.
    const [moving, removed] = deals;
    const run = { runId: 'r2', crm: 'hubspot', mode: 'auto', step: 0, cursor: null, startedAt: NOW, since: SINCE } as never;
    await dexieTeamSyncStore(db).commit({ deals: [{ ...moving!, stageHistory: [...moving!.stageHistory, { stage: 'negotiation', enteredAt: NOW }] }], removeDeals: [removed!.id] }, run);
    expect(await teamDealsRevision(db)).toEqual({ rev: 1, reset: 0 });
    const since0 = await teamDealsChangedSince(db, 0);
    expect(since0.changed.map((row) => [row.id, row.deal.stageHistory.at(-1)!.stage])).toEqual([[moving!.id, 'negotiation']]);
    expect(since0.removed).toEqual([removed!.id]);
    expect(await teamDealsChangedSince(db, 1)).toEqual({ changed: [], removed: [] });

    await dexieTeamSyncStore(db).clear();
    expect(await teamDealsRevision(db)).toEqual({ rev: 2, reset: 2 });
    expect(await db.teamDealRevisions.count()).toBe(0);
    db.close();
  });
});
