import { describe, expect, it } from 'vitest';
import { computeKpis, EMPTY_KPI_INPUTS, parseSpendCsv, type KpiInputs } from '@/lib/kpi';
import { repairSettings } from '@/lib/model/settings.schema';
import { history } from '../metrics/build';
import { note } from '@/lib/model/detail-note';
import { detailText } from '@/lib/i18n/detail-text';
import { createTranslator } from '@/lib/i18n';
import type { Locale } from '@/lib/model/settings.schema';

// KPI formulas on a small history computed by hand. Window: the three full months before
// 2026-04-15 (January–March 2026).

const h = history({
  deals: [
    { id: 'd1', createdAt: '2026-01-10T09:00:00Z', status: 'won', closedAt: '2026-02-05T09:00:00Z', value: 1000, source: 'Ads' },
    { id: 'd2', createdAt: '2026-01-20T09:00:00Z', status: 'won', closedAt: '2026-03-10T09:00:00Z', value: 3000, source: 'Ads' },
    { id: 'd3', createdAt: '2026-02-01T09:00:00Z', status: 'won', closedAt: '2026-03-20T09:00:00Z', value: 2000, source: 'Referral' },
    { id: 'd4', createdAt: '2026-03-02T09:00:00Z', status: 'lost', closedAt: '2026-03-25T09:00:00Z', value: 9000, source: 'Ads' },
    { id: 'd5', createdAt: '2026-03-05T09:00:00Z', status: 'open', value: 7000 },
    { id: 'd6', createdAt: '2025-12-01T09:00:00Z', status: 'won', closedAt: '2026-01-15T09:00:00Z', value: 4000 },
    { id: 'r1', pipeline: 'p2', createdAt: '2026-01-02T09:00:00Z', status: 'won', closedAt: '2026-02-10T09:00:00Z', value: 500 },
    { id: 'r2', pipeline: 'p2', createdAt: '2026-01-03T09:00:00Z', status: 'lost', closedAt: '2026-03-01T09:00:00Z', value: 500 },
    { id: 'r3', pipeline: 'p2', createdAt: '2025-11-03T09:00:00Z', status: 'lost', closedAt: '2026-01-05T09:00:00Z', value: 500 },
    { id: 'r4', pipeline: 'p2', createdAt: '2025-11-03T09:00:00Z', status: 'won', closedAt: '2025-12-20T09:00:00Z', value: 500 },
  ],
});
const AS_OF = Date.parse('2026-04-15T00:00:00Z');
const inputs: KpiInputs = {
  spend: [
    { month: '2026-01', channel: 'Ads', amount: 600 },
    { month: '2026-02', channel: 'Ads', amount: 600 },
    { month: '2026-03', channel: 'Ads', amount: 800 },
    { month: '2026-03', channel: 'Events', amount: 300 },
    { month: '2025-12', channel: 'Ads', amount: 999 },
  ],
  annualChurn: 0.25,
  grossMargin: 0.6,
  renewalsPipeline: 'p2',
};

describe('KPI formulas', () => {
  const k = computeKpis(h, inputs, AS_OF, 3);

  it('new deals and new customers per month, and their month-over-month growth', () => {
    expect(k.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(k.newDeals).toEqual([2, 1, 2]); // renewals are not new business
    expect(k.newDealsGrowth).toEqual([null, -0.5, 1]);
    expect(k.newCustomers).toEqual([1, 1, 2]);
    expect(k.newCustomersGrowth).toEqual([null, 0, 1]);
    expect(k.revenue).toEqual([4000, 1000, 5000]);
  });

  it('revenue per channel, and CAC = spend ÷ new customers of the channel', () => {
    expect(k.channels).toEqual(['', 'Ads', 'Referral', 'Events']);
    expect(k.revenueByChannel.Ads).toEqual([0, 1000, 3000]);
    expect(k.spendByChannel.Ads).toEqual([600, 600, 800]); // December's spend is outside the window
    expect(k.byChannel).toEqual([
      { channel: '', revenue: 4000, customers: 1, spend: 0, cac: null, ltvToCac: null },
      { channel: 'Ads', revenue: 4000, customers: 2, spend: 2000, cac: 1000, ltvToCac: 2.25 },
      { channel: 'Referral', revenue: 2000, customers: 1, spend: 0, cac: null, ltvToCac: null },
      { channel: 'Events', revenue: 0, customers: 0, spend: 300, cac: null, ltvToCac: null },
    ]);
    expect(k.blended).toEqual({ spend: 2300, customers: 4, cac: 575, ltvToCac: 2250 / 575 });
  });

  it('churn measured on the renewals pipeline; LTV = ARPA × margin ÷ churn', () => {
    expect(k.churn).toEqual({ annual: 2 / 3, source: 'measured', renewalsClosed: 3, renewalsLost: 2 });
    expect(k.grossMargin).toEqual({ value: 0.6, source: 'entered' });
    expect(k.arpa).toBe(2500);
    expect(k.ltv).toBeCloseTo(2250, 9);
  });

  it('without a renewals pipeline the entered churn is used; without churn or margin there is no LTV', () => {
    const entered = computeKpis(h, { ...inputs, renewalsPipeline: null }, AS_OF, 3);
    expect(entered.churn).toMatchObject({ annual: 0.25, source: 'entered' });
    expect(entered.arpa).toBe(2100); // the renewal won in February counts as a customer now
    expect(entered.ltv).toBeCloseTo((2100 * 0.6) / 0.25, 9);
    const none = computeKpis(h, EMPTY_KPI_INPUTS, AS_OF, 3);
    expect(none.churn).toMatchObject({ annual: null, source: null });
    expect(none.ltv).toBeNull();
    expect(none.blended.cac).toBeNull();
  });
});

describe('marketing spend as CSV', () => {
  it('reads comma and semicolon files, any column order, decimal commas with semicolons', () => {
    expect(parseSpendCsv('month,channel,amount\r\n2026-01,Google Ads,"1,200.50"\r\n2026-01,Events,300\r\n')).toEqual({
      entries: [
        { month: '2026-01', channel: 'Events', amount: 300 },
        { month: '2026-01', channel: 'Google Ads', amount: 1200.5 },
      ],
      errors: [],
    });
    expect(parseSpendCsv('\uFEFFChannel;Amount;Month\nLinkedIn;1.200,50;2026-02\n').entries).toEqual([{ month: '2026-02', channel: 'LinkedIn', amount: 1200.5 }]);
  });

  it('names every bad row by its line, and takes nothing then', () => {
    expect(parseSpendCsv('month,channel,amount\n2026-13,Ads,5\n2026-01,,5\n2026-01,Ads,-3\n2026-02,Ads,4\n')).toEqual({
      entries: [],
      errors: [
        { line: 2, message: 'month: "2026-13" is not a month YYYY-MM', note: note('notAMonth', { value: '2026-13' }, 'month') },
        { line: 3, message: 'channel: empty', note: note('emptyText', undefined, 'channel') },
        { line: 4, message: 'amount: "-3" is not an amount ≥ 0', note: note('notAnAmount', { value: '-3' }, 'amount') },
      ],
    });
    const missing = parseSpendCsv('month,amount\n2026-01,5').errors;
    expect(missing).toEqual([{ line: 1, message: 'missing column channel (expected month, channel, amount)', note: note('missingColumns', { names: { list: ['channel'] }, expected: { list: ['month', 'channel', 'amount'] } }) }]);
    // The page says it in its language; the column names are the file's own.
    const say = (e: (typeof missing)[number], locale: Locale) => detailText({ detail: e.message, note: e.note }, createTranslator(locale), locale);
    expect(say(missing[0]!, 'sv')).toBe('kolumnen channel saknas (förväntade month, channel, amount)');
    const bad = parseSpendCsv('month,channel,amount\n2026-13,Ads,5\n2026-01,Ads,x\n').errors;
    expect(bad.map((e) => say(e, 'it'))).toEqual(['month: «2026-13» non è un mese come 2026-03', 'amount: «x» non è un importo pari o superiore a 0']);
    expect(bad.map((e) => say(e, 'nb'))).toEqual(['month: «2026-13» er ikke en måned som 2026-03', 'amount: «x» er ikke et beløp på 0 eller mer']);
  });
});

describe('stored KPI inputs', () => {
  it('are repaired row by row: a bad spend row is dropped, the rest and the other settings kept', () => {
    const repaired = repairSettings({
      defaultRotDays: 30,
      kpiInputs: { spend: [{ month: '2026-01', channel: 'Ads', amount: 5 }, { month: 'soon', channel: 'Ads', amount: 5 }], annualChurn: 7, grossMargin: 0.5, renewalsPipeline: 'p2' },
    });
    expect(repaired.defaultRotDays).toBe(30);
    expect(repaired.kpiInputs).toEqual({ spend: [{ month: '2026-01', channel: 'Ads', amount: 5 }], annualChurn: null, grossMargin: 0.5, renewalsPipeline: 'p2' });
    expect(repairSettings({ kpiInputs: 'garbage' }).kpiInputs).toEqual(EMPTY_KPI_INPUTS);
  });
});
