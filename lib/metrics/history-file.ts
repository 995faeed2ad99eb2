import type { DetailNote } from '../model/detail-note';
import { z } from 'zod';
import { isPeriod, parseInstant } from './dates';

// The sales history the metrics engine reads — the `scorecard` file format, versions 1 and 2 — as a zod 4
// schema (the structure and every type). ./history-reader reads a document against it in one pass,
// adding what a schema cannot say on its own or should not do a million times (instants parsed once,
// stages belong to the deal's pipeline, ids unique), and reports ONE problem: the first in document
// order, as `<path>: <reason>`, e.g. `deals[3].stageHistory[0].enteredAt: invalid date`. Dates
// become epoch ms there, so the engine never parses a date.
//
// Decisions (beyond the contract's list):
// - `version` is checked before anything else: a file of another version is not judged by this schema.
// - Dates are ISO 8601 instants (see parseInstant in ./dates): a date alone (`2026-01-05`) is rejected,
//   it is a day, not an instant.
// - Pipelines: `id` non-empty and unique; stages: `id` non-empty and unique within the pipeline,
//   `probability` a number in [0, 1], `rotDays` a number >= 0, or null/absent (= never stalls).
// - Deals: `id` and `owner` non-empty strings; `pipeline` must be a listed pipeline; `title` and
//   `currency` optional; `closedAt` null/absent for open deals (ignored on open deals); a won/lost
//   deal without closedAt is accepted and counts only when no --from/--to is given (it has no cycle);
//   `stageHistory` may be empty (no current stage: weighs 0, never stalled, reaches stages only by
//   being won); optional `source` / `product` strings are kept for the breakdowns (not the contract).
// - `activities` and `forecasts` may be absent (= []). A forecast's `owner` may be absent or null:
//   such a row counts for the team only (stored as owner ""). Forecast owners need not own deals.
// - Activities need not point at a listed deal; they count for their own `owner`.
// - Unknown extra keys are ignored.
//
// Version 2 adds (everything above holds):
// - `currency` { base: "EUR", rates: { USD: 0.92 } }: every deal value is converted to the base before
//   anything is computed (value × rates[currency]; the base and a deal without a currency have rate 1),
//   and the built deal then carries the base currency. Without it (and in v1) values are used as given.
// - `pipelines[i].stages[j].requiredTasks`: unique non-empty task ids (default []), for adoption.
// - `checklist`: { dealId, stage, task, doneAt } rows, at most one per (dealId, stage, task).
// - `deals[i].untracked: true`: no checklist is known for the deal (a synced rep who shares no ticks):
//   adoption leaves it out instead of counting its required tasks as not done. Any other value is
//   ignored like an unknown key.
// In a v1 file these keys are ignored like any other extra key.

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'demo', 'proposal', 'note', 'task'] as const;
export const STATUSES = ['open', 'won', 'lost'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];
export type DealStatus = (typeof STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// The validated history, as the engine reads it (instants in epoch ms).

export interface HistoryStage {
  id: string;
  name: string;
  probability: number;
  rotDays: number | null;
  /** Task ids that must be done before a deal leaves the stage (adoption); absent = none. */
  requiredTasks?: string[];
}
export interface HistoryPipeline {
  id: string;
  name: string;
  stages: HistoryStage[];
}
export interface HistoryDeal {
  id: string;
  title: string;
  owner: string;
  pipeline: string;
  value: number;
  currency: string | null;
  createdAt: number;
  closedAt: number | null;
  status: DealStatus;
  /** Chronological; the last entry is the current stage. */
  stageHistory: { stage: string; enteredAt: number }[];
  /** Optional breakdowns beyond the contract. */
  source?: string;
  product?: string;
  /**
   * The deal's currency has no conversion rate to the base currency: it is left out of every money
   * figure (sums, averages, value win rate, weighted pipeline) and counted in `unpricedDeals`, never
   * mixed in. Its `value` is 0. Counts (won, lost, open, conversion) still include it.
   */
  unpriced?: true;
  /**
   * No checklist is known for this deal (it came from a source without one, e.g. a v1 file): adoption
   * leaves its stays out rather than counting its required tasks as not done.
   */
  untracked?: true;
}
export interface HistoryActivity {
  dealId: string;
  owner: string;
  type: ActivityType;
  at: number;
}
export interface HistoryForecast {
  /** "" when the row has no owner (counts for the team only). */
  owner: string;
  period: string;
  amount: number;
}
/** A required task marked done: at most one row per (dealId, stage, task). */
export interface HistoryChecklistRow {
  dealId: string;
  stage: string;
  task: string;
  doneAt: number;
}
export interface History {
  version: 1 | 2;
  /** The currency every value is in (v2 `currency.base`); absent/null = values as given. */
  currency?: string | null;
  pipelines: HistoryPipeline[];
  deals: HistoryDeal[];
  activities: HistoryActivity[];
  forecasts: HistoryForecast[];
  /** v2; absent = none. */
  checklist?: HistoryChecklistRow[];
  /**
   * Set when the activities were read and counted but not kept (`activities` is then empty): all the
   * scorecard needs of them, without ten million objects in memory for a million deals.
   */
  activityCounts?: ActivityCounts;
}
export interface ActivityCounts {
  total: number;
  byOwner: Map<string, number>;
}

// ---------------------------------------------------------------------------------------------
// The schema. Every message is the reason part of `<path>: <reason>`; a missing key gets the same
// reason as a wrong value (`deals[0].owner: expected a string`), so one path has one message.

const reason = (text: string) => ({ error: text });

const nonEmpty = z.string(reason('expected a string')).min(1, 'expected a non-empty string');
const optionalText = z.string(reason('expected a string')).nullish();
/**
 * An ISO 8601 instant: the schema checks it is a string; the reader parses it — once — to epoch ms
 * and reports `invalid date` when it is not an instant (zod transforms/refines would parse it twice
 * or cost several times more on a million dates).
 */
const instant = z.string(reason('invalid date'));
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, reason('expected an object'));
const array = <T extends z.core.SomeType>(item: T) => z.array(item, reason('expected an array'));

export const stageSchema = object({
  id: nonEmpty,
  name: optionalText,
  probability: z.number(reason('expected a number from 0 to 1')).min(0, 'expected a number from 0 to 1').max(1, 'expected a number from 0 to 1'),
  rotDays: z.number(reason('expected a number >= 0 or null')).min(0, 'expected a number >= 0 or null').nullish(),
});

export const pipelineSchema = object({
  id: nonEmpty,
  name: optionalText,
  stages: array(stageSchema),
});

export const dealSchema = object({
  id: nonEmpty,
  title: optionalText,
  owner: nonEmpty,
  pipeline: z.string(reason('expected a string')),
  value: z.number(reason('expected a number >= 0')).min(0, 'expected a number >= 0'),
  currency: optionalText,
  createdAt: instant,
  closedAt: instant.nullish(),
  status: z.enum(STATUSES, reason(`expected one of ${STATUSES.join(', ')}`)),
  stageHistory: array(object({ stage: z.string(reason('expected a string')), enteredAt: instant })),
  source: optionalText,
  product: optionalText,
});

export const activitySchema = object({
  dealId: z.string(reason('expected a string')),
  owner: z.string(reason('expected a string')),
  type: z.enum(ACTIVITY_TYPES, reason(`expected one of ${ACTIVITY_TYPES.join(', ')}`)),
  at: instant,
});

export const forecastSchema = object({
  owner: optionalText,
  period: z.string(reason('expected a period "YYYY-Qn" or "YYYY-MM"')).refine(isPeriod, 'expected a period "YYYY-Qn" or "YYYY-MM"'),
  amount: z.number(reason('expected a number')),
});

export const historyFileSchema = object({
  version: z.literal(1, reason('expected 1 or 2')),
  pipelines: array(pipelineSchema),
  deals: array(dealSchema),
  activities: array(activitySchema).optional(),
  forecasts: array(forecastSchema).optional(),
});
export type HistoryFile = z.output<typeof historyFileSchema>;

const CURRENCY_CODE = /^[A-Z]{3}$/;
const currencyCode = z.string(reason('expected three upper-case letters')).regex(CURRENCY_CODE, 'expected three upper-case letters');
const positive = z.number(reason('expected a number > 0')).positive('expected a number > 0');

export const currencySchema = object({
  base: currencyCode,
  rates: z.record(z.string(), positive, reason('expected an object')),
});

/** Unique within the stage: checked in the second pass (which names the duplicate). */
export const requiredTasksSchema = array(nonEmpty);

export const checklistRowSchema = object({
  dealId: z.string(reason('expected a string')),
  stage: z.string(reason('expected a string')),
  task: nonEmpty,
  doneAt: instant,
});

export const historyFileV2Schema = object({
  version: z.literal(2, reason('expected 1 or 2')),
  currency: currencySchema.optional(),
  pipelines: array(object({ ...pipelineSchema.shape, stages: array(object({ ...stageSchema.shape, requiredTasks: requiredTasksSchema.optional() })) })),
  deals: array(dealSchema),
  activities: array(activitySchema).optional(),
  forecasts: array(forecastSchema).optional(),
  checklist: array(checklistRowSchema).optional(),
});

// ---------------------------------------------------------------------------------------------
// Errors: one line, `<path>: <reason>`, naming the first bad path in document order.

export type IssuePath = readonly PropertyKey[];

export class HistoryError extends Error {
  override name = 'HistoryError';
  constructor(
    /** e.g. `deals[3].stageHistory[0].enteredAt`; "" for the document itself. */
    readonly path: string,
    readonly reason: string,
    /** The same problem as a note the page says in its language (lib/model/detail-note.ts). */
    readonly note?: DetailNote,
  ) {
    super(`${path || 'root'}: ${reason}`.replace(/\s+/g, ' '));
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** ['deals', 3, 'stageHistory', 0, 'enteredAt'] → `deals[3].stageHistory[0].enteredAt`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += IDENTIFIER.test(name) ? (out ? `.${name}` : name) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Which of two paths comes first in the document `root`: array items by index, object keys in the
 * order they are written (JSON.parse keeps it, except that integer-like keys come first), keys
 * that are missing after every written key (two missing keys tie: 0); a path comes before the
 * paths inside it.
 */
export function compareDocumentOrder(root: unknown, a: IssuePath, b: IssuePath): number {
  let node: unknown = root;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y) {
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      const keys = isRecord(node) ? Object.keys(node) : [];
      const rank = (k: PropertyKey) => {
        const at = keys.indexOf(String(k));
        return at < 0 ? Number.MAX_SAFE_INTEGER : at;
      };
      return rank(x) - rank(y); // 0 for two missing keys: the caller keeps the schema's order
    }
    node = isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[x as string] : undefined;
  }
  return a.length - b.length;
}
