import type { HistoryPipeline } from '@/lib/metrics/history.schema';
import type { Backtest, BacktestProgress, Driver } from '@/lib/projection';
import { formatPercent } from '@/lib/i18n/format';
import { useI18n } from '../i18n';

/** The backtest per projected quarter: typical error, bias, and how often the range held what was won. */
export function BacktestPanel({ result, progress, periods }: { result: Backtest | null; progress: BacktestProgress | null; periods: string[] }) {
  const { t, locale } = useI18n();
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, locale));
  const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : ''}${formatPercent(v, locale)}`);
  return (
    <section aria-labelledby="projection-backtest-title" data-testid="projection-backtest">
      <h3 id="projection-backtest-title">{t('projection.backtestTitle')}</h3>
      {result === null ? (
        <div role="status" aria-busy="true" data-testid="projection-backtest-running">
          <p class="muted">{progress ? t('projection.backtestProgress', { done: progress.done, total: progress.total }) : t('projection.backtestRunning')}</p>
          <progress max={progress?.total ?? 1} value={progress?.done ?? 0} aria-label={t('projection.backtestTitle')} />
        </div>
      ) : result.rows.length === 0 ? (
        <div class="team-warning" data-testid="projection-backtest-none">
          <p>{t('projection.backtestNone')}</p>
          <ul>
            {result.missing.map((m) => (
              <li key={m.what}>{t(`projection.missing.${m.what}`, { have: m.have, need: m.need })}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <p class="muted">{t('projection.backtestIntro')}</p>
          {result.byHorizon.map((h) =>
            h.error === null || periods[h.horizon] === undefined ? null : (
              <p key={h.horizon} data-testid="projection-expect-error">{t('projection.expectError', { error: `±${formatPercent(h.error, locale)}`, period: periods[h.horizon]! })}</p>
            ),
          )}
          <div class="table-scroll">
            <table class="team-table" data-testid="projection-backtest-table">
              <caption>{t('projection.backtestCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" class="team-table__rep">{t('projection.col.horizon')}</th>
                  <th scope="col">{t('projection.col.compared')}</th>
                  <th scope="col">{t('projection.col.error')}</th>
                  <th scope="col">{t('projection.col.bias')}</th>
                  <th scope="col">{t('projection.col.coverage')}</th>
                </tr>
              </thead>
              <tbody>
                {result.byHorizon.map((h) => (
                  <tr key={h.horizon} data-testid="projection-backtest-row">
                    <th scope="row" class="team-table__rep">{h.horizon === 0 ? t('projection.horizon.0') : t('projection.horizon.n', { n: h.horizon })}</th>
                    <td>{h.quarters}</td>
                    <td data-figure="error">{pct(h.error)}</td>
                    <td data-figure="bias">{signed(h.bias)}</td>
                    <td data-figure="coverage">{pct(h.coverage)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="forecast-formula">{t('projection.backtestFormula')}</p>
        </>
      )}
    </section>
  );
}

/** The levers, largest effect on the last projected quarter first. */
export function DriversPanel({ items, pipelines, money }: { items: Driver[]; pipelines: readonly HistoryPipeline[]; money: (v: number) => string }) {
  const { t } = useI18n();
  const stageName = (pipeline: string, stage: string) => pipelines.find((p) => p.id === pipeline)?.stages.find((s) => s.id === stage)?.name || stage;
  return (
    <section aria-labelledby="projection-drivers-title">
      <h3 id="projection-drivers-title">{t('projection.driversTitle')}</h3>
      <ul class="projection-drivers" data-testid="projection-drivers">
        {items.map((d, i) => {
          const periods = Object.keys(d.change);
          const period = periods[periods.length - 1]!;
          const change = `${d.change[period]! >= 0 ? '+' : ''}${money(d.change[period]!)}`;
          const stages = d.stages.map((s) => stageName(s.pipeline, s.stage)).join(', ');
          if (d.id === 'weakestStage' && d.stages.length === 0) return null;
          return (
            <li key={d.id} data-testid="projection-driver" data-driver={d.id}>
              {t(`projection.driver.${d.id}`, { change, period, stages })}
              {i === 0 ? <span class="projection-badge">{t('projection.driver.top')}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
