import { z } from 'zod';
import { ACTIVITY_TYPES } from './activity';
import { crmIdSchema, dealSnapshotSchema } from './deal.schema';

// What the database stores besides playbooks and settings. Each record type is validated on the
// way in (messages, backups) with these schemas.

const isoInstant = z.iso.datetime({ offset: true });

/** Last snapshot of a CRM deal, keyed by `crm:account:dealId`. */
export const dealRecordSchema = z.object({
  key: z.string().min(1).max(200),
  crm: crmIdSchema,
  account: z.string().min(1).max(100),
  dealId: z.string().min(1).max(64),
  snapshot: dealSnapshotSchema,
  url: z.string().max(2000),
  firstSeenAt: isoInstant,
  lastSeenAt: isoInstant,
  /** When the deal was first seen won or lost (not indexed: no schema version needed). */
  closedAt: isoInstant.nullable().optional(),
  /** What the CRM's API added, where each field came from and any problem (not indexed). */
  api: z.unknown().optional(),
  /** The page's own latest reading, at lastSeenAt (`snapshot` is it merged with the API's answer; not indexed). */
  page: dealSnapshotSchema.optional(),
});

/** The deal was seen in (or the CRM reported) a stage from `enteredAt` on. */
export const stageVisitSchema = z.object({
  id: z.number().int().optional(),
  dealKey: z.string().min(1).max(200),
  /** The CRM's stage label as shown. */
  stage: z.string().min(1).max(200),
  enteredAt: isoInstant,
  source: z.enum(['observed', 'crm']),
});

export const checklistEntrySchema = z.object({
  dealKey: z.string().min(1).max(200),
  stageId: z.string().min(1).max(64),
  taskId: z.string().min(1).max(64),
  state: z.enum(['open', 'done', 'skipped']),
  at: isoInstant,
  by: z.enum(['hand', 'evidence', 'goal']),
  /** The activity that ticked it, when `by` is `evidence`. */
  evidenceActivityId: z.string().max(64).nullable().default(null),
});

export const SYNC_STATES = ['local', 'pending', 'synced', 'failed'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

const crmRecordRefSchema = z.object({ kind: z.string().min(1).max(40), id: z.string().min(1).max(64) });
/** What exists in the CRM for one logged activity (see lib/crm/api/write-types.ts). */
export const crmWriteRefsSchema = z.object({ main: crmRecordRefSchema, nextStep: crmRecordRefSchema.nullable() });

export const activitySchema = z.object({
  id: z.string().min(1).max(64),
  dealKey: z.string().min(1).max(200),
  type: z.enum(ACTIVITY_TYPES),
  outcome: z.string().max(40).nullable(),
  note: z.string().max(10_000, 'expected a note of at most 10 000 characters'),
  at: isoInstant,
  nextStep: z.object({ title: z.string().max(200), dueAt: isoInstant }).nullable(),
  owner: z.string().max(200).nullable(),
  /**
   * Whether it is in the CRM: `local` (kept here only), `pending` (queued in `crmWrites`),
   * `synced` (the CRM has it as it is here), `failed` (the last write failed; it stays queued and
   * is tried again).
   */
  sync: z.enum(SYNC_STATES).default('local'),
  /** What a write created in the CRM for it (schema v3; null before the first write). */
  crmRefs: crmWriteRefsSchema.nullable().default(null),
});

/**
 * The write-back queue (schema v3): at most one entry per activity, saying what the CRM still has
 * to be told. Kept until the CRM confirmed it; a failure only moves `nextAttemptAt` on.
 */
export const crmWriteSchema = z.object({
  activityId: z.string().min(1).max(64),
  dealKey: z.string().min(1).max(200),
  op: z.enum(['create', 'update', 'delete']),
  /** What the CRM has for this activity so far (update, delete, or a create that got partway). */
  refs: crmWriteRefsSchema.nullable(),
  queuedAt: isoInstant,
  nextAttemptAt: isoInstant,
  attempts: z.number().int().min(0),
  lastAttemptAt: isoInstant.nullable(),
  lastError: z
    .object({ kind: z.string().max(40), messageKey: z.string().max(100), detail: z.string().max(500).optional(), status: z.number().int().optional() })
    .nullable(),
  /** Bumped by every local change, so a write answering for an older revision is followed up. */
  revision: z.number().int().min(0),
  /** A write under way: since when, and for which revision (a stale one is taken up again). */
  inFlight: z.object({ since: isoInstant, revision: z.number().int().min(0) }).nullable(),
  /**
   * An attempt went out whose outcome is unknown (it timed out, failed in transit, or the worker
   * stopped while the CRM answered): the CRM may hold records the queue does not know of, so every
   * create of the next attempt first looks for its marker on the deal. Absent in older entries
   * (not indexed: no schema version needed).
   */
  unsure: z.boolean().optional(),
});

/**
 * A checklist item shared with the team through the CRM (schema v7): one row per deal + stage +
 * task, saying which CRM task carries the tick and whether the CRM still has to hear of a change.
 * The checklist entry itself says what is true; the row only what the CRM holds of it.
 */
export const tickShareSchema = z.object({
  dealKey: z.string().min(1).max(200),
  stageId: z.string().min(1).max(64),
  taskId: z.string().min(1).max(64),
  /** The CRM task carrying the tick (null: none known). */
  ref: crmRecordRefSchema.nullable(),
  /** When the CRM is next told; absent when it holds the tick as it is here (or sharing is off). Indexed. */
  nextAttemptAt: isoInstant.optional(),
  attempts: z.number().int().min(0),
  lastError: z
    .object({ kind: z.string().max(40), messageKey: z.string().max(100), detail: z.string().max(500).optional(), status: z.number().int().optional() })
    .nullable(),
  /** Bumped by every change of the tick, so an answer for an older one is followed up. */
  revision: z.number().int().min(0),
  inFlight: z.object({ since: isoInstant, revision: z.number().int().min(0) }).nullable(),
  /** An attempt went out whose outcome is unknown: the next one looks for the tick's marker first. */
  unsure: z.boolean(),
  /** When the CRM last confirmed it holds the tick as it is here; null while it does not. */
  sharedAt: isoInstant.nullable(),
});

/**
 * A rep paused a deal (schema v4): the buyer asked to wait until a date, a budget freeze… Until
 * `until` (a calendar day in the rep's calendar) the deal is not stalled and not in My day, and
 * its due dates move on by the pause. Kept after it ended, so the shift stays and the manager sees it.
 */
export const dealPauseSchema = z.object({
  id: z.number().int().optional(),
  dealKey: z.string().min(1).max(200),
  reason: z.string().trim().min(1, 'expected a reason').max(500, 'expected a reason of at most 500 characters'),
  since: isoInstant,
  /** The wake day, YYYY-MM-DD (after `since`'s day). */
  until: z.iso.date(),
  /** When it ended: woken on its day, or resumed early by hand; null while it runs. */
  endedAt: isoInstant.nullable(),
  endedBy: z.enum(['wake', 'hand']).nullable(),
  /** Who paused it (the deal's owner when known), for the manager's list. */
  owner: z.string().max(200).nullable(),
});

export type DealRecord = z.infer<typeof dealRecordSchema>;
export type StageVisit = z.infer<typeof stageVisitSchema>;
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>;
export type Activity = z.infer<typeof activitySchema>;
export type CrmWrite = z.infer<typeof crmWriteSchema>;
export type DealPause = z.infer<typeof dealPauseSchema>;
export type TickShare = z.infer<typeof tickShareSchema>;
