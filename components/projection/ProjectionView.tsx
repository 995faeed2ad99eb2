import { useEffect, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { formatCount, formatMoney, formatMoneyCompact } from '@/lib/i18n/format';
import { startOfUtcDay } from '@/lib/metrics/dates';
import { UNKNOWN_OWNER } from '@/lib/metrics/from-extension';
import { DEFAULT_QUARTERS, inThreadProjectionRunner, projectionCsvCells, type Backtest, type BacktestProgress, type ProjectionReport, type ProjectionRunner, type TeamProjectionBasis } from '@/lib/projection';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { watchTeamSources } from '@/lib/db/team-sources';
import { MoneyNote } from '../common/MoneyNote';
import { SyncProvenance } from '../team-sync/SyncProvenance';
import { downloadCsv, toCsv } from '../team/csv';
import { BacktestPanel, DriversPanel } from './ProjectionPanels';
import { ProjectionTables } from './ProjectionTables';
import '../team/team.css';
import './projection.css';
import { failureCause } from '@/lib/db/errors';
import { causeText } from '@/lib/i18n/cause';

export interface ProjectionViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Saves a CSV file (tests pass a spy). */
  saveCsv?: (fileName: string, csv: string) => void;
  /** Where the team is read and projected (the entry passes a worker; absent: on this thread). */
  createRunner?: () => ProjectionRunner;
}

/** What the runner has sent for the current figures so far: the history they rest on, then each part. */
interface Computed {
  key: number;
  basis: TeamProjectionBasis | null;
  report: ProjectionReport | null;
  progress: BacktestProgress | null;
  backtest: Backtest | null;
  error: string | null;
}

const TEAM = '';
const QUARTER_CHOICES = [1, 2, 3, 4, 6, 8] as const;

/** The team's projection for the next quarters, with its backtest, drivers and CSV export. */
export function ProjectionView({ db, now = () => new Date(), saveCsv = downloadCsv, createRunner }: ProjectionViewProps) {
  const { t, locale } = useI18n();
  const [quarters, setQuarters] = useState<number>(DEFAULT_QUARTERS);
  const [owner, setOwner] = useState<string>(TEAM);
  const [status, setStatus] = useState('');
  const [computed, setComputed] = useState<Computed | null>(null);
  const [runner] = useState(() => (createRunner ? createRunner() : inThreadProjectionRunner(undefined, watchTeamSources(db))));
  useEffect(() => () => runner.dispose(), [runner]);

  // The team is read and projected off this page's thread, again after each change of its data: what
  // the history holds, then the projection, then the backtest, each shown as it arrives.
  useEffect(() => {
    const key = quarters;
    const update = (change: Partial<Computed>) => setComputed((prev) => (prev?.key === key ? { ...prev, ...change } : prev));
    setComputed({ key, basis: null, report: null, progress: null, backtest: null, error: null });
    runner
      .followTeam(startOfUtcDay(now().getTime()), quarters, (event) => {
        // A new reading of the team: its figures follow.
        if (event.type === 'team') update({ basis: event.basis, report: null, progress: null, backtest: null, error: null });
        else if (event.type === 'projected') update({ report: event.report });
        else if (event.type === 'progress') update({ progress: { done: event.done, total: event.total } });
        else update({ backtest: event.backtest });
      })
      .catch((error: unknown) => {
        if (!(error instanceof DOMException && error.name === 'AbortError')) update({ error: causeText(failureCause(error), t) });
      });
  }, [quarters, runner]);

  const current = computed && computed.key === quarters ? computed : null;
  if (current?.error && !current.basis) return <Notice tone="error" title={t('team.error', { error: current.error })} />;
  if (!current?.basis) return <Notice title={t('projection.loading')} />;
  const model = { ...current.basis, quarters };

  const currency = model.currency;
  const money = (v: number) => formatMoney(Math.round(v), currency, locale);
  const repName = (o: string) => (o === TEAM ? t('team.wholeTeam') : o === UNKNOWN_OWNER ? t('team.noOwner') : o);
  const result = current?.report ?? null;
  const projection = result?.status === 'projected' ? result : null;
  const owners = projection ? Object.keys(projection.owners).sort((a, b) => a.localeCompare(b, locale)) : [];
  const shown = projection && owner !== TEAM && projection.owners[owner] ? owner : TEAM;
  const pipelineName = (id: string) => model.pipelines.find((p) => p.id === id)?.name || id;
  const exportCsv = () => {
    if (!projection) return;
    const header = (['month', 'quarter', 'pipeline', 'product', 'expected', 'count', 'fromOpen', 'fromNew'] as const).map((k) => t(`projection.csv.${k}`));
    const rows = projection.rows.map((r) => ({ ...r, product: r.product || t('projection.noProduct') }));
    const file = `stagecraft-projection-${now().toISOString().slice(0, 10)}.csv`;
    saveCsv(file, toCsv(projectionCsvCells(rows, header, pipelineName)));
    setStatus(t('projection.exported', { file }));
  };

  return (
    <section class="panel projection-view" aria-labelledby="projection-view-title" data-testid="projection-view">
      <h2 id="projection-view-title">{t('projection.title')}</h2>
      <p class="muted">{t('projection.intro')}</p>
      <SyncProvenance provenance={model.synced} now={now} />
      <MoneyNote currency={currency} unpriced={model.unpriced} />
      {/* The quarters stay in place while new figures are worked out, so the choice keeps its focus. */}
      <div class="team-toolbar">
        <div class="field">
          <label for="projection-quarters">{t('projection.quarters')}</label>
          <select id="projection-quarters" value={String(quarters)} onChange={(e) => setQuarters(Number(e.currentTarget.value))} data-testid="projection-quarters">
            {QUARTER_CHOICES.map((n) => (
              <option key={n} value={String(n)}>{n}</option>
            ))}
          </select>
        </div>
        {projection ? (
          <>
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
          </>
        ) : null}
      </div>
      <p class="muted" role="status" aria-live="polite">{status}</p>
      {current?.error ? (
        <Notice tone="error" title={t('projection.failed', { error: current.error })} />
      ) : result === null ? (
        <p class="muted" role="status" aria-busy="true" data-testid="projection-computing">
          {t('projection.computing', { quarters: model.quarters, deals: formatCount(model.deals, locale) })}
        </p>
      ) : result.status !== 'projected' ? (
        <div class="team-warning" role="status" data-testid="projection-missing">
          <p>{t('projection.tooLittle')}</p>
          <ul>
            {result.missing.map((m) => (
              <li key={m.what}>{t(`projection.missing.${m.what}`, { have: m.have, need: m.need })}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <ProjectionTables basis={result.basis} group={shown === TEAM ? result.team : result.owners[shown]!} team={shown === TEAM} rep={repName(shown)} money={money} axisMoney={(v) => formatMoneyCompact(v, currency, locale)} />
          <BacktestPanel result={current?.backtest ?? null} progress={current?.progress ?? null} periods={result.quarterKeys} />
          <DriversPanel items={result.drivers} pipelines={model.pipelines} money={money} />
        </>
      )}
    </section>
  );
}
