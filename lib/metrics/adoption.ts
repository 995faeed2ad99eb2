import type { HistoryDeal } from './history.schema';

// Process adoption: of the required checklist items of the stages deals have LEFT, the share that
// was done before the deal left the stage.
//
//   adoption = Σ required tasks done at or before leaving ÷ Σ required tasks of left stays
//
// - A deal's stays: its stage history with consecutive entries of the same stage merged (a stay
//   starts at the first of them). A stay is left at the enteredAt of the next stay; the last stay is
//   left at closedAt when the deal is won or lost, and is not left while the deal is open.
// - Counted per left stay: a deal that leaves a stage twice counts its required tasks twice.
// - Only stays left inside the closed-deal window count (no bounds: all).
// - A task done after the deal left the stage does not count for that stay (done late ≠ followed).
// - rate = done ÷ required; null when nothing was required (nothing to judge), never 0.
// The counting itself runs inside the scorecard's single pass (computeFigures), for the team, every
// owner and every stage; this module owns the stay rule.

export interface Adoption {
  done: number;
  required: number;
  rate: number | null;
}

export interface LeftStay {
  stage: string;
  enteredAt: number;
  leftAt: number;
}

/** The stays a deal has left, in order (rules above). */
export function leftStays(deal: Pick<HistoryDeal, 'stageHistory' | 'status' | 'closedAt'>): LeftStay[] {
  const out: LeftStay[] = [];
  const history = deal.stageHistory;
  let start = 0;
  for (let i = 1; i <= history.length; i++) {
    if (i < history.length && history[i]!.stage === history[start]!.stage) continue; // the same stay goes on
    const leftAt = i < history.length ? history[i]!.enteredAt : deal.status !== 'open' ? deal.closedAt : null;
    if (leftAt !== null && start < history.length) out.push({ stage: history[start]!.stage, enteredAt: history[start]!.enteredAt, leftAt });
    start = i;
  }
  return out;
}

export const NO_ADOPTION: Adoption = Object.freeze({ done: 0, required: 0, rate: null }) as Adoption;
