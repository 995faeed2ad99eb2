import { afterEach, describe, expect, it } from 'vitest';
import { badgeOf, isWorkday, nextReminderAt, overdueOnMyDeals, overdueToNotify } from '@/lib/my-day/cues';
import { myDay } from '@/lib/my-day/my-day';
import { repairSettings } from '@/lib/model/settings.schema';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import { CuesSettings } from '@/components/options/CuesSettings';
import { byTestId, cleanup, click, mount, text, waitFor } from '../helpers/render';
import { deal, planned, playbook, visit } from './fixtures';

// Cues: the reminder on workdays at the chosen time, overdue tasks notified once, the badge, the switches.

describe('the daily reminder', () => {
  it('comes at the chosen time on the next workday, in the rep’s clock', () => {
    // Monday 23 Nov 2026, 08:00 UTC.
    expect(nextReminderAt(new Date('2026-11-23T08:00:00Z'), '09:00', 0).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(nextReminderAt(new Date('2026-11-23T09:00:00Z'), '09:00', 0).toISOString()).toBe('2026-11-24T09:00:00.000Z');
    // Friday after the time: next Monday.
    expect(nextReminderAt(new Date('2026-11-27T10:00:00Z'), '09:00', 0).toISOString()).toBe('2026-11-30T09:00:00.000Z');
    // One hour east of UTC: 09:00 there is 08:00 UTC.
    expect(nextReminderAt(new Date('2026-11-23T07:00:00Z'), '09:00', 60).toISOString()).toBe('2026-11-23T08:00:00.000Z');
    // Sunday 23:30 UTC is Monday already two hours east.
    expect(isWorkday(new Date('2026-11-29T23:30:00Z'), 0)).toBe(false);
    expect(isWorkday(new Date('2026-11-29T23:30:00Z'), 120)).toBe(true);
  });

  it('settings: every cue is off until switched on, and a broken value falls back alone', () => {
    expect(repairSettings({})).toMatchObject({ myDayBadge: false, dailyReminder: { enabled: false, time: '09:00' }, overdueNotifications: false });
    expect(repairSettings({ myDayBadge: true, dailyReminder: { enabled: true, time: '25:00' } })).toMatchObject({ myDayBadge: true, dailyReminder: { enabled: false, time: '09:00' } });
  });
});

describe('overdue notifications', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const settings = { me: { pipedrive: 'Rachel Kim', hubspot: '', salesforce: '' }, stageMappings: {}, defaultRotDays: 21 };
  const day = (at: Date) =>
    myDay({
      playbook, settings, now: at,
      deals: [deal('1', 'Acme', 'Proposal Made'), deal('2', 'Globex', 'Proposal Made')],
      visits: [visit('1', 'Proposal Made', '2026-11-20T09:00:00.000Z'), visit('2', 'Proposal Made', '2026-11-22T09:00:00.000Z')],
      checklist: [], activities: [planned('1', '2026-12-15'), planned('2', '2026-12-15')], pauses: [],
    });

  it('notifies each task once when it becomes overdue, and only on deals I own', () => {
    const first = overdueToNotify(overdueOnMyDeals(day(now), settings.me), []);
    expect(first.notify.map((t) => [t.item.title, t.task, t.dueDate])).toEqual([['Acme', 'Send the proposal', '2026-11-21']]);
    expect(overdueToNotify(overdueOnMyDeals(day(now), settings.me), first.remember).notify).toEqual([]);
    // Next day Globex's task is overdue too: only it is new; what is no longer overdue is forgotten.
    const next = overdueToNotify(overdueOnMyDeals(day(new Date('2026-11-24T10:00:00Z')), settings.me), first.remember);
    expect(next.notify.map((t) => t.item.title)).toEqual(['Globex']);
    expect(next.remember).toHaveLength(2);
    // Who I am not set: no deal is known to be mine, nothing is notified.
    expect(overdueOnMyDeals(day(now), { pipedrive: '', hubspot: '', salesforce: '' })).toEqual([]);
  });

  it('the badge shows failed writes first, else My day’s count when asked for', () => {
    expect(badgeOf(2, 5)).toEqual({ text: '2', tone: 'error' });
    expect(badgeOf(0, 5)).toEqual({ text: '5', tone: 'info' });
    expect(badgeOf(0, 140)).toEqual({ text: '99', tone: 'info' });
    expect(badgeOf(0, null)).toEqual({ text: '', tone: null });
    expect(badgeOf(0, 0)).toEqual({ text: '', tone: null });
  });
});

describe('the cue switches', () => {
  let db: StagecraftDb;
  afterEach(async () => {
    await cleanup();
    await db.delete();
  });

  it('asks for the notification permission when one is switched on; refused, it stays off and says so', async () => {
    db = openDatabase(`cues-${Math.random()}`);
    let answer = false;
    const asked: string[] = [];
    const settings = await loadSettings(db);
    const view = await mount(<CuesSettings db={db} settings={settings} requestNotifications={async () => (asked.push('notifications'), answer)} />);
    await click(byTestId(view.container, 'cue-overdue'));
    await waitFor(() => expect(text(view.container.querySelector('[role=alert]'))).toBe('The browser did not allow notifications, so this stays off.'));
    expect(asked).toEqual(['notifications']);
    expect((await loadSettings(db)).overdueNotifications).toBe(false);
    expect(byTestId<HTMLInputElement>(view.container, 'cue-overdue').checked).toBe(false);
    answer = true;
    await click(byTestId(view.container, 'cue-reminder'));
    await waitFor(async () => expect((await loadSettings(db)).dailyReminder).toEqual({ enabled: true, time: '09:00' }));
    expect(asked).toHaveLength(2);
    // The badge needs no permission.
    await click(byTestId(view.container, 'cue-badge'));
    await waitFor(async () => expect((await loadSettings(db)).myDayBadge).toBe(true));
    expect(asked).toHaveLength(2);
  });
});
