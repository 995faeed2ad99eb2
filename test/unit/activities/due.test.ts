import { describe, expect, it } from 'vitest';
import { dueDayOf, dueInstant, formatDay, isPastDay, parseDue } from '@/lib/activities/due';

const now = new Date('2026-11-23T10:00:00Z'); // a Monday

describe('next-step due dates typed the quick way', () => {
  it.each([
    ['today', '2026-11-23'],
    ['Tomorrow', '2026-11-24'],
    ['  tomorrow ', '2026-11-24'],
    ['yesterday', '2026-11-22'],
    ['i morgon', '2026-11-24'],
    ['imorgon', '2026-11-24'],
    ['i morgen', '2026-11-24'],
    ['morgen', '2026-11-24'],
    ['domani', '2026-11-24'],
    ['oggi', '2026-11-23'],
    ['vandaag', '2026-11-23'],
    ['igår', '2026-11-22'],
    ['3d', '2026-11-26'],
    ['3 d', '2026-11-26'],
    ['in 3 days', '2026-11-26'],
    ['in 1 day', '2026-11-24'],
    ['+10', '2026-12-03'],
    ['om 2 dagar', '2026-11-25'],
    ['om 2 dager', '2026-11-25'],
    ['over 2 dagen', '2026-11-25'],
    ['tra 2 giorni', '2026-11-25'],
    ['2w', '2026-12-07'],
    ['in 2 weeks', '2026-12-07'],
    ['om 1 vecka', '2026-11-30'],
    ['-2d', '2026-11-21'],
    ['2 days ago', '2026-11-21'],
    ['fri', '2026-11-27'],
    ['Friday', '2026-11-27'],
    ['next friday', '2026-11-27'],
    ['monday', '2026-11-30'], // today is Monday: the next one
    ['fredag', '2026-11-27'],
    ['venerdì', '2026-11-27'],
    ['vrijdag', '2026-11-27'],
    ['2027-01-15', '2027-01-15'],
    ['2027-1-5', '2027-01-05'],
    ['15.1.2027', '2027-01-15'],
    ['15/01/2027', '2027-01-15'],
    ['15-01-2027', '2027-01-15'],
    ['15/1', '2027-01-15'], // no year and already past this year → next year
    ['30/11', '2026-11-30'],
    ['2028-02-29', '2028-02-29'],
  ])('%j → %s', (input, date) => {
    expect(parseDue(input, now)).toEqual({ ok: true, date });
  });

  it.each(['next week-ish', '2026-02-30', '2027-02-29', '31/4', '13/13/2027', '', '   ', 'soon', '3 apples', 'in three days'])('%j is not a date (never guessed)', (input) => {
    expect(parseDue(input, now).ok).toBe(false);
  });

  it('counts from the rep’s own calendar day', () => {
    // 23:30 UTC is already tomorrow one hour east of UTC, and still today five hours west.
    expect(parseDue('today', new Date('2026-11-23T23:30:00Z'), 60)).toEqual({ ok: true, date: '2026-11-24' });
    expect(parseDue('tomorrow', new Date('2026-11-24T02:00:00Z'), -300)).toEqual({ ok: true, date: '2026-11-24' });
  });

  it('stores the end of the due day in the rep’s time zone, with its offset', () => {
    expect(dueInstant('2026-11-24', 60)).toBe('2026-11-24T23:59:59.999+01:00');
    expect(dueInstant('2026-11-24', -330)).toBe('2026-11-24T23:59:59.999-05:30');
    expect(dueInstant('2026-11-24')).toBe('2026-11-24T23:59:59.999+00:00');
    expect(Date.parse(dueInstant('2026-11-24', 60))).toBe(Date.parse('2026-11-24T22:59:59.999Z'));
  });

  it('reads the rep’s day back from a stored instant, in any time zone', () => {
    expect(dueDayOf('2026-11-24T23:59:59.999-08:00')).toBe('2026-11-24'); // 07:59 UTC the next day
    expect(dueDayOf('2026-11-24T23:59:59.999+13:00')).toBe('2026-11-24');
    expect(dueDayOf('2026-11-24T08:00:00.000Z', 60)).toBe('2026-11-24');
  });

  it('a day before today is in the past; today is not', () => {
    expect(isPastDay('2026-11-22', now)).toBe(true);
    expect(isPastDay('2026-11-23', now)).toBe(false);
    expect(isPastDay('2026-11-23', new Date('2026-11-23T23:30:00Z'), 60)).toBe(true);
  });

  it('shows a day with its weekday in the reader’s language', () => {
    expect(formatDay('2027-01-15', 'en')).toMatch(/Fri.*15.*Jan.*2027/);
    expect(formatDay('2027-01-15', 'sv')).toMatch(/fre.*15.*jan.*2027/);
  });
});
