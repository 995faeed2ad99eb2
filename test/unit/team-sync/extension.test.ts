import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { dexieTeamSyncStore, loadHistorySources, loadTeamSyncState } from '@/lib/db/team-sync';
import { syncTeam } from '@/lib/background/team-sync';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { combinedHistory, combineSources } from '@/lib/forecast/combined-history';
import { validateHistory, type History } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { createSyncHttp, runTeamSync, teamSyncPlan } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { json } from '../../support/crm-servers/server';
import { generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { memoryStore } from '../crm-api/memory-store';
import { expectSameHistory } from './helpers';

// The team sync inside the extension: the background runs it with the stored HubSpot connection and
// the API client's guarded fetch, writes every page to IndexedDB, resumes a run a stopped worker cut
// short, keeps the last complete data when a run fails, and the team views read the synced team
// first (synced > observed > imported for the same deal id).

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
let names: string[] = [];
afterEach(async () => {
  for (const name of names) await Dexie.delete(name);
  names = [];
});
function database(name: string): StagecraftDb {
  names.push(name);
  return openDatabase(name);
}

function deps(world: World, server = hubspotServer(world)) {
  const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
  return { server, deps: { client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(NOW) }), credentials, salesforceSession: async () => null, now: () => new Date(NOW), sleep: async () => {} } };
}

/** The synced team as the team views see it, deal ids back to the CRM's. */
async function viewed(db: StagecraftDb): Promise<History> {
  const { imported, synced } = await loadHistorySources(db);
  const { history } = combinedHistory(null, imported, { synced });
  const strip = (id: string) => id.replace(/^hubspot:hubspot:/, '');
  return { ...history, deals: history.deals.map((d) => ({ ...d, id: strip(d.id) })), activities: history.activities.map((a) => ({ ...a, dealId: strip(a.dealId) })) };
}

describe('team sync in the extension', () => {
  it('the background syncs the whole team into IndexedDB; the team views compute from it', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 40, deals: 300, now: NOW });
    const db = database('team-sync-bg');
    const { server, deps: d } = deps(world);
    const status = await syncTeam(db, d, 'hubspot');
    expect(status).toMatchObject({ state: 'complete', crm: 'hubspot' });
    expect(server.log.every((r) => r.url.origin === 'https://api.hubapi.com')).toBe(true);
    const state = await loadTeamSyncState(db);
    expect(state.run).toBeNull();
    const since = state.meta!.since;
    const truth = groundTruth(world, since);
    expect(state.meta).toMatchObject({ crm: 'hubspot', mode: 'full', deals: truth.deals.length });
    const history = await viewed(db);
    expectSameHistory(history, truth);
    expect(computeScorecard(history, { asOf: NOW, from: null, toExclusive: null })).toEqual(computeScorecard(truth, { asOf: NOW, from: null, toExclusive: null }));
    const sources = await loadHistorySources(db);
    const { synced } = combinedHistory(null, sources.imported, { synced: sources.synced });
    expect(synced).toEqual({ crm: 'hubspot', syncedAt: NOW, deals: truth.deals.length });
    db.close();
  });

  it('a run cut by a stopped worker resumes in a new worker and equals a full run', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 41, deals: 250, now: NOW });
    const first = database('team-sync-resume');
    const { server, deps: d } = deps(world);
    let pages = 0;
    const http = createSyncHttp({ fetch: server.fetch, now: () => new Date(NOW), sleep: async () => {} });
    const since = Date.UTC(2024, 11, 7);
    const cut = await runTeamSync({ plan: { ...teamSyncPlan({ crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }), account: 'hubspot' }, store: dexieTeamSyncStore(first), http, now: () => new Date(NOW), since, shouldStop: () => ++pages > 6 });
    expect(cut.status).toBe('stopped');
    first.close();
    const awake = openDatabase('team-sync-resume');
    const before = server.log.length;
    expect((await loadTeamSyncState(awake)).run).toMatchObject({ step: 4 });
    expect(await syncTeam(awake, d, null)).toMatchObject({ state: 'complete' });
    expect(server.log.slice(before).some((r) => r.line === 'GET /crm/v3/pipelines/deals')).toBe(false);
    expectSameHistory(await viewed(awake), groundTruth(world, since));
    awake.close();
  });

  it('a failed run says why and keeps the last complete data', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 42, deals: 120, now: NOW });
    const db = database('team-sync-fail');
    const { server, deps: d } = deps(world);
    await syncTeam(db, d, 'hubspot');
    const before = await viewed(db);
    server.faults.push({ when: () => true, respond: () => json({ status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' }, 401), times: Infinity });
    const status = await syncTeam(db, d, 'hubspot', { full: true });
    expect(status).toMatchObject({ state: 'failed', failure: { kind: 'unauthorized', status: 401, request: 'GET /crm/v3/pipelines/deals' } });
    expect((await loadTeamSyncState(db)).status).toMatchObject({ state: 'failed' });
    expectSameHistory(await viewed(db), before);
    db.close();
  });

  it('for the same deal id, synced wins over observed, which wins over imported', () => {
    const base = (title: string, value: number): History => ({
      version: 1,
      pipelines: [{ id: 'p', name: 'P', stages: [{ id: 's', name: 'S', probability: 0.5, rotDays: null }] }],
      deals: [{ id: 'hubspot:4711:1', title, owner: 'Ana', pipeline: 'p', value, currency: 'EUR', createdAt: 0, closedAt: null, status: 'open', stageHistory: [{ stage: 's', enteredAt: 0 }] }],
      activities: [{ dealId: 'hubspot:4711:1', owner: 'Ana', type: 'call', at: 1 }],
      forecasts: [],
    });
    const observedWins = base('observed', 2);
    const merged = combineSources([base('synced', 3), observedWins]); // precedence order: synced first
    expect(merged.deals.map((d) => [d.title, d.value])).toEqual([['synced', 3]]);
    expect(merged.activities).toHaveLength(1);
    const stored = [
      { id: 'imp', name: 'old.json', format: 'scorecard-json', importedAt: '2026-01-01T00:00:00.000Z', history: { ...base('imported', 1), deals: base('imported', 1).deals.map((d) => ({ ...d, createdAt: '1970-01-01T00:00:00.000Z', stageHistory: [{ stage: 's', enteredAt: '1970-01-01T00:00:00.000Z' }] })), activities: [] } },
    ];
    expect(validateHistory(stored[0]!.history).deals).toHaveLength(1);
    const combined = combinedHistory(null, stored, { synced: { history: { ...base('synced', 3), activities: [] }, provenance: { crm: 'hubspot', syncedAt: NOW, deals: 1 }, ticks: { shared: 0, ignored: 0 } } });
    expect(combined.history.deals.map((d) => d.title)).toEqual(['synced']);
    expect(combined.synced).toEqual({ crm: 'hubspot', syncedAt: NOW, deals: 1 });
    expect([...combined.syncedDealIds]).toEqual(['hubspot:4711:1']);
  });
});
