// Writing a logged activity back to the CRM: the same contract for every CRM. A logged activity
// becomes one "done" record in the CRM (a call, an email, a meeting, a note…) and, when it names a
// next step, one open record due on that date (a Pipedrive activity not done, a HubSpot task, a
// Salesforce task not started). Plain types (no zod): the side panel may import them.

import type { ActivityType } from '../../model/activity';
import type { CrmApiFailure } from './types';

/**
 * One record in the CRM. `kind` says which endpoint it lives under, because ids of different
 * kinds can collide: Pipedrive `activity` | `note`; HubSpot `calls` | `emails` | `meetings` |
 * `notes` | `tasks`; Salesforce `Task` | `Event`.
 */
export interface CrmRecordRef {
  kind: string;
  id: string;
}

/** What exists in the CRM for one logged activity. */
export interface CrmWriteRefs {
  main: CrmRecordRef;
  nextStep: CrmRecordRef | null;
}

/** A logged activity as the CRM should show it. */
export interface ActivityWrite {
  /** Our id of the logged activity: each record written for it carries it in its marker (lib/crm/marker.ts). */
  activityId: string;
  /** The CRM's deal id (as in the DealRef). */
  dealId: string;
  type: ActivityType;
  /** An outcome id of OUTCOMES[type], or null. Connectors map it to the CRM's own field where one exists. */
  outcome: string | null;
  /** One line in the rep's language, e.g. "Call · Connected" (already translated by the caller). */
  subject: string;
  /** Plain text, may be empty, up to 10 000 characters. Never HTML: connectors escape it where the CRM wants HTML. */
  note: string;
  /** When it happened (ISO instant). */
  at: string;
  /** The next step to create as an open record due on `dueAt` (ISO instant), or null. */
  nextStep: { title: string; dueAt: string } | null;
}

/**
 * `lookFirst`: an earlier attempt may have created records the queue does not know of (it timed
 * out, or the worker stopped while the CRM was answering). Every create then first looks for the
 * record carrying its marker on the deal and adopts it, so the CRM never holds it twice.
 */
export type WriteOp =
  | { op: 'create'; activity: ActivityWrite; lookFirst?: boolean }
  /** `refs` are what a previous write left in the CRM; the result's refs replace them. */
  | { op: 'update'; activity: ActivityWrite; refs: CrmWriteRefs; lookFirst?: boolean }
  | { op: 'delete'; refs: CrmWriteRefs };

/**
 * The result of one write. On success `refs` is what now exists in the CRM (null after a delete).
 * On failure `refs` says what the write managed before it failed (a create whose main record was
 * written but whose next step was refused answers with `refs.main` set), so a retry never writes
 * the same record twice; absent when nothing changed in the CRM.
 */
export type WriteOutcome = { ok: true; refs: CrmWriteRefs | null } | (CrmApiFailure & { refs?: CrmWriteRefs | null });

/**
 * One checklist tick shared with the team (lib/crm/marker.ts `tick`): a completed task on the deal,
 * subject `✓ <task title>`, whose body ends with the tick's marker, so the team sync can read it back.
 */
export interface TickWrite {
  /** The CRM's deal id (as in the DealRef). */
  dealId: string;
  playbookId: string;
  stageId: string;
  taskId: string;
  by: 'hand' | 'evidence';
  /** The task's title in the playbook. */
  title: string;
  /** When it was done (ISO instant). */
  at: string;
}

/**
 * `put`: the deal has the tick's task, as `tick` says (updated where `ref` names it, else created).
 * `remove`: the deal no longer has it. `lookFirst` (an earlier attempt's outcome is unknown): without
 * a `ref`, the deal is searched for the task carrying the tick's marker first.
 */
export type TickOp = { op: 'put' | 'remove'; tick: TickWrite; ref: CrmRecordRef | null; lookFirst?: boolean };

/** On success `ref` is the task that now carries the tick (null after a remove); on failure, what the CRM is known to hold. */
export type TickOutcome = { ok: true; ref: CrmRecordRef | null } | (CrmApiFailure & { ref?: CrmRecordRef | null });
