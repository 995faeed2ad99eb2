import { periodKeyOf } from './dates';

// Reporting periods as closed-deal windows (UTC days, `to` inclusive).
export type PeriodChoice = 'quarter' | 'lastQuarter' | 'year' | 'all';

export function periodWindow(choice: PeriodChoice, now: Date): { from?: string; to?: string } {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3);
  const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
  switch (choice) {
    case 'quarter':
      return { from: day(year, quarter * 3, 1), to: day(year, quarter * 3 + 3, 0) };
    case 'lastQuarter':
      return { from: day(year, quarter * 3 - 3, 1), to: day(year, quarter * 3, 0) };
    case 'year':
      return { from: day(year, 0, 1), to: day(year, 11, 31) };
    case 'all':
      return {};
  }
}

/** The forecast period key ("2026-Q4" or "2026-11") an instant falls in (UTC). */
export function periodKey(instant: Date, kind: 'quarter' | 'month'): string {
  return periodKeyOf(instant.getTime(), kind);
}
