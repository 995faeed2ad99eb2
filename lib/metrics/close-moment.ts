import { DAY_MS } from './dates';

// When a won/lost deal closed — one rule for the team sync and every history import, so cycle times
// agree whichever way the data came in:
//   closedAt = the moment the deal entered its closed-won / closed-lost stage according to the CRM's
//              own stage history (Pipedrive: won_time / lost_time);
//              only when the history lacks it: the CRM's close DATE at 00:00 UTC;
//              null when neither is known.

/**
 * `closedStageEnteredAt`: epoch ms of entering the closed stage from the CRM's history, if known.
 * `closeDate`: the CRM's close date (epoch ms of any instant in that UTC day), if known.
 */
export function closeMoment(closedStageEnteredAt: number | null | undefined, closeDate: number | null | undefined): number | null {
  if (closedStageEnteredAt !== null && closedStageEnteredAt !== undefined && Number.isFinite(closedStageEnteredAt)) return closedStageEnteredAt;
  if (closeDate !== null && closeDate !== undefined && Number.isFinite(closeDate)) return Math.floor(closeDate / DAY_MS) * DAY_MS;
  return null;
}
