import type { StagecraftDb } from '@/lib/db/database';
import { lastUndoableRun, loadAssignmentSettings, loadAutomationLog, loadPlan, loadReps } from '@/lib/db/automation';
import { loadTeamSyncState } from '@/lib/db/team-sync';
import { loadMailchimpLists } from '@/lib/db/mailchimp';
import type { SyncedPipeline } from '@/lib/team-sync/types';

/** Everything the Automation tab shows, read in one round (a live query re-reads it on every change). */
export async function loadAutomationView(db: StagecraftDb) {
  const [assignment, reps, plan, log, undoable, sync, pipelines, lists] = await Promise.all([
    loadAssignmentSettings(db),
    loadReps(db),
    loadPlan(db),
    loadAutomationLog(db),
    lastUndoableRun(db),
    loadTeamSyncState(db),
    db.teamSync.get('pipelines'),
    loadMailchimpLists(db),
  ]);
  return { assignment, reps, plan, log, lists, undoable: undoable?.run ?? null, sync, pipelines: ((pipelines?.value as SyncedPipeline[] | undefined) ?? []) };
}

export type AutomationView = Awaited<ReturnType<typeof loadAutomationView>>;
