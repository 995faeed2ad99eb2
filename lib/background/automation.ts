// Automation as the manager's browser carries it out: a dry run (the plan, stored), Apply (exactly
// that plan, each deal re-read first), Undo of the last run, the CRM's reps for the rules editor,
// and the run after each complete team sync when the manager turned that on. Nothing runs on a
// stale team (the last complete sync too old, failed or under way). One job at a time.

import type { Cause } from '../i18n/cause';
import type { StagecraftDb } from '../db/database';
import { loadTeamSyncState, dexieTeamSyncStore } from '../db/team-sync';
import { finishRun, handledKeys, lastUndoableRun, loadAssignmentSettings, loadAutomationState, loadPlan, markUndone, recordOutcome, ruleAssignedDeals, startRun, storePlan, storeReps, emptyCounts, type StoredPlan } from '../db/automation';
import { automationCrm, type AutomationCrm } from '../automation/crm';
import { candidateDeals, openDealsByOwnerName, syncFreshness } from '../automation/candidates';
import { prepareAssignment } from '../automation/prepare';
import { applyChanges, describeFailure, undoChanges } from '../automation/apply';
import { createSyncHttp, type SyncMeta } from '../team-sync';
import { targetFor, type TeamSyncDeps } from './team-sync';

export type AutomationProblem =
  | { reason: 'neverSynced' | 'stale' | 'lastFailed' | 'running'; syncedAt: number | null }
  | { reason: 'busy' | 'noPlan' | 'planOutdated' | 'nothingToUndo' | 'notConnected' }
  | { reason: 'crm' | 'mailchimp'; detail: string }
  /** The stored rules fail their schema: what is wrong where, said in the reader's language. */
  | { reason: 'settings'; cause: Cause };

export type AutomationAnswer = { ok: true; runId?: string } | ({ ok: false } & AutomationProblem);

let busy = false;
export async function exclusive(work: () => Promise<AutomationAnswer>): Promise<AutomationAnswer> {
  if (busy) return { ok: false, reason: 'busy' };
  busy = true;
  try {
    return await work();
  } finally {
    busy = false;
  }
}

export const newId = (prefix: string, now: Date) => `${prefix}-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export interface Context {
  crm: AutomationCrm;
  meta: SyncMeta;
}

/** The CRM of the last complete sync, its connection, and (unless `anyAge`) a fresh team. */
export async function contextFor(db: StagecraftDb, deps: TeamSyncDeps, now: Date, anyAge = false): Promise<Context | AutomationAnswer> {
  const { status, meta } = await loadTeamSyncState(db);
  const freshness = syncFreshness(meta, status, now.getTime());
  if (!meta) return { ok: false, reason: 'neverSynced', syncedAt: null };
  if (!freshness.fresh && !anyAge) return { ok: false, reason: freshness.reason, syncedAt: freshness.syncedAt };
  const found = await targetFor(db, deps, meta.crm);
  if ('ok' in found) return { ok: false, reason: 'crm', detail: describeFailure(found) };
  const http = createSyncHttp({ fetch: found.fetch, now: deps.now ?? (() => new Date()), sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))) });
  return { crm: automationCrm(found.target, http), meta };
}
export const isAnswer = (value: Context | AutomationAnswer): value is AutomationAnswer => 'ok' in value;

async function makePlan(db: StagecraftDb, ctx: Context, now: Date): Promise<StoredPlan | AutomationAnswer> {
  const { settings, problem } = await loadAssignmentSettings(db);
  if (problem) return { ok: false, reason: 'settings', cause: problem };
  const [state, handled, ruleAssigned, data] = await Promise.all([loadAutomationState(db), handledKeys(db), ruleAssignedDeals(db), dexieTeamSyncStore(db).data()]);
  const deals = [...data.deals];
  // Events since the rules took effect; those a run settled are in `handled` (a failed one is not: it is tried again).
  const since = settings.activeSince ?? now.getTime();
  const candidates = candidateDeals({ deals, settings, since, handled, ruleAssigned });
  const prepared = await prepareAssignment({ crm: ctx.crm, settings, candidates, rotation: state.rotation, openDealsByName: openDealsByOwnerName(deals) });
  if (!prepared.ok) return { ok: false, reason: 'crm', detail: describeFailure(prepared.failure) };
  await storeReps(db, { crm: ctx.meta.crm, at: now.getTime(), reps: prepared.reps });
  const stored: StoredPlan = { plan: prepared.plan, createdAt: now.getTime(), syncCompletedAt: ctx.meta.completedAt, settingsJson: JSON.stringify(settings), candidates: candidates.length };
  await storePlan(db, stored);
  return stored;
}

/** Dry run: what Apply would do, stored for the options page (nothing changes in the CRM). */
export function dryRunAssignment(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  return exclusive(async () => {
    const now = (deps.now ?? (() => new Date()))();
    const ctx = await contextFor(db, deps, now);
    if (isAnswer(ctx)) return ctx;
    const plan = await makePlan(db, ctx, now);
    return 'ok' in plan ? plan : { ok: true };
  });
}

async function apply(db: StagecraftDb, deps: TeamSyncDeps, trigger: 'manual' | 'afterSync'): Promise<AutomationAnswer> {
  const clock = deps.now ?? (() => new Date());
  const now = clock();
  const ctx = await contextFor(db, deps, now);
  if (isAnswer(ctx)) return ctx;
  let stored = await loadPlan(db);
  if (trigger === 'manual') {
    // Apply is the dry run the manager saw: made from this sync with these rules.
    if (!stored) return { ok: false, reason: 'noPlan' };
    const { settings } = await loadAssignmentSettings(db);
    if (stored.syncCompletedAt !== ctx.meta.completedAt || stored.settingsJson !== JSON.stringify(settings)) return { ok: false, reason: 'planOutdated' };
  } else {
    const made = await makePlan(db, ctx, now);
    if ('ok' in made) return made;
    stored = made;
  }
  const { plan } = stored;
  const runId = newId('assign', now);
  await startRun(db, { id: runId, kind: 'assignment', trigger, crm: ctx.meta.crm, at: now.getTime(), finishedAt: null, counts: emptyCounts(), undoneAt: null, notes: plan.notes });
  await applyChanges(ctx.crm, plan.changes, { runId, now: clock, record: (entry) => recordOutcome(db, entry, entry.key) });
  // Decided without a change (no rule matched, the rep owns it already): settled too.
  const settled = plan.notes.flatMap((n) => (n.kind === 'noMatch' || n.kind === 'alreadyOwner' ? [n.key] : []));
  await finishRun(db, runId, { at: clock().getTime(), settled, rotation: plan.rotation, startedAt: ctx.meta.startedAt, dropPlan: true });
  return { ok: true, runId };
}

/** Apply: carries out the stored dry run. */
export function applyAssignment(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  return exclusive(() => apply(db, deps, 'manual'));
}

/** Undo the last run: owners (and pipelines) put back where no one changed them since. */
export function undoLastAssignment(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  return exclusive(async () => {
    const clock = deps.now ?? (() => new Date());
    const now = clock();
    const last = await lastUndoableRun(db);
    if (!last) return { ok: false, reason: 'nothingToUndo' };
    const ctx = await contextFor(db, deps, now, true);
    if (isAnswer(ctx)) return ctx;
    const runId = newId('undo', now);
    await startRun(db, { id: runId, kind: 'undo', trigger: 'manual', crm: ctx.meta.crm, at: now.getTime(), finishedAt: null, counts: emptyCounts(), undoOf: last.run.id });
    await undoChanges(ctx.crm, last.applied, { runId, now: clock, record: (entry) => recordOutcome(db, entry, null) });
    await finishRun(db, runId, { at: clock().getTime() });
    await markUndone(db, last.run.id, clock().getTime());
    return { ok: true, runId };
  });
}

/** The CRM's reps now (for the rules editor: names, and which reps named in rules are gone). A read: it runs beside any job. */
export async function refreshReps(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer> {
  const now = (deps.now ?? (() => new Date()))();
  const ctx = await contextFor(db, deps, now, true);
  if (isAnswer(ctx)) return ctx;
  const reps = await ctx.crm.reps();
  if (!reps.ok) return { ok: false, reason: 'crm', detail: describeFailure(reps) };
  await storeReps(db, { crm: ctx.meta.crm, at: now.getTime(), reps: reps.value });
  return { ok: true };
}

/** After a complete team sync: the assignment rules run by themselves when the manager turned that on. */
export async function assignAfterSync(db: StagecraftDb, deps: TeamSyncDeps): Promise<AutomationAnswer | null> {
  const { settings, problem } = await loadAssignmentSettings(db);
  if (problem || !settings.afterSync || settings.rules.length + (settings.fallback ? 1 : 0) === 0) return null;
  return exclusive(() => apply(db, deps, 'afterSync'));
}
