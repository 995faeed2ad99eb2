import { DAY_MS, daysFromCivil, monthIndexOf } from '../metrics/dates';

// The months and quarters a projection covers: from the month of asOf (its remaining days) to the
// end of the N-th quarter counted from the current one, UTC.

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const monthKey = (index: number) => `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1, 2)}`;
export const quarterKeyOfMonth = (index: number) => `${pad(Math.floor(index / 12), 4)}-Q${Math.floor((index % 12) / 3) + 1}`;
export const monthStart = (index: number) => daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1) * DAY_MS;

export interface Horizon {
  asOf: number;
  /** Month index (year × 12 + month − 1) of asOf's month, and how many months are covered. */
  firstMonth: number;
  months: number;
  /** Epoch ms where the horizon ends (exclusive). */
  end: number;
  monthKeys: string[];
  quarterKeys: string[];
  /** Per month offset: its quarter's position in quarterKeys. */
  quarterOf: number[];
  /** Epoch ms each month starts (months + 1 entries; the first is the month's start, before asOf). */
  bounds: number[];
}

export function horizonOf(asOf: number, quarters: number): Horizon {
  const firstMonth = monthIndexOf(asOf);
  const quarterStart = firstMonth - (firstMonth % 3);
  const months = quarterStart + quarters * 3 - firstMonth;
  const monthKeys: string[] = [];
  const quarterKeys: string[] = [];
  const quarterOf: number[] = [];
  for (let i = 0; i < months; i++) {
    const m = firstMonth + i;
    monthKeys.push(monthKey(m));
    const q = quarterKeyOfMonth(m);
    if (quarterKeys[quarterKeys.length - 1] !== q) quarterKeys.push(q);
    quarterOf.push(quarterKeys.length - 1);
  }
  const bounds = Array.from({ length: months + 1 }, (_, i) => monthStart(firstMonth + i));
  return { asOf, firstMonth, months, end: bounds[months]!, monthKeys, quarterKeys, quarterOf, bounds };
}

/** The month offset (0…months−1) an instant falls in, or -1 outside the horizon. */
export function monthOffset(horizon: Horizon, at: number): number {
  if (!(at >= horizon.asOf && at < horizon.end)) return -1;
  const { bounds } = horizon;
  let lo = 0;
  let hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}
