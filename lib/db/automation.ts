// The automation's storage: settings, the round-robin turn, the last dry run, the CRM's reps, one
// row per run and the log of every change. Each outcome is written as it happens, together with the
// run's counts and the event it handled, in one transaction: a worker stopped half-way leaves an
// exact record of what was done.

import type { Cause } from '../i18n/cause';
import type { StagecraftDb } from './database';
import type { AssignmentLogEntry, AutomationHandled, AutomationLogEntry, AutomationRowId, AutomationRun, LogOutcome } from '../model/automation';
import { EMPTY_ASSIGNMENT_SETTINGS, parseAssignmentSettings, type AssignmentSettings } from '../automation/rules';
import type { AssignmentPlan } from '../automation/plan';
import type { Rep } from '../automation/types';

export interface AutomationState {
  /** Group id → the rep who got its last deal. */
  rotation: Record<string, string>;
  /** When the last assignment run started (events are read from a little before). */
  lastRunAt: number | null;
}

/** The last dry run: Apply carries out exactly this, while the sync and the rules are the same. */
export interface StoredPlan {
  plan: AssignmentPlan;
  createdAt: number;
  /** The complete sync it was made from. */
  syncCompletedAt: number;
  /** The rules it was made with (JSON), so changed rules ask for a new dry run. */
  settingsJson: string;
  candidates: number;
}

export interface StoredReps {
  crm: string;
  at: number;
  reps: Rep[];
}

const EMPTY_STATE: AutomationState = { rotation: {}, lastRunAt: null };

export async function row<T>(db: StagecraftDb, id: AutomationRowId): Promise<T | null> {
  return ((await db.automation.get(id))?.value as T | undefined) ?? null;
}

/** The rules; a stored value that no longer reads is reported (and kept) rather than replaced. */
export async function loadAssignmentSettings(db: StagecraftDb): Promise<{ settings: AssignmentSettings; problem: Cause | null }> {
  const parsed = parseAssignmentSettings(await row(db, 'assignment'));
  return parsed.ok ? { settings: parsed.value, problem: null } : { settings: EMPTY_ASSIGNMENT_SETTINGS, problem: parsed.problem };
}

/** Saves the rules; the first save starts the clock (deals from before are never looked at). */
export async function saveAssignmentSettings(db: StagecraftDb, settings: AssignmentSettings, now: Date): Promise<AssignmentSettings> {
  const value = { ...settings, activeSince: settings.activeSince ?? now.getTime() };
  await db.transaction('rw', db.automation, async () => {
    await db.automation.put({ id: 'assignment', value });
    // Changed rules: the dry run made with the old ones no longer stands.
    await db.automation.delete('plan');
  });
  return value;
}

export async function loadAutomationState(db: StagecraftDb): Promise<AutomationState> {
  return { ...EMPTY_STATE, ...((await row<AutomationState>(db, 'state')) ?? {}) };
}

export const loadPlan = (db: StagecraftDb) => row<StoredPlan>(db, 'plan');
export const storePlan = (db: StagecraftDb, plan: StoredPlan) => db.automation.put({ id: 'plan', value: plan });
export const loadReps = (db: StagecraftDb) => row<StoredReps>(db, 'reps');
export const storeReps = (db: StagecraftDb, reps: StoredReps) => db.automation.put({ id: 'reps', value: reps });

export async function handledKeys(db: StagecraftDb): Promise<Set<string>> {
  return new Set((await db.automationHandled.toCollection().primaryKeys()) as string[]);
}

/** Deals a rule assigned (applied and not undone since). */
export async function ruleAssignedDeals(db: StagecraftDb): Promise<Set<string>> {
  const entries = (await db.automationLog.toArray()).filter((e): e is AssignmentLogEntry => e.kind === 'assign' || e.kind === 'undo');
  const assigned = new Set<string>();
  for (const e of entries.sort((a, b) => a.at - b.at)) {
    if (e.outcome !== 'applied') continue;
    if (e.kind === 'assign') assigned.add(e.dealId);
    else assigned.delete(e.dealId);
  }
  return assigned;
}

export async function startRun(db: StagecraftDb, run: AutomationRun): Promise<void> {
  await db.automationRuns.put(run);
}

/**
 * One outcome, with the run's counts and — when it is settled (applied, or skipped because someone
 * else decided) — the event it answers, so it is never decided again. A failure stays open.
 */
export async function recordOutcome(db: StagecraftDb, entry: AutomationLogEntry, handledKey: string | null): Promise<void> {
  await db.transaction('rw', [db.automationLog, db.automationRuns, db.automationHandled], async () => {
    await db.automationLog.put(entry);
    const run = await db.automationRuns.get(entry.runId);
    if (run) await db.automationRuns.put({ ...run, counts: { ...run.counts, [entry.outcome]: run.counts[entry.outcome] + 1 } });
    if (handledKey && entry.outcome !== 'failed') await db.automationHandled.put({ key: handledKey, at: entry.at, runId: entry.runId });
  });
}

/** The run is over: its notes, the events it settled without a change, the round-robin turn. */
export async function finishRun(db: StagecraftDb, runId: string, done: { at: number; notes?: unknown[]; settled?: string[]; rotation?: Record<string, string>; startedAt?: number; dropPlan?: boolean }): Promise<void> {
  await db.transaction('rw', [db.automationRuns, db.automationHandled, db.automation], async () => {
    const run = await db.automationRuns.get(runId);
    if (run) await db.automationRuns.put({ ...run, finishedAt: done.at, ...(done.notes && { notes: done.notes }) });
    const handled: AutomationHandled[] = (done.settled ?? []).map((key) => ({ key, at: done.at, runId }));
    if (handled.length) await db.automationHandled.bulkPut(handled);
    if (done.rotation || done.startedAt !== undefined) {
      const state = { ...EMPTY_STATE, ...((await db.automation.get('state'))?.value as AutomationState | undefined) };
      await db.automation.put({ id: 'state', value: { ...state, ...(done.rotation && { rotation: done.rotation }), ...(done.startedAt !== undefined && { lastRunAt: done.startedAt }) } });
    }
    if (done.dropPlan) await db.automation.delete('plan');
  });
}

/** The newest assignment run that changed something and was not undone, with what it changed. */
export async function lastUndoableRun(db: StagecraftDb): Promise<{ run: AutomationRun; applied: AssignmentLogEntry[] } | null> {
  const runs = await db.automationRuns.orderBy('at').reverse().toArray();
  const run = runs.find((r) => r.kind === 'assignment' && r.finishedAt !== null);
  if (!run || run.undoneAt || run.counts.applied === 0) return null;
  const entries = (await db.automationLog.where('runId').equals(run.id).toArray()) as AssignmentLogEntry[];
  return { run, applied: entries.filter((e) => e.kind === 'assign' && e.outcome === 'applied').sort((a, b) => a.at - b.at) };
}

export async function markUndone(db: StagecraftDb, runId: string, at: number): Promise<void> {
  const run = await db.automationRuns.get(runId);
  if (run) await db.automationRuns.put({ ...run, undoneAt: at });
}

/** What the options page shows: the newest runs with their log entries. */
export async function loadAutomationLog(db: StagecraftDb, runs = 10): Promise<{ run: AutomationRun; entries: AutomationLogEntry[] }[]> {
  const newest = await db.automationRuns.orderBy('at').reverse().limit(runs).toArray();
  return Promise.all(newest.map(async (run) => ({ run, entries: (await db.automationLog.where('runId').equals(run.id).toArray()).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1)) })));
}

export const emptyCounts = (): Record<LogOutcome, number> => ({ applied: 0, skipped: 0, failed: 0 });
