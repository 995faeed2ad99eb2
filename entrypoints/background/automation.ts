import type { StagecraftDb } from '@/lib/db/database';
import type { TeamSyncDeps } from '@/lib/background/team-sync';
import { applyAssignment, dryRunAssignment, refreshReps, undoLastAssignment } from '@/lib/background/automation';
import { applyLists, dryRunLists, refreshMailchimpLists } from '@/lib/background/mailchimp';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';

// The options page's automation buttons, each to its one home in lib/background.
export async function runAutomation(db: StagecraftDb, deps: TeamSyncDeps, op: AutomationOp): Promise<AutomationReply> {
  switch (op) {
    case 'dryRun':
      return dryRunAssignment(db, deps);
    case 'apply':
      return applyAssignment(db, deps);
    case 'undo':
      return undoLastAssignment(db, deps);
    case 'reps':
      return refreshReps(db, deps);
    case 'mailchimpDryRun':
      return dryRunLists(db, deps);
    case 'mailchimpApply':
      return applyLists(db, deps);
    case 'mailchimpLists':
      return refreshMailchimpLists(db, deps);
    default:
      return { ok: false, reason: 'unsupported' };
  }
}
