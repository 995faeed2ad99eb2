import { formatPercent } from '@/lib/i18n/format';
import { useI18n } from '../i18n';
import { ChartTable } from '../charts/ChartTable';

export interface FunnelRow {
  label: string;
  me: number | null;
  team: number | null;
}

/**
 * Stage-to-stage conversion as paired bars (me, team), with the same numbers in a table behind it.
 * SVG sized for the side panel; colours follow the theme. `me` names the first bar (a rep's name on
 * the team page).
 */
export function Funnel({ rows, me }: { rows: readonly FunnelRow[]; me?: string }) {
  const { t, locale } = useI18n();
  const rowHeight = 34;
  const labelWidth = 0;
  const width = 320;
  const height = rows.length * rowHeight;
  const pct = (v: number | null) => (v === null ? t('scorecard.none') : formatPercent(v, locale));
  return (
    <>
      <svg class="funnel" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={t('scorecard.funnel')} data-testid="funnel">
        {rows.map((row, i) => {
          const y = i * rowHeight;
          const bar = (value: number | null) => Math.max(2, (value ?? 0) * (width - labelWidth - 60));
          return (
            <g key={row.label}>
              <title>{t('scorecard.funnelRow', { stage: row.label, me: pct(row.me), team: pct(row.team) })}</title>
              <text x={0} y={y + 11} class="funnel__label">{row.label}</text>
              <rect x={labelWidth} y={y + 14} width={bar(row.me)} height={8} rx={2} class="funnel__me" />
              <rect x={labelWidth} y={y + 23} width={bar(row.team)} height={8} rx={2} class="funnel__team" />
              <text x={width} y={y + 22} text-anchor="end" class="funnel__value">{pct(row.me)}</text>
              <text x={width} y={y + 31} text-anchor="end" class="funnel__value funnel__value--team">{pct(row.team)}</text>
            </g>
          );
        })}
      </svg>
      <ChartTable
        title={t('scorecard.funnel')}
        categories={rows.map((row) => row.label)}
        series={[
          { name: me ?? t('scorecard.me'), values: rows.map((row) => row.me) },
          { name: t('scorecard.team'), values: rows.map((row) => row.team) },
        ]}
        columns={{ category: t('chart.step'), format: pct }}
      />
    </>
  );
}
