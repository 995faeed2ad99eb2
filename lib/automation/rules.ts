// Lead assignment rules as the manager writes them on the options page, validated with zod where
// they are stored and read back (a broken stored value is named, never silently dropped).
// First match wins: every rule in order, then the default.

import { z } from 'zod';
import { storedSettingsCause, type Cause } from '../i18n/cause';

/** A CRM field name: HubSpot property, Pipedrive field key, Salesforce field (dotted: Account.BillingCountry). */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

const id = z.string().min(1).max(80);
const fieldCondition = z.object({
  field: z.string().regex(FIELD_NAME, 'a field name (letters, digits, _; one dot for a related record)'),
  /** Any of these (case and surrounding spaces ignored). */
  values: z.array(z.string().trim().min(1).max(200)).min(1).max(50),
});
export type FieldCondition = z.infer<typeof fieldCondition>;

export const conditionsSchema = z.object({
  /** CRM pipeline id; null: any. */
  pipeline: id.nullable().default(null),
  /** The stage the deal is in (entered); null: any. */
  stage: id.nullable().default(null),
  /** Inclusive bounds in the deal's own currency amount; null: open. */
  minValue: z.number().nonnegative().nullable().default(null),
  maxValue: z.number().nonnegative().nullable().default(null),
  /** Country, source, product or any other field the CRM holds: every condition must hold. */
  fields: z.array(fieldCondition).max(10).default([]),
});
export type Conditions = z.infer<typeof conditionsSchema>;

export const targetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner'), ownerId: id }),
  /** The group's reps in turn (the turn is stored, so it carries on across runs). */
  z.object({ kind: z.literal('roundRobin'), groupId: id }),
  /** The group's rep with the fewest open deals (ties: the first in the group). */
  z.object({ kind: z.literal('leastLoaded'), groupId: id }),
]);
export type AssignTarget = z.infer<typeof targetSchema>;

/** Optionally, the pipeline (and its first stage the manager picks) the deal belongs in. */
export const moveSchema = z.object({ pipeline: id, stage: id });
export type PipelineMove = z.infer<typeof moveSchema>;

export const ruleSchema = z.object({
  id,
  name: z.string().trim().min(1).max(120),
  when: conditionsSchema,
  assign: targetSchema,
  move: moveSchema.nullable().default(null),
});
export type AssignmentRule = z.infer<typeof ruleSchema>;

export const groupSchema = z.object({ id, name: z.string().trim().min(1).max(120), ownerIds: z.array(id).max(100) });
export type RepGroup = z.infer<typeof groupSchema>;

export const assignmentSettingsSchema = z.object({
  /** Which deals the rules look at: new ones, and/or those entering one of these stages. */
  triggers: z.object({ newDeals: z.boolean().default(true), stages: z.array(id).max(50).default([]) }).default({ newDeals: true, stages: [] }),
  /** Run (apply) after every complete team sync, without pressing Apply. */
  afterSync: z.boolean().default(false),
  /** Also re-assign deals a rule assigned before. */
  reassignRuleAssigned: z.boolean().default(false),
  rules: z.array(ruleSchema).max(100).default([]),
  /** When no rule matches (null: leave the deal as it is). */
  fallback: targetSchema.nullable().default(null),
  groups: z.array(groupSchema).max(50).default([]),
  /** Deals created or entering a stage before this moment are never looked at (epoch ms; set when the rules are first saved). */
  activeSince: z.number().int().nonnegative().nullable().default(null),
});
export type AssignmentSettings = z.infer<typeof assignmentSettingsSchema>;

export const EMPTY_ASSIGNMENT_SETTINGS: AssignmentSettings = assignmentSettingsSchema.parse({});

/** Reads stored settings: the value, or the first problem as a cause (its place and what is wrong there, in every language). */
export function parseAssignmentSettings(raw: unknown): { ok: true; value: AssignmentSettings } | { ok: false; problem: Cause } {
  if (raw === undefined || raw === null) return { ok: true, value: EMPTY_ASSIGNMENT_SETTINGS };
  const parsed = assignmentSettingsSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: storedSettingsCause('assignment', parsed.error, raw) };
}

/** Every field the rules look at (read with the deal just before deciding). */
export function fieldsUsed(settings: AssignmentSettings): string[] {
  return [...new Set(settings.rules.flatMap((r) => r.when.fields.map((f) => f.field)))].sort();
}
