import type { ProjectedFigure, ProjectedGroup, ProjectionBasis } from '@/lib/projection';
import { formatPercent } from '@/lib/i18n/format';
import { useI18n } from '../i18n';
import { RangeBars } from '../charts/RangeBars';

const TAGS = { en: 'en-GB', sv: 'sv-SE', nb: 'nb-NO', nl: 'nl-NL', it: 'it-IT' } as const;

/** The quarters (chart, explanation, table) and the months of one group (the team or a rep). */
export function ProjectionTables({ basis, group, team, rep, money, axisMoney }: { basis: ProjectionBasis; group: ProjectedGroup; team: boolean; rep: string; money: (v: number) => string; axisMoney: (v: number) => string }) {
  const { t, locale } = useI18n();
  const count = (v: number) => new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 1 }).format(v);
  const rate = count(basis.newDealsPerMonth);
  const row = (key: string, f: ProjectedFigure, testId: string) => (
    <tr key={key} data-testid={testId} data-period={key}>
      <th scope="row" class="team-table__rep">{key}</th>
      <td data-figure="expected">{money(f.expected)}</td>
      <td data-figure="range">{t('projection.range', { low: money(f.low), high: money(f.high) })}</td>
      <td data-figure="count">{count(f.count)}</td>
      <td data-figure="fromOpen">{t('projection.openDeals', { value: money(f.fromOpen.value), deals: f.fromOpen.deals })}</td>
      <td data-figure="fromNew">{money(f.fromNew.value)}</td>
      <td data-figure="wonSoFar">{f.wonSoFar ? money(f.wonSoFar) : '—'}</td>
    </tr>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col" class="team-table__rep">{first}</th>
        <th scope="col">{t('projection.col.expected')}</th>
        <th scope="col">{t('projection.col.range')}</th>
        <th scope="col">{t('projection.col.count')}</th>
        <th scope="col">{t('projection.col.fromOpen')}</th>
        <th scope="col">{t('projection.col.fromNew')}</th>
        <th scope="col">{t('projection.col.wonSoFar')}</th>
      </tr>
    </thead>
  );
  const quarters = Object.entries(group.quarters);
  return (
    <>
      <RangeBars points={quarters.map(([label, f]) => ({ label, value: f.expected, low: f.low, high: f.high }))} axis={{ format: axisMoney, label: `${t('projection.chart')}: ${rep}` }} />
      {team ? (
        <>
          {quarters.map(([period, f]) => (
            <p key={period} class="projection-explain" data-testid="projection-explain">
              {t('projection.explain', { expected: money(f.expected), period, open: money(f.fromOpen.value), deals: f.fromOpen.deals, new: money(f.fromNew.value), rate })}
            </p>
          ))}
          <p class="muted small" data-testid="projection-basis">
            {t('projection.basis', {
              months: basis.monthsOfHistory,
              open: basis.openDeals,
              rate,
              winRate: basis.winRate === null ? '—' : formatPercent(basis.winRate, locale),
              size: basis.meanWonValue === null ? '—' : money(basis.meanWonValue),
            })}{' '}
            {t(basis.seasonal ? 'projection.seasonal' : 'projection.notSeasonal')}
          </p>
        </>
      ) : null}
      <div class="table-scroll">
        <table class="team-table" data-testid="projection-quarters-table">
          <caption>{t('projection.caption', { rep })}</caption>
          {head(t('projection.col.quarter'))}
          <tbody>{quarters.map(([key, f]) => row(key, f, 'projection-quarter'))}</tbody>
        </table>
      </div>
      <details>
        <summary>{t('projection.monthsTitle')}</summary>
        <div class="table-scroll">
          <table class="team-table" data-testid="projection-months-table">
            <caption>{t('projection.monthsCaption', { rep })}</caption>
            {head(t('projection.col.month'))}
            <tbody>{Object.entries(group.months).map(([key, f]) => row(key, f, 'projection-month'))}</tbody>
          </table>
        </div>
      </details>
    </>
  );
}
