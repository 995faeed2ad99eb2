import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { applyAssignment, dryRunAssignment, refreshReps, undoLastAssignment } from '@/lib/background/automation';
import { loadAutomationLog, loadAutomationState, loadPlan, saveAssignmentSettings } from '@/lib/db/automation';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { assignmentSettingsSchema } from '@/lib/automation/rules';
import type { SyncedDeal, SyncMeta } from '@/lib/team-sync/types';
import { hubspotDealsServer, HUBSPOT_AUTOMATION_TOKEN, type HubspotDealsWorld } from '../../support/crm-servers/hubspot-deals';
import { json } from '../../support/crm-servers/server';
import { memoryStore } from '../crm-api/memory-store';

// Lead assignment end to end inside the extension's background, against HubSpot's API as a test
// server: the dry run's plan is exactly what Apply does (request by request), a deal whose owner
// changed since the dry run is skipped, a 429 in the middle is waited out, Undo puts owners back,
// and nothing runs on a stale team.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const HOUR = 3_600_000;
let open: StagecraftDb[] = [];
afterEach(async () => {
  for (const db of open) {
    db.close();
    await Dexie.delete(db.name);
  }
  open = [];
});

function world(): HubspotDealsWorld {
  const props = (name: string, owner: string | null, amount: number, country: string | null) => ({ dealname: name, hubspot_owner_id: owner, pipeline: 'default', dealstage: 'appointmentscheduled', amount: String(amount), country });
  return {
    owners: [
      { id: '10', firstName: 'Ingrid', lastName: 'Dahl', email: 'ingrid@nordic.example' },
      { id: '11', firstName: 'Lars', lastName: 'Berg', email: 'lars@nordic.example' },
      { id: '12', firstName: 'Sofie', lastName: 'Lind', email: 'sofie@nordic.example' },
    ],
    deals: new Map([
      ['101', props('Fjord Freight', null, 45_000, 'Norway')],
      ['102', props('Malmö Mills', null, 8_000, 'Sweden')],
      ['103', props('Bergen Bakers', '12', 12_000, 'Norway')],
      ['104', props('Turku Tools', null, 60_000, 'Finland')],
      ['90', props('Old deal', null, 99_000, 'Norway')],
    ]),
    dealContacts: new Map(),
    contacts: new Map(),
  };
}

const synced = (id: string, title: string, createdAt: number, owner = 'Unassigned'): SyncedDeal => ({ id, title, owner, pipeline: 'default', value: 0, currency: 'EUR', createdAt, status: 'open', closedAt: null, stageHistory: [{ stage: 'appointmentscheduled', enteredAt: createdAt }], seenIn: 'run-1' });

async function setUp(name: string, options: { syncedAt?: number; now?: () => number } = {}) {
  const db = openDatabase(name);
  open.push(db);
  const w = world();
  const server = hubspotDealsServer(w);
  let clock = options.now ?? (() => NOW);
  const meta: SyncMeta = { crm: 'hubspot', account: 'hubspot', completedAt: options.syncedAt ?? NOW - 10 * 60_000, startedAt: (options.syncedAt ?? NOW - 10 * 60_000) - 60_000, since: NOW - 700 * 86_400_000, mode: 'incremental', deals: 5, activities: 0 };
  await db.teamSync.bulkPut([
    { id: 'meta', value: meta },
    { id: 'status', value: { state: 'complete', crm: 'hubspot', at: meta.completedAt } },
  ]);
  await db.syncedDeals.bulkPut([
    synced('101', 'Fjord Freight', NOW - 3 * HOUR),
    synced('102', 'Malmö Mills', NOW - 2 * HOUR),
    synced('103', 'Bergen Bakers', NOW - 1 * HOUR, 'Sofie Lind'),
    synced('104', 'Turku Tools', NOW - 30 * 60_000),
    synced('90', 'Old deal', NOW - 72 * HOUR),
    { ...synced('91', 'Won deal', NOW - HOUR), status: 'won', closedAt: NOW - 60_000 },
  ]);
  const settings = assignmentSettingsSchema.parse({
    rules: [{ id: 'no-big', name: 'Norway over €20 000', when: { minValue: 20_000.01, fields: [{ field: 'country', values: ['Norway'] }] }, assign: { kind: 'owner', ownerId: '10' } }],
    fallback: { kind: 'roundRobin', groupId: 'nordic' },
    groups: [{ id: 'nordic', name: 'Team Nordic', ownerIds: ['11', '12'] }],
    activeSince: NOW - 24 * HOUR,
  });
  await saveAssignmentSettings(db, settings, new Date(NOW));
  const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_AUTOMATION_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
  const sleeps: number[] = [];
  const deps = {
    client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(clock()), sleep: async () => {} }),
    credentials,
    salesforceSession: async () => null,
    now: () => new Date(clock()),
    sleep: async (ms: number) => void sleeps.push(ms),
  };
  return { db, w, server, deps, sleeps, setClock: (c: () => number) => (clock = c) };
}

const writes = (log: { method: string; line: string; body: unknown }[]) => log.filter((r) => r.method !== 'GET').map((r) => [r.line, r.body]);

describe('lead assignment', () => {
  it('the dry run lists each deal with the rule that matched; Apply makes exactly those changes, once', async () => {
    const { db, w, server, deps } = await setUp('assign-dry-apply');
    expect(await dryRunAssignment(db, deps)).toEqual({ ok: true });
    const stored = await loadPlan(db);
    expect(stored!.plan.changes.map((c) => [c.title, c.fromOwnerId, c.toOwnerId, c.ruleName])).toEqual([
      ['Fjord Freight', null, '10', 'Norway over €20 000'],
      ['Malmö Mills', null, '11', null],
      ['Turku Tools', null, '11', null],
    ]);
    // Bergen Bakers: the round-robin turn gave it to Sofie, who owns it already — no change. The old
    // deal (before the rules took effect) and the won one are not looked at.
    expect(stored!.plan.notes).toEqual([{ kind: 'alreadyOwner', dealId: '103', title: 'Bergen Bakers', key: '103:new', ownerId: '12', ruleId: 'default' }]);
    // A dry run writes nothing.
    expect(writes(server.log)).toEqual([]);

    server.log.length = 0;
    const applied = await applyAssignment(db, deps);
    expect(applied).toMatchObject({ ok: true });
    const patches = writes(server.log);
    expect(patches).toEqual(stored!.plan.changes.map((c) => [`PATCH /crm/v3/objects/deals/${c.dealId}`, { properties: { hubspot_owner_id: c.toOwnerId } }]));
    // Each deal was read again just before its change.
    expect(server.log.map((r) => r.line.replace(/\?.*$/, ''))).toEqual(stored!.plan.changes.flatMap((c) => [`GET /crm/v3/objects/deals/${c.dealId}`, `PATCH /crm/v3/objects/deals/${c.dealId}`]));
    expect(w.deals.get('101')!.hubspot_owner_id).toBe('10');
    expect(w.deals.get('90')!.hubspot_owner_id).toBeNull();

    const [latest] = await loadAutomationLog(db);
    expect(latest!.run).toMatchObject({ kind: 'assignment', counts: { applied: 3, skipped: 0, failed: 0 } });
    expect(latest!.entries.map((e) => [e.dealId, e.outcome])).toEqual([['101', 'applied'], ['102', 'applied'], ['104', 'applied']]);
    expect((await loadAutomationState(db)).rotation).toEqual({ nordic: '11' });

    // Apply again (a second browser, a second click): nothing left to do, no request changes anything.
    server.log.length = 0;
    expect(await applyAssignment(db, deps)).toEqual({ ok: false, reason: 'noPlan' });
    expect(await dryRunAssignment(db, deps)).toEqual({ ok: true });
    expect((await loadPlan(db))!.plan.changes).toEqual([]);
    expect(writes(server.log)).toEqual([]);
  });

  it('skips a deal whose owner changed since the dry run (another browser got there first)', async () => {
    const { db, w, server, deps } = await setUp('assign-race');
    await dryRunAssignment(db, deps);
    w.deals.get('102')!.hubspot_owner_id = '12';
    server.log.length = 0;
    await applyAssignment(db, deps);
    expect(writes(server.log).map(([line]) => line)).toEqual(['PATCH /crm/v3/objects/deals/101', 'PATCH /crm/v3/objects/deals/104']);
    const [latest] = await loadAutomationLog(db);
    expect(latest!.entries.find((e) => e.dealId === '102')).toMatchObject({ outcome: 'skipped', foundOwnerId: '12' });
    expect(w.deals.get('102')!.hubspot_owner_id).toBe('12');
  });

  it('waits out a 429 in the middle, and lists a change that still fails instead of hiding it', async () => {
    const { db, server, deps, sleeps } = await setUp('assign-429');
    await dryRunAssignment(db, deps);
    let patches = 0;
    server.faults.push({ when: (r) => r.method === 'PATCH' && ++patches === 2, respond: () => json({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT' }, 429, { 'retry-after': '2' }) });
    server.faults.push({ when: (r) => r.method === 'PATCH' && r.line.endsWith('/104'), respond: () => json({ status: 'error', message: 'internal' }, 500), times: Infinity });
    server.log.length = 0;
    await applyAssignment(db, deps);
    expect(sleeps).toContain(2000);
    const lines = writes(server.log).map(([line]) => String(line));
    // 102's PATCH answered 429 once, then went through; 104 failed every try.
    expect(lines.filter((l) => l.endsWith('/102'))).toHaveLength(2);
    expect(lines.filter((l) => l.endsWith('/101'))).toHaveLength(1);
    const [latest] = await loadAutomationLog(db);
    expect(latest!.run.counts).toEqual({ applied: 2, skipped: 0, failed: 1 });
    expect(latest!.entries.find((e) => e.dealId === '104')).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('PATCH /crm/v3/objects/deals/104') });
    // The failed deal is not settled: the next dry run has it again.
    server.faults.length = 0;
    await dryRunAssignment(db, deps);
    expect((await loadPlan(db))!.plan.changes.map((c) => c.dealId)).toEqual(['104']);
  });

  it('Undo puts back the owners the last run changed, except where someone changed them since', async () => {
    const { db, w, server, deps } = await setUp('assign-undo');
    await dryRunAssignment(db, deps);
    await applyAssignment(db, deps);
    w.deals.get('104')!.hubspot_owner_id = '10'; // a person moved it meanwhile
    server.log.length = 0;
    expect(await undoLastAssignment(db, deps)).toMatchObject({ ok: true });
    expect(writes(server.log)).toEqual([
      ['PATCH /crm/v3/objects/deals/102', { properties: { hubspot_owner_id: '' } }],
      ['PATCH /crm/v3/objects/deals/101', { properties: { hubspot_owner_id: '' } }],
    ]);
    expect(w.deals.get('101')!.hubspot_owner_id).toBeNull();
    expect(w.deals.get('104')!.hubspot_owner_id).toBe('10');
    const [undo, run] = await loadAutomationLog(db);
    expect(undo!.run).toMatchObject({ kind: 'undo', undoOf: run!.run.id, counts: { applied: 2, skipped: 1, failed: 0 } });
    expect(run!.run.undoneAt).toBe(NOW);
    expect(await undoLastAssignment(db, deps)).toEqual({ ok: false, reason: 'nothingToUndo' });
  });

  it('nothing runs when the team sync is stale or failed; the reps can still be listed', async () => {
    const { db, server, deps } = await setUp('assign-stale', { syncedAt: NOW - 3 * HOUR });
    expect(await dryRunAssignment(db, deps)).toEqual({ ok: false, reason: 'stale', syncedAt: NOW - 3 * HOUR });
    await db.teamSync.put({ id: 'status', value: { state: 'failed', crm: 'hubspot', at: NOW, failure: { kind: 'network' } } });
    expect(await dryRunAssignment(db, deps)).toMatchObject({ ok: false, reason: 'lastFailed' });
    expect(server.log).toEqual([]);
    expect(await refreshReps(db, deps)).toEqual({ ok: true });
    expect(server.log.map((r) => r.line)).toEqual(['GET /crm/v3/owners?limit=100']);
  });

  it('changed rules ask for a new dry run before Apply', async () => {
    const { db, deps, server } = await setUp('assign-outdated');
    await dryRunAssignment(db, deps);
    const settings = assignmentSettingsSchema.parse({ fallback: { kind: 'owner', ownerId: '11' }, activeSince: NOW - 24 * HOUR });
    await saveAssignmentSettings(db, settings, new Date(NOW));
    server.log.length = 0;
    expect(await applyAssignment(db, deps)).toEqual({ ok: false, reason: 'noPlan' });
    expect(server.log).toEqual([]);
  });
});
