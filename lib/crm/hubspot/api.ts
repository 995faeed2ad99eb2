// HubSpot CRM API (`https://api.hubapi.com`) with a private app's access token (Bearer): the
// deal with its stage history (`propertiesWithHistory=dealstage`, `hs_date_entered_<stage>`), the
// deal pipelines, the owner, and the associated calls, emails, meetings, notes and tasks.

import { z } from 'zod';
import type { ActivityType } from '../../model/activity';
import { HUBSPOT_API_HOST } from './hosts';
import { pipelinesSchema } from './pipelines-answer';
import { compact, currencyOf, isFatal, isoDate, isoInstant, numberOf, requestJson, textOf } from '../api/http';
import { failure, type ConnectorContext, type CrmActivity, type CrmApiResult, type CrmDealResult, type CrmStage, type CrmStageEntry, type HubspotCredentials, type PartialProblem } from '../api/types';

const DEAL_ID = /^\d{1,20}$/;
const BASE = `https://${HUBSPOT_API_HOST}`;
export const HUBSPOT_DEAL_PROPERTIES = ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id', 'deal_currency_code', 'hs_is_closed_won', 'hs_is_closed'] as const;
const MAX_ASSOCIATED = 100;

export function hubspotInit(creds: HubspotCredentials, body?: unknown): RequestInit {
  const headers: Record<string, string> = { Authorization: `Bearer ${creds.token}`, Accept: 'application/json' };
  if (body === undefined) return { method: 'GET', headers, credentials: 'omit' };
  return { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, credentials: 'omit', body: JSON.stringify(body) };
}


const historyEntry = z.object({ value: z.string(), timestamp: z.string(), sourceType: z.string().optional() });
const dealSchema = z.object({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(historyEntry)).optional(),
  archived: z.boolean().optional(),
});

const ownerSchema = z.object({ id: z.string(), email: z.string().nullable().optional(), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional() });
const accountSchema = z.object({ portalId: z.number().int() });

const associationsSchema = z.object({
  results: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })),
});
const batchSchema = z.object({
  results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })),
});

type Props = Record<string, string | null>;

/** One engagement object type: what to read of it and how it becomes an activity. */
interface EngagementKind {
  object: 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';
  prefix: string;
  type: ActivityType;
  properties: string[];
  subject(p: Props): string | undefined;
  done(p: Props, at: string, now: number): boolean;
}

const plain = (html: string | null | undefined) => textOf((html ?? '').replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' '), 200);

const ENGAGEMENTS: readonly EngagementKind[] = [
  { object: 'calls', prefix: 'call', type: 'call', properties: ['hs_timestamp', 'hs_call_title', 'hs_call_status'], subject: (p) => textOf(p.hs_call_title, 200), done: (p, at, now) => (p.hs_call_status ? p.hs_call_status === 'COMPLETED' : Date.parse(at) <= now) },
  { object: 'emails', prefix: 'email', type: 'email', properties: ['hs_timestamp', 'hs_email_subject'], subject: (p) => textOf(p.hs_email_subject, 200), done: () => true },
  { object: 'meetings', prefix: 'meeting', type: 'meeting', properties: ['hs_timestamp', 'hs_meeting_title', 'hs_meeting_start_time', 'hs_meeting_end_time'], subject: (p) => textOf(p.hs_meeting_title, 200), done: (p, at, now) => Date.parse(isoInstant(p.hs_meeting_end_time) ?? at) <= now },
  { object: 'notes', prefix: 'note', type: 'note', properties: ['hs_timestamp', 'hs_note_body'], subject: (p) => plain(p.hs_note_body), done: () => true },
  { object: 'tasks', prefix: 'task', type: 'task', properties: ['hs_timestamp', 'hs_task_subject', 'hs_task_status'], subject: (p) => textOf(p.hs_task_subject, 200), done: (p) => p.hs_task_status === 'COMPLETED' },
];

async function readEngagements(ctx: ConnectorContext, creds: HubspotCredentials, dealId: string, kind: EngagementKind): Promise<CrmApiResult<CrmActivity[]>> {
  const links = await requestJson(ctx, `${BASE}/crm/v4/objects/deals/${dealId}/associations/${kind.object}?limit=${MAX_ASSOCIATED}`, hubspotInit(creds), associationsSchema);
  if (!links.ok) return links;
  const ids = [...new Set(links.value.results.map((r) => String(r.toObjectId)))].slice(0, MAX_ASSOCIATED);
  if (ids.length === 0) return { ok: true, value: [] };
  const body = { properties: kind.properties, inputs: ids.map((id) => ({ id })) };
  const batch = await requestJson(ctx, `${BASE}/crm/v3/objects/${kind.object}/batch/read`, hubspotInit(creds, body), batchSchema, [200, 207]);
  if (!batch.ok) return batch;
  const now = ctx.now().getTime();
  const out: CrmActivity[] = [];
  for (const record of batch.value.results) {
    const p = record.properties;
    const at = isoInstant(p.hs_timestamp) ?? isoInstant(p.hs_meeting_start_time);
    if (!at) continue;
    out.push({ id: `${kind.prefix}:${record.id}`, type: kind.type, subject: kind.subject(p) ?? '', at, done: kind.done(p, at, now) });
  }
  return { ok: true, value: out };
}

type Pipelines = z.infer<typeof pipelinesSchema>['results'];

function stagesOf(pipeline: Pipelines[number]): CrmStage[] {
  return pipeline.stages
    .filter((s) => !s.archived)
    .sort((a, b) => a.displayOrder - b.displayOrder)
    .map((s) => {
      const probability = numberOf(s.metadata.probability);
      const closed = s.metadata.isClosed ?? false;
      return {
        id: s.id,
        label: s.label,
        probability: probability === undefined ? null : Math.min(1, Math.max(0, probability)),
        closed,
        won: closed ? (probability === undefined ? null : probability >= 1) : false,
      };
    });
}

/**
 * Entries from the `dealstage` history (every change, newest first from HubSpot); without it, from
 * the `hs_date_entered_<stage>` properties (the last entry into each stage).
 */
export function hubspotStageHistory(history: z.infer<typeof historyEntry>[] | undefined, properties: Props, labelOf: (stageId: string) => string | undefined, stageIds: readonly string[]): CrmStageEntry[] {
  const raw: { stageId: string; at: string }[] = [];
  if (history && history.length > 0) {
    for (const entry of history) {
      const at = isoInstant(entry.timestamp);
      if (at && entry.value) raw.push({ stageId: entry.value, at });
    }
  } else {
    for (const stageId of stageIds) {
      const at = isoInstant(properties[`hs_date_entered_${stageId}`]);
      if (at) raw.push({ stageId, at });
    }
  }
  raw.sort((a, b) => a.at.localeCompare(b.at));
  const entries: CrmStageEntry[] = [];
  for (const { stageId, at } of raw) {
    const label = labelOf(stageId) ?? stageId;
    if (entries.at(-1)?.stageLabel !== label) entries.push({ stageLabel: label, enteredAt: at });
  }
  return entries;
}

/**
 * The token belongs to the deal's portal (`portalId`, the page's account): a HubSpot token works
 * for one portal only, and the same record ids exist in others. Fails closed: when the account
 * cannot be asked (503, timeout, rate limit…) nothing may be read or written, and the caller tries
 * again later. Without a `portalId` (a connection check) there is nothing to compare.
 */
export async function checkHubspotPortal(ctx: ConnectorContext, creds: HubspotCredentials & { portalId?: string }): Promise<CrmApiResult<true>> {
  if (!creds.portalId) return { ok: true, value: true };
  const account = await requestJson(ctx, `${BASE}/account-info/v3/details`, hubspotInit(creds), accountSchema);
  if (!account.ok) {
    // Signed out or rate-limited: that is the problem to show. Anything else: the portal is unknown.
    if (isFatal(account)) return account;
    return { ...account, messageKey: 'connections.problem.portalUnknown', detail: `could not confirm the token's HubSpot account: ${account.detail ?? account.kind}`.slice(0, 300) };
  }
  if (String(account.value.portalId) !== creds.portalId) {
    return { ...failure('notConnected', { detail: `the token belongs to HubSpot account ${account.value.portalId}, the deal to ${creds.portalId}` }), messageKey: 'connections.problem.portalMismatch' };
  }
  return { ok: true, value: true };
}

/** Reads one deal with its pipeline's stages, stage history, owner and activities. Never throws. */
export async function readHubspotDeal(ctx: ConnectorContext, creds: HubspotCredentials & { portalId?: string }, dealId: string): Promise<CrmDealResult> {
  if (!DEAL_ID.test(dealId)) return failure('notFound', { detail: 'not a HubSpot deal id' });
  const partial: PartialProblem[] = [];

  // Nothing is read until the token is known to belong to the deal's portal.
  const portal = await checkHubspotPortal(ctx, creds);
  if (!portal.ok) return portal;
  const pipelines = await requestJson(ctx, `${BASE}/crm/v3/pipelines/deals`, hubspotInit(creds), pipelinesSchema);
  if (!pipelines.ok && isFatal(pipelines)) return pipelines;
  if (!pipelines.ok) partial.push({ part: 'stages', kind: pipelines.kind, detail: pipelines.detail });
  const allPipelines = pipelines.ok ? pipelines.value.results : [];
  const allStageIds = allPipelines.flatMap((p) => p.stages.map((s) => s.id)).filter((id) => /^[A-Za-z0-9_]+$/.test(id))
    // Keeps the URL short (a few kB) in portals with very many pipelines.
    .slice(0, 150);

  const query = new URLSearchParams({
    properties: [...HUBSPOT_DEAL_PROPERTIES, ...allStageIds.map((id) => `hs_date_entered_${id}`)].join(','),
    propertiesWithHistory: 'dealstage',
  });
  const deal = await requestJson(ctx, `${BASE}/crm/v3/objects/deals/${dealId}?${query}`, hubspotInit(creds), dealSchema);
  if (!deal.ok) return deal;
  const p = deal.value.properties;
  if (deal.value.archived) return failure('notFound', { detail: 'the deal is archived' });

  const pipeline = allPipelines.find((x) => x.id === p.pipeline);
  const stages = pipeline ? stagesOf(pipeline) : [];
  const labelOf = (stageId: string) => stages.find((s) => s.id === stageId)?.label ?? allPipelines.flatMap((x) => x.stages).find((s) => s.id === stageId)?.label;
  const current = p.dealstage ? stages.find((s) => s.id === p.dealstage) : undefined;

  const ownerId = p.hubspot_owner_id && /^\d+$/.test(p.hubspot_owner_id) ? p.hubspot_owner_id : null;
  const [owner, ...engagements] = await Promise.all([
    ownerId ? requestJson(ctx, `${BASE}/crm/v3/owners/${ownerId}`, hubspotInit(creds), ownerSchema) : Promise.resolve(null),
    ...ENGAGEMENTS.map((kind) => readEngagements(ctx, creds, deal.value.id, kind)),
  ]);
  if (owner && !owner.ok) {
    if (isFatal(owner)) return owner;
    partial.push({ part: 'owner', kind: owner.kind, detail: owner.detail });
  }
  const activities: CrmActivity[] = [];
  for (const result of engagements) {
    if (result.ok) {
      activities.push(...result.value);
      continue;
    }
    if (isFatal(result)) return result;
    if (!partial.some((x) => x.part === 'activities')) partial.push({ part: 'activities', kind: result.kind, detail: result.detail });
  }
  activities.sort((a, b) => b.at.localeCompare(a.at));

  const ownerName = owner?.ok ? textOf(`${owner.value.firstName ?? ''} ${owner.value.lastName ?? ''}`, 200) ?? textOf(owner.value.email, 200) : undefined;
  const won = p.hs_is_closed_won === 'true' || (current?.closed === true && current.won === true);
  const closed = p.hs_is_closed === 'true' || won || current?.closed === true;

  return {
    ok: true,
    value: compact({
      crm: 'hubspot',
      dealId: deal.value.id,
      title: textOf(p.dealname),
      pipeline: pipeline ? { id: pipeline.id, label: pipeline.label } : undefined,
      stage: p.dealstage ? { id: p.dealstage, label: labelOf(p.dealstage) ?? p.dealstage } : undefined,
      stages,
      value: numberOf(p.amount),
      currency: currencyOf(p.deal_currency_code),
      closeDate: isoDate(p.closedate),
      owner: ownerName,
      status: won ? 'won' : closed ? 'lost' : 'open',
      stageHistory: hubspotStageHistory(deal.value.propertiesWithHistory?.dealstage, p, labelOf, allStageIds),
      activities,
      readAt: ctx.now().toISOString(),
      partial: partial.length > 0 ? partial : undefined,
    }),
  };
}
