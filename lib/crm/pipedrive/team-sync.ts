// Pipedrive: the team's deals on the company's own API host. Pipelines and stages (API v2), users
// (v1, for owner names), every deal of every status (v2, cursor paging) with its stage, value and
// expected close date changes from the deal's flow (v1 `dealChange` items with `field_key` stage_id,
// value or expected_close_date, read a few deals at a time: the forecast's past in the same requests),
// and the activities (v2). Pipedrive closes a deal by status, never by stage, and records the close
// moment itself (`won_time` / `lost_time`). Incremental runs pass `updated_since`, and read the
// deals deleted since (`status=deleted`).

import { z } from 'zod';
import { stageSchema } from './stage-answer';
import type { ActivityType } from '../../metrics/history.schema';
import { NO_OWNER, dealFromFacts, msOf } from '../../team-sync/deal-facts';
import type { StepContext, SyncPlan, SyncStep } from '../../team-sync/engine';
import { currencyPage, noCurrency } from '../../team-sync/currency';
import type { SyncedActivity, SyncedDeal, SyncedPipeline, SyncResult } from '../../team-sync/types';
import { tickOf } from '../../team-sync/tick-marker';
import { closeDay, fieldTrack, forecastHistory } from '../../team-sync/field-history';

export interface PipedriveSyncTarget {
  /** Company subdomain (`acme` for acme.pipedrive.com). */
  company: string;
  /** Personal API token (x-api-token header); without it, the signed-in session (cookies). */
  token?: string;
  /** Scheme and host of the API; default https://<company>.pipedrive.com. */
  apiBase?: string;
}

const PAGE = 100;
const ACTIVITIES_PAGE = 500;
const FLOW_PAGE = 100;
/** Deals whose flow is read at the same time. */
const FLOW_CONCURRENCY = 4;
const ACTIVITY_TYPES: Record<string, ActivityType> = { call: 'call', email: 'email', meeting: 'meeting', lunch: 'meeting', task: 'task', deadline: 'task', demo: 'demo', proposal: 'proposal', note: 'note' };

const activityType = (type: string | null): ActivityType => {
  const key = (type ?? '').toLowerCase();
  return Object.hasOwn(ACTIVITY_TYPES, key) ? ACTIVITY_TYPES[key]! : 'task';
};

const id = z.number().int();
const cursorPage = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item).nullable(), additional_data: z.object({ next_cursor: z.string().nullable().optional() }).nullable().optional() });

const pipelinesSchema = cursorPage(z.object({ id, name: z.string(), order_nr: z.number().optional(), is_deleted: z.boolean().optional() }));
const stagesSchema = cursorPage(stageSchema);
const dealFieldsSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ key: z.string(), options: z.array(z.object({ id: z.union([z.number(), z.string()]), label: z.string() })).nullable().optional() })).nullable(),
  additional_data: z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().optional() }).optional() }).nullable().optional(),
});
const meSchema = z.object({ success: z.literal(true), data: z.object({ default_currency: z.string().nullable().optional() }) });
const usersSchema = z.object({ success: z.literal(true), data: z.array(z.object({ id, name: z.string().nullable() })).nullable() });
const dealSchema = z.object({
  id,
  title: z.string().nullable(),
  owner_id: id.nullable(),
  pipeline_id: id.nullable(),
  stage_id: id.nullable(),
  value: z.number().nullable(),
  currency: z.string().nullable(),
  status: z.string(),
  add_time: z.string().nullable(),
  won_time: z.string().nullable().optional(),
  lost_time: z.string().nullable().optional(),
  close_time: z.string().nullable().optional(),
  expected_close_date: z.string().nullable().optional(),
  is_deleted: z.boolean().optional(),
  channel: z.number().nullable().optional(),
  origin: z.string().nullable().optional(),
});
const dealsSchema = cursorPage(dealSchema);
const flowSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ object: z.string(), timestamp: z.string().optional(), data: z.unknown() })).nullable(),
  additional_data: z.object({ pagination: z.object({ more_items_in_collection: z.boolean().optional(), next_start: z.number().optional() }).optional() }).nullable().optional(),
});
const fieldChangeSchema = z.object({ field_key: z.enum(['stage_id', 'value', 'expected_close_date']), old_value: z.union([z.string(), z.number()]).nullable().optional(), new_value: z.union([z.string(), z.number()]).nullable().optional(), log_time: z.string() });
type FlowChange = { at: number; from: string | null; to: string | null };
const activitiesSchema = cursorPage(
  z.object({
    id,
    type: z.string().nullable(),
    owner_id: id.nullable().optional(),
    deal_id: id.nullable().optional(),
    due_date: z.string().nullable().optional(),
    due_time: z.string().nullable().optional(),
    marked_as_done_time: z.string().nullable().optional(),
    add_time: z.string().nullable().optional(),
    is_deleted: z.boolean().optional(),
    /** HTML; a shared checklist tick's ends with its marker. */
    note: z.string().nullable().optional(),
  }),
);

/** How the deal was made, as a person reads it: "ManuallyCreated" → "Manually created", "API" stays. */
export function originLabel(origin: string): string {
  const words = origin.trim().replace(/([a-z])([A-Z])/g, '$1 $2').split(/\s+/);
  return words.map((w, i) => (i === 0 || w === w.toUpperCase() ? w : w.toLowerCase())).join(' ');
}

/** Runs `work` over `items`, `limit` at a time, in order; stops at the first failure. */
async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<SyncResult<R>>): Promise<SyncResult<R[]>> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed: SyncResult<R[]> | null = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const i = next++;
      const result = await work(items[i]!);
      if (!result.ok) failed ??= result;
      else out[i] = result.value;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return failed ?? { ok: true, value: out };
}

export function pipedrivePlan(target: PipedriveSyncTarget): SyncPlan {
  const base = `${(target.apiBase ?? `https://${target.company}.pipedrive.com`).replace(/\/+$/, '')}/api`;
  const init: RequestInit = target.token
    ? { method: 'GET', headers: { Accept: 'application/json', 'x-api-token': target.token }, credentials: 'omit' }
    : { method: 'GET', headers: { Accept: 'application/json' }, credentials: 'include' };
  const get = <T>(ctx: StepContext, path: string, schema: z.ZodType<T>) => ctx.http.json(`${base}${path}`, init, schema);
  const cursorParam = (cursor: string | null) => (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
  const since = (ctx: StepContext) => (ctx.run.changedSince === null ? '' : `&updated_since=${encodeURIComponent(new Date(ctx.run.changedSince).toISOString().replace(/\.\d{3}Z$/, 'Z'))}`);

  /** Every page of a small list (pipelines, stages) in one step. */
  async function all<T>(ctx: StepContext, path: string, schema: z.ZodType<{ data: T[] | null; additional_data?: { next_cursor?: string | null } | null }>): Promise<SyncResult<T[]>> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const answer: SyncResult<{ data: T[] | null; additional_data?: { next_cursor?: string | null } | null }> = await get(ctx, `${path}${cursorParam(cursor)}`, schema);
      if (!answer.ok) return answer;
      items.push(...(answer.value.data ?? []));
      cursor = answer.value.additional_data?.next_cursor ?? null;
    } while (cursor);
    return { ok: true, value: items };
  }

  /** The deal's changes of stage, value and expected close date from its flow, each oldest first. */
  async function dealFlow(ctx: StepContext, dealId: number): Promise<SyncResult<Record<z.infer<typeof fieldChangeSchema>['field_key'], FlowChange[]>>> {
    const changes: Record<z.infer<typeof fieldChangeSchema>['field_key'], FlowChange[]> = { stage_id: [], value: [], expected_close_date: [] };
    const text = (v: string | number | null | undefined) => (v == null || v === '' ? null : String(v));
    let start = 0;
    for (;;) {
      const answer = await get(ctx, `/v1/deals/${dealId}/flow?items=dealChange&start=${start}&limit=${FLOW_PAGE}`, flowSchema);
      if (!answer.ok) return answer;
      for (const item of answer.value.data ?? []) {
        if (item.object !== 'dealChange') continue;
        const change = fieldChangeSchema.safeParse(item.data);
        const at = change.success ? msOf(change.data.log_time) : null;
        if (!change.success || at === null) continue;
        changes[change.data.field_key].push({ at, from: text(change.data.old_value), to: text(change.data.new_value) });
      }
      const pagination = answer.value.additional_data?.pagination;
      if (!pagination?.more_items_in_collection || pagination.next_start === undefined || pagination.next_start <= start) break;
      start = pagination.next_start;
    }
    for (const list of Object.values(changes)) list.sort((a, b) => a.at - b.at);
    return { ok: true, value: changes };
  }

  /**
   * A value or close date through time: the flow records every change with the value before it, so
   * the first change's old value held since the deal was added, and no change means today's value did.
   */
  function tracked<T>(createdAt: number, changes: readonly FlowChange[], parse: (v: string | null) => T, current: T) {
    const first = changes[0];
    const all = first ? [{ at: createdAt, value: parse(first.from) }, ...changes.map((c) => ({ at: c.at, value: parse(c.to) }))] : [];
    return fieldTrack(createdAt, all, { value: current });
  }

  async function dealsOf(ctx: StepContext, rows: z.infer<typeof dealSchema>[]): Promise<SyncResult<{ deals: SyncedDeal[]; removeDeals: string[] }>> {
    const live = rows.filter((d) => !d.is_deleted && d.status !== 'deleted' && d.pipeline_id !== null);
    const flows = await eachLimited(live, FLOW_CONCURRENCY, (d) => dealFlow(ctx, d.id));
    if (!flows.ok) return flows;
    const deals = live.map((d, i) => {
      const createdAt = msOf(d.add_time) ?? 0;
      const flow = flows.value[i]!;
      const changes = flow.stage_id.flatMap((c) => (c.to === null ? [] : [{ stage: c.to, at: c.at }]));
      const firstStage = flow.stage_id.find((c) => c.to !== null)?.from ?? null;
      const amount = (v: string | null) => (v === null || !Number.isFinite(Number(v)) || Number(v) < 0 ? 0 : Number(v));
      const day = (v: string | null) => (v === null ? null : closeDay(msOf(v.slice(0, 10))));
      const forecast = forecastHistory({
        amount: tracked(createdAt, flow.value, amount, d.value ?? 0),
        closeDate: tracked(createdAt, flow.expected_close_date, day, day(d.expected_close_date ?? null)),
      });
      // The stage the deal was added in: the first change's old value, entered when the deal was added;
      // no change at all: the current stage since it was added.
      const entries = [...changes];
      if (firstStage !== null) entries.unshift({ stage: firstStage, at: createdAt });
      else if (entries.length === 0 && d.stage_id !== null) entries.push({ stage: String(d.stage_id), at: createdAt });
      const status = d.status === 'won' || d.status === 'lost' ? d.status : 'open';
      const pipelineId = String(d.pipeline_id);
      return dealFromFacts(
        {
          id: String(d.id),
          title: d.title,
          owner: d.owner_id === null ? NO_OWNER : (ctx.lookups.owners[String(d.owner_id)] ?? `User ${d.owner_id}`),
          pipeline: pipelineId,
          value: d.value,
          currency: d.currency,
          createdAt,
          status,
          entries,
          closedMoment: status === 'won' ? msOf(d.won_time) : status === 'lost' ? msOf(d.lost_time) : null,
          closeDate: msOf(d.close_time) ?? msOf(d.expected_close_date),
          // The lead channel: the `channel` field's option, else how the deal was made (its origin).
          source: d.channel != null ? (ctx.lookups.labels[`channel:${d.channel}`] ?? null) : d.origin ? originLabel(d.origin) : null,
          forecastHistory: forecast,
        },
        ctx.lookups.pipelines.find((p) => p.id === pipelineId),
        ctx.run.runId,
      );
    });
    const removeDeals = rows.filter((d) => !live.includes(d)).map((d) => String(d.id));
    return { ok: true, value: { deals, removeDeals } };
  }

  const pipelinesStep: SyncStep = {
    name: 'pipelines',
    async page(_cursor, ctx) {
      const pipelines = await all(ctx, `/v2/pipelines?limit=${PAGE}`, pipelinesSchema);
      if (!pipelines.ok) return pipelines;
      const stages = await all(ctx, `/v2/stages?limit=500`, stagesSchema);
      if (!stages.ok) return stages;
      const list: SyncedPipeline[] = pipelines.value
        .filter((p) => !p.is_deleted)
        .sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0))
        .map((p) => ({
          id: String(p.id),
          name: p.name,
          stages: stages.value
            .filter((s) => s.pipeline_id === p.id && !s.is_deleted)
            .sort((a, b) => a.order_nr - b.order_nr)
            .map((s) => ({
              id: String(s.id),
              name: s.name,
              probability: s.deal_probability === null ? 0 : Math.min(1, Math.max(0, s.deal_probability / 100)),
              rotDays: s.is_deal_rot_enabled && typeof s.days_to_rotten === 'number' && s.days_to_rotten >= 0 ? s.days_to_rotten : null,
              closes: null,
            })),
        }));
      return { ok: true, value: { page: { pipelines: list }, next: null } };
    },
  };
  const usersStep: SyncStep = {
    name: 'owners',
    async page(_cursor, ctx) {
      const answer = await get(ctx, '/v1/users', usersSchema);
      if (!answer.ok) return answer;
      const owners = Object.fromEntries((answer.value.data ?? []).map((u) => [String(u.id), u.name?.trim() || `User ${u.id}`]));
      return { ok: true, value: { page: { owners }, next: null } };
    },
  };
  /** The options of the `channel` deal field, to name each deal's lead channel. */
  const fieldsStep: SyncStep = {
    name: 'owners',
    async page(_cursor, ctx) {
      const labels: Record<string, string> = {};
      let start = 0;
      for (;;) {
        const answer = await get(ctx, `/v1/dealFields?start=${start}&limit=500`, dealFieldsSchema);
        if (!answer.ok) return answer;
        for (const field of answer.value.data ?? []) if (field.key === 'channel') for (const option of field.options ?? []) labels[`channel:${option.id}`] = option.label;
        const pagination = answer.value.additional_data?.pagination;
        if (!pagination?.more_items_in_collection || pagination.next_start === undefined || pagination.next_start <= start) break;
        start = pagination.next_start;
      }
      return { ok: true, value: { page: { labels }, next: null } };
    },
  };
  const dealsStep = (deleted: boolean): SyncStep => ({
    name: 'deals',
    async page(cursor, ctx) {
      const answer = await get(ctx, `/v2/deals?limit=${PAGE}${cursorParam(cursor)}${deleted ? '&status=deleted' : ''}${since(ctx)}`, dealsSchema);
      if (!answer.ok) return answer;
      const rows = answer.value.data ?? [];
      const next = answer.value.additional_data?.next_cursor ?? null;
      if (deleted) return { ok: true, value: { page: { removeDeals: rows.map((d) => String(d.id)) }, next } };
      const mapped = await dealsOf(ctx, rows);
      if (!mapped.ok) return mapped;
      return { ok: true, value: { page: mapped.value, next } };
    },
  });
  const activitiesStep: SyncStep = {
    name: 'activities',
    async page(cursor, ctx) {
      const answer = await get(ctx, `/v2/activities?limit=${ACTIVITIES_PAGE}${cursorParam(cursor)}${since(ctx)}`, activitiesSchema);
      if (!answer.ok) return answer;
      const activities: SyncedActivity[] = [];
      const removeActivities: string[] = [];
      for (const a of answer.value.data ?? []) {
        if (a.is_deleted) {
          removeActivities.push(`activity:${a.id}`);
          continue;
        }
        if (a.deal_id == null) continue;
        const due = a.due_date ? msOf(a.due_time && /^\d{2}:\d{2}/.test(a.due_time) ? `${a.due_date}T${a.due_time.length === 5 ? `${a.due_time}:00` : a.due_time}Z` : `${a.due_date}T12:00:00Z`) : null;
        const at = due ?? msOf(a.marked_as_done_time) ?? msOf(a.add_time);
        if (at === null) continue;
        const owner = a.owner_id == null ? NO_OWNER : (ctx.lookups.owners[String(a.owner_id)] ?? `User ${a.owner_id}`);
        const tick = tickOf(a.note);
        activities.push({ id: `activity:${a.id}`, dealId: String(a.deal_id), owner, type: activityType(a.type), at, seenIn: ctx.run.runId, ...(tick && { tick }) });
      }
      return { ok: true, value: { page: { activities, removeActivities }, next: answer.value.additional_data?.next_cursor ?? null } };
    },
  };

  /** The company's default currency (the user's, as Pipedrive keeps it). Pipedrive's API has no exchange rates. */
  const currencyStep: SyncStep = {
    name: 'currency',
    async page(_cursor, ctx) {
      const me = await get(ctx, '/v1/users/me', meSchema);
      return me.ok ? currencyPage(ctx, me.value.data.default_currency, {}) : noCurrency();
    },
  };

  return {
    crm: 'pipedrive',
    account: target.company,
    full: [pipelinesStep, usersStep, fieldsStep, dealsStep(false), activitiesStep, currencyStep],
    incremental: [pipelinesStep, usersStep, fieldsStep, dealsStep(false), dealsStep(true), activitiesStep, currencyStep],
  };
}
