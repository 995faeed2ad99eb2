import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyCompact } from '@/lib/i18n/format';

// A chart's money axis is short enough for its margin in every language; the table beside the
// chart keeps the exact amount.

describe('money on a chart axis', () => {
  it.each([
    ['en', '€4m', '€4,000,000'],
    ['sv', '4 mn €', '4 000 000 €'],
    ['nb', '4 mill. €', '4 000 000 €'],
    ['nl', '€ 4 mln.', '€ 4.000.000'],
    ['it', '4 Mln €', '4.000.000 €'],
  ] as const)('%s: %s on the axis, %s in the table', (locale, axis, exact) => {
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(plain(formatMoneyCompact(4_000_000, 'EUR', locale))).toBe(axis);
    expect(plain(formatMoney(4_000_000, 'EUR', locale))).toBe(exact);
  });

  it('keeps one decimal where it tells, and works without a currency', () => {
    expect(formatMoneyCompact(2_500_000, 'USD', 'en')).toBe('US$2.5m');
    expect(formatMoneyCompact(750_000, null, 'en')).toBe('750k');
  });
});
