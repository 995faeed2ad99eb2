// Pipedrive API on the company's own host (`https://<company>.pipedrive.com/api/…`): v2 for the
// deal, its pipeline and stages and its activities; v1 for the deal's flow (stage changes) and the
// owner's name. Auth: the signed-in web session (same-origin cookies) where allowed, else the
// user's personal API token in the `x-api-token` header (never in the URL).

import { z } from 'zod';
import { stageSchema } from './stage-answer';
import type { ActivityType } from '../../model/activity';
import { compact, currencyOf, own, dateOnlyInstant, isFatal, isoDate, isoInstant, requestJson, textOf } from '../api/http';
import { failure, type ConnectorContext, type CrmActivity, type CrmApiResult, type CrmDealResult, type CrmStage, type CrmStageEntry, type PartialProblem, type PipedriveCredentials } from '../api/types';

const DEAL_ID = /^[1-9]\d{0,15}$/;
const FLOW_PAGE = 100;
const FLOW_PAGES = 5;

export type PipedriveAuth = { kind: 'session' } | { kind: 'token'; token: string };

/** The ways to authenticate, in the order to try them: the session first when allowed, then the token. */
export function pipedriveAuths(creds: PipedriveCredentials): PipedriveAuth[] {
  const auths: PipedriveAuth[] = [];
  if (creds.useSession) auths.push({ kind: 'session' });
  if (creds.token) auths.push({ kind: 'token', token: creds.token });
  return auths;
}

export function pipedriveInit(auth: PipedriveAuth): RequestInit {
  return auth.kind === 'session'
    ? { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'include' }
    : { method: 'GET', headers: { Accept: 'application/json', 'x-api-token': auth.token }, credentials: 'omit' };
}

const base = (creds: PipedriveCredentials) => `https://${creds.company}.pipedrive.com/api`;

const id = z.number().int();
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data, additional_data: z.unknown().optional() });

const dealSchema = envelope(
  z.object({
    id,
    title: z.string().nullable(),
    owner_id: id.nullable(),
    pipeline_id: id.nullable(),
    stage_id: id.nullable(),
    value: z.number().nullable(),
    currency: z.string().nullable(),
    status: z.string(),
    expected_close_date: z.string().nullable().optional(),
    stage_change_time: z.string().nullable().optional(),
    add_time: z.string().nullable().optional(),
    is_deleted: z.boolean().optional(),
  }),
);

const stagesSchema = envelope(z.array(stageSchema));

const pipelinesSchema = envelope(z.array(z.object({ id, name: z.string(), order_nr: z.number().optional(), is_deleted: z.boolean().optional() })));

const activitiesSchema = envelope(
  z
    .array(
      z.object({
        id,
        subject: z.string().nullable(),
        type: z.string().nullable(),
        done: z.boolean(),
        due_date: z.string().nullable().optional(),
        due_time: z.string().nullable().optional(),
        add_time: z.string().nullable().optional(),
        marked_as_done_time: z.string().nullable().optional(),
        is_deleted: z.boolean().optional(),
      }),
    )
    .nullable(),
);

const flowValue = z.union([z.string(), z.number()]).nullable().optional();
const flowSchema = z.object({
  success: z.literal(true),
  data: z
    .array(
      z.object({
        object: z.string(),
        timestamp: z.string().optional(),
        data: z.unknown(),
      }),
    )
    .nullable(),
  additional_data: z
    .object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().optional() }).optional() })
    .nullable()
    .optional(),
});
const dealChangeSchema = z.object({
  field_key: z.string(),
  old_value: flowValue,
  new_value: flowValue,
  log_time: z.string(),
  // An object with the stage names for stage changes; Pipedrive sends [] for other changes.
  additional_data: z.unknown().optional(),
});

/** `old_value_formatted` / `new_value_formatted` of a change, when Pipedrive sent them. */
function formatted(change: { additional_data?: unknown }, which: 'old_value_formatted' | 'new_value_formatted'): string | undefined {
  const data = change.additional_data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? textOf((data as Record<string, unknown>)[which], 200) : undefined;
}

const userSchema = envelope(z.object({ id, name: z.string().nullable() }));

type Get = <T>(path: string, schema: z.ZodType<T>) => Promise<CrmApiResult<T>>;

const STATUS = { open: 'open', won: 'won', lost: 'lost' } as const;

const ACTIVITY_TYPES: Record<string, ActivityType> = { call: 'call', email: 'email', meeting: 'meeting', lunch: 'meeting', task: 'task', deadline: 'task', demo: 'demo' };

/** A due date and optional UTC time (Pipedrive stores times in UTC). */
function dueInstant(date: string | null | undefined, time: string | null | undefined): string | undefined {
  if (!date) return undefined;
  if (time && /^\d{2}:\d{2}(:\d{2})?$/.test(time)) return isoInstant(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  return dateOnlyInstant(date);
}

/** Stage entries from the flow's `stage_id` changes (oldest first); the first stage was entered when the deal was added. */
export function stageEntriesFromFlow(
  changes: z.infer<typeof dealChangeSchema>[],
  addTime: string | undefined,
  labelOf: (stageId: string) => string | undefined,
): CrmStageEntry[] {
  const sorted = changes
    .filter((c) => c.field_key === 'stage_id')
    .map((c) => ({ ...c, at: isoInstant(c.log_time) }))
    .filter((c): c is typeof c & { at: string } => c.at !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at));
  const entries: CrmStageEntry[] = [];
  const first = sorted[0];
  if (first && addTime && first.old_value !== null && first.old_value !== undefined) {
    const label = labelOf(String(first.old_value)) ?? formatted(first, 'old_value_formatted');
    if (label && addTime <= first.at) entries.push({ stageLabel: label, enteredAt: addTime });
  }
  for (const change of sorted) {
    if (change.new_value === null || change.new_value === undefined) continue;
    const label = labelOf(String(change.new_value)) ?? formatted(change, 'new_value_formatted') ?? String(change.new_value);
    if (entries.at(-1)?.stageLabel === label) continue;
    entries.push({ stageLabel: label, enteredAt: change.at });
  }
  return entries;
}

async function readFlow(get: Get, dealId: string): Promise<CrmApiResult<z.infer<typeof dealChangeSchema>[]>> {
  const changes: z.infer<typeof dealChangeSchema>[] = [];
  let start = 0;
  for (let page = 0; page < FLOW_PAGES; page++) {
    const result = await get(`/v1/deals/${dealId}/flow?items=dealChange&start=${start}&limit=${FLOW_PAGE}`, flowSchema);
    if (!result.ok) return result;
    for (const item of result.value.data ?? []) {
      if (item.object !== 'dealChange') continue;
      const change = dealChangeSchema.safeParse(item.data);
      if (change.success) changes.push(change.data);
    }
    const pagination = result.value.additional_data?.pagination;
    if (!pagination?.more_items_in_collection || pagination.next_start === undefined || pagination.next_start <= start) break;
    start = pagination.next_start;
  }
  return { ok: true, value: changes };
}

/** Reads one deal with its pipeline, stages, stage changes and activities. Never throws. */
export async function readPipedriveDeal(ctx: ConnectorContext, creds: PipedriveCredentials, dealId: string): Promise<CrmDealResult> {
  if (!DEAL_ID.test(dealId)) return failure('notFound', { detail: 'not a Pipedrive deal id' });
  const auths = pipedriveAuths(creds);
  if (auths.length === 0) return failure('notConnected', { detail: 'no session allowed and no API token' });

  // The deal decides which way of signing in works; the rest of the reads use the same one.
  let auth = auths[0]!;
  let deal: CrmApiResult<z.infer<typeof dealSchema>> = failure('notConnected');
  for (const candidate of auths) {
    auth = candidate;
    deal = await requestJson(ctx, `${base(creds)}/v2/deals/${dealId}`, pipedriveInit(candidate), dealSchema);
    if (deal.ok || (deal.kind !== 'unauthorized' && deal.kind !== 'forbidden')) break;
  }
  if (!deal.ok) return deal;
  const d = deal.value.data;
  if (d.is_deleted || d.status === 'deleted') return failure('notFound', { detail: 'the deal is deleted' });

  const get: Get = (path, schema) => requestJson(ctx, `${base(creds)}${path}`, pipedriveInit(auth), schema);
  const partial: PartialProblem[] = [];

  const [stages, pipelines, flow, activities, owner] = await Promise.all([
    d.pipeline_id === null ? Promise.resolve(null) : get(`/v2/stages?pipeline_id=${d.pipeline_id}&limit=500`, stagesSchema),
    d.pipeline_id === null ? Promise.resolve(null) : get('/v2/pipelines?limit=500', pipelinesSchema),
    readFlow(get, dealId),
    get(`/v2/activities?deal_id=${dealId}&limit=100&sort_by=due_date&sort_direction=desc`, activitiesSchema),
    d.owner_id === null ? Promise.resolve(null) : get(`/v1/users/${d.owner_id}`, userSchema),
  ]);
  const parts = [['stages', stages], ['pipeline', pipelines], ['stageHistory', flow], ['activities', activities], ['owner', owner]] as const;
  for (const [part, result] of parts) {
    if (!result || result.ok) continue;
    if (isFatal(result)) return result;
    partial.push({ part, kind: result.kind, detail: result.detail });
  }

  const stageList: CrmStage[] =
    stages?.ok
      ? stages.value.data
          .filter((s) => !s.is_deleted && s.pipeline_id === d.pipeline_id)
          .sort((a, b) => a.order_nr - b.order_nr)
          .map((s) => ({
            id: String(s.id),
            label: s.name,
            probability: s.deal_probability === null ? null : Math.min(1, Math.max(0, s.deal_probability / 100)),
            // Pipedrive closes a deal by status (won/lost), never by stage.
            closed: false,
            won: false,
          }))
      : [];
  const labelOf = (stageId: string) => stageList.find((s) => s.id === stageId)?.label;
  const pipeline = pipelines?.ok ? pipelines.value.data.find((p) => p.id === d.pipeline_id) : undefined;
  const stageLabel = d.stage_id === null ? undefined : labelOf(String(d.stage_id));

  const activityList: CrmActivity[] = [];
  for (const a of activities.ok ? (activities.value.data ?? []) : []) {
    if (a.is_deleted) continue;
    const at = dueInstant(a.due_date, a.due_time) ?? isoInstant(a.marked_as_done_time) ?? isoInstant(a.add_time);
    if (!at) continue;
    activityList.push({ id: String(a.id), type: own(ACTIVITY_TYPES, a.type?.toLowerCase()) ?? 'task', subject: textOf(a.subject, 200) ?? '', at, done: a.done });
  }
  activityList.sort((a, b) => b.at.localeCompare(a.at));

  let stageHistory = flow.ok ? stageEntriesFromFlow(flow.value, isoInstant(d.add_time), labelOf) : [];
  // No recorded change: the deal has been in its stage since it was added (or since stage_change_time).
  const since = isoInstant(d.stage_change_time) ?? isoInstant(d.add_time);
  if (flow.ok && stageHistory.length === 0 && stageLabel && since) stageHistory = [{ stageLabel, enteredAt: since }];

  return {
    ok: true,
    value: compact({
      crm: 'pipedrive',
      dealId: String(d.id),
      title: textOf(d.title),
      pipeline: pipeline ? { id: String(pipeline.id), label: pipeline.name } : undefined,
      stage: d.stage_id !== null && stageLabel ? { id: String(d.stage_id), label: stageLabel } : undefined,
      stages: stageList,
      value: d.value ?? undefined,
      currency: currencyOf(d.currency),
      closeDate: isoDate(d.expected_close_date),
      owner: owner?.ok ? textOf(owner.value.data.name, 200) : undefined,
      status: own(STATUS, d.status),
      stageHistory,
      activities: activityList,
      readAt: ctx.now().toISOString(),
      partial: partial.length > 0 ? partial : undefined,
    }),
  };
}
