import { SyncProvenance } from '../team-sync/SyncProvenance';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { TEAM_MEASURES, type MeasureId, type MeasureKind, type RepMeasures, type TeamViewData } from '@/lib/forecast/team-view';
import type { Locale } from '@/lib/model/settings.schema';
import type { MessageKey } from '@/lib/i18n';
import { detailText } from '@/lib/i18n/detail-text';
import type { PeriodChoice } from '@/lib/metrics/periods';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { LiveStatus } from '../options/fields';
import { MoneyNote } from '../common/MoneyNote';
import { MeasureCells, repLabel, TeamRows } from './TeamRows';
import { downloadCsv, toCsv, type CsvCell } from './csv';
import { useTeamFigures, type CreateTeamFiguresRunner } from './useTeamFigures';
import { TeamCharts } from './TeamCharts';
import './team.css';
import { StoredFiguresNote } from './StoredFiguresNote';

export interface TeamViewProps {
  db: StagecraftDb;
  now?: () => Date;
  /** Where the figures are worked out (the entry passes a worker; absent: on this thread). */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

const PERIODS: PeriodChoice[] = ['quarter', 'lastQuarter', 'year', 'all'];

/** Column labels: the side panel's Scorecard labels, so both speak the same words. */
export const MEASURE_LABELS: Record<MeasureId, MessageKey> = {
  winRateCount: 'scorecard.winRateCount',
  winRateValue: 'scorecard.winRateValue',
  avgDeal: 'scorecard.avgDeal',
  medianDeal: 'scorecard.medianDeal',
  medianCycle: 'scorecard.medianCycle',
  velocity: 'scorecard.velocity',
  weighted: 'scorecard.weighted',
  stalled: 'scorecard.stalled',
  adoption: 'scorecard.adoption',
  nextStepShare: 'scorecard.nextStepShare',
  activitiesPerDeal: 'team.activitiesPerDeal',
};

type Column = 'rep' | MeasureId;
type Direction = 'ascending' | 'descending';

/** Raw values for the CSV: ratios 0–1 and money unformatted, so a spreadsheet can compute with them. */
const csvValue = (kind: MeasureKind, value: number | null): CsvCell => {
  if (value === null) return null;
  const digits = kind === 'percent' ? 4 : kind === 'count' ? 0 : 2;
  return Number(value.toFixed(digits));
};

/** The reps in the order chosen: by name, or by a measure with reps without a value last and ties by name. */
function sortedReps(reps: readonly RepMeasures[], sort: { column: Column; direction: Direction }, repName: (owner: string | null) => string, locale: Locale): RepMeasures[] {
  // One collator for the whole sort: localeCompare with a language looks its rules up on every call
  // (a 200-rep team's sort took the page's thread for 220 ms on a loaded machine).
  const collator = new Intl.Collator(locale);
  const byName = (a: RepMeasures, b: RepMeasures) => collator.compare(repName(a.owner), repName(b.owner));
  const column = sort.column;
  if (column === 'rep') return [...reps].sort((a, b) => (sort.direction === 'ascending' ? byName(a, b) : byName(b, a)));
  const value = TEAM_MEASURES.find((m) => m.id === column)!.value;
  return [...reps].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === y) return byName(a, b);
    if (x === null) return 1; // no value: always last
    if (y === null) return -1;
    return sort.direction === 'ascending' ? x - y : y - x;
  });
}

/** Every rep's scorecard for a period: sortable, each with a funnel against the team, exportable as CSV. */
export function TeamView({ db, now = () => new Date(), createFiguresRunner }: TeamViewProps) {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState<PeriodChoice>('quarter');
  const [sort, setSort] = useState<{ column: Column; direction: Direction }>({ column: 'rep', direction: 'ascending' });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const headerRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const [openedAt] = useState(() => now().getTime());
  // Worked out off this page's thread (lib/team-figures), again when the period or the team's data changes.
  const figures = useTeamFigures(db, createFiguresRunner, { page: 'team', now: openedAt, period });

  const ready = figures.status === 'ready' ? figures.value.view : null;
  const repName = useCallback((owner: string | null) => repLabel(owner, t), [t]);
  const rows = useMemo(() => (ready ? sortedReps(ready.reps, sort, repName, locale) : []), [ready, sort, repName, locale]);
  const toggle = useCallback(
    (owner: string) =>
      setExpanded((current) => {
        const next = new Set(current);
        if (next.has(owner)) next.delete(owner);
        else next.add(owner);
        return next;
      }),
    [],
  );
  // The charts follow once every row is drawn (they repeat the rows' figures, and cost as much to draw).
  const [charted, setCharted] = useState<TeamViewData | null>(null);
  const latest = useRef(ready);
  latest.current = ready;
  const onDrawn = useCallback(() => setCharted(latest.current), []);

  if (figures.status === 'loading') return <Notice title={t('team.loading')} />;
  if (figures.status === 'error') return <Notice tone="error" title={t('team.error', { error: figures.error })} />;
  const { view } = figures.value;
  const currency = view.currency;

  const columns: Column[] = ['rep', ...TEAM_MEASURES.map((m) => m.id)];
  const label = (column: Column) => (column === 'rep' ? t('team.rep') : t(MEASURE_LABELS[column]));

  const sortBy = (column: Column) =>
    setSort((current) =>
      current.column === column
        ? { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { column, direction: column === 'rep' ? 'ascending' : 'descending' },
    );
  const headerKeyDown = (index: number, event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      // Handled here (not by the button's own click), so a key press sorts exactly once.
      event.preventDefault();
      sortBy(columns[index]!);
      return;
    }
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? columns.length - 1 : null;
    if (next === null || next < 0 || next >= columns.length) return;
    event.preventDefault();
    headerRefs.current[next]?.focus();
  };
  const exportCsv = () => {
    const table: CsvCell[][] = [
      columns.map(label),
      ...[...rows, view.team].map((rep) => [repName(rep.owner), ...TEAM_MEASURES.map((m) => csvValue(m.kind, m.value(rep)))]),
    ];
    const file = `stagecraft-team-${period}-${now().toISOString().slice(0, 10)}.csv`;
    downloadCsv(file, toCsv(table));
    setStatus(t('team.exported', { file }));
  };

  const periodLabel = t(`scorecard.period.${period}`);
  const empty = view.reps.length === 0;

  return (
    <section class="panel team-view" aria-labelledby="team-view-title" data-testid="team-view">
      <h2 id="team-view-title">{t('team.title')}</h2>
      <p class="muted">{t('team.intro')}</p>
      <div class="team-toolbar">
        <div class="field">
          <label for="team-period">{t('scorecard.period')}</label>
          <select id="team-period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as PeriodChoice)} data-testid="team-period">
            {PERIODS.map((p) => (
              <option key={p} value={p}>{t(`scorecard.period.${p}`)}</option>
            ))}
          </select>
        </div>
        <button type="button" onClick={exportCsv} disabled={empty} data-testid="team-export">{t('team.export')}</button>
      </div>
      {view.rejected.map((r) => (
        <p key={r.id} class="team-warning" role="alert" data-testid="team-rejected">{t('team.rejected', { name: r.name, error: detailText({ detail: r.error, note: r.note }, t, locale) })}</p>
      ))}
      <StoredFiguresNote storedAt={figures.storedAt} now={now} />
      {empty ? (
        <Notice title={t('team.empty')} />
      ) : (
        <>
          <SyncProvenance provenance={view.synced} now={now} />
          <p class="muted small" data-testid="team-sources">{t('team.sources', { observed: view.observedDeals, imported: view.importedDeals, files: view.importCount })}</p>
          <MoneyNote currency={currency} unpriced={view.unpriced} />
          <p class="muted small" id="team-sort-hint">{t('team.sortHint')}</p>
          <div class="table-scroll">
            <table class="team-table team-grid" role="table" style={{ '--measures': TEAM_MEASURES.length }} data-testid="team-table" aria-describedby="team-sort-hint">
              <caption>{t('team.caption', { period: periodLabel })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  {columns.map((column, i) => {
                    const active = sort.column === column;
                    return (
                      <th key={column} scope="col" role="columnheader" aria-sort={active ? sort.direction : undefined} class={column === 'rep' ? 'team-table__rep' : undefined}>
                        <button
                          type="button"
                          class="sort-button"
                          ref={(el) => void (headerRefs.current[i] = el)}
                          data-testid={`sort-${column}`}
                          onClick={() => sortBy(column)}
                          onKeyDown={(e) => headerKeyDown(i, e)}
                          onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
                        >
                          {label(column)}
                          <span class="sort-button__arrow" aria-hidden="true">{active ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}</span>
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <TeamRows rows={rows} view={view} expanded={expanded} columns={columns.length} onToggle={toggle} onDrawn={onDrawn} />
              <tfoot role="rowgroup">
                <tr role="row" data-testid="team-total">
                  <th scope="row" role="rowheader" class="team-table__rep">{t('team.wholeTeam')}</th>
                  <MeasureCells rep={view.team} currency={currency} />
                </tr>
              </tfoot>
            </table>
          </div>
          {charted ? <TeamCharts view={charted} period={periodLabel} repName={repName} /> : null}
        </>
      )}
      <LiveStatus testId="team-status">{status}</LiveStatus>
    </section>
  );
}
