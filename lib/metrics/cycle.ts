import { DAY_MS } from './dates';
import type { HistoryDeal } from './history.schema';

// Cycle length of a won deal: days from created to closed (the scorecard's medianCycleDays and
// meanCycleDays are taken over these). null for an open or lost deal, or a won deal without closedAt.
export function cycleDays(deal: Pick<HistoryDeal, 'status' | 'createdAt' | 'closedAt'>): number | null {
  return deal.status === 'won' && deal.closedAt !== null ? (deal.closedAt - deal.createdAt) / DAY_MS : null;
}
