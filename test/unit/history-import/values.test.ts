import { describe, expect, it } from 'vitest';
import { detectDateOrder, detectDecimal, parseAmountCell, parseDateCell, parseFlagCell, parseNumberText, parsePercentCell } from '@/lib/history-import/values';

const at = (iso: string) => Date.parse(iso);

describe('dates as the exports write them', () => {
  it.each([
    ['2026-03-01T14:05:00Z', 'mdy', '2026-03-01T14:05:00Z'],
    ['2026-03-01T14:05:00.000+01:00', 'mdy', '2026-03-01T13:05:00Z'],
    ['2026-03-01T14:05:00', 'mdy', '2026-03-01T14:05:00Z'],
    ['2026-03-01', 'mdy', '2026-03-01T00:00:00Z'],
    ['2026-03-01 14:05', 'mdy', '2026-03-01T14:05:00Z'],
    ['2026-03-01 14:05:09', 'dmy', '2026-03-01T14:05:09Z'],
    ['01.03.2026', 'mdy', '2026-03-01T00:00:00Z'],
    ['1.3.2026 9:05', 'mdy', '2026-03-01T09:05:00Z'],
    ['01-03-2026', 'mdy', '2026-03-01T00:00:00Z'],
    ['3/1/2026', 'mdy', '2026-03-01T00:00:00Z'],
    ['3/1/2026', 'dmy', '2026-01-03T00:00:00Z'],
    ['3/1/2026 2:05 PM', 'mdy', '2026-03-01T14:05:00Z'],
    ['3/1/2026, 2:05 PM', 'mdy', '2026-03-01T14:05:00Z'],
    ['01.03.2026, 14:05', 'mdy', '2026-03-01T14:05:00Z'],
    ['3/1/2026 12:30 AM', 'mdy', '2026-03-01T00:30:00Z'],
    ['3/1/26', 'mdy', '2026-03-01T00:00:00Z'],
    [' 2026-03-01 ', 'mdy', '2026-03-01T00:00:00Z'],
  ] as const)('%s (%s) → %s', (text, order, expected) => {
    expect(parseDateCell(text, order)).toBe(at(expected));
  });

  it.each(['', '31.02.2026', '2026-02-30', '2026-13-01', '13/13/2026', '2026-03-01 25:00', '3/1/2026 13:00 PM', 'yesterday', '2026/03/01x', '0001-01-01', '1.3', '45000'])(
    '%j is not a date',
    (text) => expect(parseDateCell(text, 'mdy')).toBeNull(),
  );

  it('votes the order of slash dates: a part above 12 decides', () => {
    expect(detectDateOrder(['3/1/2026', '12/25/2026'])).toBe('mdy');
    expect(detectDateOrder(['3/1/2026', '25/12/2026'])).toBe('dmy');
    expect(detectDateOrder(['3/1/2026', '2026-01-01'])).toBeNull();
  });
});

describe('amounts', () => {
  it.each([
    ['12000', '.', 12000, null],
    ['8500.5', '.', 8500.5, null],
    ['12,500.00', '.', 12500, null],
    ['12.500,00', ',', 12500, null],
    ['1 234 567,89', ',', 1234567.89, null],
    ['1\u00A0234,5', ',', 1234.5, null],
    ["1'234.50", '.', 1234.5, null],
    ['USD 12,000.00', '.', 12000, 'USD'],
    ['12.000,00 EUR', ',', 12000, 'EUR'],
    ['€1,200', '.', 1200, 'EUR'],
    ['1 200 €', ',', 1200, 'EUR'],
    ['12 500 kr', ',', 12500, null],
    ['$1,000.00', '.', 1000, null],
    ['0,5', ',', 0.5, null],
    ['.5', '.', 0.5, null],
    ['1.2E+05', '.', 120000, null],
    ['-500', '.', -500, null],
    ['(500)', '.', -500, null],
  ] as const)('%j (decimal %s) → %s %s', (text, decimal, value, currency) => {
    expect(parseAmountCell(text, decimal)).toEqual({ value, currency });
  });

  it.each([
    ['12,5k', '.'],
    ['12,5k', ','],
    ['12,5', '.'],
    ['1.2.3', ','],
    ['1,23,456', '.'],
    ['12 34', ','],
    ['abc', '.'],
    ['10 apples', '.'],
    ['1.234.56', ','],
    ['--5', '.'],
    ['', '.'],
  ] as const)('%j (decimal %s) is not a number', (text, decimal) => {
    expect(parseAmountCell(text, decimal)).toBeNull();
  });

  it('plain numbers keep to the decimal separator', () => {
    expect(parseNumberText('1,234', '.')).toBe(1234);
    expect(parseNumberText('1,234', ',')).toBe(1.234);
    expect(parseNumberText('1.234', ',')).toBe(1234);
  });

  it('votes the decimal separator from a sample', () => {
    expect(detectDecimal(['12.500,00', '8.000,50'])).toBe(',');
    expect(detectDecimal(['12,500.00', '1000'])).toBe('.');
    expect(detectDecimal(['8500.5'])).toBe('.');
    expect(detectDecimal(['12,5'])).toBe(',');
    expect(detectDecimal(['1.234.567'])).toBe(',');
    expect(detectDecimal(['1,234', '5,000'])).toBeNull();
    expect(detectDecimal(['100', '200'])).toBeNull();
  });

  it('percentages', () => {
    expect(parsePercentCell('35', '.')).toBe(0.35);
    expect(parsePercentCell('35 %', '.')).toBe(0.35);
    expect(parsePercentCell('12,5%', ',')).toBe(0.125);
    expect(parsePercentCell('140', '.')).toBeNull();
  });

  it('flags', () => {
    expect(['1', 'true', 'Yes', 'ja', 'x'].map(parseFlagCell)).toEqual([true, true, true, true, true]);
    expect(['0', 'FALSE', 'no', 'nej', 'nee'].map(parseFlagCell)).toEqual([false, false, false, false, false]);
    expect(parseFlagCell('')).toBeNull();
    expect(parseFlagCell('maybe')).toBeUndefined();
  });
});
