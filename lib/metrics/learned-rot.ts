import { leftStays } from './adoption';
import { DAY_MS } from './dates';
import type { History } from './history.schema';

// Stall limits learned from the team's own history, for the stages the manager gave no rot days:
//   learned limit = ceil(median days of the stays that left the stage × 2)
// over every stay left (stays as adoption defines them: consecutive entries of one stage are one stay,
// the last stay is left when the deal closes). A stage learns only from LEARN_MIN_DEALS different
// deals or more: below that the team default applies. Keyed `pipelineId/stageId`, the ids of the
// combined history (the playbook's, where the history's pipelines were matched to it).

export const LEARN_MIN_DEALS = 20;

export interface LearnedRot {
  /** Whole days. */
  days: number;
  /** The deals the median rests on. */
  deals: number;
}

export type LearnedRotDays = Readonly<Record<string, LearnedRot>>;

export const learnedKey = (pipelineId: string, stageId: string) => `${pipelineId}/${stageId}`;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function learnRotDays(history: History): Record<string, LearnedRot> {
  const stays = new Map<string, { days: number[]; deals: Set<string> }>();
  for (const deal of history.deals) {
    for (const stay of leftStays(deal)) {
      const key = learnedKey(deal.pipeline, stay.stage);
      let entry = stays.get(key);
      if (!entry) stays.set(key, (entry = { days: [], deals: new Set() }));
      entry.days.push(Math.max(0, stay.leftAt - stay.enteredAt) / DAY_MS);
      entry.deals.add(deal.id);
    }
  }
  const out: Record<string, LearnedRot> = {};
  for (const [key, { days, deals }] of stays) {
    if (deals.size < LEARN_MIN_DEALS) continue;
    days.sort((a, b) => a - b);
    out[key] = { days: Math.max(1, Math.ceil(median(days) * 2)), deals: deals.size };
  }
  return out;
}
