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

describe('due dates written as the app writes them', () => {
  const LOCALES = ['en', 'sv', 'nb', 'nl', 'it'] as const;
  // One day in every month, so every month name (short form, with and without its dot) is read.
  const DAYS = ['2027-01-15', '2027-02-01', '2027-03-09', '2027-04-30', '2027-05-05', '2027-06-18', '2027-07-04', '2027-08-31', '2027-09-10', '2027-10-27', '2026-11-24', '2026-12-01'];

  it.each(LOCALES)('%s: every day formatDay prints reads back as that day', (locale) => {
    for (const day of DAYS) expect(parseDue(formatDay(day, locale), now), `${formatDay(day, locale)}`).toEqual({ ok: true, date: day });
  });

  it.each(LOCALES)('%s: every short date the app prints (formatDate) reads back as that day', async (locale) => {
    const { formatDate } = await import('@/lib/i18n/format');
    for (const day of DAYS) expect(parseDue(formatDate(day, locale), now), formatDate(day, locale)).toEqual({ ok: true, date: day });
  });

  it.each([
    ['1 Dec', '2026-12-01'],
    ['1 dec.', '2026-12-01'],
    ['Dec 1', '2026-12-01'],
    ['Dec 1, 2027', '2027-12-01'],
    ['15. jan.', '2027-01-15'],
    ['15 januari', '2027-01-15'],
    ['15 gennaio 2027', '2027-01-15'],
    ['23 nov', '2026-11-23'],
    ['22 nov', '2027-11-22'], // without a year, a day already past is next year's
    ['mar 15', '2027-03-15'],
    ['3 sep', '2027-09-03'],
  ])('reads “%s” as %s', (typed, date) => {
    expect(parseDue(typed, now)).toEqual({ ok: true, date });
  });

  it.each(['31 Feb', '1 Decembre', 'Thu 1 Dec 2026', '1 Dec 20277', 'Dec'])('refuses “%s” rather than guess', (typed) => {
    expect(parseDue(typed, now)).toEqual({ ok: false });
  });
});
