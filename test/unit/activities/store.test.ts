import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import {
  deleteActivity, editActivity, hasNextStepScheduled, logActivity, recentActivities, restoreActivity, undoActivity, upcomingNextStep,
  type ActivityInput,
} from '@/lib/db/activities';
import type { Activity } from '@/lib/model/records.schema';

let db: StagecraftDb;
const NOW = new Date('2026-11-23T10:00:00.000Z');
const DEAL = 'pipedrive:acme:1';
const input = (change: Partial<ActivityInput> = {}): ActivityInput => ({ dealKey: DEAL, type: 'call', outcome: 'connected', note: '', nextStep: null, owner: null, ...change });
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

beforeEach(() => {
  db = openDatabase(`activities-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

async function logged(change: Partial<ActivityInput> = {}, at = NOW): Promise<Activity> {
  const result = await logActivity(db, input(change), at);
  if (!result.ok) throw new Error(result.error);
  return result.activity;
}

describe('logActivity', () => {
  it('stores a valid activity at once, locally, with a random id', async () => {
    const activity = await logged({ note: 'Spoke with Anna', nextStep: { title: 'Send pricing', dueAt: '2026-11-24T23:59:59.999+01:00' }, owner: 'me@acme' });
    expect(activity.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.activities.get(activity.id)).toEqual({
      id: activity.id, dealKey: DEAL, type: 'call', outcome: 'connected', note: 'Spoke with Anna', at: '2026-11-23T10:00:00.000Z',
      nextStep: { title: 'Send pricing', dueAt: '2026-11-24T23:59:59.999+01:00' }, owner: 'me@acme', sync: 'local', crmRefs: null,
    });
    const second = await logged();
    expect(second.id).not.toBe(activity.id);
  });

  it('accepts a note of exactly 10 000 characters and refuses 10 001 without storing anything', async () => {
    expect((await logActivity(db, input({ note: 'x'.repeat(10_000) }), NOW)).ok).toBe(true);
    const refused = await logActivity(db, input({ note: 'x'.repeat(10_001) }), NOW);
    expect(refused).toEqual({ ok: false, error: 'note: expected a note of at most 10 000 characters' });
    expect((await db.activities.toArray()).map((a) => a.note.length)).toEqual([10_000]);
  });

  it('refuses an outcome that is not in its type’s picklist', async () => {
    expect(await logActivity(db, input({ type: 'email', outcome: 'connected' }), NOW)).toEqual({ ok: false, error: expect.stringMatching(/^outcome: expected one of sent, replied, bounced/) });
    expect(await logActivity(db, input({ type: 'note', outcome: 'done' }), NOW)).toEqual({ ok: false, error: expect.stringMatching(/^outcome: expected null for a note/) });
    expect((await logActivity(db, input({ type: 'note', outcome: null }), NOW)).ok).toBe(true);
    expect(await db.activities.count()).toBe(1);
  });

  it('refuses an unknown type, an empty deal and a malformed due date, naming the field', async () => {
    expect(await logActivity(db, input({ type: 'fax' as never }), NOW)).toEqual({ ok: false, error: expect.stringMatching(/^type: /) });
    expect(await logActivity(db, input({ dealKey: '' }), NOW)).toEqual({ ok: false, error: expect.stringMatching(/^dealKey: /) });
    expect(await logActivity(db, input({ nextStep: { title: 'x', dueAt: 'tomorrow' } }), NOW)).toEqual({ ok: false, error: expect.stringMatching(/^nextStep\.dueAt: /) });
    expect(await db.activities.count()).toBe(0);
  });
});

describe('undo, delete, restore', () => {
  it('undo deletes exactly that activity', async () => {
    const keep = await logged({}, minutes(-5));
    const undone = await logged();
    expect(await undoActivity(db, undone.id)).toBe(true);
    expect(await db.activities.toArray()).toEqual([keep]);
    expect(await undoActivity(db, undone.id)).toBe(false);
  });

  it('removes the ticks the activity was the evidence for, and a restore puts both back', async () => {
    const proposal = await logged({ type: 'proposal', outcome: 'sent' });
    await db.checklist.bulkPut([
      { dealKey: DEAL, stageId: 'proposal', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: NOW.toISOString() },
      { dealKey: DEAL, stageId: 'proposal', taskId: 'follow-up', state: 'done', by: 'hand', evidenceActivityId: null, at: NOW.toISOString() },
    ]);
    const deleted = await deleteActivity(db, proposal.id);
    expect(deleted?.activity).toEqual(proposal);
    expect(deleted?.ticks.map((t) => t.taskId)).toEqual(['send-proposal']);
    expect(await db.activities.count()).toBe(0);
    expect((await db.checklist.toArray()).map((t) => t.taskId)).toEqual(['follow-up']);
    await restoreActivity(db, deleted!);
    expect(await db.activities.get(proposal.id)).toEqual(proposal);
    expect((await db.checklist.toArray()).map((t) => t.taskId).sort()).toEqual(['follow-up', 'send-proposal']);
  });

  it('deleting an activity that is gone returns null and changes nothing', async () => {
    await logged();
    expect(await deleteActivity(db, 'nope')).toBeNull();
    expect(await db.activities.count()).toBe(1);
  });
});

describe('editActivity', () => {
  it('changes type, outcome, note and next step; keeps id, deal and time', async () => {
    const activity = await logged();
    const result = await editActivity(db, activity.id, { type: 'meeting', outcome: 'held', note: 'Met on site', nextStep: { title: 'Demo', dueAt: '2026-11-30T23:59:59.999+01:00' } });
    expect(result.ok).toBe(true);
    expect(await db.activities.get(activity.id)).toEqual({ ...activity, type: 'meeting', outcome: 'held', note: 'Met on site', nextStep: { title: 'Demo', dueAt: '2026-11-30T23:59:59.999+01:00' } });
  });

  it('refuses an invalid edit and leaves the stored activity as it was', async () => {
    const activity = await logged();
    expect((await editActivity(db, activity.id, { note: 'x'.repeat(10_001) })).ok).toBe(false);
    expect((await editActivity(db, activity.id, { type: 'email' })).ok).toBe(false); // "connected" is no email outcome
    expect(await db.activities.get(activity.id)).toEqual(activity);
    expect(await editActivity(db, 'missing', { note: 'x' })).toEqual({ ok: false, error: 'this activity no longer exists' });
  });

  it('a changed type drops the ticks it was the evidence for', async () => {
    const proposal = await logged({ type: 'proposal', outcome: 'sent' });
    await db.checklist.put({ dealKey: DEAL, stageId: 'proposal', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: NOW.toISOString() });
    await editActivity(db, proposal.id, { note: 'v2 sent' });
    expect(await db.checklist.count()).toBe(1);
    await editActivity(db, proposal.id, { type: 'email', outcome: 'sent' });
    expect(await db.checklist.count()).toBe(0);
  });
});

describe('reading', () => {
  it('recentActivities: the deal’s latest first, up to the limit, no other deal’s', async () => {
    const a = await logged({}, minutes(-30));
    const b = await logged({ type: 'email', outcome: 'sent' }, minutes(-10));
    const c = await logged({ type: 'demo', outcome: 'held' }, minutes(-20));
    await logged({ dealKey: 'hubspot:1:2' }, minutes(-5));
    expect((await recentActivities(db, DEAL, 10)).map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    expect((await recentActivities(db, DEAL, 2)).map((x) => x.id)).toEqual([b.id, c.id]);
    expect(await recentActivities(db, 'none', 5)).toEqual([]);
  });

  it('hasNextStepScheduled: a next step due from now on', async () => {
    const step = (dueAt: string) => ({ title: 'Follow up', dueAt });
    const past = await logged({ nextStep: step('2026-11-22T23:59:59.999+00:00') });
    const none = await logged();
    expect(hasNextStepScheduled([], NOW)).toBe(false);
    expect(hasNextStepScheduled([past, none], NOW)).toBe(false);
    const today = await logged({ nextStep: step('2026-11-23T23:59:59.999+00:00') });
    const later = await logged({ nextStep: step('2026-12-01T23:59:59.999+00:00') });
    expect(hasNextStepScheduled([past, none, later, today], NOW)).toBe(true);
    expect(upcomingNextStep([past, later, today], NOW)).toEqual(today.nextStep);
    expect(hasNextStepScheduled([today], new Date('2026-11-24T00:00:00.000Z'))).toBe(false);
  });
});
