import type { Locale } from '../model/settings.schema';
import { addDays, calendarDay } from '../playbook/days';

// "When is the next step due?" typed the quick way: today, tomorrow, yesterday, 3d, in 3 days, +3,
// 2w, a weekday (fri, next friday: the next one after today), an ISO date 2027-01-15, a
// day/month(/year) 15/1 or 15.1.2027 (day first, as in every supported language), or a day with a
// month name as the app itself prints dates: 1 Dec, 15 jan. 2027, Fri 15 Jan 2027, Jan 15.
// Words in English, Swedish, Norwegian, Dutch and Italian, whatever the page's language.
// Pure: the clock and the rep's time zone (minutes east of UTC) come in as arguments.

const RELATIVE_WORDS: Record<string, number> = {
  // en
  today: 0, tod: 0, tomorrow: 1, tom: 1, tmr: 1, tmrw: 1, yesterday: -1,
  // sv
  idag: 0, 'i dag': 0, imorgon: 1, 'i morgon': 1, 'i övermorgon': 2, övermorgon: 2, igår: -1, 'i går': -1,
  // nb
  imorgen: 1, 'i morgen': 1, 'i overmorgen': 2,
  // nl
  vandaag: 0, morgen: 1, overmorgen: 2, gisteren: -1,
  // it
  oggi: 0, domani: 1, dopodomani: 2, ieri: -1,
};
const IN = '(?:in\\s+|om\\s+|over\\s+|tra\\s+|fra\\s+|\\+)?';
const DAYS_PATTERN = new RegExp(`^${IN}(\\d{1,3})\\s*(?:d|days?|dagar|dager|dagen|dag|giorni|giorno|gg|g)?$`);
const WEEKS_PATTERN = new RegExp(`^${IN}(\\d{1,2})\\s*(?:w|weeks?|v|veckor|vecka|u|uker|uke|weken|week|settimane|settimana)$`);
const AGO_PATTERN = /^-(\d{1,3})\s*(?:d|days?)?$|^(\d{1,3})\s*days?\s+ago$/;

/** Weekday names by Date#getUTCDay (Sunday = 0), full and short, in every supported language. */
const WEEKDAYS: readonly (readonly string[])[] = [
  ['sunday', 'sun', 'söndag', 'sön', 'søndag', 'søn', 'zondag', 'zo', 'domenica', 'dom'],
  ['monday', 'mon', 'måndag', 'mån', 'mandag', 'man', 'maandag', 'ma', 'lunedì', 'lunedi', 'lun'],
  ['tuesday', 'tue', 'tues', 'tisdag', 'tis', 'tirsdag', 'tir', 'dinsdag', 'di', 'martedì', 'martedi', 'mar'],
  ['wednesday', 'wed', 'onsdag', 'ons', 'woensdag', 'wo', 'mercoledì', 'mercoledi', 'mer'],
  ['thursday', 'thu', 'thur', 'thurs', 'torsdag', 'tors', 'tor', 'donderdag', 'do', 'giovedì', 'giovedi', 'gio'],
  ['friday', 'fri', 'fredag', 'fre', 'vrijdag', 'vr', 'venerdì', 'venerdi', 'ven'],
  ['saturday', 'sat', 'lördag', 'lör', 'lørdag', 'lør', 'zaterdag', 'za', 'sabato', 'sab'],
];
const NEXT_WORD = /^(?:next|nästa|neste|volgende|prossimo|prossima)\s+/;

export type DueParse = { ok: true; date: string } | { ok: false };

/** The due day (YYYY-MM-DD, the rep's calendar) for what the rep typed. Never guesses: `{ ok: false }` when unreadable. */
export function parseDue(input: string, now: Date, utcOffsetMinutes = 0): DueParse {
  const text = input.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  const today = calendarDay(now, utcOffsetMinutes);
  if (!text) return { ok: false };
  if (Object.prototype.hasOwnProperty.call(RELATIVE_WORDS, text)) return { ok: true, date: addDays(today, RELATIVE_WORDS[text]!) };
  const days = DAYS_PATTERN.exec(text);
  if (days) return { ok: true, date: addDays(today, Number(days[1])) };
  const weeks = WEEKS_PATTERN.exec(text);
  if (weeks) return { ok: true, date: addDays(today, Number(weeks[1]) * 7) };
  const ago = AGO_PATTERN.exec(text);
  if (ago) return { ok: true, date: addDays(today, -Number(ago[1] ?? ago[2])) };
  const weekday = WEEKDAYS.findIndex((names) => names.includes(text.replace(NEXT_WORD, '')));
  if (weekday >= 0) {
    const todayIndex = new Date(`${today}T00:00:00Z`).getUTCDay();
    return { ok: true, date: addDays(today, (weekday - todayIndex + 7) % 7 || 7) };
  }
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayMonth = /^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{2}|\d{4}))?$/.exec(text);
  if (dayMonth) {
    const [, day, , month, yearText] = dayMonth;
    const year = yearText ? Number(yearText.length === 2 ? `20${yearText}` : yearText) : Number(today.slice(0, 4));
    const parsed = validDate(year, Number(month), Number(day));
    // Without a year, a day already past this year means next year's.
    if (parsed.ok && !yearText && parsed.date < today) return validDate(year + 1, Number(month), Number(day));
    return parsed;
  }
  const named = namedMonthDate(text);
  if (named) {
    const { day, month, year: givenYear, weekday: givenWeekday } = named;
    const thisYear = Number(today.slice(0, 4));
    let parsed = validDate(givenYear ?? thisYear, month, day);
    if (parsed.ok && givenYear === undefined && parsed.date < today) parsed = validDate(thisYear + 1, month, day);
    // A weekday that does not fit the date means a typo somewhere: refuse rather than guess.
    if (parsed.ok && givenWeekday !== undefined && new Date(`${parsed.date}T00:00:00Z`).getUTCDay() !== givenWeekday) return { ok: false };
    return parsed;
  }
  return { ok: false };
}

const MONTH_LOCALES = ['en-GB', 'en-US', 'sv-SE', 'nb-NO', 'nl-NL', 'it-IT'];
const stripDots = (word: string) => word.normalize('NFC').toLowerCase().replace(/\./g, '');

/** Month names, short and long, in every supported language (from Intl, so they match what formatDay prints). */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const names = new Map<string, number>();
  for (const tag of MONTH_LOCALES) {
    for (const width of ['short', 'long'] as const) {
      const format = new Intl.DateTimeFormat(tag, { month: width, timeZone: 'UTC' });
      for (let month = 1; month <= 12; month++) names.set(stripDots(format.format(new Date(Date.UTC(2020, month - 1, 15)))), month);
    }
  }
  // September as people type it, whichever of the two Intl prints.
  names.set('sept', 9);
  names.set('sep', 9);
  return names;
})();

const WORD = '\\p{L}+';
const DAY_MONTH = new RegExp(`^(?:(${WORD}) )?(\\d{1,2}) (${WORD})(?: (\\d{4}))?$`, 'u');
const MONTH_DAY = new RegExp(`^(?:(${WORD}) )?(${WORD}) (\\d{1,2})(?: (\\d{4}))?$`, 'u');

/** "fri 15 jan 2027", "1 dec", "jan 15 2027": day, month number, optional year and weekday (0 = Sunday). */
function namedMonthDate(text: string): { day: number; month: number; year?: number; weekday?: number } | null {
  const words = text.replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  const dayFirst = DAY_MONTH.exec(words);
  const monthFirst = dayFirst ? null : MONTH_DAY.exec(words);
  const match = dayFirst ? { weekdayName: dayFirst[1], day: dayFirst[2]!, monthName: dayFirst[3]!, year: dayFirst[4] } : monthFirst ? { weekdayName: monthFirst[1], monthName: monthFirst[2]!, day: monthFirst[3]!, year: monthFirst[4] } : null;
  if (!match) return null;
  const month = MONTHS.get(stripDots(match.monthName));
  if (month === undefined) return null;
  let weekday: number | undefined;
  if (match.weekdayName !== undefined) {
    weekday = WEEKDAYS.findIndex((names) => names.includes(stripDots(match.weekdayName!)));
    if (weekday < 0) return null;
  }
  return { day: Number(match.day), month, ...(match.year ? { year: Number(match.year) } : {}), ...(weekday !== undefined ? { weekday } : {}) };
}

function validDate(year: number, month: number, day: number): DueParse {
  if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1) return { ok: false };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return { ok: false };
  return { ok: true, date: date.toISOString().slice(0, 10) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `+01:00` for 60 minutes east of UTC. */
export function offsetText(utcOffsetMinutes: number): string {
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A due day as the instant stored on the activity: the END of that day in the rep's time zone,
 * written with its offset (2027-01-15T23:59:59.999+01:00). A step due today therefore counts as
 * scheduled until midnight, and the rep's calendar day can be read back from the text itself.
 */
export function dueInstant(day: string, utcOffsetMinutes = 0): string {
  return `${day}T23:59:59.999${offsetText(utcOffsetMinutes)}`;
}

/** The rep's calendar day of a stored due instant. */
export function dueDayOf(dueAt: string, utcOffsetMinutes = 0): string {
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+[+-]\d{2}:\d{2}$/.test(dueAt)) return dueAt.slice(0, 10);
  const instant = new Date(dueAt);
  return Number.isNaN(instant.getTime()) ? dueAt.slice(0, 10) : calendarDay(instant, utcOffsetMinutes);
}

/** Before today in the rep's calendar: the form asks before storing such a due date. */
export function isPastDay(day: string, now: Date, utcOffsetMinutes = 0): boolean {
  return day < calendarDay(now, utcOffsetMinutes);
}

const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', nb: 'nb-NO', nl: 'nl-NL', it: 'it-IT' };

/** A calendar day with its weekday, in the reader's language ("Fri 15 Jan 2027"). */
export function formatDay(day: string, locale: Locale): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** When an activity was logged, in the reader's language and the page's time zone. */
export function formatLoggedAt(at: string, locale: Locale): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** "10:32": the time of day of an instant, as the reader writes it. */
export function formatTimeOfDay(at: string, locale: Locale): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(LOCALE_TAGS[locale], { hour: '2-digit', minute: '2-digit' }).format(date);
}

/** 10000 → "10,000" / "10 000" / "10.000" as the reader writes it. */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(LOCALE_TAGS[locale]).format(n);
}
