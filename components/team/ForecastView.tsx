import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { isClosedPeriod, type PeriodAccuracy } from '@/lib/forecast/accuracy';
import { forecastAmount } from '@/lib/forecast/forecast';
import { formatDate, formatMoney, formatMoneyCompact, formatPercent } from '@/lib/i18n/format';
import { UNKNOWN_OWNER } from '@/lib/metrics/from-extension';
import { WHOLE_TEAM as TEAM } from '@/lib/team-figures';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { MoneyNote } from '../common/MoneyNote';
import { SyncProvenance } from '../team-sync/SyncProvenance';
import { LineChart } from '../charts/LineChart';
import { useTeamFigures, type CreateTeamFiguresRunner } from './useTeamFigures';
import './team.css';
import { StoredFiguresNote } from './StoredFiguresNote';

export interface ForecastViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Where the figures are worked out (the entry passes a worker; absent: on this thread). */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

const CATEGORIES = ['commit', 'bestCase', 'pipeline', 'closed'] as const;

/** Per period and rep: the locked weekly snapshots, and forecast against won once the period closed. */
export function ForecastView({ db, now = () => new Date(), createFiguresRunner }: ForecastViewProps) {
  const { t, locale } = useI18n();
  const [openedAt] = useState(() => now().getTime());
  const [chosenPeriod, setPeriod] = useState<string | null>(null);
  const [owner, setOwner] = useState<string>(TEAM);
  // Worked out off this page's thread (lib/team-figures), again when a choice or the team's data changes.
  const figures = useTeamFigures(db, createFiguresRunner, { page: 'forecast', now: openedAt, period: chosenPeriod, owner });

  if (figures.status === 'loading') return <Notice title={t('team.loading')} />;
  if (figures.status === 'error') return <Notice tone="error" title={t('team.error', { error: figures.error })} />;
  const model = { ...figures.value, at: new Date(openedAt), owners: [...figures.value.owners].sort((a, b) => a.localeCompare(b, locale)) };

  const currency = model.currency; // every figure is in the team's base currency
  const money = (v: number) => formatMoney(Math.round(v), currency, locale);
  const pct = (v: number | null) => (v === null ? t('scorecard.none') : formatPercent(v, locale));
  const repName = (o: string) => (o === TEAM ? t('team.wholeTeam') : o === UNKNOWN_OWNER ? t('team.noOwner') : o);
  const period = model.period;
  const closed = (p: string) => isClosedPeriod(p, model.at);
  const periodName = (p: string) => t(closed(p) ? 'forecast.periodClosed' : 'forecast.periodOpen', { period: p });

  const weeks = model.weeks;
  const accuracyRows = model.accuracy.filter((row) => (owner === TEAM ? row.owner === null : row.owner === owner));
  const basis = (row: PeriodAccuracy) =>
    row.source === 'snapshot' || row.source === 'reconstructed' ? t(`forecast.source.${row.source}`, { week: formatDate(row.week!, locale) }) : t(`forecast.source.${row.source}`);
  // Periods the CRM's history cannot give this rep's (or, for the team, any rep's) forecast of record for.
  const gapPeriods = model.gaps.filter((g) => owner === TEAM || g.owners.includes(owner));
  const gapText = gapPeriods.map((g) => (owner === TEAM ? `${g.period} (${g.owners.map(repName).join(', ')})` : g.period)).join('; ');
  const signedPct = (v: number | null) => (v === null ? t('scorecard.none') : `${v > 0 ? '+' : ''}${formatPercent(v, locale)}`);
  const signedMoney = (v: number) => `${v > 0 ? '+' : ''}${money(v)}`;

  return (
    <section class="panel forecast-view" aria-labelledby="forecast-view-title" data-testid="forecast-view">
      <h2 id="forecast-view-title">{t('forecast.title')}</h2>
      <p class="muted">{t('forecast.intro')}</p>
      <StoredFiguresNote storedAt={figures.storedAt} now={now} />
      <SyncProvenance provenance={model.synced} now={now} />
      <MoneyNote currency={currency} unpriced={model.unpriced} />
      {model.periods.length === 0 ? (
        <Notice title={t('forecast.empty')} />
      ) : (
        <>
          <div class="team-toolbar">
            <div class="field">
              <label for="forecast-period">{t('forecast.period')}</label>
              <select id="forecast-period" value={period ?? ''} onChange={(e) => setPeriod(e.currentTarget.value)} data-testid="forecast-period">
                {model.periods.map((p) => (
                  <option key={p} value={p}>{periodName(p)}</option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="forecast-rep">{t('forecast.rep')}</label>
              <select id="forecast-rep" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} data-testid="forecast-rep">
                <option value={TEAM}>{t('team.wholeTeam')}</option>
                {model.owners.map((o) => (
                  <option key={o} value={o}>{repName(o)}</option>
                ))}
              </select>
            </div>
          </div>

          {weeks.length ? (
            <div class="table-scroll">
              <table class="team-table" data-testid="forecast-weeks">
                <caption>{t('forecast.snapshotsCaption', { rep: repName(owner), period: period! })}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="team-table__rep">{t('forecast.week')}</th>
                    {CATEGORIES.map((c) => (
                      <th key={c} scope="col">{t(`forecast.cat.${c}`)}</th>
                    ))}
                    <th scope="col">{t('forecast.weighted')}</th>
                    <th scope="col">{t('forecast.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((row) => (
                    <tr key={row.week} data-testid="forecast-week" data-week={row.week}>
                      <th scope="row" class="team-table__rep">
                        {formatDate(row.week, locale)}
                        {row.reconstructed ? (
                          <span class="muted small" data-testid="forecast-week-reconstructed">
                            {' · '}
                            {t('forecast.reconstructedMark')}
                          </span>
                        ) : null}
                      </th>
                      {CATEGORIES.map((c) => (
                        <td key={c}>{money(row.categories[c] ?? 0)}</td>
                      ))}
                      <td>{money(row.weightedPipeline)}</td>
                      <td>{money(forecastAmount(row))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted" data-testid="forecast-no-snapshots">{t('forecast.noSnapshots')}</p>
          )}

          {weeks.some((w) => w.reconstructed) ? <p class="muted small">{t('forecast.reconstructedNote')}</p> : null}

          <h3>{t('forecast.accuracyTitle')}</h3>
          {gapPeriods.length ? (
            <p class="muted" data-testid="forecast-gaps">
              {t('forecast.gaps', { periods: gapText })}
            </p>
          ) : null}
          <p class="forecast-formula">{t('forecast.formula')}</p>
          {accuracyRows.length ? (
            <>
              <ForecastChart rows={accuracyRows} title={t('chart.forecastTitle', { rep: repName(owner) })} money={money} axisMoney={(v) => formatMoneyCompact(v, currency, locale)} />
              <div class="table-scroll">
                <table class="team-table" data-testid="forecast-accuracy">
                  <caption>{t('forecast.accuracyCaption', { rep: repName(owner) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col" class="team-table__rep">{t('forecast.periodCol')}</th>
                      <th scope="col">{t('forecast.amount')}</th>
                      <th scope="col">{t('forecast.actual')}</th>
                      <th scope="col">{t('forecast.error')}</th>
                      <th scope="col">{t('forecast.bias')}</th>
                      <th scope="col">{t('forecast.accuracy')}</th>
                      <th scope="col" class="team-table__rep">{t('forecast.basis')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {accuracyRows.map((row) => (
                      <tr key={row.period} data-testid="forecast-accuracy-row" data-period={row.period} aria-current={row.period === period ? 'true' : undefined}>
                        <th scope="row" class="team-table__rep">{row.period}</th>
                        <td>{money(row.forecast)}</td>
                        <td>{money(row.actual)}</td>
                        <td data-figure="error">{signedMoney(row.error)}</td>
                        <td data-figure="bias" class={row.bias === null ? undefined : row.bias > 0 ? 'figure--over' : row.bias < 0 ? 'figure--under' : undefined}>{signedPct(row.bias)}</td>
                        <td data-figure="accuracy">{pct(row.accuracy)}</td>
                        <td class="team-table__rep">{basis(row)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p class="muted" data-testid="forecast-no-closed">{t('forecast.noClosed')}</p>
          )}
        </>
      )}
    </section>
  );
}

/** Forecast against won, closed period by closed period (oldest first): the accuracy table's own figures. */
function ForecastChart({ rows, title, money, axisMoney }: { rows: readonly PeriodAccuracy[]; title: string; money: (v: number) => string; axisMoney: (v: number) => string }) {
  const { t } = useI18n();
  const ordered = [...rows].sort((a, b) => a.period.localeCompare(b.period));
  return (
    <>
      <h4 class="chart-title">{title}</h4>
      <LineChart
        labels={ordered.map((row) => row.period)}
        series={[
          { name: t('forecast.amount'), values: ordered.map((row) => row.forecast) },
          { name: t('forecast.actual'), values: ordered.map((row) => row.actual) },
        ]}
        axis={{ format: axisMoney, label: title }}
        table={{ category: t('forecast.periodCol'), format: (v) => (v === null ? t('scorecard.none') : money(v)) }}
        testId="forecast-chart"
      />
    </>
  );
}
