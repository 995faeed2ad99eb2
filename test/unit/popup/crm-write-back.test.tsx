import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import { ActivityHistory } from '@/components/sidepanel/ActivityHistory';
import { CrmWriteBackProvider, type CrmWriteBack } from '@/components/common/CrmWriteBack';
import { useLiveQuery } from '@/components/hooks/useLiveQuery';
import type { TabSource } from '@/components/hooks/useTabId';
import { recentActivities } from '@/lib/db/activities';
import { CREATE_HOLD_MS } from '@/lib/db/crm-queue';
import type { Activity, CrmWrite } from '@/lib/model/records.schema';
import { button, byTestId, cleanup, click, mount, press, queryTestId, text, waitFor } from '../helpers/render';
import { DEAL, seedPopupDeal, TAB } from './deal';

// What the rep sees of the CRM write-back: in the popup right after logging, and on every
// activity of the side panel's history (written, on its way, failed with why, or only here).

let db: StagecraftDb;
const tabs: TabSource = { current: () => TAB, subscribe: () => () => {} };
const NOW = new Date('2026-11-23T10:00:00.000Z');
const now = () => NOW;

let flushes: boolean[];
let enabled: boolean;
let listeners: (() => void)[];
const writeBack: CrmWriteBack = {
  enabled: async (crm) => enabled && crm === 'pipedrive',
  onChange: (listener) => {
    listeners.push(listener);
    return () => void (listeners = listeners.filter((l) => l !== listener));
  },
  flush: (retryAll = false) => void flushes.push(retryAll),
};

const activity = (id: string, change: Partial<Activity> = {}): Activity => ({
  id, dealKey: DEAL, type: 'call', outcome: 'connected', note: '', at: '2026-11-20T09:30:00.000Z', nextStep: null, owner: null, sync: 'local', crmRefs: null, ...change,
});
const write = (activityId: string, change: Partial<CrmWrite> = {}): CrmWrite => ({
  activityId, dealKey: DEAL, op: 'create', refs: null, queuedAt: NOW.toISOString(), nextAttemptAt: NOW.toISOString(), attempts: 0, lastAttemptAt: null, lastError: null, revision: 0, inFlight: null, ...change,
});

beforeEach(async () => {
  db = openDatabase(`write-back-${Math.random()}`);
  flushes = [];
  enabled = true;
  listeners = [];
  await seedPopupDeal(db);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('quick-log popup with Pipedrive connected for writing', () => {
  async function openPopup() {
    const view = await mount(<CrmWriteBackProvider value={writeBack}><QuickLog db={db} tabs={tabs} onOpenSidePanel={() => {}} now={now} /></CrmWriteBackProvider>);
    await waitFor(() => expect(text(byTestId(view.container, 'deal-title'))).toBe('Acme rollout'));
    await new Promise((resolve) => setTimeout(resolve, 10)); // the connection check answers
    return view.container;
  }

  /** Types `keys` then Enter in the popup; answers the activity it stored. */
  async function logWith(...keys: string[]): Promise<Activity> {
    for (const key of [...keys, 'Enter']) await press(key);
    await waitFor(async () => expect(await db.activities.count()).toBe(1));
    return (await db.activities.toArray())[0]!;
  }
  /** What the background does once Pipedrive confirmed the write. */
  const markWritten = (logged: Activity) =>
    db.transaction('rw', db.activities, db.crmWrites, async () => {
      await db.crmWrites.delete(logged.id);
      await db.activities.put({ ...logged, sync: 'synced', crmRefs: { main: { kind: 'activity', id: '311' }, nextStep: null } });
    });

  it('queues the logged call for Pipedrive, asks the background to write, and shows where it stands', async () => {
    const root = await openPopup();
    const logged = await logWith('1', '1');
    expect(logged).toMatchObject({ sync: 'pending', crmRefs: null });
    expect(await db.crmWrites.get(logged.id)).toMatchObject({ op: 'create', nextAttemptAt: new Date(NOW.getTime() + CREATE_HOLD_MS).toISOString() });
    expect(flushes).toEqual([false]);
    await waitFor(() => expect(text(byTestId(root, 'toast-sync'))).toBe('Writing to Pipedrive…'));
    expect(text(byTestId(root, 'writes-hint'))).toBe('Logs here also go to Pipedrive.');

    // The background wrote it.
    await markWritten(logged);
    await waitFor(() => expect(text(byTestId(root, 'toast-sync'))).toBe('✓ In Pipedrive'));
  });

  it('says plainly when the write failed, that the activity is kept, and when it is tried again', async () => {
    const root = await openPopup();
    const logged = await logWith('1', '1');
    await db.transaction('rw', db.activities, db.crmWrites, async () => {
      await db.crmWrites.put(write(logged.id, { attempts: 1, lastError: { kind: 'unauthorized', messageKey: 'connections.problem.unauthorized', status: 401 }, nextAttemptAt: '2026-11-23T10:30:00.000Z' }));
      await db.activities.put({ ...logged, sync: 'failed' });
    });
    await waitFor(() => expect(text(byTestId(root, 'toast-sync'))).toContain('Not in Pipedrive yet: Pipedrive did not accept the connection'));
    expect(text(byTestId(root, 'toast-sync'))).toContain('Kept here and tried again at 10:30.');
    await click(button(byTestId(root, 'toast-sync'), /^Try again now to write call — connected to Pipedrive$/));
    await waitFor(async () => expect((await db.crmWrites.get(logged.id))?.nextAttemptAt).toBe(NOW.toISOString()));
    expect(flushes).toEqual([false, false]);
  });

  it('an Undo of a call already written asks the background to delete it from Pipedrive', async () => {
    const root = await openPopup();
    const logged = await logWith('1');
    await markWritten(logged);
    await click(button(byTestId(root, 'toast'), 'Undo'));
    await waitFor(async () => expect(await db.crmWrites.get(logged.id)).toMatchObject({ op: 'delete', refs: { main: { kind: 'activity', id: '311' } } }));
    expect(flushes).toEqual([false, false]);
  });

  it('logs locally only when writing is off', async () => {
    enabled = false;
    const root = await openPopup();
    expect(await logWith('1')).toMatchObject({ sync: 'local' });
    expect(await db.crmWrites.count()).toBe(0);
    expect(flushes).toEqual([]);
    expect(text(queryTestId(root, 'toast-sync'))).toBe('');
    expect(queryTestId(root, 'writes-hint')).toBeNull();
  });
});

describe('the side panel history', () => {
  function Panel() {
    const list = useLiveQuery(async () => ({ activities: await recentActivities(db, DEAL, 20), writes: await db.crmWrites.toArray() }), []);
    if (list.status !== 'ready') return null;
    return <ActivityHistory db={db} activities={list.value.activities} crm="pipedrive" writes={list.value.writes} keyTypes={['call', 'email']} onLogActivity={() => {}} onError={(e) => { throw e; }} now={now} />;
  }
  async function openHistory() {
    const view = await mount(<CrmWriteBackProvider value={writeBack}><Panel /></CrmWriteBackProvider>);
    await waitFor(() => expect(view.container.querySelectorAll('[data-activity-id]').length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return view.container;
  }
  const row = (root: ParentNode, id: string) => root.querySelector(`[data-activity-id="${id}"]`)!;

  it('shows each activity’s state with the CRM, and the reason a write failed', async () => {
    await db.activities.bulkPut([
      activity('written', { sync: 'synced', crmRefs: { main: { kind: 'activity', id: '1' }, nextStep: null } }),
      activity('waiting', { sync: 'pending', at: '2026-11-21T09:00:00.000Z' }),
      activity('failed', { sync: 'failed', at: '2026-11-22T09:00:00.000Z' }),
      activity('local', { at: '2026-11-19T09:00:00.000Z' }),
    ]);
    await db.crmWrites.bulkPut([
      write('waiting'),
      write('failed', { attempts: 3, lastError: { kind: 'forbidden', messageKey: 'connections.problem.forbidden', status: 403, detail: 'Insufficient permissions' }, nextAttemptAt: '2026-11-24T08:00:00.000Z' }),
    ]);
    const root = await openHistory();
    expect(text(row(root, 'written').querySelector('[data-sync]'))).toBe('✓ In Pipedrive');
    expect(text(row(root, 'waiting').querySelector('[data-sync]'))).toBe('Writing to Pipedrive…');
    const failed = text(row(root, 'failed').querySelector('[data-sync]'));
    expect(failed).toContain('Not in Pipedrive yet: Pipedrive refused the write.');
    expect(failed).toContain('Insufficient permissions');
    expect(failed).toMatch(/Kept here and tried again at 24 Nov, 08:00\./);
    expect(text(row(root, 'local').querySelector('[data-sync]'))).toContain('Only in Stagecraft');
  });

  it('"Write to Pipedrive" queues a local activity at once', async () => {
    await db.activities.put(activity('local'));
    const root = await openHistory();
    await click(row(root, 'local').querySelector<HTMLButtonElement>('[data-action=write-crm]')!);
    await waitFor(async () => expect(await db.crmWrites.get('local')).toMatchObject({ op: 'create', nextAttemptAt: NOW.toISOString() }));
    expect((await db.activities.get('local'))?.sync).toBe('pending');
    expect(flushes).toEqual([false]);
    await waitFor(() => expect(text(row(root, 'local').querySelector('[data-sync]'))).toBe('Writing to Pipedrive…'));
  });

  it('offers no write for a local activity when Pipedrive is not written to, until it is turned on', async () => {
    enabled = false;
    await db.activities.put(activity('local'));
    const root = await openHistory();
    expect(row(root, 'local').querySelector('[data-sync]')).toBeNull();
    enabled = true;
    for (const listener of listeners) listener();
    await waitFor(() => expect(row(root, 'local').querySelector('[data-action=write-crm]')).not.toBeNull());
  });

  it('deleting a written activity queues its delete in Pipedrive and says it is waiting', async () => {
    await db.activities.put(activity('written', { sync: 'synced', crmRefs: { main: { kind: 'activity', id: '9' }, nextStep: null } }));
    await db.activities.put(activity('other'));
    const root = await openHistory();
    await click(row(root, 'written').querySelector<HTMLButtonElement>('[data-action=delete]')!);
    await waitFor(() => expect(text(byTestId(root, 'deletes-waiting'))).toBe('Deleted here, not yet in Pipedrive: 1'));
    expect(await db.crmWrites.get('written')).toMatchObject({ op: 'delete', refs: { main: { kind: 'activity', id: '9' }, nextStep: null } });
    expect(flushes).toEqual([false]);
    await click(button(byTestId(root, 'history-toast'), 'Undo'));
    await waitFor(() => expect(queryTestId(root, 'deletes-waiting')).toBeNull());
    expect(await db.crmWrites.count()).toBe(0);
    expect((await db.activities.get('written'))?.sync).toBe('synced');
  });
});
