// Salesforce REST API with the rep's own session (the approach of Salesforce Inspector): the
// background reads the `sid` cookie of the org's `<org>.my.salesforce.com` host (optional `cookies`
// permission) and passes it here; every request carries it as a Bearer token, to that host only.

import { z } from 'zod';
import type { ActivityType } from '../../model/activity';
import { compact, own, dateOnlyInstant, currencyOf, isFatal, isoDate, isoInstant, numberOf, requestJson, textOf } from '../api/http';
import { failure, type ConnectorContext, type CrmActivity, type CrmApiFailure, type CrmApiResult, type CrmDealResult, type CrmStage, type CrmStageEntry, type PartialProblem, type SalesforceCredentials } from '../api/types';

export const SALESFORCE_API_VERSION = 'v60.0';
/** The master record type: its picklist values are the org's whole stage list. */
export const MASTER_RECORD_TYPE_ID = '012000000000000AAA';
const OPPORTUNITY_ID = /^006[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const RECORD_TYPE_ID = /^012[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;
const MAX_ACTIVITIES = 100;

/** Opportunity fields; the optional ones do not exist in every org (multi-currency, record types). */
const REQUIRED_FIELDS = ['Id', 'Name', 'StageName', 'Amount', 'CloseDate', 'Owner.Name', 'IsClosed', 'IsWon', 'Probability', 'ForecastCategoryName'] as const;
const OPTIONAL_FIELDS = ['CurrencyIsoCode', 'RecordTypeId'] as const;

const queryOf = <T extends z.ZodType>(record: T) =>
  z.object({ totalSize: z.number().int(), done: z.boolean(), records: z.array(record), nextRecordsUrl: z.string().optional() });

const opportunitySchema = queryOf(
  z.object({
    Id: z.string().regex(OPPORTUNITY_ID),
    Name: z.string().nullable(),
    StageName: z.string().nullable(),
    Amount: z.number().nullable(),
    CurrencyIsoCode: z.string().nullable().optional(),
    CloseDate: z.string().nullable(),
    Owner: z.object({ Name: z.string().nullable() }).nullable().optional(),
    IsClosed: z.boolean(),
    IsWon: z.boolean(),
    Probability: z.number().nullable(),
    ForecastCategoryName: z.string().nullable().optional(),
    RecordTypeId: z.string().nullable().optional(),
  }),
);
type Opportunity = z.infer<typeof opportunitySchema>['records'][number];

/** UI API: the StageName values of one record type's sales process, in order, with their stage attributes. */
const picklistSchema = z.object({
  values: z.array(
    z.object({
      label: z.string(),
      value: z.string(),
      attributes: z
        .object({ closed: z.boolean(), won: z.boolean(), defaultProbability: z.number().nullable().optional() })
        .nullable()
        .optional(),
    }),
  ),
});

const opportunityStageSchema = queryOf(
  z.object({
    MasterLabel: z.string(),
    ApiName: z.string(),
    SortOrder: z.number().nullable(),
    DefaultProbability: z.number().nullable(),
    IsClosed: z.boolean(),
    IsWon: z.boolean(),
    IsActive: z.boolean(),
  }),
);

const historySchema = queryOf(z.object({ StageName: z.string().nullable(), CreatedDate: z.string() }));

const taskSchema = queryOf(
  z.object({
    Id: z.string(),
    Subject: z.string().nullable(),
    ActivityDate: z.string().nullable(),
    Status: z.string().nullable(),
    IsClosed: z.boolean(),
    TaskSubtype: z.string().nullable().optional(),
    CompletedDateTime: z.string().nullable().optional(),
    CreatedDate: z.string(),
  }),
);

const eventSchema = queryOf(
  z.object({
    Id: z.string(),
    Subject: z.string().nullable(),
    StartDateTime: z.string().nullable(),
    EndDateTime: z.string().nullable(),
    ActivityDate: z.string().nullable(),
    IsAllDayEvent: z.boolean(),
  }),
);

const apiBase = (creds: SalesforceCredentials) => `https://${creds.instanceHost}/services/data/${SALESFORCE_API_VERSION}`;

/** The request options of every call: the session as a Bearer token, no cookies. */
export function salesforceInit(creds: SalesforceCredentials): RequestInit {
  return { method: 'GET', headers: { Authorization: `Bearer ${creds.sessionId}`, Accept: 'application/json' }, credentials: 'omit' };
}

export const soqlUrl = (creds: SalesforceCredentials, soql: string) => `${apiBase(creds)}/query?q=${encodeURIComponent(soql)}`;

function query<T>(ctx: ConnectorContext, creds: SalesforceCredentials, soql: string, schema: z.ZodType<T>): Promise<CrmApiResult<T>> {
  return requestJson(ctx, soqlUrl(creds, soql), salesforceInit(creds), schema);
}

/** The column an INVALID_FIELD error names ("No such column 'CurrencyIsoCode' on entity 'Opportunity'"). */
function invalidField(f: CrmApiFailure): string | null | undefined {
  if (f.status !== 400 || !/INVALID_FIELD/.test(f.detail ?? '')) return undefined;
  return /No such column '([^']+)'/.exec(f.detail ?? '')?.[1] ?? null;
}

/** The opportunity; optional fields the org does not have are dropped and the query retried. */
async function readOpportunity(ctx: ConnectorContext, creds: SalesforceCredentials, id: string): Promise<CrmApiResult<Opportunity>> {
  let optional: string[] = [...OPTIONAL_FIELDS];
  for (;;) {
    const soql = `SELECT ${[...REQUIRED_FIELDS, ...optional].join(', ')} FROM Opportunity WHERE Id = '${id}' LIMIT 1`;
    const result = await query(ctx, creds, soql, opportunitySchema);
    if (result.ok) {
      const record = result.value.records[0];
      return record ? { ok: true, value: record } : failure('notFound', { detail: 'no such opportunity, or no access to it' });
    }
    const column = invalidField(result);
    if (column === undefined || optional.length === 0) return result;
    // Drop the named optional field; if the error names none of them, drop them all.
    const next = optional.filter((field) => field !== column);
    optional = next.length < optional.length ? next : [];
  }
}

const fraction = (percent: number | null | undefined) => (typeof percent === 'number' && Number.isFinite(percent) ? Math.min(1, Math.max(0, percent / 100)) : null);

/** The record type's stages (UI API), else the org's active stages (OpportunityStage). */
async function readStages(ctx: ConnectorContext, creds: SalesforceCredentials, recordTypeId: string | null | undefined): Promise<CrmApiResult<CrmStage[]>> {
  const rt = recordTypeId && RECORD_TYPE_ID.test(recordTypeId) ? recordTypeId : MASTER_RECORD_TYPE_ID;
  const url = `${apiBase(creds)}/ui-api/object-info/Opportunity/picklist-values/${rt}/StageName`;
  const picklist = await requestJson(ctx, url, salesforceInit(creds), picklistSchema);
  if (picklist.ok && picklist.value.values.length > 0 && picklist.value.values.every((v) => v.attributes)) {
    return {
      ok: true,
      value: picklist.value.values.map((v) => ({
        id: v.value,
        label: v.label,
        probability: fraction(v.attributes?.defaultProbability),
        closed: v.attributes!.closed,
        won: v.attributes!.closed ? v.attributes!.won : false,
      })),
    };
  }
  if (!picklist.ok && isFatal(picklist)) return picklist;
  const soql = 'SELECT MasterLabel, ApiName, SortOrder, DefaultProbability, IsClosed, IsWon, IsActive FROM OpportunityStage WHERE IsActive = true ORDER BY SortOrder';
  const stages = await query(ctx, creds, soql, opportunityStageSchema);
  if (!stages.ok) return stages;
  return {
    ok: true,
    value: stages.value.records.map((s) => ({ id: s.ApiName, label: s.MasterLabel, probability: fraction(s.DefaultProbability), closed: s.IsClosed, won: s.IsClosed ? s.IsWon : false })),
  };
}

/** Every stage change from OpportunityHistory (which also logs amount and date changes: same-stage rows are skipped). */
async function readHistory(ctx: ConnectorContext, creds: SalesforceCredentials, id: string, labelOf: (value: string) => string): Promise<CrmApiResult<CrmStageEntry[]>> {
  // Newest first, so a long history keeps its recent end (the current stage's entry).
  const soql = `SELECT StageName, CreatedDate FROM OpportunityHistory WHERE OpportunityId = '${id}' ORDER BY CreatedDate DESC, Id DESC LIMIT 500`;
  const result = await query(ctx, creds, soql, historySchema);
  if (!result.ok) return result;
  const rows = [...result.value.records]
    .reverse()
    .map((row) => ({ stage: row.StageName, at: isoInstant(row.CreatedDate) }))
    .filter((row): row is { stage: string; at: string } => Boolean(row.stage && row.at))
    .sort((a, b) => a.at.localeCompare(b.at));
  const entries: CrmStageEntry[] = [];
  let last: string | null = null;
  for (const row of rows) {
    if (row.stage === last) continue;
    last = row.stage;
    entries.push({ stageLabel: labelOf(row.stage), enteredAt: row.at });
  }
  return { ok: true, value: entries };
}

const TASK_TYPES: Record<string, ActivityType> = { Call: 'call', Email: 'email', ListEmail: 'email' };

async function readActivities(ctx: ConnectorContext, creds: SalesforceCredentials, id: string): Promise<CrmApiResult<CrmActivity[]>> {
  const [tasks, events] = await Promise.all([
    query(ctx, creds, `SELECT Id, Subject, ActivityDate, Status, IsClosed, TaskSubtype, CompletedDateTime, CreatedDate FROM Task WHERE WhatId = '${id}' ORDER BY CreatedDate DESC LIMIT ${MAX_ACTIVITIES}`, taskSchema),
    query(ctx, creds, `SELECT Id, Subject, StartDateTime, EndDateTime, ActivityDate, IsAllDayEvent FROM Event WHERE WhatId = '${id}' ORDER BY StartDateTime DESC LIMIT ${MAX_ACTIVITIES}`, eventSchema),
  ]);
  if (!tasks.ok) return tasks;
  if (!events.ok) return events;
  const now = ctx.now().getTime();
  const out: CrmActivity[] = [];
  for (const t of tasks.value.records) {
    const at = isoInstant(t.CompletedDateTime) ?? dateOnlyInstant(t.ActivityDate) ?? isoInstant(t.CreatedDate);
    if (!at) continue;
    out.push({ id: `task:${t.Id}`, type: own(TASK_TYPES, t.TaskSubtype) ?? 'task', subject: textOf(t.Subject, 200) ?? '', at, done: t.IsClosed });
  }
  for (const e of events.value.records) {
    const at = isoInstant(e.StartDateTime) ?? dateOnlyInstant(e.ActivityDate);
    if (!at) continue;
    const end = isoInstant(e.EndDateTime) ?? at;
    out.push({ id: `event:${e.Id}`, type: 'meeting', subject: textOf(e.Subject, 200) ?? '', at, done: Date.parse(end) <= now });
  }
  return { ok: true, value: out.sort((a, b) => b.at.localeCompare(a.at)) };
}

/** Reads one opportunity with its stages, stage history, tasks and events. Never throws. */
export async function readSalesforceDeal(ctx: ConnectorContext, creds: SalesforceCredentials, dealId: string): Promise<CrmDealResult> {
  if (!OPPORTUNITY_ID.test(dealId)) return failure('notFound', { detail: 'not an Opportunity id' });
  const opp = await readOpportunity(ctx, creds, dealId);
  if (!opp.ok) return opp;
  const o = opp.value;
  const partial: PartialProblem[] = [];

  const stages = await readStages(ctx, creds, o.RecordTypeId);
  if (!stages.ok && isFatal(stages)) return stages;
  if (!stages.ok) partial.push({ part: 'stages', kind: stages.kind, detail: stages.detail });
  const stageList = stages.ok ? stages.value : [];
  const labelOf = (value: string) => stageList.find((s) => s.id === value)?.label ?? value;

  const [history, activities] = await Promise.all([readHistory(ctx, creds, o.Id, labelOf), readActivities(ctx, creds, o.Id)]);
  for (const [part, result] of [['stageHistory', history], ['activities', activities]] as const) {
    if (result.ok) continue;
    if (isFatal(result)) return result;
    partial.push({ part, kind: result.kind, detail: result.detail });
  }

  return {
    ok: true,
    value: compact({
      crm: 'salesforce',
      dealId: o.Id,
      title: textOf(o.Name),
      stage: o.StageName ? { id: o.StageName, label: labelOf(o.StageName) } : undefined,
      stages: stageList,
      value: numberOf(o.Amount),
      currency: currencyOf(o.CurrencyIsoCode),
      closeDate: isoDate(o.CloseDate),
      owner: textOf(o.Owner?.Name, 200),
      status: o.IsClosed ? (o.IsWon ? 'won' : 'lost') : 'open',
      stageHistory: history.ok ? history.value : [],
      activities: activities.ok ? activities.value : [],
      readAt: ctx.now().toISOString(),
      partial: partial.length > 0 ? partial : undefined,
    }),
  };

}
