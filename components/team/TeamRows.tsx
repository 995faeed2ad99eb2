import { memo } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import { funnelRows, TEAM_MEASURES, type MeasureKind, type RepMeasures, type TeamViewData } from '@/lib/forecast/team-view';
import { formatMoney, formatPercent } from '@/lib/i18n/format';
import { UNKNOWN_OWNER } from '@/lib/metrics/from-extension';
import type { Translate } from '@/lib/i18n';
import type { Locale } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';
import { Figure } from '../common/Figure';
import { Funnel } from '../sidepanel/Funnel';

// The Team scorecards' rows. A team of 200 reps is drawn a slice of rows at a time, each slice in its
// own turn of the event loop, so the page answers a click meanwhile; new figures (a period chosen, a
// sync) replace the rows shown slice by slice too. A row is drawn again only when its rep's figures,
// its disclosure or the language change.

/** Rows drawn in one turn: enough to fill the screen at once. */
export const ROWS_PER_SLICE = 12;

/** A rep's name as the table shows it. */
export function repLabel(owner: string | null, t: Translate): string {
  return owner === null ? t('team.wholeTeam') : owner === UNKNOWN_OWNER ? t('team.noOwner') : owner;
}

/** A measure's text in the reader's language; null: the "none" dash. */
export function measureText(kind: MeasureKind, value: number | null, currency: string | null, t: Translate, locale: Locale): string {
  if (value === null) return t('scorecard.none');
  switch (kind) {
    case 'percent':
      return formatPercent(value, locale);
    case 'money':
      return formatMoney(Math.round(value), currency, locale);
    case 'days':
      return t('scorecard.days', { days: Math.round(value) });
    case 'count':
      return String(value);
    case 'decimal':
      return formatMoney(Math.round(value * 10) / 10, null, locale);
  }
}

/** A measure's cells of one rep (or the team): the figure, and for rates and averages what it rests on. */
export function MeasureCells({ rep, currency }: { rep: RepMeasures; currency: string | null }) {
  const { t, locale } = useI18n();
  return (
    <>
      {TEAM_MEASURES.map((m) => {
        const value = m.value(rep);
        return (
          <td key={m.id} role="cell" data-measure={m.id}>
            <Figure text={measureText(m.kind, value, currency, t, locale)} sample={m.sample ? m.sample(rep) : null} unit={m.id === 'adoption' ? 'tasks' : 'deals'} known={value !== null} />
          </td>
        );
      })}
    </>
  );
}

interface RowProps {
  rep: RepMeasures;
  view: TeamViewData;
  /** The rep's place in the view (names its funnel's element). */
  index: number;
  open: boolean;
  columns: number;
  onToggle(owner: string): void;
}

const TeamRow = memo(function TeamRow({ rep, view, index, open, columns, onToggle }: RowProps) {
  const { t } = useI18n();
  const owner = rep.owner!;
  const name = repLabel(owner, t);
  const funnelId = `team-funnel-${index}`;
  const funnel = open ? funnelRows(view, rep) : [];
  return (
    <>
      <tr role="row" data-testid="team-row" data-owner={owner}>
        <th scope="row" role="rowheader" class="team-table__rep">
          <button type="button" class="disclosure" aria-expanded={open} aria-controls={funnelId} aria-label={t(open ? 'team.hideFunnel' : 'team.showFunnel', { rep: name })} onClick={() => onToggle(owner)}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span>
          </button>{' '}
          {name}
        </th>
        <MeasureCells rep={rep} currency={view.currency} />
      </tr>
      <tr role="row" id={funnelId} class="team-table__funnel" hidden={!open}>
        <td role="cell" colSpan={columns}>
          {open ? (
            <section aria-labelledby={`${funnelId}-title`} data-testid="team-funnel">
              <h3 id={`${funnelId}-title`}>{t('team.funnelTitle', { rep: name })}</h3>
              {funnel.length ? (
                <>
                  <p class="muted small legend">
                    <span class="swatch swatch--me" /> {name} <span class="swatch swatch--team" /> {t('scorecard.team')}
                  </p>
                  <Funnel rows={funnel} me={name} />
                </>
              ) : (
                <p class="muted">{t('team.noFunnel')}</p>
              )}
            </section>
          ) : null}
        </td>
      </tr>
    </>
  );
});

/** A row on screen: its rep's figures and the view they are from. */
interface Shown {
  rep: RepMeasures;
  view: TeamViewData;
}

/** The rows on screen: these figures' first `fresh` rows, then those drawn before still in their places (none twice). */
function compose(rows: readonly RepMeasures[], view: TeamViewData, fresh: number, before: readonly Shown[]): Shown[] {
  const head = rows.slice(0, fresh).map((rep) => ({ rep, view }));
  const owners = new Set(head.map((r) => r.rep.owner));
  return [...head, ...before.slice(fresh, rows.length).filter((r) => !owners.has(r.rep.owner))];
}

/**
 * The rows of `rows` (in the order shown), drawn ROWS_PER_SLICE at a time; until a slice's turn, the
 * rows drawn before stay in its place. `onDrawn` is called once every row of these figures is drawn.
 */
export function TeamRows({ rows, view, expanded, columns, onToggle, onDrawn, nextTurn = (go) => setTimeout(go, 0) }: { rows: readonly RepMeasures[]; view: TeamViewData; expanded: ReadonlySet<string>; columns: number; onToggle(owner: string): void; onDrawn?: () => void; nextTurn?: (go: () => void) => unknown }) {
  const [drawn, setDrawn] = useState(() => ({ rows, fresh: ROWS_PER_SLICE, shown: compose(rows, view, ROWS_PER_SLICE, []) }));
  let current = drawn;
  if (drawn.rows !== rows) {
    // New figures or order: their first slice at once, the rest in the turns that follow.
    current = { rows, fresh: ROWS_PER_SLICE, shown: compose(rows, view, ROWS_PER_SLICE, drawn.shown) };
    setDrawn(current);
  }
  const complete = current.fresh >= rows.length;
  useEffect(() => {
    if (complete) return void onDrawn?.();
    let live = true;
    nextTurn(() => {
      if (live) setDrawn((d) => (d.rows !== rows ? d : { rows, fresh: d.fresh + ROWS_PER_SLICE, shown: compose(rows, view, d.fresh + ROWS_PER_SLICE, d.shown) }));
    });
    return () => void (live = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current.rows, current.fresh]);

  const index = new Map(view.reps.map((rep, i) => [rep.owner, i] as const));
  return (
    <tbody role="rowgroup">
      {current.shown.map(({ rep, view: from }, i) => (
        <TeamRow key={rep.owner!} rep={rep} view={from} index={index.get(rep.owner) ?? i} open={expanded.has(rep.owner!)} columns={columns} onToggle={onToggle} />
      ))}
    </tbody>
  );
}
