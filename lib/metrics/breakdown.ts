import { DAY_MS } from './dates';
import type { History, HistoryDeal } from './history.schema';
import { scorecardOptions, type ScorecardDays, type ScorecardOptions } from './scorecard';
import { inClosedWindow, isNextStepScheduled } from './rules';
import { mean, median, ratio } from './stats';

// Measures beyond the scorecard contract, for the side panel and the Team view (not in the
// command's output). Same closed-deal window and the same formulas as the scorecard.

const resolve = (options: ScorecardOptions | ScorecardDays): ScorecardOptions => ('toExclusive' in options ? options : scorecardOptions(options, new Date()));

export { inClosedWindow } from './rules';

// ---------------------------------------------------------------------------------------------
// Win rate and deal size per segment: pipeline, and `source` / `product` for deals that have them.

export interface SegmentFigures {
  won: number;
  lost: number;
  winRateCount: number | null;
  winRateValue: number | null;
  avgWonValue: number | null;
  medianWonValue: number | null;
}

export type SegmentKey = 'pipeline' | 'source' | 'product';

export interface Breakdowns {
  pipeline: Record<string, SegmentFigures>;
  /** Only deals with a `source`; deals without one are left out. */
  source: Record<string, SegmentFigures>;
  /** Only deals with a `product`; deals without one are left out. */
  product: Record<string, SegmentFigures>;
}

/**
 * Win rates and deal size of closed deals in the window, per pipeline (every pipeline listed, in
 * order, even without closed deals), per source and per product (in order of first appearance).
 * `owner` limits it to one owner's deals.
 */
export function breakdowns(history: Pick<History, 'pipelines' | 'deals'>, options: ScorecardOptions | ScorecardDays = {}, owner: string | null = null): Breakdowns {
  const window = resolve(options);
  type Group = { won: number; wonValues: number[]; lost: number; lostValue: number };
  const groups: Record<SegmentKey, Map<string, Group>> = {
    pipeline: new Map(history.pipelines.map((p) => [p.id, { won: 0, wonValues: [], lost: 0, lostValue: 0 }])),
    source: new Map(),
    product: new Map(),
  };
  for (const deal of history.deals) {
    if (deal.status === 'open' || (owner !== null && deal.owner !== owner) || !inClosedWindow(deal.closedAt, window)) continue;
    for (const key of ['pipeline', 'source', 'product'] as const) {
      const segment = deal[key];
      if (segment === undefined) continue;
      let group = groups[key].get(segment);
      if (!group) groups[key].set(segment, (group = { won: 0, wonValues: [], lost: 0, lostValue: 0 }));
      // Money as in the scorecard: an unpriced deal counts for the count win rate only.
      if (deal.status === 'won') {
        group.won++;
        if (!deal.unpriced) group.wonValues.push(deal.value);
      } else {
        group.lost++;
        if (!deal.unpriced) group.lostValue += deal.value;
      }
    }
  }
  const figures = (g: Group): SegmentFigures => {
    const won = g.won;
    const wonValue = g.wonValues.reduce((s, v) => s + v, 0);
    return {
      won,
      lost: g.lost,
      winRateCount: ratio(won, won + g.lost),
      winRateValue: ratio(wonValue, wonValue + g.lostValue),
      avgWonValue: mean(g.wonValues),
      medianWonValue: median(g.wonValues),
    };
  };
  const out = (key: SegmentKey) => Object.fromEntries([...groups[key]].map(([id, g]) => [id, figures(g)]));
  return { pipeline: out('pipeline'), source: out('source'), product: out('product') };
}

// ---------------------------------------------------------------------------------------------
// Share of open deals with a next step scheduled.

export interface NextStepInput {
  dealId: string;
  /** When the next step is due. */
  dueAt: number;
}

export interface Share {
  /** Open deals with a next step due at or after `now`. */
  scheduled: number;
  open: number;
  /** scheduled ÷ open; null with no open deals. */
  share: number | null;
}

/**
 * Of the open deals, the share with a next step scheduled: due at or after `now`. A next step that is
 * overdue is not scheduled (it was missed). Team and per owner (owners with open deals).
 */
export function nextStepShare(deals: readonly Pick<HistoryDeal, 'id' | 'owner' | 'status'>[], nextSteps: readonly NextStepInput[], now: number): { team: Share; owners: Record<string, Share> } {
  const scheduled = new Set<string>();
  for (const step of nextSteps) if (isNextStepScheduled(step.dueAt, now)) scheduled.add(step.dealId);
  const team: Share = { scheduled: 0, open: 0, share: null };
  const owners = new Map<string, Share>();
  for (const deal of deals) {
    if (deal.status !== 'open') continue;
    let owner = owners.get(deal.owner);
    if (!owner) owners.set(deal.owner, (owner = { scheduled: 0, open: 0, share: null }));
    const has = scheduled.has(deal.id) ? 1 : 0;
    for (const s of [team, owner]) {
      s.open++;
      s.scheduled += has;
    }
  }
  for (const s of [team, ...owners.values()]) s.share = ratio(s.scheduled, s.open);
  return { team, owners: Object.fromEntries(owners) };
}

// ---------------------------------------------------------------------------------------------
// Request-to-decision time: proposal → won/lost.

export interface DecisionTime {
  /** Closed deals in the window that had a proposal before closing. */
  count: number;
  medianDays: number | null;
  meanDays: number | null;
}

/**
 * Days from a deal's FIRST `proposal` activity (the request for a decision; later proposals are
 * revisions) to its closedAt, over won and lost deals closed in the window. Deals without a proposal
 * at or before closing are left out. Per owner: the deal's owner (whoever logged the proposal).
 */
export function requestToDecision(history: Pick<History, 'deals' | 'activities'>, options: ScorecardOptions | ScorecardDays = {}): { team: DecisionTime; owners: Record<string, DecisionTime> } {
  const window = resolve(options);
  const firstProposal = new Map<string, number>();
  for (const a of history.activities) {
    if (a.type !== 'proposal') continue;
    const seen = firstProposal.get(a.dealId);
    if (seen === undefined || a.at < seen) firstProposal.set(a.dealId, a.at);
  }
  const team: number[] = [];
  const owners = new Map<string, number[]>();
  for (const deal of history.deals) {
    if (deal.status === 'open' || deal.closedAt === null || !inClosedWindow(deal.closedAt, window)) continue;
    const at = firstProposal.get(deal.id);
    if (at === undefined || at > deal.closedAt) continue;
    const days = (deal.closedAt - at) / DAY_MS;
    team.push(days);
    let list = owners.get(deal.owner);
    if (!list) owners.set(deal.owner, (list = []));
    list.push(days);
  }
  const time = (days: number[]): DecisionTime => ({ count: days.length, medianDays: median(days), meanDays: mean(days) });
  return { team: time(team), owners: Object.fromEntries([...owners].map(([o, d]) => [o, time(d)])) };
}
