import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { recentActivities } from '@/lib/db/activities';
import { ActivityHistory } from '@/components/sidepanel/ActivityHistory';
import { useLiveQuery } from '@/components/hooks/useLiveQuery';
import type { Activity } from '@/lib/model/records.schema';
import { button, byLabel, byTestId, check, cleanup, click, mount, press, queryTestId, select, text, type, waitFor } from '../helpers/render';

let db: StagecraftDb;
const DEAL = 'pipedrive:acme:1';
const NOW = new Date('2026-11-23T10:00:00.000Z');
const now = () => NOW;
const activity = (id: string, change: Partial<Activity> = {}): Activity => ({
  id, dealKey: DEAL, type: 'call', outcome: 'connected', note: '', at: '2026-11-20T09:30:00.000Z', nextStep: null, owner: null, sync: 'local', crmRefs: null, ...change,
});

/** Mounted as the side panel does: the deal's latest activities, live. */
function Panel({ onLogActivity = () => {}, onError = () => {} }: { onLogActivity?(): void; onError?(error: unknown): void }) {
  const list = useLiveQuery(async () => ({ activities: await recentActivities(db, DEAL, 20), writes: await db.crmWrites.toArray() }), []);
  if (list.status !== 'ready') return null;
  return <ActivityHistory db={db} activities={list.value.activities} crm="pipedrive" writes={list.value.writes} keyTypes={['call', 'email', 'meeting', 'demo', 'proposal']} onLogActivity={onLogActivity} onError={onError} now={now} />;
}

beforeEach(async () => {
  db = openDatabase(`history-${Math.random()}`);
  await db.activities.bulkPut([
    activity('a1', { note: 'First call\nwith two lines' }),
    activity('a2', { type: 'proposal', outcome: 'sent', at: '2026-11-21T14:00:00.000Z', nextStep: { title: 'Chase the signature', dueAt: '2026-11-27T23:59:59.999+00:00' } }),
  ]);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

async function open(props: Parameters<typeof Panel>[0] = {}) {
  const view = await mount(<Panel {...props} />);
  await waitFor(() => expect(view.container.querySelectorAll('[data-activity-id]')).toHaveLength(2));
  return view.container;
}
const item = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-activity-id="${id}"]`)!;

describe('activity history', () => {
  it('lists the deal’s activities newest first, with outcome, note and next step', async () => {
    const root = await open();
    const items = [...root.querySelectorAll('[data-activity-id]')];
    expect(items.map((li) => li.getAttribute('data-activity-id'))).toEqual(['a2', 'a1']);
    expect(text(item(root, 'a2'))).toMatch(/^Proposal — sent · 21 Nov, \d\d:\d\d ?Next: Chase the signature, Fri, 27 Nov 2026/);
    expect(item(root, 'a1').querySelector('.activity__note')?.textContent).toBe('First call\nwith two lines');
  });

  it('has a “Log activity” button calling onLogActivity', async () => {
    const onLogActivity = vi.fn();
    const root = await open({ onLogActivity });
    await click(byTestId(root, 'log-activity'));
    expect(onLogActivity).toHaveBeenCalledOnce();
    expect(text(byTestId(root, 'log-activity'))).toBe('Log activity');
  });

  it('edits type, outcome, note and next step', async () => {
    const root = await open();
    await click(button(root, /^Edit the call of/));
    const form = item(root, 'a1').querySelector('form')!;
    expect(document.activeElement).toBe(byLabel(form, /^What happened\?/));
    await select(byLabel<HTMLSelectElement>(form, /^What happened\?/), 'meeting');
    await select(byLabel<HTMLSelectElement>(form, /^Outcome/), 'rescheduled');
    await type(byLabel<HTMLTextAreaElement>(form, /^Note/), 'Moved to Friday');
    await type(byLabel(form, /What$/), 'Prepare the agenda');
    await type(byLabel(form, /^When/), 'fri');
    await click(button(form, 'Save'));
    await waitFor(async () =>
      expect(await db.activities.get('a1')).toEqual(activity('a1', { type: 'meeting', outcome: 'rescheduled', note: 'Moved to Friday', nextStep: { title: 'Prepare the agenda', dueAt: '2026-11-27T23:59:59.999+00:00' } })),
    );
    await waitFor(() => expect(text(item(root, 'a1'))).toMatch(/^Meeting — rescheduled/));
    expect(document.activeElement).toBe(item(root, 'a1').querySelector('[data-action=edit]'));
  });

  it('clearing both next-step fields removes the next step; an untouched past due day is kept as it was', async () => {
    await db.activities.put(activity('a1', { nextStep: { title: 'Old', dueAt: '2026-11-01T23:59:59.999+00:00' } }));
    const root = await open();
    await click(button(root, /^Edit the call of/));
    let form = item(root, 'a1').querySelector('form')!;
    await type(byLabel<HTMLTextAreaElement>(form, /^Note/), 'kept the old step');
    await click(button(form, 'Save'));
    await waitFor(async () => expect((await db.activities.get('a1'))?.note).toBe('kept the old step'));
    expect((await db.activities.get('a1'))?.nextStep).toEqual({ title: 'Old', dueAt: '2026-11-01T23:59:59.999+00:00' });
    await waitFor(() => expect(item(root, 'a1').querySelector('form')).toBeNull());
    await click(button(root, /^Edit the call of/));
    form = item(root, 'a1').querySelector('form')!;
    await type(byLabel(form, /What$/), '');
    await type(byLabel(form, /^When/), '');
    await click(button(form, 'Save'));
    await waitFor(async () => expect((await db.activities.get('a1'))?.nextStep).toBeNull());
  });

  it('refuses a 10 001-character note and questions a new past due date', async () => {
    const root = await open();
    await click(button(root, /^Edit the call of/));
    const form = item(root, 'a1').querySelector('form')!;
    const note = byLabel<HTMLTextAreaElement>(form, /^Note/);
    await type(note, 'y'.repeat(10_001));
    expect(text(byTestId(form, 'history-note-count'))).toMatch(/^The note has 10,001 characters; the limit is 10,000\. Remove 1 to save/);
    await click(button(form, 'Save'));
    expect(text(byTestId(form, 'history-error'))).toMatch(/^The note has 10,001 characters/);
    expect((await db.activities.get('a1'))?.note).toBe('First call\nwith two lines');
    await type(note, 'y'.repeat(10_000));
    await type(byLabel(form, /^When/), 'yesterday');
    await click(button(form, 'Save'));
    expect(text(byTestId(form, 'history-error'))).toMatch(/^The due date Sun, 22 Nov 2026 is in the past/);
    await check(byLabel(form, 'Yes, keep this date'));
    await click(button(form, 'Save'));
    await waitFor(async () => expect(await db.activities.get('a1')).toMatchObject({ note: 'y'.repeat(10_000), nextStep: { title: 'Follow up', dueAt: '2026-11-22T23:59:59.999+00:00' } }));
  });

  it('Escape cancels an edit without saving', async () => {
    const root = await open();
    await click(button(root, /^Edit the call of/));
    const form = item(root, 'a1').querySelector('form')!;
    await type(byLabel<HTMLTextAreaElement>(form, /^Note/), 'not this');
    await press('Escape', { on: byLabel(form, /^Note/) });
    expect(item(root, 'a1').querySelector('form')).toBeNull();
    expect((await db.activities.get('a1'))?.note).toBe('First call\nwith two lines');
    expect(document.activeElement).toBe(item(root, 'a1').querySelector('[data-action=edit]'));
  });

  it('deletes with an undo that puts the activity and its evidence tick back', async () => {
    await db.checklist.put({ dealKey: DEAL, stageId: 'proposal', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: 'a2', at: NOW.toISOString() });
    const root = await open();
    await click(button(root, /^Delete the proposal of/));
    await waitFor(async () => expect((await db.activities.toArray()).map((a) => a.id)).toEqual(['a1']));
    expect(await db.checklist.count()).toBe(0);
    await waitFor(() => expect(root.querySelectorAll('[data-activity-id]')).toHaveLength(1));
    expect(text(byTestId(root, 'history-toast'))).toMatch(/^Deleted the proposal of 21 Nov/);
    expect(document.activeElement).toBe(button(root, 'Undo'));
    await click(button(root, 'Undo'));
    await waitFor(async () => expect(await db.activities.count()).toBe(2));
    expect(await db.checklist.count()).toBe(1);
    await waitFor(() => expect(queryTestId(root, 'history-toast')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(item(root, 'a2').querySelector('[data-action=edit]')));
  });

  it('says so when nothing is logged yet', async () => {
    await db.activities.clear();
    const view = await mount(<Panel />);
    await waitFor(() => expect(text(byTestId(view.container, 'activity-history'))).toMatch(/Nothing logged on this deal yet\./));
  });
});
