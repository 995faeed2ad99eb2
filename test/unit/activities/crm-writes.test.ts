import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { deleteActivity, editActivity, logActivity, restoreActivity, undoActivity, type ActivityInput } from '@/lib/db/activities';
import { CREATE_HOLD_MS, dueWrites, IN_FLIGHT_STALE_MS, nextDueAt, queueNow, releaseCutOffWrites, RETRY_DELAYS_MS, retryDelayMs } from '@/lib/db/crm-queue';
import { processCrmWrites, type CrmWriteDeps } from '@/lib/background/crm-writes';
import { CREDENTIAL_KEYS } from '@/lib/crm/api/credentials';
import { failure, type CrmCredentials } from '@/lib/crm/api/types';
import type { CrmWriteRefs, WriteOp, WriteOutcome } from '@/lib/crm/api/write-types';
import type { DealRef } from '@/lib/model/deal';
import type { Activity } from '@/lib/model/records.schema';
import { memoryStore } from '../crm-api/memory-store';

// The write-back queue as a rep lives it: log, undo, edit, delete, restore, while the CRM answers,
// fails, or the worker stops halfway. Whatever happens, the CRM ends up with what is logged here.

const T0 = new Date('2026-11-23T10:00:00.000Z');
const DEAL: DealRef = { crm: 'hubspot', account: '4711', dealId: '9001' };
const DEAL_KEY = 'hubspot:4711:9001';
const TOKEN = 'pat-eu1-00000000-0000-0000-0000-000000000000';
const input = (change: Partial<ActivityInput> = {}): ActivityInput => ({ dealKey: DEAL_KEY, type: 'call', outcome: 'connected', note: 'Spoke with Anna', nextStep: null, owner: null, ...change });
const later = (ms: number) => new Date(T0.getTime() + ms);

let db: StagecraftDb;
let clock: Date;
let sent: { ref: DealRef; op: WriteOp }[];
let answers: WriteOutcome[];
let store: ReturnType<typeof memoryStore>;
let nextId: number;

const REFS = (n: number, nextStep: string | null = null): CrmWriteRefs => ({ main: { kind: 'calls', id: String(n) }, nextStep: nextStep ? { kind: 'tasks', id: nextStep } : null });

function deps(overrides: Partial<CrmWriteDeps> = {}): CrmWriteDeps {
  return {
    credentials: store,
    salesforceSession: async () => null,
    subject: (a) => `${a.type} / ${a.outcome ?? '-'}`,
    now: () => clock,
    async write(ref: DealRef, _credentials: CrmCredentials, op: WriteOp) {
      sent.push({ ref, op });
      const answer = answers.shift();
      if (answer) return answer;
      return { ok: true, refs: op.op === 'delete' ? null : op.op === 'update' ? op.refs : REFS(nextId++) };
    },
    ...overrides,
  };
}

beforeEach(async () => {
  db = openDatabase(`crm-writes-${Math.random()}`);
  clock = T0;
  sent = [];
  answers = [];
  nextId = 100;
  store = memoryStore({ [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: TOKEN, connectedAt: T0.toISOString() } });
  await db.deals.put({
    key: DEAL_KEY, crm: 'hubspot', account: '4711', dealId: '9001', url: 'https://app.hubspot.com/contacts/4711/record/0-3/9001', firstSeenAt: T0.toISOString(), lastSeenAt: T0.toISOString(),
    snapshot: { crm: 'hubspot', dealId: '9001', title: 'Fjordline renewal', pipeline: 'Sales', stage: 'Proposal', stages: [], value: 1000, currency: 'EUR', owner: null, closeDate: null, status: 'open' },
  });
});
afterEach(async () => {
  await db.delete();
});

async function logged(change: Partial<ActivityInput> = {}, writeBack = true): Promise<Activity> {
  const result = await logActivity(db, input(change), clock, { writeBack });
  if (!result.ok) throw new Error(result.error);
  return result.activity;
}
const run = (overrides: Partial<CrmWriteDeps> = {}) => processCrmWrites(db, deps(overrides));
const activity = async (id: string) => db.activities.get(id);
const entry = async (id: string) => db.crmWrites.get(id);

describe('logging with write-back on', () => {
  it('stores the activity at once as pending and writes it after the undo hold', async () => {
    const a = await logged({ nextStep: { title: 'Send pricing', dueAt: '2026-11-25T12:00:00.000Z' } });
    expect(a.sync).toBe('pending');
    expect(await nextDueAt(db)).toBe(later(CREATE_HOLD_MS).toISOString());

    await run();
    expect(sent).toEqual([]); // still within the hold

    clock = later(CREATE_HOLD_MS);
    expect(await run()).toEqual({ written: 1, failed: 0 });
    expect(sent).toEqual([{
      ref: DEAL,
      op: { op: 'create', activity: { activityId: a.id, dealId: '9001', type: 'call', outcome: 'connected', subject: 'call / connected', note: 'Spoke with Anna', at: T0.toISOString(), nextStep: { title: 'Send pricing', dueAt: '2026-11-25T12:00:00.000Z' } } },
    }]);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(100) });
    expect(await entry(a.id)).toBeUndefined();
  });

  it('keeps an activity local when the CRM is not written to', async () => {
    const a = await logged({}, false);
    expect(a.sync).toBe('local');
    expect(await db.crmWrites.count()).toBe(0);
  });

  it("the toast's Undo within the hold never reaches the CRM", async () => {
    const a = await logged();
    expect(await undoActivity(db, a.id, later(2_000))).toBe(true);
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(sent).toEqual([]);
    expect(await db.crmWrites.count()).toBe(0);
  });

  it('an Undo after the write deletes it from the CRM', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    await run();
    await undoActivity(db, a.id, clock);
    await run();
    expect(sent.map((s) => s.op.op)).toEqual(['create', 'delete']);
    expect(sent[1]!.op).toEqual({ op: 'delete', refs: REFS(100) });
    expect(await db.crmWrites.count()).toBe(0);
  });
});

describe('failures are kept and tried again, never lost', () => {
  it('a server error keeps the write, says why, and retries later with growing delays', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    answers.push(failure('network', { status: 503, detail: 'HTTP 503' }));
    expect(await run()).toEqual({ written: 0, failed: 1 });
    expect(await activity(a.id)).toMatchObject({ sync: 'failed', crmRefs: null });
    expect(await entry(a.id)).toMatchObject({
      op: 'create', attempts: 1, inFlight: null,
      lastError: { kind: 'network', messageKey: 'connections.problem.network', status: 503, detail: 'HTTP 503' },
      nextAttemptAt: new Date(clock.getTime() + RETRY_DELAYS_MS[0]).toISOString(),
    });

    await run();
    expect(sent).toHaveLength(1); // not due yet

    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    expect(await run()).toEqual({ written: 1, failed: 0 });
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(100) });
    expect(await db.crmWrites.count()).toBe(0);
  });

  it('waits at least as long as the CRM asks (Retry-After)', async () => {
    await logged();
    clock = later(CREATE_HOLD_MS);
    answers.push(failure('rateLimited', { status: 429, retryAfter: 600 }));
    await run();
    const [queued] = await db.crmWrites.toArray();
    expect(Date.parse(queued!.nextAttemptAt) - clock.getTime()).toBe(600_000);
  });

  it('the delay grows to six hours and stays there: a write is never given up', async () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(6)).toBe(6 * 3_600_000);
    expect(retryDelayMs(60)).toBe(6 * 3_600_000);
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    for (let i = 0; i < 10; i++) {
      answers.push(failure('unauthorized', { status: 401 }));
      await run();
      clock = new Date(Date.parse((await entry(a.id))!.nextAttemptAt));
    }
    expect(await entry(a.id)).toMatchObject({ attempts: 10, op: 'create' });
    expect(await activity(a.id)).toMatchObject({ sync: 'failed' });
  });

  it('a create that got partway is finished as an update: the CRM never gets the same call twice', async () => {
    const a = await logged({ nextStep: { title: 'Send pricing', dueAt: '2026-11-25T12:00:00.000Z' } });
    clock = later(CREATE_HOLD_MS);
    answers.push({ ...failure('forbidden', { status: 403 }), refs: REFS(7) });
    await run();
    expect(await entry(a.id)).toMatchObject({ op: 'update', refs: REFS(7) });
    clock = later(CREATE_HOLD_MS + RETRY_DELAYS_MS[0]);
    answers.push({ ok: true, refs: REFS(7, '8') });
    await run();
    expect(sent[1]!.op).toMatchObject({ op: 'update', refs: REFS(7) });
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(7, '8') });
  });

  it('not connected (or writing turned off) is a failure that waits, not a loss', async () => {
    store.data.delete(CREDENTIAL_KEYS.hubspot);
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(sent).toEqual([]);
    expect(await entry(a.id)).toMatchObject({ attempts: 1, lastError: { kind: 'notConnected' } });

    store.data.set(CREDENTIAL_KEYS.hubspot, { crm: 'hubspot', token: TOKEN, connectedAt: T0.toISOString(), writeActivities: false });
    await queueNow(db, a.id, clock);
    await run();
    expect(sent).toEqual([]);
    expect(await entry(a.id)).toMatchObject({ attempts: 2, lastError: { kind: 'notConnected', detail: 'writing activities is turned off for this CRM' } });

    store.data.set(CREDENTIAL_KEYS.hubspot, { crm: 'hubspot', token: TOKEN, connectedAt: T0.toISOString(), writeActivities: true });
    await queueNow(db, a.id, clock);
    await run();
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
  });

  it('a record deleted in the CRM meanwhile is written again as new on the next try', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    await run();
    await editActivity(db, a.id, { note: 'Spoke with Anna and Per' }, clock);
    answers.push(failure('notFound', { status: 404 }));
    await run();
    expect(await entry(a.id)).toMatchObject({ op: 'create', refs: null, attempts: 1 });
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    expect(sent.map((s) => s.op.op)).toEqual(['create', 'update', 'create']);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', note: 'Spoke with Anna and Per', crmRefs: REFS(101) });
  });
});

describe('edits, deletes and restores', () => {
  async function written(change: Partial<ActivityInput> = {}): Promise<Activity> {
    const a = await logged(change);
    clock = later(CREATE_HOLD_MS);
    await run();
    sent = [];
    return (await activity(a.id))!;
  }

  it('editing a pending activity sends the edited version once', async () => {
    const a = await logged();
    await editActivity(db, a.id, { outcome: 'leftVoicemail' }, later(1_000));
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.op).toMatchObject({ op: 'create', activity: { outcome: 'leftVoicemail', subject: 'call / leftVoicemail' } });
  });

  it('editing a written activity updates it in the CRM', async () => {
    const a = await written();
    const edited = await editActivity(db, a.id, { note: 'Budget confirmed' }, clock);
    expect(edited).toMatchObject({ ok: true, activity: { sync: 'pending' } });
    await run();
    expect(sent).toEqual([{ ref: DEAL, op: expect.objectContaining({ op: 'update', refs: REFS(100), activity: expect.objectContaining({ note: 'Budget confirmed' }) }) }]);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
  });

  it('a local-only activity stays local when edited', async () => {
    const a = await logged({}, false);
    await editActivity(db, a.id, { note: 'x' }, clock);
    expect(await activity(a.id)).toMatchObject({ sync: 'local' });
    expect(await db.crmWrites.count()).toBe(0);
  });

  it('deleting a written activity deletes it in the CRM, even though it is gone here', async () => {
    const a = await written();
    await deleteActivity(db, a.id, clock);
    expect(await entry(a.id)).toMatchObject({ op: 'delete', refs: REFS(100) });
    answers.push(failure('timeout'));
    await run();
    expect(await entry(a.id)).toMatchObject({ op: 'delete', attempts: 1 }); // kept through the failure
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    expect(sent.map((s) => s.op)).toEqual([{ op: 'delete', refs: REFS(100) }, { op: 'delete', refs: REFS(100) }]);
    expect(await db.crmWrites.count()).toBe(0);
  });

  it("the history's undo of a delete not yet sent leaves the CRM untouched", async () => {
    const a = await written();
    const deleted = await deleteActivity(db, a.id, clock);
    await restoreActivity(db, deleted!, clock);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(100) });
    await run();
    expect(sent).toEqual([]);
  });

  it('undoing a delete of a pending activity puts its create back in the queue', async () => {
    const a = await logged();
    const deleted = await deleteActivity(db, a.id, later(1_000));
    expect(await db.crmWrites.count()).toBe(0);
    await restoreActivity(db, deleted!, later(2_000));
    clock = later(CREATE_HOLD_MS);
    await run();
    expect(sent.map((s) => s.op.op)).toEqual(['create']);
  });

  it('undoing a delete the CRM already carried out writes the activity again', async () => {
    const a = await written();
    const deleted = await deleteActivity(db, a.id, clock);
    await run();
    await restoreActivity(db, deleted!, clock);
    expect(await activity(a.id)).toMatchObject({ sync: 'pending', crmRefs: null });
    await run();
    expect(sent.map((s) => s.op.op)).toEqual(['delete', 'create']);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(101) });
  });
});

describe('changes while a write is on its way', () => {
  it('an edit made during the create is sent right after as an update', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    await run({
      write: async (ref, _c, op) => {
        sent.push({ ref, op });
        await editActivity(db, a.id, { note: 'edited mid-flight' }, clock);
        return { ok: true, refs: REFS(5) };
      },
    });
    expect(await activity(a.id)).toMatchObject({ sync: 'pending', crmRefs: REFS(5), note: 'edited mid-flight' });
    await run();
    expect(sent.map((s) => s.op.op)).toEqual(['create', 'update']);
    expect(sent[1]!.op).toMatchObject({ refs: REFS(5), activity: { note: 'edited mid-flight' } });
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
  });

  it('a delete made during the create deletes what the create made', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    await run({
      write: async (ref, _c, op) => {
        sent.push({ ref, op });
        await deleteActivity(db, a.id, clock);
        return { ok: true, refs: REFS(6) };
      },
    });
    expect(await entry(a.id)).toMatchObject({ op: 'delete', refs: REFS(6) });
    await run();
    expect(sent.map((s) => s.op)).toEqual([expect.objectContaining({ op: 'create' }), { op: 'delete', refs: REFS(6) }]);
    expect(await db.crmWrites.count()).toBe(0);
  });

  it('two runs at once send a write once', async () => {
    await logged();
    clock = later(CREATE_HOLD_MS);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = run({ write: async (ref, _c, op) => { sent.push({ ref, op }); await gate; return { ok: true, refs: REFS(1) }; } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await run();
    release();
    await slow;
    expect(sent).toHaveLength(1);
  });

  it('a write cut off by a stopped worker is taken up again once it is stale', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    // The worker stops after claiming: the write never answers.
    void run({ write: () => new Promise<WriteOutcome>(() => {}) });
    await vi.waitFor(async () => expect(await entry(a.id)).toMatchObject({ inFlight: { since: clock.toISOString() } }));
    expect(await dueWrites(db, clock)).toEqual([]);
    // Meanwhile it is next due when it goes stale, not now: nothing polls for it in between.
    expect(await nextDueAt(db)).toBe(later(CREATE_HOLD_MS + IN_FLIGHT_STALE_MS).toISOString());
    clock = later(CREATE_HOLD_MS + IN_FLIGHT_STALE_MS + 1);
    await run();
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
    // The CRM may have the first attempt's record: the create looks for its marker first.
    expect(sent.map((s) => [s.op.op, 'lookFirst' in s.op && s.op.lookFirst])).toEqual([['create', true]]);
  });

  it('the next worker takes up a write the stopped one cut off at once, looking for its record first', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    void run({ write: () => new Promise<WriteOutcome>(() => {}) }); // the worker stops while the CRM answers
    await vi.waitFor(async () => expect(await entry(a.id)).toMatchObject({ inFlight: { since: clock.toISOString() } }));
    clock = later(CREATE_HOLD_MS + 1_000); // a new worker starts a second later
    expect(await releaseCutOffWrites(db, clock)).toBe(1);
    expect(await entry(a.id)).toMatchObject({ inFlight: null, unsure: true, nextAttemptAt: clock.toISOString() });
    expect((await dueWrites(db, clock)).map((e) => e.activityId)).toEqual([a.id]);
    sent.length = 0;
    await run();
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
    expect(sent.filter((s) => s.op.op === 'create' && s.op.activity.activityId === a.id).map((s) => 'lookFirst' in s.op && s.op.lookFirst)).toEqual([true]);
  });
});

describe('a create whose outcome is unknown looks for its record first', () => {
  it.each([
    ['a timeout', failure('timeout', { detail: 'no answer in time' })],
    ['a failure in transit', failure('network', { detail: 'Failed to fetch' })],
    ['a 503', failure('network', { status: 503, detail: 'HTTP 503' })],
  ])('after %s, the retry is a create that looks first; once written, nothing is unsure', async (_name, answer) => {
    const a = await logged({ nextStep: { title: 'Send pricing', dueAt: '2026-11-25T12:00:00.000Z' } });
    clock = later(CREATE_HOLD_MS);
    answers.push(answer);
    await run();
    expect(await entry(a.id)).toMatchObject({ op: 'create', refs: null, unsure: true });
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    expect(sent.map((s) => s.op)).toEqual([
      { op: 'create', activity: expect.objectContaining({ activityId: a.id }) },
      { op: 'create', activity: expect.objectContaining({ activityId: a.id }), lookFirst: true },
    ]);
    expect(await activity(a.id)).toMatchObject({ sync: 'synced', crmRefs: REFS(100) });
    expect(await entry(a.id)).toBeUndefined();
  });

  it('a next step whose create timed out after its call was written is looked for before it is created', async () => {
    const a = await logged({ nextStep: { title: 'Send pricing', dueAt: '2026-11-25T12:00:00.000Z' } });
    clock = later(CREATE_HOLD_MS);
    answers.push({ ...failure('timeout'), refs: { main: { kind: 'calls', id: '7' }, nextStep: null } });
    await run();
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    expect(sent[1]!.op).toEqual({ op: 'update', activity: expect.objectContaining({ activityId: a.id }), refs: { main: { kind: 'calls', id: '7' }, nextStep: null }, lookFirst: true });
  });

  it('a refusal the CRM answered (401) leaves nothing unknown: the retry creates without looking', async () => {
    await logged();
    clock = later(CREATE_HOLD_MS);
    answers.push(failure('unauthorized', { status: 401 }));
    await run();
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    expect(sent.map((s) => s.op.op === 'create' && (s.op.lookFirst ?? false))).toEqual([false, false]);
  });

  it('stays unsure through a later refusal until a write goes through', async () => {
    await logged();
    clock = later(CREATE_HOLD_MS);
    answers.push(failure('timeout'), failure('unauthorized', { status: 401 }));
    await run();
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[0]);
    await run();
    clock = new Date(clock.getTime() + RETRY_DELAYS_MS[1]);
    await run();
    expect(sent.map((s) => s.op.op === 'create' && (s.op.lookFirst ?? false))).toEqual([false, true, true]);
  });
});

describe('write now', () => {
  it('queues a local activity for the CRM at once', async () => {
    const a = await logged({}, false);
    expect(await queueNow(db, a.id, clock)).toBe(true);
    expect(await activity(a.id)).toMatchObject({ sync: 'pending' });
    await run();
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
    expect(await queueNow(db, a.id, clock)).toBe(false); // nothing left to write
  });

  it('brings a failed write forward', async () => {
    const a = await logged();
    clock = later(CREATE_HOLD_MS);
    answers.push(failure('network'));
    await run();
    await queueNow(db, a.id, clock);
    await run();
    expect(await activity(a.id)).toMatchObject({ sync: 'synced' });
  });
});
