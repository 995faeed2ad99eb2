import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { formatMoney, formatPercent } from '@/lib/i18n/format';
import type { CrmId } from '@/lib/model/deal';
import type { PeriodChoice } from '@/lib/metrics/periods';
import { funnelRows, type ViewFigures } from '@/lib/metrics/team-figures';
import { useI18n } from '../i18n';
import { Figure } from '../common/Figure';
import { MoneyNote } from '../common/MoneyNote';
import { Notice } from '../common/Notice';
import { useTeamFigures, type CreateTeamFiguresRunner } from '../team/useTeamFigures';
import { StoredFiguresNote } from '../team/StoredFiguresNote';
import { Funnel } from './Funnel';
import { StalledDealName } from './StalledDealName';

export interface ScorecardProps {
  db: StagecraftDb;
  /** The deal in view: its CRM says who "me" is, its owner is the fallback. */
  crm: CrmId;
  /** Its CRM account: imported deals of the same CRM open there. */
  account: string;
  dealOwner: string | null;
  now?: () => Date;
  onOpenUrl(url: string): void;
  /** Where the figures are worked out (the side panel's entry passes a worker's); this thread when absent. */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

const PERIODS: PeriodChoice[] = ['quarter', 'lastQuarter', 'year', 'all'];

/** Me versus team for the chosen period: the six measures, stalled deals, funnel and coaching. */
export function Scorecard({ db, crm, account, dealOwner, now = () => new Date(), onOpenUrl, createFiguresRunner }: ScorecardProps) {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState<PeriodChoice>('quarter');
  const [openedAt] = useState(() => now().getTime());
  // Worked out off this thread from every observed, imported and synced deal (scorecardView), with each stalled deal's link.
  const figures = useTeamFigures(db, createFiguresRunner, { page: 'scorecard', now: openedAt, period, crm, account, dealOwner });

  if (figures.status === 'loading') return <Notice title={t('state.loading')} />;
  if (figures.status === 'error') return <Notice tone="error" title={t('team.error', { error: figures.error })} />;
  const view = figures.value.view;
  if (!view) return <Notice title={t('state.noPlaybook.title')} />;
  if (view.dealCount === 0) return <Notice title={t('scorecard.empty')} />;

  const dealUrl = (key: string) => figures.value.dealUrls[key] ?? null;
  const currency = view.currency;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('scorecard.none') : formatPercent(v, locale));
  const money = (v: number | null | undefined) => (v === null || v === undefined ? t('scorecard.none') : formatMoney(Math.round(v), currency, locale));
  const days = (v: number | null | undefined) => (v === null || v === undefined ? t('scorecard.none') : t('scorecard.days', { days: Math.round(v) }));
  /** Each measure: its label, the formatted figure, and what it rests on (null: a sum or count). */
  const rows: [string, (s: ViewFigures) => [string, number | null, 'deals' | 'tasks']][] = [
    [t('scorecard.winRateCount'), (s) => [pct(s.winRateCount), s.samples.closed, 'deals']],
    [t('scorecard.winRateValue'), (s) => [pct(s.winRateValue), s.samples.closedPriced, 'deals']],
    [t('scorecard.avgDeal'), (s) => [money(s.avgWonValue), s.samples.wonPriced, 'deals']],
    [t('scorecard.medianDeal'), (s) => [money(s.medianWonValue), s.samples.wonPriced, 'deals']],
    [t('scorecard.medianCycle'), (s) => [days(s.medianCycleDays), s.samples.cycles, 'deals']],
    [t('scorecard.velocity'), (s) => [money(s.velocityPerDay), s.samples.cycles, 'deals']],
    [t('scorecard.weighted'), (s) => [money(s.weightedPipeline), null, 'deals']],
    [t('scorecard.stalled'), (s) => [String(s.stalled), null, 'deals']],
    [t('scorecard.adoption'), (s) => [pct(s.adoption.rate), s.adoption.required, 'tasks']],
    [t('scorecard.nextStepShare'), (s) => [pct(s.nextStep.share), s.nextStep.open, 'deals']],
  ];
  const cell = (figures: ViewFigures | null, value: (s: ViewFigures) => [string, number | null, 'deals' | 'tasks']) => {
    if (!figures) return t('scorecard.none');
    const [text, sample, unit] = value(figures);
    return <Figure text={text} sample={sample} unit={unit} known={text !== t('scorecard.none')} />;
  };
  const segments = (['pipeline', 'source', 'product'] as const).filter((key) => Object.keys(view.breakdown.team[key]).length > (key === 'pipeline' ? 1 : 0));
  const funnel = funnelRows(view, view.me, view.team);
  const coaching = view.coaching;

  return (
    <div class="scorecard" data-testid="scorecard">
      <h1 class="scorecard__title">{t('scorecard.title')}</h1>
      <label class="scorecard__period">
        {t('scorecard.period')}{' '}
        <select value={period} onChange={(e) => setPeriod((e.target as HTMLSelectElement).value as PeriodChoice)}>
          {PERIODS.map((p) => <option key={p} value={p}>{t(`scorecard.period.${p}`)}</option>)}
        </select>
      </label>
      <StoredFiguresNote storedAt={figures.storedAt} now={now} />
      {view.meName ? <p class="muted small">{t('scorecard.whoAmI', { name: view.meName })}</p> : null}
      <MoneyNote currency={currency} unpriced={view.unpriced} />
      <table class="measures">
        <thead>
          <tr>
            <th scope="col">{t('scorecard.measure')}</th>
            <th scope="col">{t('scorecard.me')}</th>
            <th scope="col">{t('scorecard.team')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{cell(view.me, value)}</td>
              <td>{cell(view.team, value)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t('scorecard.requestToDecision')}</th>
            <td>{days(view.decision.me?.medianDays)}</td>
            <td>{days(view.decision.team.medianDays)}</td>
          </tr>
        </tbody>
      </table>
      {segments.map((key) => (
        <table class="measures" key={key} data-testid={`breakdown-${key}`}>
          <caption class="muted small">{t('scorecard.breakdown', { segment: t(`scorecard.segment.${key}`) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`scorecard.segment.${key}`)}</th>
              <th scope="col">{t('scorecard.winRateCount')}</th>
              <th scope="col">{t('scorecard.avgDeal')}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(view.breakdown.team[key]).map(([segment, figures]) => (
              <tr key={segment}>
                <th scope="row">{key === 'pipeline' ? (view.pipelineNames[segment] ?? segment) : segment}</th>
                <td>{pct(view.breakdown.me?.[key][segment]?.winRateCount)} / {pct(figures.winRateCount)}</td>
                <td>{money(view.breakdown.me?.[key][segment]?.avgWonValue)} / {money(figures.avgWonValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      {view.stalledDeals.length ? (
        <section class="card" data-testid="stalled-deals">
          <h2>{t('scorecard.stalled')}</h2>
          <ul class="stalled-list">
            {view.stalledDeals.map((deal) => (
              <li key={deal.key}>
                <StalledDealName name={deal.title || deal.key} url={dealUrl(deal.key)} onOpenUrl={onOpenUrl} />
                <span class="muted small"> {t('next.stalled', { days: deal.days, limit: deal.limit })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="card">
        <h2>{t('scorecard.funnel')}</h2>
        <p class="muted small legend"><span class="swatch swatch--me" /> {t('scorecard.me')} <span class="swatch swatch--team" /> {t('scorecard.team')}</p>
        <Funnel rows={funnel} />
      </section>
      <section class="card" data-testid="coaching">
        <h2>{t('scorecard.coaching')}</h2>
        {coaching ? (
          <>
            <p>{t('scorecard.coachingGap', { from: view.stageNames[`${coaching.pipelineId}/${coaching.fromStageId}`]!, to: view.stageNames[`${coaching.pipelineId}/${coaching.toStageId}`]!, me: pct(coaching.ownerRate), team: pct(coaching.teamRate) })}</p>
            {coaching.topTask ? <p>{t('scorecard.coachingTask', { task: coaching.topTask, from: view.stageNames[`${coaching.pipelineId}/${coaching.fromStageId}`]! })}</p> : null}
          </>
        ) : (
          <p class="muted">{t('scorecard.coachingNone')}</p>
        )}
      </section>
    </div>
  );
}
