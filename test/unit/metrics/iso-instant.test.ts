import { describe, expect, it } from 'vitest';
import { isoInstant } from '@/lib/metrics/iso-instant';

// A history file's instants are written without a Date; they must read exactly as Date#toISOString's.

const iso = (ms: number) => new Date(ms).toISOString();

describe('isoInstant writes what toISOString writes', () => {
  it('every eleventh day from year 0 to 9999, and the first and last days of each year and those around the end of February, at times across the day', () => {
    const start = new Date('0000-01-01T00:00:00.000Z').getTime();
    const end = new Date('9999-12-31T23:59:59.999Z').getTime();
    const check = (at: number) => {
      if (isoInstant(at) !== iso(at)) expect(isoInstant(at)).toBe(iso(at));
    };
    for (let ms = start, k = 0; ms <= end; ms += 11 * 86_400_000, k++) check(ms + ((k * 7_919_993) % 86_400_000));
    for (let year = 0; year <= 9999; year++) {
      const jan1 = new Date(0).setUTCFullYear(year, 0, 1);
      for (const day of [0, 57, 58, 59, 364, 365]) check(jan1 + day * 86_400_000 + ((year * 7_919_993) % 86_400_000));
    }
    expect(isoInstant(end)).toBe('9999-12-31T23:59:59.999Z');
    expect(isoInstant(start)).toBe('0000-01-01T00:00:00.000Z');
    expect(isoInstant(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(isoInstant(Date.UTC(2024, 1, 29, 9, 5, 7, 30))).toBe('2024-02-29T09:05:07.030Z');
  });

  it('years outside 0000–9999 and fractions of a millisecond as Date writes them; what is no date throws as Date does', () => {
    for (const ms of [Date.UTC(10_000, 0, 1), Date.UTC(-1, 11, 31, 23, 59), 8.64e15, -8.64e15, 1.5, -0.5]) expect(isoInstant(ms)).toBe(iso(ms));
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) expect(() => isoInstant(ms)).toThrow(RangeError);
  });
});
