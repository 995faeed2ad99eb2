// Epoch ms → the ISO 8601 text Date#toISOString gives ("2026-01-05T09:00:00.000Z"), written without
// a Date: a history file has a few instants per deal, and toISOString was a seventh of the import
// command's time on a 700 000-deal export. Years outside 0000–9999 (written "+010000-…"), fractions
// of a millisecond and what is no date at all are left to Date itself, with its RangeError.

import { civilFromMs, DAY_MS as DAY } from './dates';

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/** Day texts worked out so far ("2026-01-05T"): exports repeat few days over many rows. */
const days = new Map<number, string>();

/** "2026-01-05T" of the day that starts at `dayStart` (epoch ms). */
function dayText(dayStart: number): string {
  const { year, month, day } = civilFromMs(dayStart);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T`;
}

// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z.
const FIRST = -62_167_219_200_000;
const LAST = 253_402_300_799_999;

export function isoInstant(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST || ms > LAST) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= 100_000) days.clear();
    days.set(day, (date = dayText(day * DAY)));
  }
  let rest = ms - day * DAY;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${date}${pad2(hour)}:${pad2(minute)}:${pad2(second)}.${pad3(milli)}Z`;
}
