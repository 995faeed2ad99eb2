import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { formatMoney, formatMoneyCompact, formatPercent } from '@/lib/i18n/format';
import { RHYTHM_RUNGS, type kpiRhythm, type Kpis } from '@/lib/kpi';
import { rhythmMeasured, rhythmStep } from '@/lib/maturity/assess';
import { useMaturityText } from '../team/maturity-text';
import { isHubspotSource } from '@/lib/crm/hubspot/sources';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { useTeamFigures, type CreateTeamFiguresRunner } from '../team/useTeamFigures';
import { MoneyNote } from '../common/MoneyNote';
import { SyncProvenance } from '../team-sync/SyncProvenance';
import { downloadCsv, toCsv, type CsvCell } from '../team/csv';
import { LineChart } from '../charts/LineChart';
import { KpiInputsForm } from './KpiInputsForm';
import '../team/team.css';
import '../projection/projection.css';
import { StoredFiguresNote } from '../team/StoredFiguresNote';

export interface KpiViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Saves a CSV file (tests pass a spy). */
  saveCsv?: (fileName: string, csv: string) => void;
  /** Where the figures are worked out (the entry passes a worker; absent: on this thread). */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

/** Channels drawn in the revenue chart (the rest are in the table). */
const CHART_CHANNELS = 6;

/** The KPI dashboard: growth, revenue per lead channel, CAC, churn and LTV, each with its source. */
export function KpiView({ db, now = () => new Date(), saveCsv = downloadCsv, createFiguresRunner }: KpiViewProps) {
  const { t, locale } = useI18n();
  const [openedAt] = useState(() => now().getTime());
  // Worked out off this page's thread (lib/team-figures), again when the team's data or the inputs change.
  const figures = useTeamFigures(db, createFiguresRunner, { page: 'kpi', now: openedAt });
  const [status, setStatus] = useState('');
  const maturityText = useMaturityText();

  if (figures.status === 'loading') return <Notice title={t('kpi.loading')} />;
  if (figures.status === 'error') return <Notice tone="error" title={t('team.error', { error: figures.error })} />;
  const model = figures.value;
  const { kpis, currency } = model;
  const money = (v: number | null) => (v === null ? '—' : formatMoney(Math.round(v), currency, locale));
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, locale));
  const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${formatPercent(v, locale)}`);
  const ratio = (v: number | null) => (v === null ? '—' : t('kpi.ratio', { value: new Intl.NumberFormat(locale === 'nb' ? 'nb-NO' : locale, { maximumFractionDigits: 1 }).format(v) }));
  // HubSpot gives its source types as an enum: named in the user's language, as HubSpot does.
  const channelName = (c: string) => (c === '' ? t('kpi.noChannel') : isHubspotSource(c) ? t(`kpi.source.${c}`) : c);
  const last = kpis.months.length - 1;
  const month = kpis.months[last]!;
  const empty = kpis.newDeals.every((n) => n === 0) && kpis.newCustomers.every((n) => n === 0);

  const churnSource = kpis.churn.source === 'measured' ? t('kpi.source.churnMeasured', { lost: kpis.churn.renewalsLost, closed: kpis.churn.renewalsClosed }) : kpis.churn.source === 'entered' ? t('kpi.source.entered') : t('kpi.missing.churn');
  const rows: { id: string; label: string; value: string; change?: string; source: string }[] = [
    { id: 'newDeals', label: t('kpi.row.newDeals', { month }), value: String(kpis.newDeals[last]), change: signed(kpis.newDealsGrowth[last] ?? null), source: t('kpi.source.measured') },
    { id: 'newCustomers', label: t('kpi.row.newCustomers', { month }), value: String(kpis.newCustomers[last]), change: signed(kpis.newCustomersGrowth[last] ?? null), source: t('kpi.source.measured') },
    { id: 'revenue', label: t('kpi.row.revenue', { month }), value: money(kpis.revenue[last]!), change: signed(kpis.revenue[last - 1] ? (kpis.revenue[last]! - kpis.revenue[last - 1]!) / kpis.revenue[last - 1]! : null), source: t('kpi.source.measured') },
    { id: 'cac', label: t('kpi.row.cac'), value: money(kpis.blended.cac), source: kpis.blended.cac === null && kpis.blended.spend === 0 ? t('kpi.missing.spend') : kpis.blended.customers === 0 ? t('kpi.missing.customers') : t('kpi.source.mixed') },
    { id: 'churn', label: t('kpi.row.churn'), value: pct(kpis.churn.annual), source: churnSource },
    { id: 'margin', label: t('kpi.row.margin'), value: pct(kpis.grossMargin.value), source: kpis.grossMargin.source ? t('kpi.source.entered') : t('kpi.missing.margin') },
    { id: 'arpa', label: t('kpi.row.arpa'), value: money(kpis.arpa), source: t('kpi.source.measured') },
    { id: 'ltv', label: t('kpi.row.ltv'), value: money(kpis.ltv), source: kpis.ltv === null ? t('kpi.missing.ltv') : t('kpi.source.ltv', { churn: kpis.churn.source === 'measured' ? t('kpi.source.measured').toLowerCase() : t('kpi.source.entered').toLowerCase() }) },
    { id: 'ltvToCac', label: t('kpi.row.ltvToCac'), value: ratio(kpis.blended.ltvToCac), source: kpis.blended.ltvToCac === null ? (kpis.ltv === null ? t('kpi.missing.ltv') : t('kpi.missing.spend')) : t('kpi.source.mixed') },
  ];

  const exportCsv = () => {
    const table: CsvCell[][] = [
      [
        t('kpi.col.month'), t('kpi.col.newDeals'), t('kpi.col.newDealsGrowth'), t('kpi.col.newCustomers'), t('kpi.col.newCustomersGrowth'), t('kpi.col.revenue'),
        ...kpis.channels.map((c) => t('kpi.csv.revenueOf', { channel: channelName(c) })),
        ...kpis.channels.map((c) => t('kpi.csv.spendOf', { channel: channelName(c) })),
      ],
      ...kpis.months.map((m, i) => [
        m, kpis.newDeals[i]!, share(kpis.newDealsGrowth[i]!), kpis.newCustomers[i]!, share(kpis.newCustomersGrowth[i]!), kpis.revenue[i]!,
        ...kpis.channels.map((c) => kpis.revenueByChannel[c]![i]!),
        ...kpis.channels.map((c) => kpis.spendByChannel[c]![i]!),
      ]),
    ];
    const file = `stagecraft-kpis-${now().toISOString().slice(0, 10)}.csv`;
    saveCsv(file, toCsv(table));
    setStatus(t('kpi.exported', { file }));
  };

  const chartChannels = kpis.channels.slice(0, CHART_CHANNELS);
  return (
    <section class="panel kpi-view" aria-labelledby="kpi-view-title" data-testid="kpi-view">
      <h2 id="kpi-view-title">{t('kpi.title')}</h2>
      <p class="muted">{t('kpi.intro')}</p>
      <StoredFiguresNote storedAt={figures.storedAt} now={now} />
      <SyncProvenance provenance={model.synced} now={now} />
      <MoneyNote currency={currency} unpriced={model.unpriced} />
      {empty ? <p class="team-warning" data-testid="kpi-empty">{t('kpi.empty')}</p> : null}
      <div class="team-toolbar">
        <button type="button" onClick={exportCsv} data-testid="kpi-export">{t('kpi.export')}</button>
      </div>
      <p class="muted" role="status" aria-live="polite">{status}</p>
      <div class="table-scroll">
        <table class="team-table" data-testid="kpi-summary">
          <caption>{t('kpi.summaryCaption', { month })}</caption>
          <thead>
            <tr>
              <th scope="col" class="team-table__rep">{t('kpi.col.kpi')}</th>
              <th scope="col">{t('kpi.col.value')}</th>
              <th scope="col">{t('kpi.col.change')}</th>
              <th scope="col" class="team-table__rep">{t('kpi.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="kpi-row" data-kpi={r.id}>
                <th scope="row" class="team-table__rep">{r.label}</th>
                <td data-figure="value">{r.value}</td>
                <td data-figure="change">{r.change ?? ''}</td>
                <td class="team-table__rep kpi-source" data-figure="source">{r.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="forecast-formula">{t('kpi.formula')}</p>
      <RhythmNote rhythm={model.rhythm} text={maturityText} />

      <h3>{t('kpi.trendTitle')}</h3>
      <LineChart
        labels={kpis.months}
        series={[
          { name: t('kpi.series.newDeals'), values: kpis.newDeals },
          { name: t('kpi.series.newCustomers'), values: kpis.newCustomers },
        ]}
        axis={{ format: (v) => String(v), label: t('kpi.trendTitle') }}
      />
      <MonthsTable kpis={kpis} money={money} signed={signed} />

      <h3>{t('kpi.channelTrendTitle')}</h3>
      {chartChannels.length ? (
        <LineChart labels={kpis.months} series={chartChannels.map((c) => ({ name: channelName(c), values: kpis.revenueByChannel[c]! }))} axis={{ format: (v) => formatMoneyCompact(v, currency, locale), label: t('kpi.channelTrendTitle') }} />
      ) : null}
      <div class="table-scroll">
        <table class="team-table" data-testid="kpi-channels">
          <caption>{t('kpi.channelsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" class="team-table__rep">{t('kpi.col.channel')}</th>
              <th scope="col">{t('kpi.col.revenue')}</th>
              <th scope="col">{t('kpi.col.customers')}</th>
              <th scope="col">{t('kpi.col.spend')}</th>
              <th scope="col">{t('kpi.col.cac')}</th>
              <th scope="col">{t('kpi.row.ltvToCac')}</th>
            </tr>
          </thead>
          <tbody>
            {kpis.byChannel.map((c) => (
              <tr key={c.channel} data-testid="kpi-channel" data-channel={c.channel}>
                <th scope="row" class="team-table__rep">{channelName(c.channel)}</th>
                <td>{money(c.revenue)}</td>
                <td>{c.customers}</td>
                <td>{c.spend ? money(c.spend) : '—'}</td>
                <td data-figure="cac">{money(c.cac)}</td>
                <td>{ratio(c.ltvToCac)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <KpiInputsForm db={db} inputs={model.inputs} pipelines={model.pipelines} channels={kpis.channels} currency={currency} />
    </section>
  );
}

/** Which of the KPIs process maturity's KPI rhythm asks for can be measured, and what the next one needs. */
function RhythmNote({ rhythm, text }: { rhythm: ReturnType<typeof kpiRhythm>; text: ReturnType<typeof useMaturityText> }) {
  const { t } = useI18n();
  const step = rhythmStep(rhythm);
  return (
    <section class="kpi-rhythm" aria-labelledby="kpi-rhythm-title" data-testid="kpi-rhythm" data-score={rhythm.score}>
      <h3 id="kpi-rhythm-title">{t('kpi.rhythmTitle', { score: rhythm.score, total: RHYTHM_RUNGS.length })}</h3>
      <p class="muted">{text(rhythmMeasured(rhythm))}</p>
      {step ? (
        <p data-testid="kpi-rhythm-next">
          <strong>{t('kpi.rhythmNext')}</strong> {text(step)}
        </p>
      ) : null}
    </section>
  );
}

const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);

function MonthsTable({ kpis, money, signed }: { kpis: Kpis; money: (v: number) => string; signed: (v: number | null) => string }) {
  const { t } = useI18n();
  return (
    <div class="table-scroll">
      <table class="team-table" data-testid="kpi-months">
        <caption>{t('kpi.monthsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col" class="team-table__rep">{t('kpi.col.month')}</th>
            <th scope="col">{t('kpi.col.newDeals')}</th>
            <th scope="col">{t('kpi.col.newDealsGrowth')}</th>
            <th scope="col">{t('kpi.col.newCustomers')}</th>
            <th scope="col">{t('kpi.col.newCustomersGrowth')}</th>
            <th scope="col">{t('kpi.col.revenue')}</th>
          </tr>
        </thead>
        <tbody>
          {kpis.months.map((m, i) => (
            <tr key={m} data-testid="kpi-month" data-month={m}>
              <th scope="row" class="team-table__rep">{m}</th>
              <td>{kpis.newDeals[i]}</td>
              <td>{signed(kpis.newDealsGrowth[i]!)}</td>
              <td>{kpis.newCustomers[i]}</td>
              <td>{signed(kpis.newCustomersGrowth[i]!)}</td>
              <td>{money(kpis.revenue[i]!)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
