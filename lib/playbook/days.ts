// Calendar days as YYYY-MM-DD strings in the rep's time zone (given as an offset), so "due
// today" means the rep's today. Day arithmetic is done on UTC dates: no daylight-saving surprises.

const DAY_MS = 86_400_000;

/** The calendar day of `instant` for a clock `utcOffsetMinutes` east of UTC. */
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
