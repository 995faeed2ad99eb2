import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CURRENT_SCHEMA_VERSION, defineSchema, openDatabase, SCHEMA_HISTORY } from '@/lib/db/database';
import { activitySchema, checklistEntrySchema, crmWriteSchema, dealPauseSchema, dealRecordSchema, stageVisitSchema, tickShareSchema } from '@/lib/model/records.schema';
import { dueTicks, queueUnsharedTicks } from '@/lib/db/tick-queue';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { storeDerivedState } from '@/lib/db/derived';
import { TEMPLATES } from '@/lib/playbook/templates';
import { praiseSchema } from '@/lib/model/praise.schema';
import { listImportedHistories } from '@/lib/db/histories';
import { stageHistory } from '@/lib/db/stage-visits';
import { loadAssignmentSettings, loadAutomationState, ruleAssignedDeals } from '@/lib/db/automation';
import { EMPTY_ASSIGNMENT_SETTINGS } from '@/lib/automation/rules';
import { forecastSnapshotSchema } from '@/lib/model/insights.schema';

// Every earlier schema version has a fixture database in test/fixtures/db/v<N>.json. Each is built
// with the schema history up to N, then opened by the current code: the data must come through.

const fixturesDir = resolve(import.meta.dirname, '..', '..', 'fixtures', 'db');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(resolve(fixturesDir, f), 'utf8')) as { version: number; tables: Record<string, unknown[]> });

describe('database migrations', () => {
  it('has a fixture for every released schema version', () => {
    expect(fixtures.map((f) => f.version).sort((a, b) => a - b)).toEqual(SCHEMA_HISTORY.map((s) => s.version));
  });

  it.each(fixtures.map((f) => [f.version, f] as const))('a version %i database opens at the current version with its data intact', async (version, fixture) => {
    const name = `migration-from-v${version}`;
    const old = new Dexie(name);
    defineSchema(old, version);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const [table, rows] of Object.entries(fixture.tables)) expect(await db.table(table).count(), table).toBe(rows.length);
    for (const deal of await db.deals.toArray()) expect(dealRecordSchema.safeParse(deal).success).toBe(true);
    for (const visit of await db.stageVisits.toArray()) expect(stageVisitSchema.safeParse(visit).success).toBe(true);
    for (const entry of await db.checklist.toArray()) expect(checklistEntrySchema.safeParse(entry).success).toBe(true);
    for (const activity of await db.activities.toArray()) expect(activitySchema.safeParse(activity).success).toBe(true);
    for (const activity of await db.activities.toArray()) expect(activity.crmRefs === null || typeof activity.crmRefs === 'object').toBe(true);
    for (const entry of await db.crmWrites.toArray()) expect(crmWriteSchema.safeParse(entry).success).toBe(true);
    for (const pause of await db.pauses.toArray()) expect(dealPauseSchema.safeParse(pause).success).toBe(true);
    for (const row of await db.tickShares.toArray()) expect(tickShareSchema.safeParse(row).success).toBe(true);
    for (const row of await db.forecastSnapshots.toArray()) expect(['live', 'reconstructed']).toContain(row.basis);
    for (const row of await db.praise.toArray()) expect(praiseSchema.safeParse(row).success).toBe(true);
    const settingsRows = fixture.tables.settings as { value: Record<string, unknown> }[] | undefined;
    if (settingsRows?.[0]) expect(await loadSettings(db)).toMatchObject(settingsRows[0].value);
    db.close();
    await Dexie.delete(name);
  });

  it('v3 queues for the CRM what a v2 build left pending or failed, and keeps local activities local', async () => {
    const name = 'migration-v2-queue';
    const old = new Dexie(name);
    defineSchema(old, 2);
    await old.open();
    const base = { dealKey: 'hubspot:4711:9001', type: 'call', outcome: null, note: '', at: '2026-11-20T09:00:00.000Z', nextStep: null, owner: null };
    await old.table('activities').bulkPut([
      { ...base, id: 'kept-local', sync: 'local' },
      { ...base, id: 'was-pending', sync: 'pending' },
      { ...base, id: 'was-failed', sync: 'failed', at: '2026-11-21T09:00:00.000Z' },
    ]);
    old.close();

    const db = openDatabase(name);
    const activities = await db.activities.orderBy('id').toArray();
    expect(activities.map((a) => [a.id, a.sync, a.crmRefs])).toEqual([['kept-local', 'local', null], ['was-failed', 'pending', null], ['was-pending', 'pending', null]]);
    const queued = await db.crmWrites.orderBy('activityId').toArray();
    expect(queued).toEqual([
      expect.objectContaining({ activityId: 'was-failed', op: 'create', refs: null, attempts: 0, nextAttemptAt: '2026-11-21T09:00:00.000Z', inFlight: null }),
      expect.objectContaining({ activityId: 'was-pending', op: 'create', refs: null, attempts: 0, nextAttemptAt: '2026-11-20T09:00:00.000Z', inFlight: null }),
    ]);
    for (const entry of queued) expect(crmWriteSchema.safeParse(entry).success).toBe(true);
    expect(await db.activities.where('sync').equals('pending').count()).toBe(2);
    db.close();
    await Dexie.delete(name);
  });

  it('v4 adds paused deals and leaves a v3 database as it was, with no pause', async () => {
    const name = 'migration-v3-pauses';
    const old = new Dexie(name);
    defineSchema(old, 3);
    await old.open();
    await old.table('deals').put({ key: 'hubspot:4711:9001', crm: 'hubspot', account: '4711', dealId: '9001', snapshot: {}, url: 'https://app.hubspot.com/contacts/4711/record/0-3/9001', firstSeenAt: '2026-11-20T09:00:00.000Z', lastSeenAt: '2026-11-20T09:00:00.000Z' });
    old.close();
    const db = openDatabase(name);
    expect(await db.deals.count()).toBe(1);
    expect(await db.pauses.count()).toBe(0);
    await db.pauses.add({ dealKey: 'hubspot:4711:9001', reason: 'Budget freeze', since: '2026-11-21T09:00:00.000Z', until: '2026-12-01', endedAt: null, endedBy: null, owner: null });
    expect(await db.pauses.where('dealKey').equals('hubspot:4711:9001').count()).toBe(1);
    db.close();
    await Dexie.delete(name);
  });

  it('v6 adds the automation and leaves a v5 database as it was: no rules, an empty round-robin turn', async () => {
    const name = 'migration-v5-automation';
    const old = new Dexie(name);
    defineSchema(old, 5);
    await old.open();
    await old.table('syncedDeals').put({ id: '7', title: 'Fjord Freight', owner: 'Ingrid Dahl', pipeline: 'default', value: 45000, currency: 'EUR', createdAt: 1, status: 'open', closedAt: null, stageHistory: [], seenIn: 'run-1' });
    old.close();
    const db = openDatabase(name);
    expect(await db.syncedDeals.count()).toBe(1);
    expect(await loadAutomationState(db)).toEqual({ rotation: {}, lastRunAt: null });
    expect(await loadAssignmentSettings(db)).toEqual({ settings: EMPTY_ASSIGNMENT_SETTINGS, problem: null });
    expect(await db.automationRuns.count()).toBe(0);
    expect(await db.automationLog.count()).toBe(0);
    db.close();
    await Dexie.delete(name);
  });

  it('a v6 database reads back its rules, turn and log', async () => {
    const name = 'migration-v6-reads';
    const fixture = fixtures.find((f) => f.version === 6)!;
    const old = new Dexie(name);
    defineSchema(old, 6);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();
    const db = openDatabase(name);
    const { settings, problem } = await loadAssignmentSettings(db);
    expect(problem).toBeNull();
    expect(settings.rules.map((r) => r.name)).toEqual(['Norway over €20 000']);
    expect((await loadAutomationState(db)).rotation).toEqual({ nordic: '11' });
    expect([...(await ruleAssignedDeals(db))]).toEqual(['1482']);
    db.close();
    await Dexie.delete(name);
  });

  it('v7 adds the shared ticks: a v6 tick is not in the CRM yet, and once sharing is on it goes, looking for its marker first', async () => {
    const name = 'migration-v6-ticks';
    const fixture = fixtures.find((f) => f.version === 6)!;
    const old = new Dexie(name);
    defineSchema(old, 6);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();
    const db = openDatabase(name);
    expect(await db.tickShares.count()).toBe(0);
    const now = new Date('2026-12-01T09:00:00.000Z');
    expect(await queueUnsharedTicks(db, 'hubspot', now)).toBe(0);
    expect(await queueUnsharedTicks(db, 'pipedrive', now)).toBe(1);
    expect(await dueTicks(db, now)).toEqual([
      { dealKey: 'pipedrive:brightwave:1482', stageId: 'proposal-sent', taskId: 'send-proposal', ref: null, attempts: 0, lastError: null, revision: 0, inFlight: null, unsure: true, sharedAt: null, nextAttemptAt: now.toISOString() },
    ]);
    db.close();
    await Dexie.delete(name);
  });

  it('a v7 database reads back its shared tick as confirmed: nothing is due, nothing is queued again', async () => {
    const name = 'migration-v7-reads';
    const fixture = fixtures.find((f) => f.version === 7)!;
    const old = new Dexie(name);
    defineSchema(old, 7);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();
    const db = openDatabase(name);
    const now = new Date('2026-12-01T09:00:00.000Z');
    expect(await queueUnsharedTicks(db, 'pipedrive', now)).toBe(0);
    expect(await dueTicks(db, now)).toEqual([]);
    expect((await db.tickShares.toArray()).map((row) => row.ref)).toEqual([{ kind: 'activity', id: '5501' }]);
    db.close();
    await Dexie.delete(name);
  });

  it('v8 makes one deal of a Salesforce opportunity stored under its 15- and 18-character ids, losing no tick, activity, visit, pause or shared tick', async () => {
    const name = 'migration-v7-salesforce-ids';
    const fixture = JSON.parse(readFileSync(resolve(fixturesDir, 'v7-salesforce-15.json'), 'utf8')) as { version: number; tables: Record<string, unknown[]> };
    expect(fixture.version).toBe(7);
    const old = new Dexie(name);
    defineSchema(old, 7);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();

    const db = openDatabase(name);
    await db.open();
    const merged = 'salesforce:northwind:0065g00000TqV8mAAF';
    const alone = 'salesforce:globex:0061x00000AbCdEAAV';
    const deals = await db.deals.orderBy('key').toArray();
    expect(deals.map((d) => [d.key, d.dealId, d.snapshot.dealId])).toEqual([
      [alone, '0061x00000AbCdEAAV', '0061x00000AbCdEAAV'],
      [merged, '0065g00000TqV8mAAF', '0065g00000TqV8mAAF'],
    ]);
    const deal = deals[1]!;
    // The latest reading wins; the deal was first seen under its 15-character id.
    expect(deal.snapshot.stage).toBe('Proposal/Price Quote');
    expect(deal.page?.dealId).toBe('0065g00000TqV8mAAF');
    expect(deal.firstSeenAt).toBe('2026-10-05T08:00:00.000Z');
    expect(deal.lastSeenAt).toBe('2026-11-18T14:00:00.000Z');
    expect(deal.url).toBe('https://northwind.lightning.force.com/lightning/r/Opportunity/0065g00000TqV8mAAF/view');

    // The stage history runs on from the 15-character record; "Needs Analysis" seen again under the other id is the same visit.
    expect((await stageHistory(db, merged)).map((v) => [v.stage, v.enteredAt])).toEqual([
      ['Qualification', '2026-10-05T08:00:00.000Z'],
      ['Needs Analysis', '2026-10-15T08:00:00.000Z'],
      ['Proposal/Price Quote', '2026-11-12T10:00:00.000Z'],
    ]);
    expect((await stageHistory(db, alone)).map((v) => v.stage)).toEqual(['Qualification']);

    // Every tick stays: a tick beats an item left open under the other id; of two decisions the later one.
    const ticks = await db.checklist.where('dealKey').equals(merged).toArray();
    expect(ticks.map((t) => [t.stageId, t.taskId, t.state, t.by]).sort()).toEqual([
      ['discover', 'map-stakeholders', 'done', 'evidence'],
      ['propose', 'send-proposal', 'done', 'hand'],
      ['qualify', 'confirm-budget', 'done', 'hand'],
    ]);
    expect(await db.checklist.where('dealKey').equals(alone).count()).toBe(1);

    expect((await db.activities.where('dealKey').equals(merged).sortBy('at')).map((a) => a.id)).toEqual(['sf-a1', 'sf-a2', 'sf-a3']);
    expect((await db.activities.where('dealKey').equals(alone).toArray()).map((a) => a.id)).toEqual(['sf-a4']);
    // The write still queued for the CRM goes to the one deal.
    expect((await db.crmWrites.get('sf-a3'))?.dealKey).toBe(merged);

    // One running pause: the later one; the earlier ended when it began.
    const pauses = await db.pauses.where('dealKey').equals(merged).sortBy('since');
    expect(pauses.map((p) => [p.reason, p.endedAt, p.endedBy])).toEqual([
      ['Budget freeze until the new fiscal year', '2026-11-15T10:00:00.000Z', 'hand'],
      ['Waiting for the board', null, null],
    ]);
    expect((await db.tabs.get(7))?.dealKey).toBe(merged);
    // The item shared under both ids: the task the CRM confirmed last carries it, told again at once (marker looked for first).
    expect(await db.tickShares.toArray()).toEqual([
      expect.objectContaining({ dealKey: merged, stageId: 'qualify', taskId: 'confirm-budget', ref: { kind: 'Task', id: '00T5g00000XyZwVEA1' }, revision: 2, unsure: true, nextAttemptAt: '2026-10-20T08:01:00.000Z' }),
    ]);

    for (const d of deals) expect(dealRecordSchema.safeParse(d).success).toBe(true);
    for (const entry of await db.checklist.toArray()) expect(checklistEntrySchema.safeParse(entry).success).toBe(true);
    for (const pause of await db.pauses.toArray()) expect(dealPauseSchema.safeParse(pause).success).toBe(true);
    for (const table of ['stageVisits', 'checklist', 'activities', 'crmWrites', 'pauses', 'tabs', 'tickShares'] as const) {
      expect((await db.table(table).toArray()).filter((row: { dealKey: string }) => !row.dealKey.endsWith('AAF') && !row.dealKey.endsWith('AAV')), table).toEqual([]);
    }
    db.close();
    await Dexie.delete(name);
  });

  it('v9 marks where praise begins: a v8 deal moved past the hard stage before the update is history; a move after it is praised once', async () => {
    const name = 'migration-v8-praise';
    const fixture = fixtures.find((f) => f.version === 8)!;
    const old = new Dexie(name);
    defineSchema(old, 8);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();

    const before = Date.now();
    const db = openDatabase(name);
    await db.open();
    const settings = await loadSettings(db);
    expect(Date.parse(settings.praiseSince!)).toBeGreaterThanOrEqual(before);
    // Everything the v8 settings held is kept.
    expect(settings).toMatchObject({ locale: 'sv', defaultRotDays: 14, baseCurrency: 'SEK', rewards: { passHardStage: true, firstWinOfQuarter: false } });
    expect(await db.praise.count()).toBe(0);

    // The fixture's Pipedrive deal moved from "Demo Scheduled" to "Proposal Made" on 12 Nov, before the update.
    await seedPlaybookIfEmpty(db, () => TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z')));
    await updateSettings(db, { teamConversion: { 'new-business/demo-completed': { rate: 0.41, deals: 48 } }, me: { pipedrive: '', hubspot: '', salesforce: '' } });
    const dealKey = 'pipedrive:brightwave:1482';
    const afterUpdate = new Date(Date.parse(settings.praiseSince!) + 60_000);
    await storeDerivedState(db, dealKey, afterUpdate);
    expect(await db.praise.count()).toBe(0);
    // Moved back to the demo and on again after the update: that move is new.
    await db.stageVisits.bulkAdd([
      { dealKey, stage: 'Demo Scheduled', enteredAt: afterUpdate.toISOString(), source: 'observed' },
      { dealKey, stage: 'Proposal Made', enteredAt: new Date(afterUpdate.getTime() + 60_000).toISOString(), source: 'observed' },
    ]);
    const later = new Date(afterUpdate.getTime() + 120_000);
    await storeDerivedState(db, dealKey, later);
    await storeDerivedState(db, dealKey, later);
    expect((await db.praise.toArray()).map((p) => [p.id, p.kind])).toEqual([[`pass|${dealKey}|new-business/demo-completed`, 'passedHardStage']]);
    for (const row of await db.praise.toArray()) expect(praiseSchema.safeParse(row).success).toBe(true);
    db.close();
    await Dexie.delete(name);
  });

  it('v10 lists the imports a v9 database holds from a small row each: name, format, date and deal count (a restored odd row counts 0)', async () => {
    const name = 'migration-v10-history-info';
    const old = new Dexie(name);
    defineSchema(old, 9);
    await old.open();
    const deal = (id: string) => ({ id, title: id, owner: 'Ann', pipeline: 'p', status: 'open', value: 1, createdAt: '2026-01-01T00:00:00.000Z', closedAt: null, stageHistory: [] });
    await old.table('histories').bulkPut([
      { id: 'a', name: 'deals.csv', format: 'pipedrive-csv', importedAt: '2026-01-05T00:00:00.000Z', history: { version: 1, pipelines: [], deals: [deal('1'), deal('2')], activities: [], forecasts: [] } },
      { id: 'b', name: 'odd.json', format: 'scorecard-json', importedAt: '2026-01-06T00:00:00.000Z', history: null },
    ]);
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(await listImportedHistories(db)).toEqual([
      { id: 'b', name: 'odd.json', format: 'scorecard-json', importedAt: '2026-01-06T00:00:00.000Z', deals: 0 },
      { id: 'a', name: 'deals.csv', format: 'pipedrive-csv', importedAt: '2026-01-05T00:00:00.000Z', deals: 2 },
    ]);
    expect(await db.histories.count()).toBe(2);
    db.close();
    await Dexie.delete(name);
  });

  it('opens with every store of the current schema', async () => {
    const db = openDatabase('schema-stores');
    await db.open();
    // Dexie versions list only what changed: the current stores are the union, minus deleted (null) ones.
    const stores = SCHEMA_HISTORY.reduce<Record<string, string | null>>((all, step) => ({ ...all, ...step.stores }), {});
    const current = Object.entries(stores).filter(([, spec]) => spec !== null).map(([name]) => name);
    expect(db.tables.map((t) => t.name).sort()).toEqual(current.sort());
    db.close();
    await Dexie.delete('schema-stores');
  });
});

describe('schema v11', () => {
  it('every forecast snapshot stored before is marked as taken live, and nothing of it changes', async () => {
    const name = 'migration-v10-snapshots';
    const old = new Dexie(name);
    defineSchema(old, 10);
    await old.open();
    const row = { owner: 'Rachel Kim', period: '2026-Q4', week: '2026-11-16', weightedPipeline: 28800, categories: { bestCase: 48000 }, takenAt: '2026-11-16T08:00:00.000Z' };
    await old.table('forecastSnapshots').put(row);
    old.close();

    const db = openDatabase(name);
    expect(await db.forecastSnapshots.toArray()).toEqual([{ ...row, basis: 'live' }]);
    expect(forecastSnapshotSchema.parse((await db.forecastSnapshots.toArray())[0])).toEqual({ ...row, basis: 'live' });
    db.close();
    await Dexie.delete(name);
  });
});
