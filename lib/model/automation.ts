// What the automation stores (the domain in lib/automation computes it; lib/db keeps it).

/** Optionally, the pipeline (and stage) a rule puts a deal in. */
export interface PipelineMoveRecord {
  pipeline: string;
  stage: string;
}

/** One owner change a plan makes (a dry run shows it; Apply carries it out). */
export interface PlannedChange {
  dealId: string;
  title: string;
  /** The event this answers (handled once). */
  key: string;
  fromOwnerId: string | null;
  toOwnerId: string;
  ruleId: string;
  ruleName: string | null;
  /** Where the deal moves (null: it stays in its pipeline). */
  move: PipelineMoveRecord | null;
  fromPipeline: string;
  fromStage: string;
}

export type LogOutcome = 'applied' | 'skipped' | 'failed';

/** One change a run made, or did not make and why. */
export interface AssignmentLogEntry extends PlannedChange {
  /** `${runId}:${dealId}` (an undo's entry belongs to the undo run). */
  id: string;
  runId: string;
  kind: 'assign' | 'undo';
  at: number;
  outcome: LogOutcome;
  /** Skipped: the owner found instead of the one expected. */
  foundOwnerId?: string | null;
  /** Failed: what failed ("rateLimited · 429 · PATCH /crm/v3/objects/deals/1"). */
  detail?: string;
}

/** One Mailchimp change: a member upserted, tags added or removed, a member unsubscribed. */
export interface MailchimpLogEntry {
  id: string;
  runId: string;
  kind: 'mailchimp';
  dealId: string;
  title: string;
  at: number;
  email: string;
  listId: string;
  action: 'subscribe' | 'unsubscribe' | 'removeTags';
  tags: string[];
  outcome: LogOutcome;
  /** Skipped: why ("unsubscribed themselves"). Failed: what failed. */
  detail?: string;
}

export type AutomationLogEntry = AssignmentLogEntry | MailchimpLogEntry;

export interface AutomationRun {
  id: string;
  kind: 'assignment' | 'undo' | 'mailchimp';
  trigger: 'manual' | 'afterSync';
  crm: string;
  at: number;
  /** null while it runs (a run cut short by a stopped worker stays visible as such). */
  finishedAt: number | null;
  counts: Record<LogOutcome, number>;
  /** The run an undo undid; on an assignment run, when it was undone. */
  undoOf?: string;
  undoneAt?: number | null;
  /** Notes of the plan (a rule's rep gone, no rule matched): shown with the run. */
  notes?: unknown[];
}

/** An event (a new deal, a stage entered) a run decided on: never decided again. */
export interface AutomationHandled {
  key: string;
  at: number;
  runId: string;
}

export const AUTOMATION_ROW_IDS = ['assignment', 'state', 'plan', 'reps', 'mailchimp', 'mailchimpPlan', 'mailchimpLists'] as const;
export type AutomationRowId = (typeof AUTOMATION_ROW_IDS)[number];

export interface StoredAutomationRow {
  /** mailchimp: the lists-by-stage rules; mailchimpPlan: their last dry run; mailchimpLists: the audiences last read. */
  id: AutomationRowId;
  value: unknown;
}
