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

export const activitySchema = z.object({
  id: z.string().min(1).max(64),
  dealKey: z.string().min(1).max(200),
  type: z.enum(ACTIVITY_TYPES),
  outcome: z.string().max(40).nullable(),
  note: z.string().max(10_000, 'expected a note of at most 10 000 characters'),
  at: isoInstant,
  nextStep: z.object({ title: z.string().max(200), dueAt: isoInstant }).nullable(),
  owner: z.string().max(200).nullable(),
  /** `pending` until written to the CRM, when a connector is connected. */
  sync: z.enum(['local', 'pending', 'synced', 'failed']).default('local'),
});

export type DealRecord = z.infer<typeof dealRecordSchema>;
export type StageVisit = z.infer<typeof stageVisitSchema>;
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>;
export type Activity = z.infer<typeof activitySchema>;
