// Salesforce: the team's opportunities through the REST `query` resource (SOQL, paged with
// `nextRecordsUrl`). The org's stages from OpportunityStage (closed stages set the status; their
// order, probability and whether they are active); opportunities with their owner's name and their
// stage history (the OpportunityHistories subquery); tasks and events on opportunities. Incremental
// runs add `LastModifiedDate >= …`; each OpportunityHistory row also gives the opportunity's amount,
// close date, probability and forecast category from that moment (the forecast's history, at no
// extra request) and read what was deleted meanwhile through `queryAll`
// (`IsDeleted = true`). All opportunities are one pipeline: the org's stage list.

import { z } from 'zod';
import type { ActivityType } from '../../metrics/history.schema';
import { NO_OWNER, dealFromFacts, msOf } from '../../team-sync/deal-facts';
import type { StepContext, SyncPlan, SyncStep } from '../../team-sync/engine';
import { currencyPage, noCurrency } from '../../team-sync/currency';
import type { SyncedActivity, SyncedPipeline, SyncResult } from '../../team-sync/types';
import { tickOf } from '../../team-sync/tick-marker';
import { closeDay, crmForecastCategory, fieldTrack, forecastHistory } from '../../team-sync/field-history';

export const SALESFORCE_SYNC_API_VERSION = 'v60.0';
export const SALESFORCE_PIPELINE_ID = 'opportunities';

export interface SalesforceSyncTarget {
  /** `https://acme.my.salesforce.com` (or its host). */
  instance: string;
  /** Session id or OAuth access token (Bearer). */
  token: string;
  /** Scheme and host of the API; default the instance. */
  apiBase?: string;
}

const queryOf = <T extends z.ZodType>(record: T) => z.object({ totalSize: z.number().int(), done: z.boolean(), records: z.array(record), nextRecordsUrl: z.string().optional() });
const stagesSchema = queryOf(
  z.object({ ApiName: z.string(), MasterLabel: z.string(), SortOrder: z.number().nullable(), DefaultProbability: z.number().nullable(), IsClosed: z.boolean(), IsWon: z.boolean(), IsActive: z.boolean() }),
);
const historyRow = z.object({
  StageName: z.string().nullable(),
  Amount: z.number().nullable().optional(),
  CloseDate: z.string().nullable().optional(),
  Probability: z.number().nullable().optional(),
  ForecastCategory: z.string().nullable().optional(),
  CreatedDate: z.string(),
});
const historiesSchema = queryOf(historyRow);
const opportunitySchema = queryOf(
  z.object({
    Id: z.string(),
    Name: z.string().nullable(),
    Owner: z.object({ Name: z.string().nullable() }).nullable().optional(),
    StageName: z.string().nullable(),
    Amount: z.number().nullable(),
    CurrencyIsoCode: z.string().nullable().optional(),
    CloseDate: z.string().nullable(),
    CreatedDate: z.string(),
    IsClosed: z.boolean(),
    IsWon: z.boolean(),
    RecordTypeId: z.string().nullable().optional(),
    LeadSource: z.string().nullable().optional(),
    LastModifiedDate: z.string(),
    OpportunityHistories: historiesSchema.nullable().optional(),
  }),
);
const taskSchema = queryOf(
  z.object({ Id: z.string(), WhatId: z.string().nullable(), Owner: z.object({ Name: z.string().nullable() }).nullable().optional(), TaskSubtype: z.string().nullable().optional(), ActivityDate: z.string().nullable(), CompletedDateTime: z.string().nullable().optional(), CreatedDate: z.string(), Description: z.string().nullable().optional() }),
);
const eventSchema = queryOf(
  z.object({ Id: z.string(), WhatId: z.string().nullable(), Owner: z.object({ Name: z.string().nullable() }).nullable().optional(), StartDateTime: z.string().nullable(), ActivityDate: z.string().nullable() }),
);
const idsSchema = queryOf(z.object({ Id: z.string() }));

const currencyTypesSchema = queryOf(z.object({ IsoCode: z.string(), ConversionRate: z.number().nullable(), IsCorporate: z.boolean() }));
const organizationSchema = queryOf(z.object({ DefaultCurrencyIsoCode: z.string().nullable().optional() }));

const TASK_TYPES: Record<string, ActivityType> = { Call: 'call', Email: 'email', ListEmail: 'email' };
const OPTIONAL_FIELDS = ['CurrencyIsoCode', 'RecordTypeId', 'LeadSource'] as const;

/** A SOQL datetime literal (UTC, no quotes). */
export const soqlDateTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function salesforcePlan(target: SalesforceSyncTarget): SyncPlan {
  const instanceHost = target.instance.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  const origin = (target.apiBase ?? `https://${instanceHost}`).replace(/\/+$/, '');
  const init: RequestInit = { method: 'GET', headers: { Authorization: `Bearer ${target.token}`, Accept: 'application/json' }, credentials: 'omit' };
  const dataPath = `/services/data/${SALESFORCE_SYNC_API_VERSION}`;
  /** The first page of a SOQL query, or the page a `nextRecordsUrl` cursor names (always on our origin). */
  const page = <T>(ctx: StepContext, cursor: string | null, soql: string, schema: z.ZodType<T>, resource: 'query' | 'queryAll' = 'query') => {
    const url = cursor && cursor.startsWith(`${dataPath}/`) ? `${origin}${cursor}` : `${origin}${dataPath}/${resource}?q=${encodeURIComponent(soql)}`;
    return ctx.http.json(url, init, schema);
  };
  const changed = (ctx: StepContext) => (ctx.run.changedSince === null ? '' : ` AND LastModifiedDate >= ${soqlDateTime(ctx.run.changedSince)}`);
  let optional: string[] = [...OPTIONAL_FIELDS];

  const stagesStep: SyncStep = {
    name: 'pipelines',
    async page(_cursor, ctx) {
      const rows: z.infer<typeof stagesSchema>['records'] = [];
      let cursor: string | null = null;
      do {
        const answer: SyncResult<z.infer<typeof stagesSchema>> = await page(ctx, cursor, 'SELECT ApiName, MasterLabel, SortOrder, DefaultProbability, IsClosed, IsWon, IsActive FROM OpportunityStage ORDER BY SortOrder', stagesSchema);
        if (!answer.ok) return answer;
        rows.push(...answer.value.records);
        cursor = answer.value.nextRecordsUrl ?? null;
      } while (cursor);
      const pipeline: SyncedPipeline = {
        id: SALESFORCE_PIPELINE_ID,
        name: 'Opportunities',
        stages: rows
          .filter((s) => s.IsActive || s.IsClosed)
          .sort((a, b) => (a.SortOrder ?? 0) - (b.SortOrder ?? 0))
          .map((s) => ({
            id: s.ApiName,
            name: s.MasterLabel,
            probability: s.DefaultProbability === null ? 0 : Math.min(1, Math.max(0, s.DefaultProbability / 100)),
            rotDays: null,
            closes: s.IsClosed ? (s.IsWon ? 'won' : 'lost') : null,
          })),
      };
      return { ok: true, value: { page: { pipelines: [pipeline] }, next: null } };
    },
  };

  const opportunitiesStep: SyncStep = {
    name: 'deals',
    async page(cursor, ctx) {
      let answer: SyncResult<z.infer<typeof opportunitySchema>>;
      for (;;) {
        const fields = ['Id', 'Name', 'Owner.Name', 'StageName', 'Amount', ...optional, 'CloseDate', 'CreatedDate', 'IsClosed', 'IsWon', 'LastModifiedDate', '(SELECT StageName, Amount, CloseDate, Probability, ForecastCategory, CreatedDate FROM OpportunityHistories ORDER BY CreatedDate)'];
        const window = ctx.run.changedSince === null ? ` WHERE (IsClosed = false OR CreatedDate >= ${soqlDateTime(ctx.run.since)} OR LastModifiedDate >= ${soqlDateTime(ctx.run.since)})` : ` WHERE LastModifiedDate >= ${soqlDateTime(ctx.run.changedSince)}`;
        answer = await page(ctx, cursor, `SELECT ${fields.join(', ')} FROM Opportunity${window} ORDER BY Id`, opportunitySchema);
        if (answer.ok || cursor) break;
        // An org without multi-currency or record types has no such field: ask again without it.
        const column = answer.status === 400 && /INVALID_FIELD/.test(answer.detail ?? '') ? /No such column '([^']+)'/.exec(answer.detail ?? '')?.[1] : undefined;
        if (column === undefined || !optional.includes(column)) break;
        optional = optional.filter((f) => f !== column);
      }
      if (!answer.ok) return answer;
      const deals = [];
      for (const o of answer.value.records) {
        const rows = [...(o.OpportunityHistories?.records ?? [])];
        let more = o.OpportunityHistories && !o.OpportunityHistories.done ? (o.OpportunityHistories.nextRecordsUrl ?? null) : null;
        while (more) {
          const rest: SyncResult<z.infer<typeof historiesSchema>> = await page(ctx, more, '', historiesSchema);
          if (!rest.ok) return rest;
          rows.push(...rest.value.records);
          more = rest.value.done ? null : (rest.value.nextRecordsUrl ?? null);
        }
        const entries = rows.filter((r) => r.StageName).map((r) => ({ stage: r.StageName!, at: msOf(r.CreatedDate) ?? Number.NaN }));
        const createdAt = msOf(o.CreatedDate) ?? 0;
        // Each history row holds every tracked field as it was from then on; no rows: no history at all.
        const track = <T>(value: (r: (typeof rows)[number]) => T) => fieldTrack(createdAt, rows.map((r) => ({ at: msOf(r.CreatedDate) ?? Number.NaN, value: value(r) })), 'unknown');
        const forecast = forecastHistory({
          amount: track((r) => r.Amount ?? 0),
          closeDate: track((r) => closeDay(msOf(r.CloseDate))),
          probability: track((r) => (r.Probability == null ? null : Math.min(1, Math.max(0, r.Probability / 100)))),
          category: track((r) => crmForecastCategory(r.ForecastCategory)),
        });
        deals.push(
          dealFromFacts(
            {
              id: o.Id,
              title: o.Name,
              owner: o.Owner?.Name ?? NO_OWNER,
              pipeline: SALESFORCE_PIPELINE_ID,
              value: o.Amount,
              currency: o.CurrencyIsoCode,
              createdAt,
              status: o.IsClosed ? (o.IsWon ? 'won' : 'lost') : 'open',
              currentStage: o.StageName,
              entries,
              closeDate: msOf(o.CloseDate),
              source: o.LeadSource,
              forecastHistory: forecast,
            },
            ctx.lookups.pipelines.find((p) => p.id === SALESFORCE_PIPELINE_ID),
            ctx.run.runId,
          ),
        );
      }
      return { ok: true, value: { page: { deals }, next: answer.value.nextRecordsUrl ?? null, dealsTotal: cursor ? undefined : answer.value.totalSize } };
    },
  };

  const tasksStep: SyncStep = {
    name: 'tasks',
    async page(cursor, ctx) {
      const answer = await page(ctx, cursor, `SELECT Id, WhatId, Owner.Name, TaskSubtype, ActivityDate, CompletedDateTime, CreatedDate, Description FROM Task WHERE What.Type = 'Opportunity'${changed(ctx)} ORDER BY Id`, taskSchema);
      if (!answer.ok) return answer;
      const activities: SyncedActivity[] = [];
      for (const t of answer.value.records) {
        const at = msOf(t.CompletedDateTime) ?? (t.ActivityDate ? msOf(`${t.ActivityDate}T12:00:00Z`) : null) ?? msOf(t.CreatedDate);
        if (!t.WhatId || at === null) continue;
        const type = t.TaskSubtype && Object.hasOwn(TASK_TYPES, t.TaskSubtype) ? TASK_TYPES[t.TaskSubtype]! : 'task';
        // A shared checklist tick's Description ends with its marker.
        const tick = tickOf(t.Description);
        activities.push({ id: `task:${t.Id}`, dealId: t.WhatId, owner: t.Owner?.Name?.trim() || NO_OWNER, type, at, seenIn: ctx.run.runId, ...(tick && { tick }) });
      }
      return { ok: true, value: { page: { activities }, next: answer.value.nextRecordsUrl ?? null } };
    },
  };
  const eventsStep: SyncStep = {
    name: 'events',
    async page(cursor, ctx) {
      const answer = await page(ctx, cursor, `SELECT Id, WhatId, Owner.Name, StartDateTime, ActivityDate FROM Event WHERE What.Type = 'Opportunity'${changed(ctx)} ORDER BY Id`, eventSchema);
      if (!answer.ok) return answer;
      const activities: SyncedActivity[] = [];
      for (const e of answer.value.records) {
        const at = msOf(e.StartDateTime) ?? (e.ActivityDate ? msOf(`${e.ActivityDate}T12:00:00Z`) : null);
        if (!e.WhatId || at === null) continue;
        activities.push({ id: `event:${e.Id}`, dealId: e.WhatId, owner: e.Owner?.Name?.trim() || NO_OWNER, type: 'meeting', at, seenIn: ctx.run.runId });
      }
      return { ok: true, value: { page: { activities }, next: answer.value.nextRecordsUrl ?? null } };
    },
  };
  const deletedStep = (object: 'Opportunity' | 'Task' | 'Event'): SyncStep => ({
    name: object === 'Opportunity' ? 'deals' : object === 'Task' ? 'tasks' : 'events',
    async page(cursor, ctx) {
      const answer = await page(ctx, cursor, `SELECT Id FROM ${object} WHERE IsDeleted = true${changed(ctx)} ORDER BY Id`, idsSchema, 'queryAll');
      if (!answer.ok) return answer;
      const ids = answer.value.records.map((r) => r.Id);
      const pageOf = object === 'Opportunity' ? { removeDeals: ids } : { removeActivities: ids.map((id) => `${object.toLowerCase()}:${id}`) };
      return { ok: true, value: { page: pageOf, next: answer.value.nextRecordsUrl ?? null } };
    },
  });

  /**
   * The org's corporate currency and its active conversion rates (CurrencyType: 1 corporate =
   * ConversionRate units of IsoCode, so 1 IsoCode = 1 / ConversionRate corporate). An org without
   * multi-currency has no CurrencyType (INVALID_TYPE): its one currency is the Organization's default.
   * Dated rates (advanced currency management) are not applied: every amount uses today's rate.
   */
  const currencyStep: SyncStep = {
    name: 'currency',
    async page(_cursor, ctx) {
      const types = await page(ctx, null, 'SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true', currencyTypesSchema);
      if (types.ok) {
        const corporate = types.value.records.find((r) => r.IsCorporate)?.IsoCode ?? null;
        const rates: Record<string, number> = {};
        for (const r of types.value.records) if (!r.IsCorporate && r.ConversionRate !== null && r.ConversionRate > 0) rates[r.IsoCode.toUpperCase()] = 1 / r.ConversionRate;
        return currencyPage(ctx, corporate, rates);
      }
      const org = await page(ctx, null, 'SELECT DefaultCurrencyIsoCode FROM Organization', organizationSchema);
      return org.ok ? currencyPage(ctx, org.value.records[0]?.DefaultCurrencyIsoCode, {}) : noCurrency();
    },
  };

  return {
    crm: 'salesforce',
    account: instanceHost,
    full: [stagesStep, opportunitiesStep, tasksStep, eventsStep, currencyStep],
    incremental: [stagesStep, opportunitiesStep, deletedStep('Opportunity'), tasksStep, deletedStep('Task'), eventsStep, deletedStep('Event'), currencyStep],
  };
}

