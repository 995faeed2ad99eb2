import { useEffect, useMemo, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { combinedHistory } from '@/lib/forecast/combined-history';
import { formatMoney } from '@/lib/i18n/format';
import { startOfUtcDay } from '@/lib/metrics/dates';
import { UNKNOWN_OWNER } from '@/lib/metrics/from-extension';
import { backtest, DEFAULT_QUARTERS, drivers, project, projectionCsvCells, projectionRows, type Backtest } from '@/lib/projection';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { combineOptions, loadTeamData } from '../team/data';
import { MoneyNote } from '../common/MoneyNote';
import { SyncProvenance } from '../team-sync/SyncProvenance';
import { downloadCsv, toCsv } from '../team/csv';
import { BacktestPanel, DriversPanel } from './ProjectionPanels';
import { ProjectionTables } from './ProjectionTables';
import '../team/team.css';
import './projection.css';

export interface ProjectionViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Saves a CSV file (tests pass a spy). */
  saveCsv?: (fileName: string, csv: string) => void;
}

const TEAM = '';
const QUARTER_CHOICES = [1, 2, 3, 4, 6, 8] as const;

/** The team's projection for the next quarters, with its backtest, drivers and CSV export. */
export function ProjectionView({ db, now = () => new Date(), saveCsv = downloadCsv }: ProjectionViewProps) {
  const { t, locale } = useI18n();
  const data = useLiveQuery(() => loadTeamData(db), [db]);
  const [quarters, setQuarters] = useState<number>(DEFAULT_QUARTERS);
  const [owner, setOwner] = useState<string>(TEAM);
  const [status, setStatus] = useState('');
  const [tested, setTested] = useState<{ key: unknown; result: Backtest } | null>(null);

  const model = useMemo(() => {
    if (data.status !== 'ready') return null;
    // In the team's base currency, as every team page (a deal without a rate counts, its value does not).
    const { history, synced, unpriced } = combinedHistory(data.value.observed, data.value.imported, combineOptions(data.value));
    const asOf = startOfUtcDay(now().getTime());
    return { history, asOf, synced, unpriced, result: project(history, { asOf, quarters }) };
  }, [data, quarters]);

  // The backtest repeats the projection several times: it runs after the projection is on screen.
  useEffect(() => {
    if (!model || model.result.status !== 'projected') return;
    const timer = setTimeout(() => setTested({ key: model, result: backtest(model.history, model.asOf, quarters) }), 0);
    return () => clearTimeout(timer);
  }, [model]);

  if (data.status === 'loading' || !model) return <Notice title={t('projection.loading')} />;
  if (data.status === 'error') return <Notice tone="error" title={t('team.error', { error: data.error })} />;

  const currency = data.value.settings.baseCurrency;
  const money = (v: number) => formatMoney(Math.round(v), currency, locale);
  const repName = (o: string) => (o === TEAM ? t('team.wholeTeam') : o === UNKNOWN_OWNER ? t('team.noOwner') : o);
  const { result } = model;

  return (
    <section class="panel projection-view" aria-labelledby="projection-view-title" data-testid="projection-view">
      <h2 id="projection-view-title">{t('projection.title')}</h2>
      <p class="muted">{t('projection.intro')}</p>
      <SyncProvenance provenance={model.synced} now={now} />
      <MoneyNote currency={currency} unpriced={model.unpriced} />
      {result.status !== 'projected' ? (
        <div class="team-warning" role="status" data-testid="projection-missing">
          <p>{t('projection.tooLittle')}</p>
          <ul>
            {result.missing.map((m) => (
              <li key={m.what}>{t(`projection.missing.${m.what}`, { have: m.have, need: m.need })}</li>
            ))}
          </ul>
        </div>
      ) : (
        (() => {
          const { projection } = result;
          const owners = Object.keys(projection.owners).sort((a, b) => a.localeCompare(b, locale));
          const shown = owner !== TEAM && projection.owners[owner] ? owner : TEAM;
          const group = shown === TEAM ? projection.team : projection.owners[shown]!;
          const pipelineName = (id: string) => model.history.pipelines.find((p) => p.id === id)?.name || id;
          const exportCsv = () => {
            const header = (['month', 'quarter', 'pipeline', 'product', 'expected', 'count', 'fromOpen', 'fromNew'] as const).map((k) => t(`projection.csv.${k}`));
            const rows = projectionRows(projection).map((r) => ({ ...r, product: r.product || t('projection.noProduct') }));
            const file = `stagecraft-projection-${now().toISOString().slice(0, 10)}.csv`;
            saveCsv(file, toCsv(projectionCsvCells(rows, header, pipelineName)));
            setStatus(t('projection.exported', { file }));
          };
          const backtestNow = tested && tested.key === model ? tested.result : null;
          return (
            <>
              <div class="team-toolbar">
                <div class="field">
                  <label for="projection-quarters">{t('projection.quarters')}</label>
                  <select id="projection-quarters" value={String(quarters)} onChange={(e) => setQuarters(Number(e.currentTarget.value))} data-testid="projection-quarters">
                    {QUARTER_CHOICES.map((n) => (
                      <option key={n} value={String(n)}>{n}</option>
                    ))}
                  </select>
                </div>
                <div class="field">
                  <label for="projection-rep">{t('projection.rep')}</label>
                  <select id="projection-rep" value={shown} onChange={(e) => setOwner(e.currentTarget.value)} data-testid="projection-rep">
                    <option value={TEAM}>{t('team.wholeTeam')}</option>
                    {owners.map((o) => (
                      <option key={o} value={o}>{repName(o)}</option>
                    ))}
                  </select>
                </div>
                <button type="button" onClick={exportCsv} data-testid="projection-export">{t('projection.export')}</button>
              </div>
              <p class="muted" role="status" aria-live="polite">{status}</p>
              <ProjectionTables projection={projection} group={group} team={shown === TEAM} rep={repName(shown)} money={money} />
              <BacktestPanel result={backtestNow} periods={projection.horizon.quarterKeys} />
              <DriversPanel items={drivers(projection)} pipelines={model.history.pipelines} money={money} />
            </>
          );
        })()
      )}
    </section>
  );
}
