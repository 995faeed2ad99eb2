import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { KpiView } from '@/components/kpi/KpiView';
import { allByTestId, button, byLabel, byTestId, cleanup, click, mount, pickFile, select, text, type, waitFor } from '../helpers/render';
import { fileDeal, PIPELINES } from '../metrics/build';

// The KPI tab over an imported history: every KPI with its value and where it comes from, the
// monthly table behind the chart, revenue and CAC per lead channel, the entered inputs saved to
// the settings (typed, and imported from CSV with its bad rows named), and the CSV export.

const NOW = new Date('2026-04-15T10:00:00.000Z');
let db: StagecraftDb;

const deals = [
  fileDeal({ id: 'd1', createdAt: '2026-01-10T09:00:00Z', status: 'won', closedAt: '2026-02-05T09:00:00Z', value: 1000, source: 'Ads' }),
  fileDeal({ id: 'd2', createdAt: '2026-01-20T09:00:00Z', status: 'won', closedAt: '2026-03-10T09:00:00Z', value: 3000, source: 'Ads' }),
  fileDeal({ id: 'd3', createdAt: '2026-02-01T09:00:00Z', status: 'won', closedAt: '2026-03-20T09:00:00Z', value: 2000, source: 'Referral' }),
  fileDeal({ id: 'd4', createdAt: '2026-03-02T09:00:00Z', status: 'lost', closedAt: '2026-03-25T09:00:00Z', value: 9000, source: 'Ads' }),
  fileDeal({ id: 'r1', pipeline: 'p2', createdAt: '2026-01-02T09:00:00Z', status: 'won', closedAt: '2026-02-10T09:00:00Z', value: 500 }),
  fileDeal({ id: 'r2', pipeline: 'p2', createdAt: '2026-01-03T09:00:00Z', status: 'lost', closedAt: '2026-03-01T09:00:00Z', value: 500 }),
];

beforeEach(async () => {
  db = openDatabase(`test-kpi-view-${Math.random()}`);
  await db.histories.put({ id: 'h1', name: 'history.json', format: 'scorecard', importedAt: '2026-04-01T00:00:00.000Z', history: { version: 1, pipelines: PIPELINES, deals, activities: [], forecasts: [] } });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

const row = (root: HTMLElement, id: string) => {
  const tr = root.querySelector(`[data-testid="kpi-row"][data-kpi="${id}"]`)!;
  return [text(tr.querySelector('[data-figure="value"]')), text(tr.querySelector('[data-figure="change"]')), text(tr.querySelector('[data-figure="source"]'))];
};

describe('KPI view', () => {
  it('shows each KPI with its source, says what to enter, and computes CAC and LTV once entered', async () => {
    const save = vi.fn();
    const { container } = await mount(<KpiView db={db} now={() => NOW} saveCsv={save} />);
    await waitFor(() => expect(allByTestId(container, 'kpi-month')).toHaveLength(12));
    // No renewals pipeline named yet: renewals count as new business. March: d4 after February: d3.
    expect(row(container, 'newDeals')).toEqual(['1', '0%', 'Measured']);
    expect(row(container, 'newCustomers')).toEqual(['2', '0%', 'Measured']); // d2, d3 after d1, r1
    expect(row(container, 'revenue')).toEqual(['€5,000', '+233%', 'Measured']);
    expect(row(container, 'cac')).toEqual(['—', '', 'Missing: enter marketing spend']);
    expect(row(container, 'churn')).toEqual(['—', '', 'Missing: enter churn, or choose the renewals pipeline']);
    expect(row(container, 'ltv')).toEqual(['—', '', 'Missing: churn and gross margin']);
    expect(container.querySelector('svg.chart title')?.textContent).toBe('New deals and new customers per month');

    // Enter margin, name the renewals pipeline, type one month of spend, import the rest from CSV.
    const margin = byLabel(container, 'Gross margin (%)');
    await type(margin, '60');
    margin.dispatchEvent(new Event('change', { bubbles: true }));
    await select(byLabel<HTMLSelectElement>(container, 'Renewals pipeline (measures churn)'), 'p2');
    await waitFor(async () => expect((await loadSettings(db)).kpiInputs).toMatchObject({ grossMargin: 0.6, renewalsPipeline: 'p2' }));
    await type(byLabel(container, 'Month'), '2026-01');
    await type(byLabel(container, 'Lead channel'), 'Ads');
    await type(byLabel(container, 'Amount'), '600');
    await click(button(container, 'Add spend'));
    await waitFor(async () => expect((await loadSettings(db)).kpiInputs.spend).toEqual([{ month: '2026-01', channel: 'Ads', amount: 600 }]));

    const input = byLabel(container, 'Import spend from CSV (columns month, channel, amount)');
    await pickFile(input, new File(['month,channel,amount\n2026-02,Ads,nope\n2026-13,Ads,5\n'], 'spend.csv', { type: 'text/csv' }));
    await waitFor(() => expect(text(byTestId(container, 'kpi-inputs-status'))).toContain('Nothing imported; fix these rows:'));
    expect([...byTestId(container, 'kpi-inputs-status').querySelectorAll('li')].map(text)).toEqual(['Line 2: amount: “nope” is not an amount of 0 or more', 'Line 3: month: “2026-13” is not a month such as 2026-03']);
    await pickFile(input, new File(['month,channel,amount\n2026-02,Ads,600\n2026-03,Ads,800\n'], 'spend.csv', { type: 'text/csv' }));
    await waitFor(() => expect(text(byTestId(container, 'kpi-inputs-status'))).toBe('Imported 2 rows of spend.'));

    // Ads: 2 000 spent for 2 new customers; churn measured: r2 lost of r1, r2; ARPA = 6 000 ÷ 3.
    await waitFor(() => expect(row(container, 'cac')).toEqual(['€667', '', 'Spend entered, customers measured']));
    expect(text(container.querySelector('[data-testid="kpi-channel"][data-channel="Ads"] [data-figure="cac"]'))).toBe('€1,000');
    expect(row(container, 'churn')).toEqual(['50%', '', 'Measured: 1 of 2 renewals lost']);
    expect(row(container, 'margin')).toEqual(['60%', '', 'Entered']);
    expect(row(container, 'ltv')).toEqual(['€2,400', '', 'Revenue measured, margin entered, churn measured']);
    expect(row(container, 'ltvToCac')[0]).toBe('3.6 : 1');

    await click(button(container, 'Export CSV'));
    const [file, csv] = save.mock.calls[0]! as [string, string];
    expect(file).toBe('stagecraft-kpis-2026-04-15.csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Month,New deals,Growth,New customers,Growth,Revenue won,Revenue: Ads,Revenue: Referral,Spend: Ads,Spend: Referral');
    expect(lines.at(-1)).toBe('2026-03,1,0,2,1,5000,3000,2000,800,0'); // renewals left out now
    expect(lines).toHaveLength(13);
  });

  it('says which KPIs process maturity’s KPI rhythm finds measurable, and what the next one needs', async () => {
    const { container } = await mount(<KpiView db={db} now={() => NOW} />);
    await waitFor(() => byTestId(container, 'kpi-rhythm'));
    const note = byTestId(container, 'kpi-rhythm');
    expect(text(note.querySelector('h3'))).toBe('KPI rhythm for process maturity: 0 of 4');
    // December had no new deal and January no win: only March's growth of both can be measured. No
    // renewals pipeline is named, so r1 (500, no channel) is new business: 6 000 of 6 500 has a channel.
    expect(text(note.querySelector('p'))).toBe(
      'Month-over-month growth of new deals and customers measurable in 1 of the last 3 months. Won value with a lead channel: 92%. Marketing spend entered for 0 of the last 3 months. LTV: no churn rate and no gross margin yet.',
    );
    expect(text(byTestId(container, 'kpi-rhythm-next'))).toBe(
      'Next: Record every new deal and every win in the CRM as it happens: month-over-month growth of new deals and customers needs deals created and won in each month, and can be measured in 1 of the last 3 months.',
    );
  });

  it('a stored spend list that was damaged keeps its good rows', async () => {
    await updateSettings(db, { kpiInputs: { spend: [{ month: '2026-03', channel: 'Ads', amount: 100 }], annualChurn: 0.2, grossMargin: null, renewalsPipeline: null } });
    const { container } = await mount(<KpiView db={db} now={() => NOW} />, 'it');
    await waitFor(() => expect(text(byTestId(container, 'kpi-view').querySelector('h2'))).toBe('KPI'));
    expect(row(container, 'churn')).toEqual(['20%', '', 'Inserito']);
    expect(row(container, 'margin')).toEqual(['—', '', 'Manca: inserisci il margine lordo']);
  });

  it('money in the team’s base currency: a USD deal converted at the rate, a deal without a rate counted but left out of money and named', async () => {
    await db.histories.put({
      id: 'h2',
      name: 'usd.json',
      format: 'scorecard',
      importedAt: '2026-04-02T00:00:00.000Z',
      history: {
        version: 1,
        pipelines: PIPELINES,
        deals: [
          { ...fileDeal({ id: 'u1', createdAt: '2026-02-01T09:00:00Z', status: 'won', closedAt: '2026-03-12T09:00:00Z', value: 1000, source: 'Ads' }), currency: 'USD' },
          { ...fileDeal({ id: 'k1', createdAt: '2026-02-01T09:00:00Z', status: 'won', closedAt: '2026-03-14T09:00:00Z', value: 50000, source: 'Ads' }), currency: 'SEK' },
        ],
        activities: [],
        forecasts: [],
      },
    });
    await updateSettings(db, { baseCurrency: 'EUR', baseCurrencyFrom: 'manager', currencyRates: { USD: 0.9 } });
    const { container } = await mount(<KpiView db={db} now={() => NOW} />);
    // March: d2 3 000 + d3 2 000 + u1 1 000 × 0.9 = 5 900 €; k1 is a customer with no value in EUR.
    await waitFor(() => expect(row(container, 'revenue')[0]).toBe('€5,900'));
    expect(row(container, 'newCustomers')[0]).toBe('4');
    expect(text(byTestId(container, 'money-currency'))).toBe('Money in EUR.');
    expect(text(byTestId(container, 'money-unpriced'))).toBe('1 deal (SEK) is left out of money figures: no conversion rate to EUR. Add rates in Team settings.');
  });

  it('names HubSpot’s source types in the user’s language, a channel the team named as it is', async () => {
    await db.histories.put({
      id: 'h3',
      name: 'hubspot.json',
      format: 'scorecard',
      importedAt: '2026-04-02T00:00:00.000Z',
      history: { version: 1, pipelines: PIPELINES, deals: [fileDeal({ id: 'hs1', createdAt: '2026-02-01T09:00:00Z', status: 'won', closedAt: '2026-03-12T09:00:00Z', value: 700, source: 'PAID_SEARCH' })], activities: [], forecasts: [] },
    });
    const { container } = await mount(<KpiView db={db} now={() => NOW} />);
    const channel = (id: string) => text(container.querySelector(`[data-testid="kpi-channel"][data-channel="${id}"] th`));
    await waitFor(() => expect(channel('PAID_SEARCH')).toBe('Paid search'));
    expect(channel('Referral')).toBe('Referral');
  });
});
