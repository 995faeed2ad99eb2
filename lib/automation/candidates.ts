// Which synced deals the rules look at, and whether the synced team is fresh enough to act on.
// A deal is a candidate when it is open and
// - new: created at or after `since`, or
// - entered one of the chosen stages at or after `since` (its current stay),
// and the event was not handled by an earlier run (`handled`, by event key), and — unless the
// manager asks for it — no rule assigned the deal before (`ruleAssigned`).

import type { SyncedDeal, SyncMeta } from '../team-sync/types';
import type { AssignmentSettings } from './rules';
import type { Candidate } from './types';

/** The team sync runs hourly: older than two hours (a missed run and then some) is stale. */
export const MAX_SYNC_AGE_MS = 2 * 60 * 60_000;

export function newDealKey(dealId: string): string {
  return `${dealId}:new`;
}

export function stageEntryKey(dealId: string, stage: string, enteredAt: number): string {
  return `${dealId}:stage:${stage}:${enteredAt}`;
}

export interface CandidateInput {
  deals: Iterable<SyncedDeal>;
  settings: Pick<AssignmentSettings, 'triggers' | 'reassignRuleAssigned'>;
  /** Epoch ms: events before are not looked at. */
  since: number;
  handled: ReadonlySet<string>;
  ruleAssigned: ReadonlySet<string>;
}

export function candidateDeals(input: CandidateInput): Candidate[] {
  const out: (Candidate & { at: number })[] = [];
  const stages = new Set(input.settings.triggers.stages);
  for (const deal of input.deals) {
    if (deal.status !== 'open') continue;
    if (!input.settings.reassignRuleAssigned && input.ruleAssigned.has(deal.id)) continue;
    const current = deal.stageHistory.at(-1);
    if (stages.has(current?.stage ?? '') && current!.enteredAt >= input.since) {
      const key = stageEntryKey(deal.id, current!.stage, current!.enteredAt);
      if (!input.handled.has(key)) {
        out.push({ dealId: deal.id, title: deal.title, reason: 'stage', key, at: current!.enteredAt });
        continue;
      }
    }
    if (input.settings.triggers.newDeals && deal.createdAt >= input.since) {
      const key = newDealKey(deal.id);
      if (!input.handled.has(key)) out.push({ dealId: deal.id, title: deal.title, reason: 'new', key, at: deal.createdAt });
    }
  }
  // Oldest event first (round-robin turns follow the order deals came in); ids break ties.
  out.sort((a, b) => a.at - b.at || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0));
  return out.map(({ at: _at, ...c }) => c);
}

export type Staleness = { fresh: true } | { fresh: false; reason: 'neverSynced' | 'stale' | 'lastFailed' | 'running'; syncedAt: number | null };

/** Nothing runs on an old picture of the team: the last complete sync must be recent, and the last attempt must not have failed. */
export function syncFreshness(meta: SyncMeta | null, status: { state: string } | null, now: number, maxAgeMs = MAX_SYNC_AGE_MS): Staleness {
  if (!meta) return { fresh: false, reason: 'neverSynced', syncedAt: null };
  if (status?.state === 'failed') return { fresh: false, reason: 'lastFailed', syncedAt: meta.completedAt };
  if (status?.state === 'running') return { fresh: false, reason: 'running', syncedAt: meta.completedAt };
  if (now - meta.completedAt > maxAgeMs) return { fresh: false, reason: 'stale', syncedAt: meta.completedAt };
  return { fresh: true };
}

/** Open deals per rep name (the synced team's owners are names): the least-loaded count. */
export function openDealsByOwnerName(deals: Iterable<SyncedDeal>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of deals) if (d.status === 'open') counts.set(d.owner, (counts.get(d.owner) ?? 0) + 1);
  return counts;
}
