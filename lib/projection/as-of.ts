import type { History, HistoryDeal } from '../metrics/history.schema';

// The history as it was known at an earlier moment, for backtests: only deals created before it;
// a deal that closed later is open again, in the stage it was in then. Nothing that happened at or
// after `at` is visible, so a projection from `at` can be compared honestly with what then closed.

export function historyAsOf(history: History, at: number): History {
  const deals: HistoryDeal[] = [];
  for (const deal of history.deals) {
    if (deal.createdAt >= at) continue;
    if (deal.status !== 'open' && deal.closedAt !== null && deal.closedAt < at) {
      deals.push(deal);
      continue;
    }
    // Open at `at` (or closed without a known date: its outcome was not known then either).
    const stageHistory = deal.stageHistory.filter((entry) => entry.enteredAt < at);
    deals.push({ ...deal, status: 'open', closedAt: null, stageHistory });
  }
  return {
    ...history,
    deals,
    activities: history.activities.filter((a) => a.at < at),
  };
}
// A won or lost deal without a close date stays closed: when it closed is unknown, so it cannot be
// reopened, and it counts only for win rates (never for timing).
