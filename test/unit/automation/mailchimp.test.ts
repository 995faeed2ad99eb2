import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createHash } from 'node:crypto';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { applyLists, dryRunLists, refreshMailchimpLists } from '@/lib/background/mailchimp';
import { loadAutomationLog } from '@/lib/db/automation';
import { loadListPlan, loadMailchimpLists, saveMailchimpSettings } from '@/lib/db/mailchimp';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { mailchimpSettingsSchema, WON_STAGE } from '@/lib/mailchimp/rules';
import { mailchimpDataCentre, mailchimpPermissionOrigin, MAILCHIMP_CONNECTION_KEY } from '@/lib/mailchimp/key';
import { mailchimpFetch, subscriberHash } from '@/lib/mailchimp/client';
import { md5Hex } from '@/lib/mailchimp/md5';
import { decide } from '@/lib/mailchimp/plan';
import type { SyncedDeal, SyncMeta } from '@/lib/team-sync/types';
import { hubspotDealsServer, HUBSPOT_AUTOMATION_TOKEN, type HubspotDealsWorld } from '../../support/crm-servers/hubspot-deals';
import { addMember, hashOf, mailchimpServer, MAILCHIMP_TEST_KEY, type MailchimpWorld } from '../../support/crm-servers/mailchimp';
import { json } from '../../support/crm-servers/server';
import { memoryStore } from '../crm-api/memory-store';

// E-mail lists by stage: a deal entering "Trial started" subscribes its contacts to the Trial
// nurture list with a tag; a deal won unsubscribes them and takes the tag off. Against HubSpot's and
// Mailchimp's APIs as test servers: the exact requests, once each; someone who unsubscribed
// themselves left alone; a 429 in the middle waited out; the dry run equal to what is applied.

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

describe('Mailchimp basics', () => {
  it('the subscriber hash is the MD5 of the lowercased address', () => {
    for (const text of ['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'åsa.öberg@example.se', 'y'.repeat(1000)]) expect(md5Hex(text)).toBe(createHash('md5').update(text).digest('hex'));
    expect(subscriberHash(' Kari@Fjord.Example ')).toBe(createHash('md5').update('kari@fjord.example').digest('hex'));
  });

  it('the data centre comes from the key; requests go to its API host only', async () => {
    expect(mailchimpDataCentre(` ${MAILCHIMP_TEST_KEY} `)).toBe('us21');
    expect(mailchimpDataCentre('0123456789abcdef0123456789abcdef')).toBeNull();
    expect(mailchimpDataCentre('0123456789abcdef0123456789abcdef-us21.evil.example')).toBeNull();
    expect(mailchimpPermissionOrigin('us21')).toBe('https://us21.api.mailchimp.com/*');
    const sent: string[] = [];
    const guarded = mailchimpFetch(async (input) => (sent.push(String(input)), new Response('{}')), 'us21');
    await guarded('https://us21.api.mailchimp.com/3.0/lists');
    await expect(guarded('https://us22.api.mailchimp.com/3.0/lists')).rejects.toThrow(/us22\.api\.mailchimp\.com/);
    await expect(guarded('http://us21.api.mailchimp.com/3.0/lists')).rejects.toThrow();
    expect(sent).toEqual(['https://us21.api.mailchimp.com/3.0/lists']);
  });

  it('decides per contact: never re-subscribes someone who unsubscribed, never adds a tag twice', () => {
    const subscribe = { action: 'subscribe' as const, tags: ['trial'] };
    expect(decide(subscribe, null)).toEqual({ kind: 'act', put: 'new', addTags: ['trial'], removeTags: [] });
    expect(decide(subscribe, { status: 'unsubscribed', tags: [] })).toEqual({ kind: 'skip', reason: 'unsubscribed' });
    expect(decide(subscribe, { status: 'cleaned', tags: [] })).toEqual({ kind: 'skip', reason: 'cleaned' });
    expect(decide(subscribe, { status: 'subscribed', tags: ['Trial'] })).toEqual({ kind: 'skip', reason: 'already' });
    expect(decide(subscribe, { status: 'subscribed', tags: ['webinar'] })).toEqual({ kind: 'act', put: null, addTags: ['trial'], removeTags: [] });
    expect(decide(subscribe, { status: 'archived', tags: [] })).toEqual({ kind: 'act', put: 'subscribed', addTags: ['trial'], removeTags: [] });
    const unsubscribe = { action: 'unsubscribe' as const, tags: ['trial'] };
    expect(decide(unsubscribe, null)).toEqual({ kind: 'skip', reason: 'notMember' });
    expect(decide(unsubscribe, { status: 'subscribed', tags: ['trial', 'webinar'] })).toEqual({ kind: 'act', put: 'unsubscribed', addTags: [], removeTags: ['trial'] });
    expect(decide(unsubscribe, { status: 'unsubscribed', tags: [] })).toEqual({ kind: 'skip', reason: 'already' });
    expect(decide({ action: 'removeTags', tags: ['trial', 'vip'] }, { status: 'subscribed', tags: ['vip'] })).toEqual({ kind: 'act', put: null, addTags: [], removeTags: ['vip'] });
  });
});

function crmWorld(): HubspotDealsWorld {
  const deal = (name: string, stage: string) => ({ dealname: name, hubspot_owner_id: '10', pipeline: 'default', dealstage: stage, amount: '1000' });
  return {
    owners: [{ id: '10', firstName: 'Ingrid', lastName: 'Dahl', email: 'ingrid@nordic.example' }],
    deals: new Map([
      ['201', deal('Fjord Freight', 'trial')],
      ['202', deal('Bergen Bakers', 'closedwon')],
      ['203', deal('Old trial', 'trial')],
    ]),
    dealContacts: new Map([
      ['201', ['1', '2']],
      ['202', ['3']],
      ['203', ['4']],
    ]),
    contacts: new Map([
      ['1', { id: '1', email: 'Kari@Fjord.example', firstname: 'Kari', lastname: 'Nordmann' }],
      ['2', { id: '2', email: 'ola@fjord.example', firstname: 'Ola', lastname: null }],
      ['3', { id: '3', email: 'siri@bergen.example', firstname: 'Siri', lastname: 'Lie' }],
      ['4', { id: '4', email: 'old@trial.example', firstname: null, lastname: null }],
    ]),
  };
}

function mailWorld(): MailchimpWorld {
  const world: MailchimpWorld = { lists: [{ id: 'a1b2c3', name: 'Trial nurture' }, { id: 'd4e5f6', name: 'Newsletter' }], members: new Map() };
  // Ola unsubscribed himself; Siri is on the list with the trial tag.
  addMember(world, 'a1b2c3', { email: 'ola@fjord.example', status: 'unsubscribed', tags: [], mergeFields: {} });
  addMember(world, 'a1b2c3', { email: 'siri@bergen.example', status: 'subscribed', tags: ['trial'], mergeFields: {} });
  return world;
}

const synced = (id: string, title: string, entered: number, over: Partial<SyncedDeal> = {}): SyncedDeal => ({ id, title, owner: 'Ingrid Dahl', pipeline: 'default', value: 1000, currency: 'EUR', createdAt: entered - 24 * HOUR, status: 'open', closedAt: null, stageHistory: [{ stage: 'trial', enteredAt: entered }], seenIn: 'run-1', ...over });

async function setUp(name: string, options: { syncedAt?: number; connected?: boolean } = {}) {
  const db = openDatabase(name);
  open.push(db);
  const crm = hubspotDealsServer(crmWorld());
  const mw = mailWorld();
  const mail = mailchimpServer(mw);
  const completedAt = options.syncedAt ?? NOW - 10 * 60_000;
  const meta: SyncMeta = { crm: 'hubspot', account: 'hubspot', completedAt, startedAt: completedAt - 60_000, since: 0, mode: 'incremental', deals: 3, activities: 0 };
  await db.teamSync.bulkPut([
    { id: 'meta', value: meta },
    { id: 'status', value: { state: 'complete', crm: 'hubspot', at: completedAt } },
  ]);
  await db.syncedDeals.bulkPut([
    synced('201', 'Fjord Freight', NOW - 2 * HOUR),
    synced('202', 'Bergen Bakers', NOW - 30 * HOUR, { status: 'won', closedAt: NOW - HOUR }),
    // Entered the stage before the rules were saved: never acted on.
    synced('203', 'Old trial', NOW - 48 * HOUR),
  ]);
  await saveMailchimpSettings(
    db,
    mailchimpSettingsSchema.parse({
      rules: [
        { id: 'trial', stage: 'trial', listId: 'a1b2c3', action: 'subscribe', tags: ['trial'] },
        { id: 'customer', stage: WON_STAGE, listId: 'a1b2c3', action: 'unsubscribe', tags: ['trial'] },
      ],
    }),
    new Date(NOW - 24 * HOUR),
  );
  const credentials = memoryStore({
    'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_AUTOMATION_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true },
    ...(options.connected !== false && { [MAILCHIMP_CONNECTION_KEY]: { key: MAILCHIMP_TEST_KEY, dataCentre: 'us21', connectedAt: '2026-12-01T10:00:00.000Z' } }),
  });
  const sleeps: number[] = [];
  const mailFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    expect(new URL(request.url).host).toBe('us21.api.mailchimp.com');
    return mail.handle(request);
  };
  const deps = {
    client: createCrmApiClient({ fetch: crm.fetch, now: () => new Date(NOW), sleep: async () => {} }),
    credentials,
    salesforceSession: async () => null,
    now: () => new Date(NOW),
    sleep: async (ms: number) => void sleeps.push(ms),
    mailchimpFetch: mailFetch,
  };
  return { db, crm, mail, mw, deps, sleeps };
}

const writes = (log: { method: string; line: string; body: unknown }[]) => log.filter((r) => r.method !== 'GET').map((r) => [r.line, r.body]);
const KARI = hashOf('kari@fjord.example');
const SIRI = hashOf('siri@bergen.example');

describe('e-mail lists by stage', () => {
  it('the dry run shows each contact’s change; Apply sends exactly those requests, once each, waiting out a 429', async () => {
    const { db, mail, mw, deps, sleeps } = await setUp('mc-apply');
    expect(await dryRunLists(db, deps)).toEqual({ ok: true });
    const stored = (await loadListPlan(db))!;
    expect(stored.plan.changes.map((c) => [c.title, c.contact.email, c.action, c.decision])).toEqual([
      ['Fjord Freight', 'Kari@Fjord.example', 'subscribe', { kind: 'act', put: 'new', addTags: ['trial'], removeTags: [] }],
      ['Bergen Bakers', 'siri@bergen.example', 'unsubscribe', { kind: 'act', put: 'unsubscribed', addTags: [], removeTags: ['trial'] }],
    ]);
    expect(stored.plan.notes).toEqual([{ kind: 'skip', dealId: '201', title: 'Fjord Freight', email: 'ola@fjord.example', listId: 'a1b2c3', reason: 'unsubscribed' }]);
    expect(writes(mail.log)).toEqual([]);
    expect((await loadMailchimpLists(db))!.lists).toEqual([{ id: 'a1b2c3', name: 'Trial nurture' }, { id: 'd4e5f6', name: 'Newsletter' }]);

    mail.log.length = 0;
    // Mailchimp's rate limit on the first write: waited out, then sent again.
    mail.faults.push({ when: (r) => r.method === 'PUT', respond: () => json({ title: 'Too Many Requests', status: 429, detail: 'You have exceeded the limit of 10 simultaneous connections.' }, 429) });
    expect(await applyLists(db, deps)).toMatchObject({ ok: true });
    expect(sleeps.length).toBeGreaterThan(0);
    expect(mail.log.map((r) => r.line)).toEqual([
      `GET /3.0/lists/a1b2c3/members/${KARI}?fields=status,tags`,
      `PUT /3.0/lists/a1b2c3/members/${KARI}`,
      `PUT /3.0/lists/a1b2c3/members/${KARI}`,
      `POST /3.0/lists/a1b2c3/members/${KARI}/tags`,
      `GET /3.0/lists/a1b2c3/members/${SIRI}?fields=status,tags`,
      `PUT /3.0/lists/a1b2c3/members/${SIRI}`,
      `POST /3.0/lists/a1b2c3/members/${SIRI}/tags`,
    ]);
    expect(writes(mail.log).slice(1)).toEqual([
      [`PUT /3.0/lists/a1b2c3/members/${KARI}`, { email_address: 'Kari@Fjord.example', status_if_new: 'subscribed', merge_fields: { FNAME: 'Kari', LNAME: 'Nordmann' } }],
      [`POST /3.0/lists/a1b2c3/members/${KARI}/tags`, { tags: [{ name: 'trial', status: 'active' }] }],
      [`PUT /3.0/lists/a1b2c3/members/${SIRI}`, { email_address: 'siri@bergen.example', status_if_new: 'unsubscribed', status: 'unsubscribed', merge_fields: { FNAME: 'Siri', LNAME: 'Lie' } }],
      [`POST /3.0/lists/a1b2c3/members/${SIRI}/tags`, { tags: [{ name: 'trial', status: 'inactive' }] }],
    ]);
    const list = mw.members.get('a1b2c3')!;
    expect([...list.values()].map((m) => [m.email, m.status, m.tags])).toEqual([
      ['ola@fjord.example', 'unsubscribed', []],
      ['siri@bergen.example', 'unsubscribed', []],
      ['Kari@Fjord.example', 'subscribed', ['trial']],
    ]);
    const [latest] = await loadAutomationLog(db);
    expect(latest!.run).toMatchObject({ kind: 'mailchimp', counts: { applied: 2, skipped: 0, failed: 0 } });
    expect(latest!.entries.map((e) => [e.dealId, e.outcome])).toEqual([['201', 'applied'], ['202', 'applied']]);

    // Nothing is sent twice: the next dry run has nothing left, Apply without a plan does nothing.
    mail.log.length = 0;
    expect(await applyLists(db, deps)).toEqual({ ok: false, reason: 'noPlan' });
    expect(await dryRunLists(db, deps)).toEqual({ ok: true });
    expect((await loadListPlan(db))!.plan.changes).toEqual([]);
    expect(writes(mail.log)).toEqual([]);
  });

  it('someone who unsubscribes between the dry run and Apply is left alone', async () => {
    const { db, mail, mw, deps } = await setUp('mc-race');
    await dryRunLists(db, deps);
    addMember(mw, 'a1b2c3', { email: 'kari@fjord.example', status: 'unsubscribed', tags: [], mergeFields: {} });
    mail.log.length = 0;
    await applyLists(db, deps);
    expect(writes(mail.log).map(([line]) => line)).toEqual([`PUT /3.0/lists/a1b2c3/members/${SIRI}`, `POST /3.0/lists/a1b2c3/members/${SIRI}/tags`]);
    const [latest] = await loadAutomationLog(db);
    expect(latest!.entries.find((e) => e.dealId === '201')).toMatchObject({ outcome: 'skipped', detail: 'unsubscribed' });
  });

  it('a change that keeps failing is listed, not dropped, and the next run finishes it without sending anything twice', async () => {
    const { db, mail, deps } = await setUp('mc-fail');
    await dryRunLists(db, deps);
    mail.faults.push({ when: (r) => r.method === 'POST' && r.line.includes(KARI), respond: () => json({ title: 'Internal Server Error', status: 500 }, 500), times: Infinity });
    await applyLists(db, deps);
    const [latest] = await loadAutomationLog(db);
    expect(latest!.run.counts).toEqual({ applied: 1, skipped: 0, failed: 1 });
    expect(latest!.entries.find((e) => e.dealId === '201')).toMatchObject({ outcome: 'failed', detail: expect.stringContaining(`POST /3.0/lists/a1b2c3/members/${KARI}/tags`) });
    mail.faults.length = 0;
    mail.log.length = 0;
    await dryRunLists(db, deps);
    await applyLists(db, deps);
    // Kari is on the list already: only the missing tag is sent.
    expect(writes(mail.log)).toEqual([[`POST /3.0/lists/a1b2c3/members/${KARI}/tags`, { tags: [{ name: 'trial', status: 'active' }] }]]);
  });

  it('nothing runs on a stale team or without a connection; a list that is gone is named', async () => {
    const stale = await setUp('mc-stale', { syncedAt: NOW - 3 * HOUR });
    expect(await dryRunLists(stale.db, stale.deps)).toEqual({ ok: false, reason: 'stale', syncedAt: NOW - 3 * HOUR });
    expect(stale.mail.log).toEqual([]);
    const unconnected = await setUp('mc-none', { connected: false });
    expect(await dryRunLists(unconnected.db, unconnected.deps)).toEqual({ ok: false, reason: 'notConnected' });
    expect(await refreshMailchimpLists(unconnected.db, unconnected.deps)).toEqual({ ok: false, reason: 'notConnected' });
    const gone = await setUp('mc-gone');
    gone.mw.lists = gone.mw.lists.filter((l) => l.id !== 'a1b2c3');
    await dryRunLists(gone.db, gone.deps);
    const plan = (await loadListPlan(gone.db))!.plan;
    expect(plan.changes).toEqual([]);
    expect(plan.notes).toEqual([{ kind: 'unknownList', ruleId: 'trial', listId: 'a1b2c3' }, { kind: 'unknownList', ruleId: 'customer', listId: 'a1b2c3' }]);
    expect(writes(gone.mail.log)).toEqual([]);
  });
});
