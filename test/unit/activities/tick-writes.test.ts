import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { changeChecklist } from '@/lib/db/derived';
import { logActivity } from '@/lib/db/activities';
import { CREATE_HOLD_MS, IN_FLIGHT_STALE_MS, RETRY_DELAYS_MS } from '@/lib/db/crm-queue';
import { causeText } from '@/lib/i18n/cause';
import { createTranslator } from '@/lib/i18n';
import { dueTicks, nextTickDueAt, refusedTicks, releaseCutOffTicks } from '@/lib/db/tick-queue';
import { processTickWrites, queueWaitingTicks, type TickWriteDeps } from '@/lib/background/tick-writes';
import { CREDENTIAL_KEYS, setShareChecklist, setWriteActivities } from '@/lib/crm/api/credentials';
import { applyTickWrite } from '@/lib/crm/api/writes/ticks';
import type { TickOutcome } from '@/lib/crm/api/write-types';
import { TEMPLATES } from '@/lib/playbook/templates';
import { fakeFetch, json, type FakeFetch } from '../crm-api/fake-fetch';
import { memoryStore } from '../crm-api/memory-store';

// Checklist ticks shared with the team through the write queue, as a rep lives it: tick, untick,
// change their mind, go offline, the worker stopping mid-write, a CRM without permission. Every
// request is the one Pipedrive would receive; whatever happens the deal ends with exactly one task
// per done tick, and none for an undone one.

const T0 = new Date('2026-11-23T10:00:00.000Z');
const DEAL_KEY = 'pipedrive:fjordline:1482';
const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const ACTIVITIES = 'https://fjordline.pipedrive.com/api/v2/activities';
const SEARCH = `${ACTIVITIES}?deal_id=1482&limit=500&sort_by=add_time&sort_direction=desc`;
const MARKER = '[stagecraft:v1;kind=tick;playbook=buyer-centric;stage=demo-completed;task=map-decision-process;by=hand]';
const later = (ms: number) => new Date(T0.getTime() + ms);

let db: StagecraftDb;
let clock: Date;
let fake: FakeFetch;
let store: ReturnType<typeof memoryStore>;

const deps = (write?: TickWriteDeps['write']): TickWriteDeps => ({
  credentials: store,
  salesforceSession: async () => null,
  now: () => clock,
  write: write ?? ((_ref, creds, op) => applyTickWrite({ fetch: fake.fetch, now: () => clock }, creds, op)),
});
const run = (write?: TickWriteDeps['write']) => processTickWrites(db, deps(write));
const requests = () => fake.calls.map((c) => `${c.method} ${c.decoded}`);
const sentBody = (n: number) => JSON.parse(fake.calls[n]!.body!) as Record<string, unknown>;
const tick = (done: boolean, taskId = 'map-decision-process', stageId = 'demo-completed') => changeChecklist(db, { dealKey: DEAL_KEY, stageId, taskId, state: done ? 'done' : 'open', by: 'hand' }, clock);
const row = () => db.tickShares.get([DEAL_KEY, 'demo-completed', 'map-decision-process']);
const created = (id: number) => json({ success: true, data: { id, type: 'task', done: true, deal_id: 1482 } }, 201);
const deleted = (id: number) => json({ success: true, data: { id } });

beforeEach(async () => {
  db = openDatabase(`tick-writes-${Math.random()}`);
  clock = T0;
  fake = fakeFetch();
  store = memoryStore({ [CREDENTIAL_KEYS.pipedrive]: { crm: 'pipedrive', company: 'fjordline', useSession: false, token: TOKEN, connectedAt: T0.toISOString() } });
  const playbook = TEMPLATES[0]!.build(T0);
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await db.deals.put({
    key: DEAL_KEY, crm: 'pipedrive', account: 'fjordline', dealId: '1482', url: 'https://fjordline.pipedrive.com/deal/1482', firstSeenAt: T0.toISOString(), lastSeenAt: T0.toISOString(),
    snapshot: { crm: 'pipedrive', dealId: '1482', title: 'Fjordline renewal', pipeline: 'Sales pipeline', stage: 'Demo completed', stages: [], value: 1000, currency: 'EUR', owner: 'Ingrid Dahl', closeDate: null, status: 'open' },
  });
});
afterEach(async () => {
  await db.delete();
});

describe('a tick shared with the team', () => {
  it('goes as one done task once the rep has stopped changing it, and an untick takes it back', async () => {
    await tick(true);
    expect(await nextTickDueAt(db)).toBe(later(CREATE_HOLD_MS).toISOString());
    await run();
    expect(fake.calls).toEqual([]); // still within the hold

    fake.on('POST', ACTIVITIES, created(5501)).on('DELETE', `${ACTIVITIES}/5501`, deleted(5501));
    clock = later(CREATE_HOLD_MS);
    expect(await run()).toEqual({ written: 1, failed: 0, heldBack: 0 });
    expect(requests()).toEqual([`POST ${ACTIVITIES}`]);
    expect(sentBody(0)).toEqual({ subject: '✓ Map the decision process', type: 'task', deal_id: 1482, done: true, due_date: '2026-11-23', due_time: '10:00', note: MARKER });
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5501' }, sharedAt: clock.toISOString(), attempts: 0, unsure: false });
    expect((await row())!.nextAttemptAt).toBeUndefined();
    expect(await nextTickDueAt(db)).toBeNull();

    await tick(false);
    clock = later(2 * CREATE_HOLD_MS);
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`, `DELETE ${ACTIVITIES}/5501`]);
    expect(await row()).toBeUndefined();
  });

  it('a tick and an untick within the hold send nothing; tick, untick, tick sends one task', async () => {
    await tick(true);
    await tick(false);
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(fake.calls).toEqual([]);
    expect(await db.tickShares.count()).toBe(0);

    fake.on('POST', ACTIVITIES, created(5502));
    await tick(true);
    await tick(false);
    await tick(true);
    clock = later(2 * CREATE_HOLD_MS);
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`]);
  });

  it('a task the playbook ticks by evidence (a logged proposal) is shared as evidence', async () => {
    await db.deals.update(DEAL_KEY, { 'snapshot.stage': 'Proposal sent' });
    fake.on('POST', ACTIVITIES, created(5503));
    const logged = await logActivity(db, { dealKey: DEAL_KEY, type: 'proposal', outcome: null, note: '', nextStep: null, owner: null }, clock);
    expect(logged.ok).toBe(true);
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`]);
    expect(sentBody(0)).toMatchObject({ subject: '✓ Send the proposal', note: '[stagecraft:v1;kind=tick;playbook=buyer-centric;stage=proposal-sent;task=send-proposal;by=evidence]' });
  });
});

describe('faults', () => {
  it('a create that timed out is retried by looking for its marker first: the task it made is adopted, never doubled', async () => {
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    const timedOut = async (): Promise<TickOutcome> => ({ ok: false, kind: 'timeout', messageKey: 'connections.problem.timeout' });
    expect(await run(timedOut)).toEqual({ written: 0, failed: 1, heldBack: 0 });
    expect(await row()).toMatchObject({ attempts: 1, unsure: true, ref: null, lastError: { kind: 'timeout' }, nextAttemptAt: later(CREATE_HOLD_MS + RETRY_DELAYS_MS[0]).toISOString() });

    fake.on('GET', SEARCH, json({ success: true, data: [{ id: 5504, note: MARKER }] })).on('PATCH', `${ACTIVITIES}/5504`, json({ success: true, data: { id: 5504 } }));
    clock = later(CREATE_HOLD_MS + RETRY_DELAYS_MS[0]);
    await run();
    expect(requests()).toEqual([`GET ${SEARCH}`, `PATCH ${ACTIVITIES}/5504`]);
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5504' }, unsure: false, attempts: 0 });
  });

  it('a write cut off by a stopped worker is taken up again once stale, looking first', async () => {
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    let reached!: () => void;
    const sending = new Promise<void>((resolve) => (reached = resolve));
    void run(() => {
      reached();
      return new Promise<TickOutcome>(() => {}); // the worker stops: never answered
    });
    await sending;
    expect(await row()).toMatchObject({ inFlight: { since: clock.toISOString(), revision: 0 }, unsure: true });
    expect(await dueTicks(db, later(CREATE_HOLD_MS + 1000))).toEqual([]); // not taken twice meanwhile

    fake.on('GET', SEARCH, json({ success: true, data: [] })).on('POST', ACTIVITIES, created(5505));
    clock = later(CREATE_HOLD_MS + IN_FLIGHT_STALE_MS + 1);
    await run();
    expect(requests()).toEqual([`GET ${SEARCH}`, `POST ${ACTIVITIES}`]);
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5505' }, inFlight: null, unsure: false });
  });

  it('the next worker takes up a tick the stopped one cut off at once, looking first', async () => {
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    let reached!: () => void;
    const sending = new Promise<void>((resolve) => (reached = resolve));
    void run(() => {
      reached();
      return new Promise<TickOutcome>(() => {}); // the worker stops: never answered
    });
    await sending;
    clock = later(CREATE_HOLD_MS + 1000); // a new worker starts a second later
    expect(await releaseCutOffTicks(db, clock)).toBe(1);
    fake.on('GET', SEARCH, json({ success: true, data: [{ id: 5506, note: MARKER }] })).on('PATCH', `${ACTIVITIES}/5506`, json({ success: true, data: { id: 5506 } }));
    await run();
    expect(requests()).toEqual([`GET ${SEARCH}`, `PATCH ${ACTIVITIES}/5506`]);
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5506' }, inFlight: null, unsure: false });
  });

  it('an untick while the tick is on its way is sent right after it', async () => {
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    fake.on('POST', ACTIVITIES, async () => {
      await tick(false); // the rep changes their mind while Pipedrive answers
      return created(5506);
    }).on('DELETE', `${ACTIVITIES}/5506`, deleted(5506));
    await run();
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5506' }, sharedAt: null });
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`, `DELETE ${ACTIVITIES}/5506`]);
    expect(await row()).toBeUndefined();
  });

  it('offline: nothing is lost, the tick goes when the CRM answers again', async () => {
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    fake.on('POST', ACTIVITIES, () => Promise.reject(new TypeError('Failed to fetch')), created(5507));
    await run();
    expect(await row()).toMatchObject({ attempts: 1, lastError: { kind: 'network' } });
    clock = later(CREATE_HOLD_MS + RETRY_DELAYS_MS[0]);
    fake.on('GET', SEARCH, json({ success: true, data: [] }));
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`, `GET ${SEARCH}`, `POST ${ACTIVITIES}`]);
    expect(await row()).toMatchObject({ ref: { kind: 'activity', id: '5507' } });
  });

  it('a CRM that refuses task writes: said once, the tick stays here, asked again only when the connection changes', async () => {
    await tick(true);
    await tick(true, 'run-demo');
    clock = later(CREATE_HOLD_MS);
    fake.on('POST', ACTIVITIES, json({ success: false, error: 'You do not have permission to add activities', errorCode: 403 }, 403));
    await run();
    const refused = await refusedTicks(db);
    expect(refused).toEqual({ pipedrive: { count: 2, cause: { kind: 'taskPermission', service: 'pipedrive', technical: '403 · 403: You do not have permission to add activities' } } });
    // Said in the reader's words; Pipedrive's own English only after the sentence, as its technical detail.
    expect(causeText(refused.pipedrive!.cause, createTranslator('sv'))).toBe('Pipedrive tillåter inte att det här kontot skapar uppgifter (teknisk detalj: 403 · 403: You do not have permission to add activities)');
    expect(await nextTickDueAt(db)).toBeNull(); // not asked again and again
    expect((await db.checklist.toArray()).filter((e) => e.state === 'done').map((e) => e.taskId).sort()).toEqual(['map-decision-process', 'run-demo']);
    expect(await queueWaitingTicks(db, store, clock)).toBe(0); // a worker waking up does not ask again
    expect(await queueWaitingTicks(db, store, clock, true)).toBe(2); // a new connection does
  });
});

describe('the switch', () => {
  it('with sharing off nothing is written; turned on, what was ticked meanwhile goes', async () => {
    await setShareChecklist(store, 'pipedrive', false);
    await tick(true);
    clock = later(CREATE_HOLD_MS);
    expect(await run()).toEqual({ written: 0, failed: 0, heldBack: 1 });
    expect(fake.calls).toEqual([]);
    expect(await nextTickDueAt(db)).toBeNull();

    await setShareChecklist(store, 'pipedrive', true);
    expect(await queueWaitingTicks(db, store, clock)).toBe(1);
    fake.on('POST', ACTIVITIES, created(5508));
    await run();
    expect(requests()).toEqual([`POST ${ACTIVITIES}`]);
  });

  it('writing off means sharing off too; a done tick with no record yet is looked for first when it goes (another browser may have shared it)', async () => {
    await setWriteActivities(store, 'pipedrive', false);
    await db.checklist.put({ dealKey: DEAL_KEY, stageId: 'demo-completed', taskId: 'map-decision-process', state: 'done', at: T0.toISOString(), by: 'hand', evidenceActivityId: null });
    expect(await queueWaitingTicks(db, store, clock)).toBe(0);
    await setWriteActivities(store, 'pipedrive', true);
    expect(await queueWaitingTicks(db, store, clock)).toBe(1);
    fake.on('GET', SEARCH, json({ success: true, data: [{ id: 5509, note: MARKER }] })).on('PATCH', `${ACTIVITIES}/5509`, json({ success: true, data: { id: 5509 } }));
    await run();
    expect(requests()).toEqual([`GET ${SEARCH}`, `PATCH ${ACTIVITIES}/5509`]);
  });
});
