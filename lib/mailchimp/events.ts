// Which stage changes the e-mail lists act on: a synced deal whose current stay in a stage with a
// rule began at or after `since` (a won or lost deal: its close, for the WON / LOST rules), not
// settled by an earlier run. Oldest first.

import type { SyncedDeal } from '../team-sync/types';
import { LOST_STAGE, WON_STAGE, type ListRule } from './rules';

export interface StageEvent {
  key: string;
  dealId: string;
  title: string;
  stage: string;
  at: number;
}

export const listEventKey = (dealId: string, stage: string, at: number) => `mailchimp:${dealId}:${stage}:${at}`;

export function stageEvents(deals: Iterable<SyncedDeal>, rules: readonly ListRule[], since: number, handled: ReadonlySet<string>): StageEvent[] {
  const stages = new Set(rules.map((r) => r.stage));
  const out: StageEvent[] = [];
  for (const deal of deals) {
    let stage: string | null = null;
    let at = 0;
    if (deal.status === 'open') {
      const current = deal.stageHistory.at(-1);
      if (current) [stage, at] = [current.stage, current.enteredAt];
    } else if (deal.closedAt !== null) {
      [stage, at] = [deal.status === 'won' ? WON_STAGE : LOST_STAGE, deal.closedAt];
    }
    if (stage === null || !stages.has(stage) || at < since) continue;
    const key = listEventKey(deal.id, stage, at);
    if (!handled.has(key)) out.push({ key, dealId: deal.id, title: deal.title, stage, at });
  }
  return out.sort((a, b) => a.at - b.at || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0));
}
