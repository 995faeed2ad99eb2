import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { dexieTeamSyncStore } from '@/lib/db/team-sync';
import { loadTeamSources, watchTeamSources } from '@/lib/db/team-sources';
import { pageFigures, type TeamFiguresAsk, type TeamSources } from '@/lib/team-figures';
import { createSyncHttp, runTeamSync, teamSyncPlan } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { changeTeam, generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { intoCrm, NOW, playbookFor, shareTicks, SINCE } from '../team-sync/ticks';

// The team figures worker holds the synced team in memory and, after a sync, reads and builds again
// only the deals the sync changed (lib/db/team-sources.ts, lib/team-sync/held-team.ts). Whatever the
// syncs do — deals added, moved on, won, lost, given to another rep, deleted, activities deleted, the
// team cleared and synced again, the playbook changed — every page's figures must be exactly those
// worked out from scratch from the database as it is, and a small sync must not read the whole team.

let names: string[] = [];
afterEach(async () => {
  for (const name of names) await Dexie.delete(name);
  names = [];
});

const HOUR = 3_600_000;
const ASKS: TeamFiguresAsk[] = [
  { page: 'team', now: NOW, period: 'quarter' },
  { page: 'team', now: NOW, period: 'all' },
  { page: 'forecast', now: NOW, period: null, owner: '' },
  { page: 'maturity', now: NOW },
  { page: 'kpi', now: NOW },
  { page: 'ticks', now: NOW },
  { page: 'scorecard', now: NOW, period: 'all', crm: 'hubspot', account: 'hubspot', dealOwner: null },
];

function sharingTeam(seed: number, deals: number): World {
  const world = generateTeam({ crm: 'hubspot', seed, deals, owners: 5, now: NOW });
  const { ticks } = shareTicks(world);
  intoCrm(world, ticks, new Set(groundTruth(world, SINCE).deals.map((d) => d.id)));
  return world;
}

async function sync(db: StagecraftDb, world: World, mode: 'full' | 'auto', at: number) {
  const server = hubspotServer(world);
  const http = createSyncHttp({ fetch: server.fetch, now: () => new Date(at), sleep: async () => {} });
  const result = await runTeamSync({ plan: { ...teamSyncPlan({ crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }), account: 'hubspot' }, store: dexieTeamSyncStore(db), http, now: () => new Date(at), since: SINCE, mode });
  expect(result.status).toBe('complete');
}

/** The worker's own connection to the database, counting the synced deals' rows it reads. */
function workerConnection(name: string): { db: StagecraftDb; rowsRead: () => number } {
  const db = openDatabase(name);
  let read = 0;
  db.use({
    stack: 'dbcore',
    name: 'count-team-deal-rows',
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        if (tableName !== 'teamDeals') return table;
        return {
          ...table,
          getMany: async (req) => {
            const rows = await table.getMany(req);
            read += rows.filter((row) => row !== undefined).length;
            return rows;
          },
          query: async (req) => {
            const answer = await table.query(req);
            read += answer.result.length;
            return answer;
          },
        };
      },
    }),
  });
  return { db, rowsRead: () => read };
}

/** Watches the sources as the worker does; `latest` is the last hand-over. */
function watched(db: StagecraftDb) {
  let latest: TeamSources | null = null;
  const errors: unknown[] = [];
  const stop = watchTeamSources(db)(
    (sources) => (latest = sources),
    (error) => errors.push(error),
  );
  return { latest: () => latest, errors, stop };
}

/** Waits until the watched sources have caught up with the database, then checks every page's figures against those worked out from scratch. */
async function expectSameFigures(writer: StagecraftDb, watch: ReturnType<typeof watched>) {
  const scratch = await loadTeamSources(writer);
  await expect.poll(() => watch.latest()?.synced ?? null, { timeout: 30_000 }).toEqual(scratch.synced);
  // Each source is watched apart: the others (the playbook, what this browser observed) may come a moment later.
  const expected = ASKS.map((ask) => pageFigures(scratch, ask));
  await expect.poll(() => ASKS.map((ask) => pageFigures(watch.latest()!, ask)), { timeout: 30_000 }).toEqual(expected);
  expect(watch.errors).toEqual([]);
}

describe('the team figures after each sync, worked out from what changed', () => {
  it('equal those worked out from scratch after every sync — deals added, moved on, closed, reassigned, deleted — a clear, a sync again and a new playbook; a small sync reads only the deals it changed', async () => {
    const name = 'team-figures-incremental';
    names.push(name);
    const writer = openDatabase(name);
    const playbook = playbookFor('hubspot');
    await writer.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
    const world = sharingTeam(91, 200);
    await sync(writer, world, 'full', NOW);

    const worker = workerConnection(name);
    const watch = watched(worker.db);
    await expectSameFigures(writer, watch);
    expect(worker.rowsRead()).toBe(await writer.teamDeals.count());
    expect(watch.latest()!.synced!.ticks.shared).toBeGreaterThan(0);

    // Syncs that change a part of the team, in runs of the changes since and in full.
    for (const [step, mode] of [[1, 'auto'], [2, 'auto'], [3, 'full']] as const) {
      changeTeam(world, 91 + step, NOW + step * HOUR);
      await sync(writer, world, mode, NOW + step * HOUR);
      await expectSameFigures(writer, watch);
    }

    // A sync page that changes three deals (one moves on, one is won, one is removed): only their rows are read.
    const readBefore = worker.rowsRead();
    const store = dexieTeamSyncStore(writer);
    const [moving, winning, removed] = (await writer.syncedDeals.toArray()).filter((d) => d.status === 'open' && d.closedAt === null);
    const run = { runId: 'small', crm: 'hubspot', mode: 'auto', step: 0, cursor: null, startedAt: NOW + 4 * HOUR, since: SINCE } as never;
    await store.commit({ deals: [{ ...moving!, stageHistory: [...moving!.stageHistory, { stage: 'negotiation', enteredAt: NOW + 4 * HOUR }] }, { ...winning!, status: 'won', closedAt: NOW + 4 * HOUR }], removeDeals: [removed!.id] }, run);
    await expectSameFigures(writer, watch);
    expect(worker.rowsRead() - readBefore).toBe(2);

    // The team's store cleared (the sync's Clear synced data): no synced team; then synced again in full.
    await dexieTeamSyncStore(writer).clear();
    await expectSameFigures(writer, watch);
    expect(watch.latest()!.synced).toBeNull();
    changeTeam(world, 95, NOW + 5 * HOUR);
    await sync(writer, world, 'full', NOW + 5 * HOUR);
    await expectSameFigures(writer, watch);

    // Another playbook (the ticks no longer count), then no playbook at all.
    await writer.playbooks.put({ id: playbook.id, playbook: { ...playbook, id: 'other-playbook' }, origin: 'local' });
    await expectSameFigures(writer, watch);
    expect(watch.latest()!.synced!.ticks.shared).toBe(0);
    await writer.playbooks.clear();
    await expectSameFigures(writer, watch);

    watch.stop();
    worker.db.close();
    writer.close();
    // Six syncs and a clear, each waited for: a loaded two-core machine takes its time.
  }, 120_000);
});
