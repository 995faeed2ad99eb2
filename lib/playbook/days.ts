// Calendar days as YYYY-MM-DD strings. "Due today" and "overdue" are calendar-day questions, and
// a deal's CRM has no reliable time zone, so the engine uses one clock consistently: UTC by
// default, or the rep's own calendar when the caller passes its offset (the side panel passes the
// browser's). Day arithmetic is done on UTC dates: no daylight-saving surprises.

export const DAY_MS = 86_400_000;

/** The calendar day of `instant` for a clock `utcOffsetMinutes` east of UTC (0 = UTC). */
export function calendarDay(instant: Date, utcOffsetMinutes = 0): string {
  return new Date(instant.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Fractional days from `from` to `to`. */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

/** Whole calendar days from day `from` to day `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The instant `days` × 24 h after `iso`, as an ISO string. */
export function addDaysToInstant(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}
