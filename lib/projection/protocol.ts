import { z } from 'zod';
import { STATUSES } from '../metrics/history-file';
import type { Backtest } from './backtest';
import type { ProjectionEvent, ProjectionInput } from './job';
import type { ProjectionReport } from './report';
import type { TeamProjectionBasis } from './team';
import { CRM_IDS } from '../model/deal';

// The contract between the options page and its projection worker, checked with zod on each side
// (a message is a trust boundary: a worker built from another version, or a bug, must not put
// wrong figures on screen). The page sends one request — the history's pipelines and deals, the
// day to project from and the number of quarters — and the worker answers, in this order:
//   projected  (the report: quarters and months, team and reps, basis, CSV rows, drivers)
//   progress   (after each past quarter start of the backtest: done of total)
//   backtested (the backtest)
// or failed, with one line saying what went wrong. Every answer carries the request's id.

const finite = z.number().finite();
const count = z.number().int().min(0);

const stageSchema = z.object({ id: z.string(), name: z.string(), probability: finite, rotDays: finite.nullable(), requiredTasks: z.array(z.string()).optional() });
const pipelineSchema = z.object({ id: z.string(), name: z.string(), stages: z.array(stageSchema) });
const dealSchema = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  pipeline: z.string(),
  value: finite,
  currency: z.string().nullable(),
  createdAt: finite,
  closedAt: finite.nullable(),
  status: z.enum(STATUSES),
  stageHistory: z.array(z.object({ stage: z.string(), enteredAt: finite })),
  source: z.string().optional(),
  product: z.string().optional(),
  unpriced: z.literal(true).optional(),
  untracked: z.literal(true).optional(),
});
const inputSchema = z.object({ pipelines: z.array(pipelineSchema), deals: z.array(dealSchema) }) satisfies z.ZodType<ProjectionInput>;

export const MAX_QUARTERS = 12;
export const projectionRequestSchema = z.object({
  id: count,
  asOf: finite,
  quarters: z.number().int().min(1).max(MAX_QUARTERS),
  input: inputSchema,
});
/** The team as the worker reads it from the database, projected again after each change. */
export const projectionTeamRequestSchema = z.object({
  id: count,
  asOf: finite,
  quarters: z.number().int().min(1).max(MAX_QUARTERS),
  team: z.literal(true),
});
export type ProjectionRequest = z.infer<typeof projectionRequestSchema> | z.infer<typeof projectionTeamRequestSchema>;

/** The schema a request is checked with: the team's, or one carrying its history. */
export const requestSchemaOf = (data: unknown) => ((data as { team?: unknown } | null)?.team === true ? projectionTeamRequestSchema : projectionRequestSchema);

const figureSchema = z.object({
  expected: finite,
  low: finite,
  high: finite,
  count: finite,
  fromOpen: z.object({ value: finite, count: finite, deals: count }),
  fromNew: z.object({ value: finite, count: finite }),
  wonSoFar: finite,
});
const groupSchema = z.object({ quarters: z.record(z.string(), figureSchema), months: z.record(z.string(), figureSchema) });
const missingSchema = z.array(z.object({ what: z.enum(['months', 'closed', 'won']), have: finite, need: finite }));

export const projectionReportSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('projected'),
    asOf: finite,
    quarterKeys: z.array(z.string()),
    team: groupSchema,
    owners: z.record(z.string(), groupSchema),
    basis: z.object({ monthsOfHistory: finite, seasonal: z.boolean(), openDeals: count, newDealsPerMonth: finite, winRate: finite.nullable(), meanWonValue: finite.nullable() }),
    rows: z.array(z.object({ month: z.string(), quarter: z.string(), pipeline: z.string(), product: z.string(), expected: finite, count: finite, fromOpen: finite, fromNew: finite })),
    drivers: z.array(
      z.object({
        id: z.enum(['moreNewDeals', 'weakestStage', 'shorterCycle']),
        change: z.record(z.string(), finite),
        stages: z.array(z.object({ pipeline: z.string(), stage: z.string(), conversion: finite })),
      }),
    ),
  }),
  z.object({ status: z.literal('tooLittleHistory'), missing: missingSchema }),
]) satisfies z.ZodType<ProjectionReport>;

export const backtestSchema = z.object({
  rows: z.array(z.object({ origin: finite, period: z.string(), horizon: count, expected: finite, low: finite, high: finite, won: finite })),
  byHorizon: z.array(z.object({ horizon: count, quarters: count, error: finite.nullable(), bias: finite.nullable(), coverage: finite.nullable() })),
  missing: missingSchema,
}) satisfies z.ZodType<Backtest>;

const basisSchema = z.object({
  deals: count,
  pipelines: z.array(pipelineSchema),
  synced: z.object({ crm: z.enum(CRM_IDS), syncedAt: finite, deals: count }).nullable(),
  unpriced: z.record(z.string(), count),
  currency: z.string(),
}) satisfies z.ZodType<TeamProjectionBasis>;

export const projectionReplySchema = z.discriminatedUnion('type', [
  /** The team's history as read now (before its figures, each time it changed). */
  z.object({ type: z.literal('team'), id: count, basis: basisSchema }),
  z.object({ type: z.literal('projected'), id: count, report: projectionReportSchema }),
  z.object({ type: z.literal('progress'), id: count, done: count, total: count }),
  z.object({ type: z.literal('backtested'), id: count, backtest: backtestSchema }),
  z.object({ type: z.literal('failed'), id: count, message: z.string() }),
]);
export type ProjectionReply = z.infer<typeof projectionReplySchema>;

// Every event of the job is a reply (checked by the compiler: a new event needs its schema here).
type Assert<T extends true> = T;
export type EventsAreReplies = Assert<ProjectionEvent & { id: number } extends ProjectionReply ? true : false>;

/** "input.deals[3].createdAt: expected number" — the first problem of a message that fails its schema. */
export function contractProblem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
  return `${path || '(message)'}: ${issue.message}`;
}
