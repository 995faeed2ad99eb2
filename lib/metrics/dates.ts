// Dates of the metrics engine: ISO 8601 instants → epoch milliseconds (parsed once, at validation),
// UTC calendar days, and forecast periods. Pure arithmetic on the proleptic Gregorian calendar —
// no Date parsing, no time zone but UTC, so the figures do not depend on the machine.

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a UTC calendar date (month 1–12). Any year, unlike Date.UTC (years < 100). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The UTC calendar date (month 1–12) of an epoch-ms instant. */
export function civilFromMs(ms: number): { year: number; month: number; day: number } {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (year: number, month: number): number => (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1]!);

/** `count` decimal digits of `text` from `at` as a number, or -1. */
export function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1; // NaN past the end is no digit either
    value = value * 10 + c;
  }
  return value;
}

/**
 * Epoch ms of an ISO 8601 instant, or null. An instant is a date, a time and an offset:
 *   YYYY-MM-DD T hh:mm[:ss[.fraction]] (Z | ±hh:mm | ±hhmm | ±hh)
 * - accepted: `2026-01-05T09:00:00Z`, `2026-01-05T09:00:00.000+02:00`, `2026-01-05T09:00Z`, lower-case
 *   `t`/`z` (RFC 3339 allows them), a decimal comma; fractions beyond milliseconds are truncated;
 * - rejected: a date alone (`2026-01-05` is a day, not an instant — it has no time and no offset),
 *   a time without offset (local time is not an instant), impossible dates (`2026-02-30`), hour 24,
 *   leap second 60, a space instead of `T`, expanded years (±YYYYYY), anything else (`not a date`).
 */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string' || text.length < 17) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const t = text.charCodeAt(10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (t !== 84 && t !== 116) || text.charCodeAt(13) !== 58) return null;
  if (day > daysInMonth(year, month)) return null;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(i) === 58 /* : */) {
    second = digits(text, i + 1, 2);
    if (second < 0 || second > 59) return null;
    i += 3;
    const sep = text.charCodeAt(i);
    if (sep === 46 /* . */ || sep === 44 /* , */) {
      i++;
      const start = i;
      let scale = 100;
      for (let c = text.charCodeAt(i) - 48; c >= 0 && c <= 9; c = text.charCodeAt(++i) - 48) {
        millis += c * scale;
        scale /= 10;
      }
      if (i === start) return null;
      millis = Math.floor(millis + 1e-9);
    }
  }
  let offsetMinutes: number;
  const zone = text.charCodeAt(i);
  if (zone === 90 || zone === 122 /* Z z */) {
    if (i + 1 !== text.length) return null;
    offsetMinutes = 0;
  } else if (zone === 43 || zone === 45 /* + - */) {
    const oh = digits(text, i + 1, 2);
    let om = 0;
    let end = i + 3;
    if (end < text.length) {
      const colon = text.charCodeAt(end) === 58 ? 1 : 0;
      om = digits(text, end + colon, 2);
      end += colon + 2;
    }
    if (oh < 0 || oh > 23 || om < 0 || om > 59 || end !== text.length) return null;
    offsetMinutes = (zone === 45 ? -1 : 1) * (oh * 60 + om);
  } else return null;
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/** Epoch ms of 00:00Z of a UTC calendar day written `YYYY-MM-DD`, or null (2026-02-30 is no day). */
export function parseDay(text: string): number | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return daysFromCivil(year, month, day) * DAY_MS;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of the UTC day an instant falls in. */
export function dayString(ms: number): string {
  const { year, month, day } = civilFromMs(ms);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** 00:00Z of the UTC day an instant falls in. */
export const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

// ---------------------------------------------------------------------------------------------
// Forecast periods: a calendar quarter "2026-Q1" or a calendar month "2026-03", in UTC.

export type PeriodKind = 'quarter' | 'month';
const PERIOD = /^(\d{4})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

/** Months since year 0 (year × 12 + month − 1): a cheap numeric key for "the month an instant is in". */
export const monthIndexOf = (ms: number): number => {
  const { year, month } = civilFromMs(ms);
  return year * 12 + month - 1;
};

/** A period as the month indexes it covers: [first, last] inclusive (one month, or three). */
export function periodMonths(period: string): [number, number] | null {
  const m = PERIOD.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  if (m[2]) {
    const first = year * 12 + (Number(m[2]) - 1) * 3;
    return [first, first + 2];
  }
  const month = year * 12 + Number(m[3]) - 1;
  return [month, month];
}

/** [start, end) in epoch ms of a period "YYYY-Qn" / "YYYY-MM" (UTC), or null if it is neither. */
export function periodRange(period: string): [number, number] | null {
  const months = periodMonths(period);
  if (!months) return null;
  const start = (index: number) => daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1) * DAY_MS;
  return [start(months[0]), start(months[1] + 1)];
}

export const isPeriod = (period: string): boolean => PERIOD.test(period);

/** The period key ("2026-Q4" or "2026-11") an instant falls in (UTC). */
export function periodKeyOf(ms: number, kind: PeriodKind): string {
  const { year, month } = civilFromMs(ms);
  return kind === 'quarter' ? `${pad(year, 4)}-Q${Math.floor((month - 1) / 3) + 1}` : `${pad(year, 4)}-${pad(month, 2)}`;
}
