// Carrying out an assignment plan, and undoing the last run. Each deal is read again just before it
// is changed: when its owner is no longer the one the plan saw (another browser with the same rules,
// or a person, got there first) it is skipped, so two browsers never both assign it. Every outcome
// — applied, skipped, failed (after the polite HTTP's retries) — is recorded as it happens, so a run
// is never half-applied silently: what did not happen is listed with why.

import type { SyncFailure, SyncResult } from '../team-sync/types';
import type { AutomationCrm } from './crm/types';
import type { AssignmentLogEntry, LogOutcome, PlannedChange } from '../model/automation';

export type { AssignmentLogEntry, LogOutcome };

export interface ApplyHooks {
  runId: string;
  now: () => Date;
  /** Stores one outcome (before the next deal is touched). */
  record(entry: AssignmentLogEntry): Promise<void>;
  /** Asked before each deal: true stops (what is left stays unapplied and is not marked handled). */
  shouldStop?: () => boolean;
}

export function describeFailure(failure: SyncFailure | (SyncResult<unknown> & { ok: false })): string {
  const f = failure as SyncFailure;
  return [f.kind, f.status, f.request, f.detail].filter((p) => p !== undefined && p !== '').join(' · ').slice(0, 300);
}

/** Reads the deal, checks its owner is `expected`, then sets `to`. */
async function guardedChange(crm: AutomationCrm, dealId: string, expected: string | null, to: string | null, move: PlannedChange['move']): Promise<{ outcome: LogOutcome; foundOwnerId?: string | null; detail?: string }> {
  const now = await crm.readDeal(dealId, []);
  if (!now.ok) return { outcome: 'failed', detail: describeFailure(now) };
  if (now.value.ownerId !== expected) return { outcome: 'skipped', foundOwnerId: now.value.ownerId };
  const changed = await crm.setOwner(dealId, to, move);
  return changed.ok ? { outcome: 'applied' } : { outcome: 'failed', detail: describeFailure(changed) };
}

export async function applyChanges(crm: AutomationCrm, changes: readonly PlannedChange[], hooks: ApplyHooks): Promise<Record<LogOutcome, number>> {
  const counts: Record<LogOutcome, number> = { applied: 0, skipped: 0, failed: 0 };
  for (const change of changes) {
    if (hooks.shouldStop?.()) break;
    const move = crm.movesPipelines ? change.move : null;
    const result = await guardedChange(crm, change.dealId, change.fromOwnerId, change.toOwnerId, move);
    counts[result.outcome]++;
    await hooks.record({ ...change, move, id: `${hooks.runId}:${change.dealId}`, runId: hooks.runId, kind: 'assign', at: hooks.now().getTime(), ...result });
  }
  return counts;
}

/**
 * Puts back the owners (and pipelines) a run changed, newest first. A deal whose owner changed since
 * the run is left alone (skipped), so an undo never overrides a later decision.
 */
export async function undoChanges(crm: AutomationCrm, applied: readonly AssignmentLogEntry[], hooks: ApplyHooks): Promise<Record<LogOutcome, number>> {
  const counts: Record<LogOutcome, number> = { applied: 0, skipped: 0, failed: 0 };
  for (const entry of [...applied].reverse()) {
    if (hooks.shouldStop?.()) break;
    const back = entry.move && crm.movesPipelines ? { pipeline: entry.fromPipeline, stage: entry.fromStage } : null;
    const result = await guardedChange(crm, entry.dealId, entry.toOwnerId, entry.fromOwnerId, back);
    counts[result.outcome]++;
    await hooks.record({ ...entry, id: `${hooks.runId}:${entry.dealId}`, runId: hooks.runId, kind: 'undo', at: hooks.now().getTime(), ...result });
  }
  return counts;
}
