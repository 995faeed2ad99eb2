import { addDays, calendarDay } from '../playbook/days';

// "When is the next step due?" typed the quick way: today, tomorrow, 3d, in 3 days, +3, a weekday
// name is not guessed; an ISO date 2027-01-15 or a day/month(/year) 15/1 or 15.1.2027.
// Words in English, Swedish, Norwegian, Dutch and Italian.

const TODAY = ['today', 'idag', 'i dag', 'vandaag', 'oggi', 'tod'];
const TOMORROW = ['tomorrow', 'imorgon', 'i morgon', 'i morgen', 'imorgen', 'morgen', 'domani', 'tom', 'tmr'];
const DAYS_PATTERN = /^(?:in\s+|om\s+|over\s+|tra\s+|fra\s+|\+)?(\d{1,3})\s*(?:d|days?|dagar|dager|dagen|dag|giorni|giorno|g)?$/;
const WEEKS_PATTERN = /^(?:in\s+|om\s+|over\s+|tra\s+|fra\s+|\+)?(\d{1,2})\s*(?:w|weeks?|veckor|vecka|uker|uke|weken|week|settimane|settimana)$/;

export type DueParse = { ok: true; date: string } | { ok: false };

/** The due day (YYYY-MM-DD, the rep's calendar) for what the rep typed. */
export function parseDue(input: string, now: Date, utcOffsetMinutes = 0): DueParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const today = calendarDay(now, utcOffsetMinutes);
  if (TODAY.includes(text)) return { ok: true, date: today };
  if (TOMORROW.includes(text)) return { ok: true, date: addDays(today, 1) };
  const days = DAYS_PATTERN.exec(text);
  if (days) return { ok: true, date: addDays(today, Number(days[1])) };
  const weeks = WEEKS_PATTERN.exec(text);
  if (weeks) return { ok: true, date: addDays(today, Number(weeks[1]) * 7) };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayMonth = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?$/.exec(text);
  if (dayMonth) {
    const year = dayMonth[3] ? Number(dayMonth[3].length === 2 ? `20${dayMonth[3]}` : dayMonth[3]) : Number(today.slice(0, 4));
    const parsed = validDate(year, Number(dayMonth[2]), Number(dayMonth[1]));
    // Without a year, a day already past this year means next year's.
    if (parsed.ok && !dayMonth[3] && parsed.date < today) return validDate(year + 1, Number(dayMonth[2]), Number(dayMonth[1]));
    return parsed;
  }
  return { ok: false };
}

function validDate(year: number, month: number, day: number): DueParse {
  if (month < 1 || month > 12 || day < 1) return { ok: false };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return { ok: false };
  return { ok: true, date: date.toISOString().slice(0, 10) };
}

/** A due day as the instant stored on the activity: 09:00 of that day in the rep's calendar. */
export function dueInstant(day: string, utcOffsetMinutes = 0): string {
  return new Date(Date.parse(`${day}T09:00:00Z`) - utcOffsetMinutes * 60_000).toISOString();
}
