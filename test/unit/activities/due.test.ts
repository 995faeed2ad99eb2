import { describe, expect, it } from 'vitest';
import { dueInstant, parseDue } from '@/lib/activities/due';

const now = new Date('2026-11-23T10:00:00Z'); // a Monday

describe('next-step due dates typed the quick way', () => {
  it.each([
    ['today', '2026-11-23'],
    ['tomorrow', '2026-11-24'],
    ['i morgon', '2026-11-24'],
    ['domani', '2026-11-24'],
    ['3d', '2026-11-26'],
    ['in 3 days', '2026-11-26'],
    ['+10', '2026-12-03'],
    ['om 2 dagar', '2026-11-25'],
    ['2w', '2026-12-07'],
    ['2027-01-15', '2027-01-15'],
    ['15.1.2027', '2027-01-15'],
    ['15/1', '2027-01-15'], // no year and already past this year → next year
    ['30/11', '2026-11-30'],
  ])('%s → %s', (input, date) => {
    expect(parseDue(input, now)).toEqual({ ok: true, date });
  });

  it.each(['next week-ish', '2026-02-30', '31/4', '', 'soon'])('%j is not a date', (input) => {
    expect(parseDue(input, now).ok).toBe(false);
  });

  it('counts from the rep’s own calendar day', () => {
    expect(parseDue('today', new Date('2026-11-23T23:30:00Z'), 60)).toEqual({ ok: true, date: '2026-11-24' });
  });

  it('stores 09:00 of the due day in the rep’s time zone', () => {
    expect(dueInstant('2026-11-24', 60)).toBe('2026-11-24T08:00:00.000Z');
  });
});
