import { describe, expect, it } from 'vitest';
import { myDay, type MyDayInput } from '@/lib/my-day/my-day';
import { deal, done, pause, planned, playbook, visit } from './fixtures';

// My day over an injected clock: which of my deals are on it, why, and in which order.

const settings = { me: { pipedrive: 'Rachel Kim', hubspot: '', salesforce: '' }, stageMappings: {}, defaultRotDays: 21 };

function input(now: string): MyDayInput {
  return {
    playbook,
    settings,
    now: new Date(now),
    deals: [
      deal('1', 'Overdue proposal', 'Proposal Made', { value: 10_000 }),
      deal('2', 'Stalled contract', 'Negotiations Started'),
      deal('3', 'Due today', 'Proposal Made'),
      deal('4', 'Close date gone', 'Contact Made', { closeDate: '2026-11-20' }),
      deal('5', 'Someone else’s', 'Proposal Made', { owner: 'Sam Lee' }),
      deal('6', 'Won already', 'Proposal Made', { status: 'won' }),
      deal('7', 'Long overdue', 'Proposal Made', { value: 500 }),
      deal('8', 'Paused', 'Proposal Made'),
      deal('9', 'All fine', 'Contact Made'),
    ],
    visits: [
      visit('1', 'Proposal Made', '2026-11-20T09:00:00.000Z'),
      visit('2', 'Negotiations Started', '2026-11-05T09:00:00.000Z'),
      visit('3', 'Proposal Made', '2026-11-22T09:00:00.000Z'),
      visit('4', 'Contact Made', '2026-11-22T09:00:00.000Z'),
      visit('5', 'Proposal Made', '2026-11-10T09:00:00.000Z'),
      visit('6', 'Proposal Made', '2026-11-10T09:00:00.000Z'),
      visit('7', 'Proposal Made', '2026-11-10T09:00:00.000Z'),
      visit('8', 'Proposal Made', '2026-11-10T09:00:00.000Z'),
      visit('9', 'Contact Made', '2026-11-22T09:00:00.000Z'),
    ],
    checklist: [done('2', 'contract-sent', 'send-contract'), done('2', 'contract-sent', 'confirm-signer'), done('2', 'contract-sent', 'plan-kickoff')],
    activities: ['1', '2', '4', '5', '7', '8', '9'].map((id) => planned(id, '2026-12-15')),
    pauses: [pause('8', '2026-11-12T09:00:00.000Z', '2026-12-01')],
  };
}

const summary = (day: ReturnType<typeof myDay>) => day.items.map((item) => [item.title, item.reasons.map((r) => r.kind).join(',')]);

describe('My day', () => {
  it('lists my open deals that need me, most important first, and leaves out others’, closed, paused and fine deals', () => {
    const day = myDay(input('2026-11-23T10:00:00Z'));
    expect(summary(day)).toEqual([
      ['Long overdue', 'overdue,overdue,overdue,stalled'],
      ['Overdue proposal', 'overdue'],
      ['Close date gone', 'closeDatePassed'],
      ['Stalled contract', 'stalled'],
      ['Due today', 'dueToday,noNextActivity'],
    ]);
    expect(day.paused).toBe(1);
    expect(day.meKnown).toBe(true);
    const first = day.items[0]!;
    expect(first).toMatchObject({ dealKey: 'pipedrive:acme:7', crm: 'pipedrive', stage: 'Proposal sent', url: 'https://acme.pipedrive.com/deal/7' });
    expect(first.reasons[0]).toEqual({ kind: 'overdue', taskId: 'send-proposal', task: 'Send the proposal', dueDate: '2026-11-11' });
    expect(first.reasons[3]).toEqual({ kind: 'stalled', days: 13, limit: 10 });
    expect(day.items.find((i) => i.title === 'Close date gone')!.reasons[0]).toEqual({ kind: 'closeDatePassed', closeDate: '2026-11-20' });
  });

  it('moves with the clock: tomorrow today’s task is overdue, and the close day itself is not past', () => {
    const day = myDay(input('2026-11-24T10:00:00Z'));
    expect(summary(day).map(([title]) => title)).toEqual(['Long overdue', 'Overdue proposal', 'Due today', 'Close date gone', 'Stalled contract']);
    const onCloseDay = myDay({ ...input('2026-11-23T10:00:00Z'), deals: [deal('4', 'Closes today', 'Contact Made', { closeDate: '2026-11-23' })] });
    expect(onCloseDay.items).toEqual([]);
  });

  it('counts days in the rep’s calendar: late in the evening east of UTC is already tomorrow', () => {
    const day = myDay({ ...input('2026-11-23T23:30:00Z'), utcOffsetMinutes: 60 });
    expect(day.items.find((i) => i.title === 'Due today')!.reasons[0]!.kind).toBe('overdue');
  });

  it('without "me" set for the CRM every open deal counts as mine, and the list says so', () => {
    const day = myDay({ ...input('2026-11-23T10:00:00Z'), settings: { ...settings, me: { pipedrive: '', hubspot: '', salesforce: '' } } });
    expect(day.meKnown).toBe(false);
    expect(summary(day).map(([title]) => title)).toContain('Someone else’s');
  });

  it('a deal back from its pause is on the list on its wake day until the rep has looked at it', () => {
    const base = input('2026-12-01T08:00:00Z');
    const day = myDay(base);
    expect(day.paused).toBe(0);
    const woke = day.items.find((i) => i.title === 'Paused')!;
    expect(woke.reasons.map((r) => r.kind)).toContain('woke');
    expect(woke.reasons.find((r) => r.kind === 'woke')).toEqual({ kind: 'woke', reason: 'Budget freeze until December', until: '2026-12-01' });
    const seen = myDay({ ...base, deals: base.deals.map((d) => (d.dealId === '8' ? { ...d, lastSeenAt: '2026-12-01T07:59:00.000Z' } : d)) });
    expect(seen.items.find((i) => i.title === 'Paused')?.reasons.map((r) => r.kind) ?? []).not.toContain('woke');
    // Resumed early by hand: nothing to wake from.
    const resumed = myDay({ ...base, pauses: [pause('8', '2026-11-12T09:00:00.000Z', '2026-12-01', { endedAt: '2026-11-20T09:00:00.000Z', endedBy: 'hand' })] });
    expect(resumed.items.find((i) => i.title === 'Paused')?.reasons.map((r) => r.kind) ?? []).not.toContain('woke');
  });
});
