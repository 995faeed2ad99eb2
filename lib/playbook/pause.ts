import type { DealPause } from '../model/records.schema';
import { calendarDay, calendarDaysBetween } from './days';

// Pausing a deal: the buyer asked to wait until a date, a budget freeze… The one home of what a
// pause means, in calendar days of the engine's calendar (see days.ts):
// - a pause covers the days from the day it began up to (not including) the day it ended: its
//   wake day (`until`), or the day it was resumed by hand if earlier;
// - it is running on the days it covers; a pause whose wake day has come is over even before the
//   background recorded the wake-up;
// - due dates move on by every paused day from the stage entry on (a running pause counts whole,
//   so the rep sees the dates the deal wakes up to);
// - time in stage, for "stalled", leaves out the paused days up to today.

export type PauseLike = Pick<DealPause, 'since' | 'until' | 'endedAt' | 'reason'>;

/** The days [from, to) a pause covers. */
function coveredDays(pause: PauseLike, utcOffsetMinutes: number): { from: string; to: string } {
  const from = calendarDay(new Date(pause.since), utcOffsetMinutes);
  const ended = pause.endedAt ? calendarDay(new Date(pause.endedAt), utcOffsetMinutes) : pause.until;
  const to = ended < pause.until ? ended : pause.until;
  return { from, to: to < from ? from : to };
}

/** The pause running on `today`, if any. */
export function runningPause<P extends PauseLike>(pauses: readonly P[], today: string, utcOffsetMinutes = 0): P | null {
  return pauses.find((pause) => {
    const { from, to } = coveredDays(pause, utcOffsetMinutes);
    return from <= today && today < to;
  }) ?? null;
}

/** Calendar days covered by pauses from `fromDay` on and before `toDay` (overlaps counted once). */
function daysCovered(pauses: readonly PauseLike[], fromDay: string, toDay: string, utcOffsetMinutes: number): number {
  const spans = pauses
    .map((pause) => coveredDays(pause, utcOffsetMinutes))
    .map(({ from, to }) => ({ from: from < fromDay ? fromDay : from, to: to > toDay ? toDay : to }))
    .filter(({ from, to }) => from < to)
    .sort((a, b) => a.from.localeCompare(b.from));
  let total = 0;
  let reached = fromDay;
  for (const span of spans) {
    const start = span.from > reached ? span.from : reached;
    if (span.to > start) {
      total += calendarDaysBetween(start, span.to);
      reached = span.to;
    }
  }
  return total;
}

/** How far the stage's due dates move: every paused day from the stage entry day on (a running pause whole). */
export function dueShiftDays(pauses: readonly PauseLike[], entryDay: string, utcOffsetMinutes = 0): number {
  return daysCovered(pauses, entryDay, '9999-12-31', utcOffsetMinutes);
}

/** Paused days from the stage entry day up to (not including) today: left out of the time in stage. */
export function pausedDaysSoFar(pauses: readonly PauseLike[], entryDay: string, today: string, utcOffsetMinutes = 0): number {
  return daysCovered(pauses, entryDay, today, utcOffsetMinutes);
}

/** Pauses still marked running whose wake day has come: the background wakes them (and cues the rep). */
export function pausesToWake<P extends PauseLike>(pauses: readonly P[], today: string): P[] {
  return pauses.filter((pause) => pause.endedAt === null && pause.until <= today);
}
