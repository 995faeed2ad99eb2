// HubSpot: the team's deals, their pipelines, owners and activities through the CRM API v3.
// Full run: pipelines, owners (active and archived), the deal count (search), every deal with the
// history of its `dealstage`, `amount`, `closedate` and `hs_forecast_category` (`propertiesWithHistory`,
// so 50 a page as HubSpot allows: the stage path and the forecast's past in the same request), then calls, emails,
// meetings, notes and tasks with their deal associations. Incremental run: the deals and activities
// whose `hs_lastmodifieddate` is at or after the last run (search, sliced by date because a search
// stops at 10 000 results), the changed deals read again with their history (batch read), the
// changed activities' deals (associations batch read), and what was archived (deleted) meanwhile.

import { z } from 'zod';
import { pipelinesSchema } from './pipelines-answer';
import type { ActivityType } from '../../metrics/history.schema';
import { NO_OWNER, dealFromFacts, msOf } from '../../team-sync/deal-facts';
import type { StepContext, SyncPlan, SyncStep } from '../../team-sync/engine';
import { currencyPage, noCurrency } from '../../team-sync/currency';
import type { SyncedActivity, SyncedPipeline, SyncResult } from '../../team-sync/types';
import { tickOf } from '../../team-sync/tick-marker';
import { closeDay, crmForecastCategory, fieldTrack, forecastHistory } from '../../team-sync/field-history';

export const HUBSPOT_API_BASE = 'https://api.hubapi.com';
export const HUBSPOT_DEAL_PROPERTIES = ['dealname', 'amount', 'deal_currency_code', 'pipeline', 'dealstage', 'closedate', 'createdate', 'hubspot_owner_id', 'hs_lastmodifieddate', 'hs_analytics_source'] as const;
export const HUBSPOT_ACTIVITY_OBJECTS = ['calls', 'emails', 'meetings', 'notes', 'tasks'] as const;
const ACTIVITY_TYPE: Record<(typeof HUBSPOT_ACTIVITY_OBJECTS)[number], ActivityType> = { calls: 'call', emails: 'email', meetings: 'meeting', notes: 'note', tasks: 'task' };
/** The properties whose history is read: the stage path, and what the forecast was at any moment. */
export const HUBSPOT_HISTORY_PROPERTIES = ['dealstage', 'amount', 'closedate', 'hs_forecast_category'] as const;
const DEALS_PAGE = 50;
const PAGE = 100;
/** A search answers at most this many results per query: the next slice starts at the last date seen. */
export const HUBSPOT_SEARCH_CAP = 10_000;

/** The properties read of each engagement; a task's body too, where a shared checklist tick carries its marker. */
const activityProperties = (kind: (typeof HUBSPOT_ACTIVITY_OBJECTS)[number]) => (kind === 'tasks' ? ['hs_timestamp', 'hubspot_owner_id', 'hs_task_body'] : ['hs_timestamp', 'hubspot_owner_id']);

export interface HubspotSyncTarget {
  token: string;
  /** Scheme and host of the API (a sandbox or test server); default HUBSPOT_API_BASE. */
  apiBase?: string;
}

const paging = z.object({ next: z.object({ after: z.string() }).optional() }).optional();
const props = z.record(z.string(), z.string().nullable());

const ownersSchema = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullable().optional(), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional() })),
  paging,
});
const dealSchema = z.object({
  id: z.string(),
  properties: props,
  propertiesWithHistory: z
    .object({
      dealstage: z.array(z.object({ value: z.string(), timestamp: z.string() })).optional(),
      amount: z.array(z.object({ value: z.string().nullable(), timestamp: z.string() })).optional(),
      closedate: z.array(z.object({ value: z.string().nullable(), timestamp: z.string() })).optional(),
      hs_forecast_category: z.array(z.object({ value: z.string().nullable(), timestamp: z.string() })).optional(),
    })
    .optional(),
  archived: z.boolean().optional(),
});
const dealsSchema = z.object({ results: z.array(dealSchema), paging });
const batchDealsSchema = z.object({ results: z.array(dealSchema) });
const searchSchema = z.object({ total: z.number().int(), results: z.array(z.object({ id: z.string(), properties: props })), paging });
const idsSchema = z.object({ results: z.array(z.object({ id: z.string() })), paging });
const activitySchema = z.object({
  id: z.string(),
  properties: props,
  associations: z.object({ deals: z.object({ results: z.array(z.object({ id: z.string() })) }).optional() }).optional(),
});
const activitiesSchema = z.object({ results: z.array(activitySchema), paging });
const associationsSchema = z.object({
  results: z.array(z.object({ from: z.object({ id: z.string() }), to: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })) })),
});

const accountSchema = z.object({ companyCurrency: z.string().nullable().optional() });
const exchangeRatesSchema = z.object({
  results: z.array(z.object({ fromCurrencyCode: z.string(), toCurrencyCode: z.string().optional(), conversionRate: z.number() })),
});

function ownerName(o: z.infer<typeof ownersSchema>['results'][number]): string {
  const name = [o.firstName, o.lastName].filter((p) => p && p.trim()).join(' ').trim();
  return name || o.email?.trim() || `Owner ${o.id}`;
}

function pipelinesOf(answer: z.infer<typeof pipelinesSchema>): SyncedPipeline[] {
  return answer.results
    .filter((p) => !p.archived)
    .sort((a, b) => a.displayOrder - b.displayOrder)
    .map((p) => ({
      id: p.id,
      name: p.label,
      stages: p.stages
        .filter((s) => !s.archived)
        .sort((a, b) => a.displayOrder - b.displayOrder)
        .map((s) => {
          const probability = Number(s.metadata.probability ?? 0);
          const p01 = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0;
          return { id: s.id, name: s.label, probability: p01, rotDays: null, closes: s.metadata.isClosed ? (p01 >= 1 ? 'won' : 'lost') : null };
        }),
    }));
}

/** The smallest associated deal id (an activity on several deals counts once, for one of them). */
function firstDeal(ids: readonly (string | number)[]): string | undefined {
  return ids.map(String).sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0];
}

export function hubspotPlan(target: HubspotSyncTarget): SyncPlan {
  const base = (target.apiBase ?? HUBSPOT_API_BASE).replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
  const get = <T>(ctx: StepContext, path: string, schema: z.ZodType<T>) => ctx.http.json(`${base}${path}`, { method: 'GET', headers, credentials: 'omit' }, schema);
  const post = <T>(ctx: StepContext, path: string, body: unknown, schema: z.ZodType<T>) =>
    ctx.http.json(`${base}${path}`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, credentials: 'omit', body: JSON.stringify(body) }, schema);
  const after = (cursor: string | null) => (cursor ? `&after=${encodeURIComponent(cursor)}` : '');

  const mapDeal = (ctx: StepContext, d: z.infer<typeof dealSchema>) => {
    const p = d.properties;
    const pipeline = ctx.lookups.pipelines.find((x) => x.id === p.pipeline);
    const ownerId = p.hubspot_owner_id;
    const history = d.propertiesWithHistory?.dealstage ?? [];
    const entries = history.map((h) => ({ stage: h.value, at: msOf(h.timestamp) ?? Number.NaN }));
    const createdAt = msOf(p.createdate) ?? entries.reduce((min, e) => Math.min(min, e.at), Number.POSITIVE_INFINITY);
    const created = Number.isFinite(createdAt) ? createdAt : 0;
    // HubSpot records every value a property took; a property never set has none (its value is none since creation),
    // one with a value but no history was not tracked (not known before today).
    const changes = (name: 'amount' | 'closedate' | 'hs_forecast_category') => (d.propertiesWithHistory?.[name] ?? []).map((h) => ({ at: msOf(h.timestamp) ?? Number.NaN, value: h.value }));
    const unset = (value: string | null | undefined) => value === null || value === undefined || value === '';
    const amountOf = (value: string | null) => (unset(value) || !Number.isFinite(Number(value)) ? 0 : Number(value));
    const categoryHistory = d.propertiesWithHistory?.hs_forecast_category;
    const forecast = forecastHistory({
      amount: fieldTrack(created, changes('amount').map((c) => ({ at: c.at, value: amountOf(c.value) })), unset(p.amount) ? { value: 0 } : 'unknown'),
      closeDate: fieldTrack(created, changes('closedate').map((c) => ({ at: c.at, value: unset(c.value) ? null : closeDay(msOf(c.value)) })), unset(p.closedate) ? { value: null } : 'unknown'),
      // A portal without the property answers no history of it: the CRM keeps no category of its own.
      ...(categoryHistory && { category: fieldTrack(created, changes('hs_forecast_category').map((c) => ({ at: c.at, value: crmForecastCategory(c.value) })), { value: null }) }),
    });
    return dealFromFacts(
      {
        id: d.id,
        title: p.dealname,
        owner: ownerId ? (ctx.lookups.owners[ownerId] ?? `Owner ${ownerId}`) : NO_OWNER,
        pipeline: p.pipeline ?? '',
        value: p.amount ? Number(p.amount) : 0,
        currency: p.deal_currency_code,
        createdAt: created,
        currentStage: p.dealstage,
        entries,
        closeDate: msOf(p.closedate),
        // Original source type, HubSpot's enum (ORGANIC_SEARCH…): the views name it in the user's language.
        source: p.hs_analytics_source,
        forecastHistory: forecast,
      },
      pipeline,
      ctx.run.runId,
    );
  };
  const keep = (ctx: StepContext, deal: ReturnType<typeof mapDeal>) => deal.pipeline !== '' && ctx.lookups.pipelines.some((p) => p.id === deal.pipeline);

  const activityOf = (ctx: StepContext, kind: (typeof HUBSPOT_ACTIVITY_OBJECTS)[number], id: string, p: Record<string, string | null>, dealId: string | undefined): SyncedActivity | null => {
    const at = msOf(p.hs_timestamp);
    if (!dealId || at === null) return null;
    const owner = p.hubspot_owner_id ? (ctx.lookups.owners[p.hubspot_owner_id] ?? `Owner ${p.hubspot_owner_id}`) : NO_OWNER;
    // A task's body may end with a shared checklist tick's marker (only the marker is kept).
    const tick = kind === 'tasks' ? tickOf(p.hs_task_body) : undefined;
    return { id: `${ACTIVITY_TYPE[kind]}:${id}`, dealId, owner, type: ACTIVITY_TYPE[kind], at, seenIn: ctx.run.runId, ...(tick && { tick }) };
  };

  const pipelinesStep: SyncStep = {
    name: 'pipelines',
    async page(_cursor, ctx) {
      const answer = await get(ctx, '/crm/v3/pipelines/deals', pipelinesSchema);
      return answer.ok ? { ok: true, value: { page: { pipelines: pipelinesOf(answer.value) }, next: null } } : answer;
    },
  };
  const ownersStep = (archived: boolean): SyncStep => ({
    name: 'owners',
    async page(cursor, ctx) {
      const answer = await get(ctx, `/crm/v3/owners?limit=${PAGE}${after(cursor)}${archived ? '&archived=true' : ''}`, ownersSchema);
      if (!answer.ok) return answer;
      const owners = Object.fromEntries(answer.value.results.map((o) => [o.id, ownerName(o)]));
      return { ok: true, value: { page: { owners }, next: answer.value.paging?.next?.after ?? null } };
    },
  });
  const countStep: SyncStep = {
    name: 'deals',
    async page(_cursor, ctx) {
      const answer = await post(ctx, '/crm/v3/objects/deals/search', { limit: 1, properties: ['hs_object_id'] }, searchSchema);
      return answer.ok ? { ok: true, value: { page: {}, next: null, dealsTotal: answer.value.total } } : answer;
    },
  };
  const dealsStep: SyncStep = {
    name: 'deals',
    async page(cursor, ctx) {
      const path = `/crm/v3/objects/deals?limit=${DEALS_PAGE}${after(cursor)}&properties=${HUBSPOT_DEAL_PROPERTIES.join(',')}&propertiesWithHistory=${HUBSPOT_HISTORY_PROPERTIES.join(',')}`;
      const answer = await get(ctx, path, dealsSchema);
      if (!answer.ok) return answer;
      const deals = answer.value.results.map((d) => mapDeal(ctx, d));
      return { ok: true, value: { page: { deals: deals.filter((d) => keep(ctx, d)), removeDeals: deals.filter((d) => !keep(ctx, d)).map((d) => d.id) }, next: answer.value.paging?.next?.after ?? null } };
    },
  };
  const activitiesStep = (kind: (typeof HUBSPOT_ACTIVITY_OBJECTS)[number]): SyncStep => ({
    name: kind,
    async page(cursor, ctx) {
      const answer = await get(ctx, `/crm/v3/objects/${kind}?limit=${PAGE}${after(cursor)}&properties=${activityProperties(kind).join(',')}&associations=deals`, activitiesSchema);
      if (!answer.ok) return answer;
      const activities: SyncedActivity[] = [];
      for (const a of answer.value.results) {
        const activity = activityOf(ctx, kind, a.id, a.properties, firstDeal(a.associations?.deals?.results.map((r) => r.id) ?? []));
        if (activity) activities.push(activity);
      }
      return { ok: true, value: { page: { activities }, next: answer.value.paging?.next?.after ?? null } };
    },
  });

  /** A search for records modified since `from`, oldest change first, sliced at the cap. Cursor: {from, after}. */
  const changedSince = async (ctx: StepContext, object: string, cursor: string | null, properties: string[]) => {
    const position = cursor ? (JSON.parse(cursor) as { from: number; after: number }) : { from: ctx.run.changedSince ?? 0, after: 0 };
    const body = {
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(position.from) }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      properties,
      limit: PAGE,
      ...(position.after > 0 && { after: String(position.after) }),
    };
    const answer = await post(ctx, `/crm/v3/objects/${object}/search`, body, searchSchema);
    if (!answer.ok) return answer;
    const nextAfter = answer.value.paging?.next?.after;
    let next: string | null = null;
    if (nextAfter !== undefined) {
      const n = Number(nextAfter);
      if (n + PAGE <= HUBSPOT_SEARCH_CAP) next = JSON.stringify({ from: position.from, after: n });
      else {
        // The next page would pass the cap: a new query from the last modification date seen.
        const last = msOf(answer.value.results.at(-1)?.properties.hs_lastmodifieddate) ?? position.from;
        next = JSON.stringify({ from: last > position.from ? last : position.from + 1, after: 0 });
      }
    }
    return { ok: true as const, value: { results: answer.value.results, total: position.from === (ctx.run.changedSince ?? 0) && position.after === 0 ? answer.value.total : undefined, next } };
  };

  const changedDealsStep: SyncStep = {
    name: 'deals',
    async page(cursor, ctx) {
      const found = await changedSince(ctx, 'deals', cursor, ['hs_lastmodifieddate']);
      if (!found.ok) return found;
      const ids = [...new Set(found.value.results.map((r) => r.id))];
      const read = ids.length === 0 ? { ok: true as const, value: { results: [] } } : await post(ctx, '/crm/v3/objects/deals/batch/read', { properties: HUBSPOT_DEAL_PROPERTIES, propertiesWithHistory: HUBSPOT_HISTORY_PROPERTIES, inputs: ids.map((id) => ({ id })) }, batchDealsSchema);
      if (!read.ok) return read;
      const deals = read.value.results.map((d) => mapDeal(ctx, d));
      return { ok: true, value: { page: { deals: deals.filter((d) => keep(ctx, d)), removeDeals: deals.filter((d) => !keep(ctx, d)).map((d) => d.id) }, next: found.value.next, dealsTotal: found.value.total } };
    },
  };
  const archivedStep = (object: 'deals' | (typeof HUBSPOT_ACTIVITY_OBJECTS)[number]): SyncStep => ({
    name: object,
    async page(cursor, ctx) {
      const answer = await get(ctx, `/crm/v3/objects/${object}?limit=${PAGE}${after(cursor)}&archived=true`, idsSchema);
      if (!answer.ok) return answer;
      const ids = answer.value.results.map((r) => r.id);
      const page = object === 'deals' ? { removeDeals: ids } : { removeActivities: ids.map((id) => `${ACTIVITY_TYPE[object]}:${id}`) };
      return { ok: true, value: { page, next: answer.value.paging?.next?.after ?? null } };
    },
  });
  const changedActivitiesStep = (kind: (typeof HUBSPOT_ACTIVITY_OBJECTS)[number]): SyncStep => ({
    name: kind,
    async page(cursor, ctx): Promise<SyncResult<{ page: { activities: SyncedActivity[] }; next: string | null }>> {
      const found = await changedSince(ctx, kind, cursor, [...activityProperties(kind), 'hs_lastmodifieddate']);
      if (!found.ok) return found;
      const ids = [...new Set(found.value.results.map((r) => r.id))];
      const links = ids.length === 0 ? { ok: true as const, value: { results: [] } } : await post(ctx, `/crm/v4/associations/${kind}/deals/batch/read`, { inputs: ids.map((id) => ({ id })) }, associationsSchema);
      if (!links.ok) return links;
      const dealOf = new Map(links.value.results.map((r) => [r.from.id, firstDeal(r.to.map((t) => t.toObjectId))]));
      const activities: SyncedActivity[] = [];
      for (const r of found.value.results) {
        const activity = activityOf(ctx, kind, r.id, r.properties, dealOf.get(r.id));
        if (activity) activities.push(activity);
      }
      return { ok: true, value: { page: { activities }, next: found.value.next } };
    },
  });

  /**
   * The account's company currency (account-info) and its current exchange rates. HubSpot states a
   * rate as units of the added currency per 1 unit of the company currency (1 USD = 1.36 CAD), so
   * 1 CAD = 1 / 1.36 USD. A portal without multi-currency (or without the scope) keeps the company currency only.
   */
  const currencyStep: SyncStep = {
    name: 'currency',
    async page(_cursor, ctx) {
      const account = await get(ctx, '/account-info/v3/details', accountSchema);
      if (!account.ok) return noCurrency();
      const company = account.value.companyCurrency?.toUpperCase();
      const answer = await get(ctx, '/settings/v3/currencies/exchange-rates/current', exchangeRatesSchema);
      const rates: Record<string, number> = {};
      if (answer.ok) {
        for (const r of answer.value.results) {
          if (r.toCurrencyCode && r.toCurrencyCode.toUpperCase() !== company) continue;
          if (r.conversionRate > 0) rates[r.fromCurrencyCode.toUpperCase()] = 1 / r.conversionRate;
        }
      }
      return currencyPage(ctx, company, rates);
    },
  };

  return {
    crm: 'hubspot',
    account: 'hubspot',
    full: [pipelinesStep, ownersStep(false), ownersStep(true), countStep, dealsStep, ...HUBSPOT_ACTIVITY_OBJECTS.map(activitiesStep), currencyStep],
    incremental: [
      pipelinesStep,
      ownersStep(false),
      ownersStep(true),
      changedDealsStep,
      archivedStep('deals'),
      ...HUBSPOT_ACTIVITY_OBJECTS.flatMap((kind) => [changedActivitiesStep(kind), archivedStep(kind)]),
      currencyStep,
    ],
  };
}
