import type { ForecastSnapshot, StoredHistory } from '../model/insights.schema';
import type { ForecastGap } from '../forecast/reconstruct';
import type { CombineOptions } from '../forecast/combined-history';
import type { ObservedData } from '../metrics/from-extension';
import { moneyOf } from '../metrics/currency';
import type { Settings } from '../model/settings.schema';
import { forecastAccuracyAndGaps, type PeriodAccuracy, type UnreconstructedPeriod } from '../forecast/accuracy';
import { combinedHistory, type CombinedHistory } from '../forecast/combined-history';
import { teamView, type TeamViewData } from '../forecast/team-view';
import { computeKpis, kpiRhythm, type KpiRhythm, type Kpis } from '../kpi';
import { assessMaturity, type Answers, type MaturityResult } from '../maturity/assess';
import { maturitySignals } from '../maturity/signals';
import { startOfUtcDay } from '../metrics/dates';
import type { History, HistoryPipeline } from '../metrics/history.schema';
import { periodKey, type PeriodChoice } from '../metrics/periods';
import { assessmentSchema } from '../model/insights.schema';
import type { KpiInputs } from '../model/kpi-inputs.schema';
import type { SyncedSource, SyncProvenance } from '../team-sync/source';
import type { CrmId } from '../model/deal';
import { scorecardView, type ScorecardView } from '../metrics/view';
import { safeDealUrl } from '../crm/deal-url';
import { scorecardDealUrl } from '../crm/scorecard-deal-url';

// Each team page's figures from the team's sources: what the page shows, worked out by the same
// functions the pages called themselves before (teamView, forecastAccuracyAndGaps, maturitySignals
// and assessMaturity, computeKpis and kpiRhythm), so the numbers are the same; the page only formats
// them. `now` is the page's clock (epoch ms), passed in.

/** Everything the team pages read (lib/db/team-sources.ts reads it). */
export interface TeamSources {
  /** me: the CRM's user name per CRM, as the extension learnt it. */
  observed: (ObservedData & { me?: Record<string, string> }) | null;
  imported: StoredHistory[];
  /** The synced team (null: never synced). */
  synced: SyncedSource | null;
  snapshots: ForecastSnapshot[];
  /** Reps' weeks the CRM's history could not reconstruct. */
  gaps: ForecastGap[];
  /** The stored questionnaire answers, checked when read (storedAnswers). */
  assessment: unknown;
  settings: Settings;
}

/** Hands over the sources now and again after every change, until the returned stop is called. */
export type WatchTeamSources = (next: (sources: TeamSources) => void, fail: (error: unknown) => void) => () => void;

/**
 * How every team page combines its sources: the team's money settings (and, once synced, the CRM's
 * team data), so the team scorecards, forecast and maturity all read the same combined history.
 */
export function combineOptions(sources: TeamSources): CombineOptions {
  return { money: moneyOf(sources.settings), synced: sources.synced };
}

/** What a page asks for: the page, the page's now, and what it lets the user choose. */
export type TeamFiguresAsk =
  | { page: 'team'; now: number; period: PeriodChoice }
  /** period: the one chosen (null: none yet, the current quarter); owner: '' for the whole team. */
  | { page: 'forecast'; now: number; period: string | null; owner: string }
  | { page: 'maturity'; now: number }
  | { page: 'kpi'; now: number }
  /** The team sync's panel: how many checklist ticks the synced team shared. */
  | { page: 'ticks'; now: number }
  /** The side panel's scorecard, for the deal in view: its CRM and account, and its owner (who "me" is when the CRM does not say). */
  | { page: 'scorecard'; now: number; period: PeriodChoice; crm: CrmId; account: string; dealOwner: string | null };

export interface TeamPageFigures {
  page: 'team';
  view: TeamViewData;
}

/** A week of one rep's (or the team's) forecast snapshots. */
export interface WeekRow {
  week: string;
  categories: Record<string, number>;
  weightedPipeline: number;
  /** Every row of the week was reconstructed from the CRM's history (none taken live). */
  reconstructed: boolean;
}

export interface ForecastPageFigures {
  page: 'forecast';
  /** The team's base currency: every figure is in it. */
  currency: string;
  accuracy: PeriodAccuracy[];
  gaps: UnreconstructedPeriod[];
  /** Newest first; the current quarter always among them once there is anything. */
  periods: string[];
  owners: string[];
  current: string;
  /** The period shown: the one chosen when it is there, else the current quarter (null: no periods). */
  period: string | null;
  /** The shown period's weeks of the chosen rep (or team). */
  weeks: WeekRow[];
  synced: SyncProvenance | null;
  unpriced: Record<string, number>;
}

export interface MaturityPageFigures {
  page: 'maturity';
  answers: Answers;
  answeredAt: string | null;
  synced: SyncProvenance | null;
  result: MaturityResult;
}

export interface KpiPageFigures {
  page: 'kpi';
  /** The team's base currency: every figure is in it. */
  currency: string;
  kpis: Kpis;
  rhythm: KpiRhythm;
  inputs: KpiInputs;
  /** The combined history's pipelines (the renewals pipeline is chosen among them). */
  pipelines: HistoryPipeline[];
  synced: SyncProvenance | null;
  unpriced: Record<string, number>;
}

/** The ticks the reps shared through the CRM: read as checklist rows, and ignored (another or an older playbook). */
export interface TicksPageFigures {
  page: 'ticks';
  shared: number;
  ignored: number;
}

/** The side panel's scorecard (view null: nothing observed yet, no playbook), with the link of each stalled deal. */
export interface ScorecardPageFigures {
  page: 'scorecard';
  view: ScorecardView | null;
  /** Stalled deal key → the page it opens at (null: not linked), by scorecardDealUrl. */
  dealUrls: Record<string, string | null>;
}

export type PageFigures = ScorecardPageFigures | TeamPageFigures | ForecastPageFigures | MaturityPageFigures | KpiPageFigures | TicksPageFigures;

/** The whole team in the forecast's rep choice. */
export const WHOLE_TEAM = '';

/** Weeks of one rep (or the team: the reps' snapshots of a week summed) for one period. */
export function weekRows(snapshots: readonly ForecastSnapshot[], period: string, owner: string): WeekRow[] {
  const weeks = new Map<string, WeekRow>();
  for (const s of snapshots) {
    if (s.period !== period || (owner !== WHOLE_TEAM && s.owner !== owner)) continue;
    let row = weeks.get(s.week);
    if (!row) weeks.set(s.week, (row = { week: s.week, categories: {}, weightedPipeline: 0, reconstructed: true }));
    row.weightedPipeline += s.weightedPipeline;
    if (s.basis !== 'reconstructed') row.reconstructed = false;
    for (const [category, value] of Object.entries(s.categories)) row.categories[category] = (row.categories[category] ?? 0) + value;
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}

/** The stored answers when they pass assessmentSchema; anything else counts as not answered. */
export function storedAnswers(stored: unknown): { answers: Answers; answeredAt: string | null } {
  const parsed = assessmentSchema.safeParse(stored);
  return parsed.success ? { answers: parsed.data.answers, answeredAt: parsed.data.answeredAt } : { answers: {}, answeredAt: null };
}

/** The scorecard tab's figures: scorecardView as the tab computed it, "me" the CRM's user or else the deal's owner. */
function scorecardFigures(sources: TeamSources, ask: Extract<TeamFiguresAsk, { page: 'scorecard' }>, now: Date): ScorecardPageFigures {
  const observed = sources.observed;
  if (!observed) return { page: 'scorecard', view: null, dealUrls: {} };
  const meName = observed.me?.[ask.crm] || ask.dealOwner;
  const view = scorecardView(observed, meName, ask.period, now, sources.imported, combineOptions(sources), combined(sources));
  const seen = new Map(observed.deals.map((d) => [d.key, safeDealUrl(d)] as const));
  const current = { crm: ask.crm, account: ask.account };
  const dealUrls = Object.fromEntries(view.stalledDeals.map((deal) => [deal.key, scorecardDealUrl(deal.key, seen, sources.imported, current)]));
  return { page: 'scorecard', view, dealUrls };
}

// The combined history of the sources it reads, shared by every ask until one of them changes: the
// watcher hands over a new object only for a source that changed (lib/db/team-sources.ts), so a new
// forecast snapshot or answer, or a setting that is not the money, does not combine the team again,
// and a sync that changed nothing of the team's history only says when it was synced.
let lastCombined: { observed: TeamSources['observed']; imported: TeamSources['imported']; history: History | undefined; money: string; combined: CombinedHistory } | null = null;
function combined(sources: TeamSources): CombinedHistory {
  const options = combineOptions(sources);
  const money = JSON.stringify(options.money);
  const history = sources.synced?.history;
  const last = lastCombined;
  if (last && last.observed === sources.observed && last.imported === sources.imported && last.history === history && last.money === money) {
    const synced = sources.synced?.provenance ?? null;
    if (last.combined.synced !== synced) last.combined = { ...last.combined, synced };
    return last.combined;
  }
  lastCombined = { observed: sources.observed, imported: sources.imported, history, money, combined: combinedHistory(sources.observed, sources.imported, options) };
  return lastCombined.combined;
}

export function pageFigures(sources: TeamSources, ask: TeamFiguresAsk): PageFigures {
  const now = new Date(ask.now);
  switch (ask.page) {
    case 'team':
      return { page: 'team', view: teamView({ observed: sources.observed, imported: sources.imported }, ask.period, now, combineOptions(sources), combined(sources)) };
    case 'forecast': {
      const { history, synced, unpriced } = combined(sources);
      const { rows: accuracy, gaps } = forecastAccuracyAndGaps({ snapshots: sources.snapshots, gaps: sources.gaps, history, now });
      const current = periodKey(now, 'quarter');
      const known = [...sources.snapshots.map((s) => s.period), ...accuracy.map((a) => a.period), ...gaps.map((g) => g.period)];
      // The current quarter is always there to choose (and chosen first), snapshots or not yet.
      const periods = known.length ? [...new Set([...known, current])].sort().reverse() : [];
      const owners = [...new Set([...sources.snapshots.map((s) => s.owner), ...accuracy.flatMap((a) => (a.owner === null ? [] : [a.owner]))])].sort((a, b) => a.localeCompare(b));
      const period = ask.period !== null && periods.includes(ask.period) ? ask.period : periods.length ? current : null;
      const weeks = period ? weekRows(sources.snapshots, period, ask.owner) : [];
      return { page: 'forecast', currency: sources.settings.baseCurrency, accuracy, gaps, periods, owners, current, period, weeks, synced, unpriced };
    }
    case 'maturity': {
      const stored = storedAnswers(sources.assessment);
      const all = combined(sources);
      const signals = maturitySignals({ observed: sources.observed, combined: all, snapshots: sources.snapshots, gaps: sources.gaps, kpiInputs: sources.settings.kpiInputs, now });
      return { page: 'maturity', ...stored, synced: all.synced, result: assessMaturity(signals, stored.answers) };
    }
    case 'kpi': {
      // In the team's base currency, as every team page (a deal without a rate counts, its value does not).
      const { history, synced, unpriced } = combined(sources);
      const inputs = sources.settings.kpiInputs;
      const kpis = computeKpis(history, inputs, startOfUtcDay(ask.now));
      // The same rule and figures process maturity's KPI rhythm is judged by.
      return { page: 'kpi', currency: sources.settings.baseCurrency, kpis, rhythm: kpiRhythm(kpis, inputs), inputs, pipelines: history.pipelines, synced, unpriced };
    }
    case 'ticks':
      return { page: 'ticks', ...(sources.synced?.ticks ?? { shared: 0, ignored: 0 }) };
    case 'scorecard':
      return scorecardFigures(sources, ask, now);
  }
}
