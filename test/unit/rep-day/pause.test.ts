import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluateDeal, type DealContext } from '@/lib/playbook/engine';
import { dueShiftDays, pausedDaysSoFar, runningPause } from '@/lib/playbook/pause';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { pauseDeal, pausesOf, resumeDeal, wakeDuePauses } from '@/lib/db/pauses';
import { deal, pause, playbook, visit } from './fixtures';

// Pausing a deal: not stalled meanwhile, due dates move on by the pause, it wakes on its day.

const record = deal('8', 'Paused deal', 'Proposal Made');
const context = (now: string, pauses = [pause('8', '2026-11-12T09:00:00.000Z', '2026-11-30')]): DealContext => ({
  playbook, snapshot: record.snapshot, account: 'acme', dealKey: record.key,
  visits: [visit('8', 'Proposal Made', '2026-11-10T09:00:00.000Z')], checklist: [], activities: [], mappings: {}, defaultRotDays: 21,
  now: new Date(now), pauses,
});
const due = (g: ReturnType<typeof evaluateDeal>) => Object.fromEntries(g.tasks.map((t) => [t.task.id, t.dueDate]));

describe('a paused deal', () => {
  it('while paused: not stalled, no next steps, nothing overdue, due dates moved on by the whole pause', () => {
    const paused = evaluateDeal(context('2026-11-23T10:00:00Z'));
    expect(paused.paused?.until).toBe('2026-11-30');
    expect(paused.stalled).toBeNull();
    expect(paused.nextSteps).toEqual([]);
    expect(paused.tasks.some((t) => t.overdue || t.dueToday || t.dueSoon)).toBe(false);
    // Entered 10 Nov; paused 12 → 30 Nov is 18 days.
    expect(due(paused)).toEqual({ 'send-proposal': '2026-11-29', 'review-proposal': '2026-12-03', 'follow-up': '2026-12-08' });
    const unpaused = evaluateDeal(context('2026-11-23T10:00:00Z', []));
    expect(due(unpaused)).toEqual({ 'send-proposal': '2026-11-11', 'review-proposal': '2026-11-15', 'follow-up': '2026-11-20' });
    expect(unpaused.stalled).toEqual({ days: 13, limit: 10 });
  });

  it('after waking: the shift stays, and the paused days do not count towards stalling', () => {
    const woken = evaluateDeal(context('2026-12-01T10:00:00Z'));
    expect(woken.paused).toBeNull();
    expect(due(woken)['send-proposal']).toBe('2026-11-29');
    expect(woken.tasks.find((t) => t.task.id === 'send-proposal')!.overdue).toBe(true);
    // 21 days since entry, 18 of them paused.
    expect(woken.stalled).toBeNull();
    expect(evaluateDeal(context('2026-12-09T10:00:00Z')).stalled).toEqual({ days: 11, limit: 10 });
  });

  it('resumed early by hand: only the days it ran count', () => {
    const resumed = [pause('8', '2026-11-12T09:00:00.000Z', '2026-11-30', { endedAt: '2026-11-20T15:00:00.000Z', endedBy: 'hand' })];
    const g = evaluateDeal(context('2026-11-23T10:00:00Z', resumed));
    expect(g.paused).toBeNull();
    expect(due(g)['send-proposal']).toBe('2026-11-19');
    expect(pausedDaysSoFar(resumed, '2026-11-10', '2026-11-23')).toBe(8);
  });

  it('a pause before the stage entry does not move this stage’s dates; overlapping pauses count once', () => {
    expect(dueShiftDays([pause('8', '2026-11-01T09:00:00.000Z', '2026-11-05')], '2026-11-10')).toBe(0);
    expect(dueShiftDays([pause('8', '2026-11-08T09:00:00.000Z', '2026-11-12')], '2026-11-10')).toBe(2);
    const overlapping = [pause('8', '2026-11-12T09:00:00.000Z', '2026-11-20'), pause('8', '2026-11-15T09:00:00.000Z', '2026-11-22')];
    expect(dueShiftDays(overlapping, '2026-11-10')).toBe(10);
  });

  it('wakes on its day even before the background recorded it, in the rep’s calendar', () => {
    const pauses = [pause('8', '2026-11-12T09:00:00.000Z', '2026-11-30')];
    expect(runningPause(pauses, '2026-11-29')).not.toBeNull();
    expect(runningPause(pauses, '2026-11-30')).toBeNull();
    // 23:30 UTC on the 29th is already the 30th one hour east of UTC.
    expect(evaluateDeal({ ...context('2026-11-29T23:30:00Z'), utcOffsetMinutes: 60 }).paused).toBeNull();
    expect(evaluateDeal(context('2026-11-29T23:30:00Z')).paused).not.toBeNull();
  });
});

describe('storing pauses', () => {
  let db: StagecraftDb;
  let n = 0;
  beforeEach(() => void (db = openDatabase(`pauses-${n++}`)));
  afterEach(() => db.delete());

  it('needs a reason and a wake day after today; a new pause ends the running one; resume ends it by hand', async () => {
    const base = { dealKey: record.key, owner: 'Rachel Kim', now: new Date('2026-11-23T10:00:00Z'), today: '2026-11-23' };
    expect(await pauseDeal(db, { ...base, reason: '  ', until: '2026-12-01' })).toEqual({ ok: false, error: 'reason' });
    expect(await pauseDeal(db, { ...base, reason: 'Budget freeze', until: '2026-11-23' })).toEqual({ ok: false, error: 'until' });
    expect(await db.pauses.count()).toBe(0);
    const first = await pauseDeal(db, { ...base, reason: ' Budget freeze ', until: '2026-12-01' });
    expect(first).toMatchObject({ ok: true, pause: { reason: 'Budget freeze', since: '2026-11-23T10:00:00.000Z', until: '2026-12-01', endedAt: null, endedBy: null, owner: 'Rachel Kim' } });
    await pauseDeal(db, { ...base, now: new Date('2026-11-24T10:00:00Z'), today: '2026-11-24', reason: 'Buyer on leave', until: '2026-12-10' });
    let stored = await pausesOf(db, record.key);
    expect(stored.map((p) => [p.reason, p.endedAt, p.endedBy])).toEqual([['Budget freeze', '2026-11-24T10:00:00.000Z', 'hand'], ['Buyer on leave', null, null]]);
    await resumeDeal(db, record.key, new Date('2026-11-25T10:00:00Z'));
    stored = await pausesOf(db, record.key);
    expect(stored.map((p) => p.endedBy)).toEqual(['hand', 'hand']);
  });

  it('wakes each due pause exactly once', async () => {
    await db.pauses.bulkAdd([pause('8', '2026-11-12T09:00:00.000Z', '2026-11-30'), pause('9', '2026-11-12T09:00:00.000Z', '2026-12-05')]);
    expect(await wakeDuePauses(db, '2026-11-29', new Date('2026-11-29T08:00:00Z'))).toEqual([]);
    const woken = await wakeDuePauses(db, '2026-11-30', new Date('2026-11-30T08:00:00Z'));
    expect(woken.map((p) => [p.dealKey, p.endedBy, p.endedAt])).toEqual([['pipedrive:acme:8', 'wake', '2026-11-30T08:00:00.000Z']]);
    expect(await wakeDuePauses(db, '2026-11-30', new Date('2026-11-30T09:00:00Z'))).toEqual([]);
    expect((await db.pauses.toArray()).map((p) => p.endedBy)).toEqual(['wake', null]);
  });
});
