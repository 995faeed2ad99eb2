// HubSpot engagements (`https://api.hubapi.com/crm/v3/objects/<kind>`), associated with the deal
// on creation. Calls, emails, meetings, notes and tasks each have their own object and properties.
//
// Relied on (HubSpot's calls / emails / meetings / notes / tasks API guides): POST
// /crm/v3/objects/{kind} with `properties` and `associations: [{ to: { id }, types: [{
// associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] }]`, answered 201 `{ id, properties, … }`;
// PATCH /crm/v3/objects/{kind}/{id} `{ properties }` answered 200; DELETE answered 204.
// hs_timestamp is required on every engagement. hs_call_disposition takes an outcome's GUID (the
// defaults below are the same in every portal); hs_meeting_outcome is SCHEDULED / COMPLETED /
// RESCHEDULED / NO_SHOW / CANCELED; hs_note_body holds at most 65 536 characters. Body properties
// (call, meeting, note, task) are rendered as HTML, so text is escaped; hs_email_text is plain text.

import { z } from 'zod';
import type { ActivityType } from '../../model/activity';
import { HUBSPOT_API_HOST } from './hosts';
import { failure, type ConnectorContext, type CrmApiResult, type HubspotCredentials } from '../api/types';
import type { ActivityWrite, CrmRecordRef, TickWrite } from '../api/write-types';
import { activityMarker, clip, htmlText, sendJson, sendNoContent, tickMarker, tickSubject, type RecordRole, type RecordWriter } from '../api/writes/common';
import { carriesMarker, withMarker } from '../marker';

const BASE = `https://${HUBSPOT_API_HOST}/crm/v3/objects`;
const OBJECT_ID = /^\d{1,20}$/;
const TITLE_MAX = 255;
/** The contract's limit for a note; escaped (≤ 6× longer) it still fits hs_note_body's 65 536. */
const NOTE_MAX = 10_000;
/** HubSpot's limit for a body property (hs_note_body, hs_call_body…). */
const BODY_MAX = 65_536;
/** The property holding each kind's body, where the marker is. */
const BODY_PROPERTY: Record<Kind, string> = { calls: 'hs_call_body', emails: 'hs_email_text', meetings: 'hs_meeting_body', notes: 'hs_note_body', tasks: 'hs_task_body' };
/** How many of a deal's records of one kind are looked through for a marker (HubSpot's page size for associations). */
const MARKED_LOOKUP_MAX = 500;
const BATCH_READ_MAX = 100;
const associationsSchema = z.object({ results: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })) });
const bodiesSchema = z.object({ results: z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string().nullable()) })) });

type Kind = 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';
/**
 * Which engagement each type becomes. A demo is a meeting. A proposal is a completed task: its
 * outcomes include accepted / rejected, which are no email anyone sent (an email engagement would
 * claim one), and unlike a note a task keeps the subject as its title.
 */
export const HUBSPOT_KINDS: Record<ActivityType, Kind> = { call: 'calls', email: 'emails', meeting: 'meetings', demo: 'meetings', proposal: 'tasks', note: 'notes', task: 'tasks' };
/** HubSpot-defined association types from each engagement to a deal (call 206, email 210, meeting 212, note 214, task 216). */
export const DEAL_ASSOCIATION_TYPE: Record<Kind, number> = { calls: 206, emails: 210, meetings: 212, notes: 214, tasks: 216 };
/** HubSpot's default call outcomes (hs_call_disposition GUIDs shared by every portal), by our outcome ids. */
export const CALL_DISPOSITIONS: Record<string, string> = {
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  leftVoicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  wrongNumber: '17b47fee-58de-441e-a44c-c6300d46f273',
};
const MEETING_OUTCOMES: Record<string, string> = { held: 'COMPLETED', noShow: 'NO_SHOW', rescheduled: 'RESCHEDULED' };
/** We log no duration; a meeting shows as half an hour. */
const MEETING_MINUTES = 30;

const recordSchema = z.object({ id: z.string().regex(OBJECT_ID, 'expected a HubSpot object id') });

function headers(creds: HubspotCredentials, json: boolean): Record<string, string> {
  return { Authorization: `Bearer ${creds.token}`, Accept: 'application/json', ...(json && { 'Content-Type': 'application/json' }) };
}

function kindOf(role: RecordRole, activity: ActivityWrite): Kind {
  return role === 'nextStep' ? 'tasks' : HUBSPOT_KINDS[activity.type];
}

const own = (record: Record<string, string>, key: string | null) => (key !== null && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined);

/**
 * The properties of the record, as HubSpot names them. An update of the next step leaves its
 * status alone: a task the rep already completed in HubSpot is not reopened by an edit.
 */
export function hubspotProperties(role: RecordRole, activity: ActivityWrite, creating = true): Record<string, string> {
  // Every body ends with the record's marker (an uncertain create looks for it before creating).
  const marked = (text: string, html: boolean) => withMarker(text, activityMarker(role, activity), { html, max: BODY_MAX });
  if (role === 'nextStep') {
    const step = activity.nextStep!;
    return {
      // Due at the end of the rep's day (dueAt carries the rep's offset).
      hs_timestamp: new Date(step.dueAt).toISOString(),
      hs_task_subject: clip(step.title, TITLE_MAX),
      hs_task_body: marked(htmlText(clip(activity.subject, TITLE_MAX)), true),
      ...(creating && { hs_task_status: 'NOT_STARTED' }),
      hs_task_type: 'TODO',
    };
  }
  const at = new Date(activity.at).toISOString();
  const title = clip(activity.subject, TITLE_MAX);
  const note = activity.note.slice(0, NOTE_MAX);
  const body = htmlText(note);
  switch (HUBSPOT_KINDS[activity.type]) {
    case 'calls': {
      const disposition = own(CALL_DISPOSITIONS, activity.outcome);
      return { hs_timestamp: at, hs_call_title: title, hs_call_body: marked(body, true), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', ...(disposition && { hs_call_disposition: disposition }) };
    }
    case 'emails':
      return {
        hs_timestamp: at,
        hs_email_subject: title,
        hs_email_text: marked(note, false),
        // "Replied" logs their answer: an incoming email. Valid statuses include SENT and BOUNCED.
        hs_email_direction: activity.outcome === 'replied' ? 'INCOMING_EMAIL' : 'EMAIL',
        hs_email_status: activity.outcome === 'bounced' ? 'BOUNCED' : 'SENT',
      };
    case 'meetings': {
      const outcome = own(MEETING_OUTCOMES, activity.outcome);
      const end = new Date(Date.parse(activity.at) + MEETING_MINUTES * 60_000).toISOString();
      return { hs_timestamp: at, hs_meeting_title: title, hs_meeting_body: marked(body, true), hs_meeting_start_time: at, hs_meeting_end_time: end, ...(outcome && { hs_meeting_outcome: outcome }) };
    }
    case 'notes':
      return { hs_timestamp: at, hs_note_body: marked(note ? `${htmlText(title)}<br>${body}` : htmlText(title), true) };
    case 'tasks':
      return { hs_timestamp: at, hs_task_subject: title, hs_task_body: marked(body, true), hs_task_status: 'COMPLETED', hs_task_type: 'TODO' };
  }
}

/** A shared checklist tick: a completed to-do whose body is only its marker. */
export function hubspotTickProperties(tick: TickWrite): Record<string, string> {
  return {
    hs_timestamp: new Date(tick.at).toISOString(),
    hs_task_subject: tickSubject(tick, TITLE_MAX),
    hs_task_body: withMarker('', tickMarker(tick), { html: true, max: BODY_MAX }),
    hs_task_status: 'COMPLETED',
    hs_task_type: 'TODO',
  };
}

function validRef(ref: CrmRecordRef): ref is CrmRecordRef & { kind: Kind } {
  return Object.prototype.hasOwnProperty.call(DEAL_ASSOCIATION_TYPE, ref.kind) && OBJECT_ID.test(ref.id);
}

export { checkHubspotPortal } from './api';

/** A new engagement of `kind` associated with the deal. */
async function createOn(ctx: ConnectorContext, creds: HubspotCredentials, kind: Kind, dealId: string, properties: Record<string, string>): Promise<CrmApiResult<CrmRecordRef>> {
  if (!OBJECT_ID.test(dealId)) return failure('notFound', { detail: `not a HubSpot deal id: ${dealId.slice(0, 40)}` });
  const body = { properties, associations: [{ to: { id: dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_ASSOCIATION_TYPE[kind] }] }] };
  const answer = await sendJson(ctx, `${BASE}/${kind}`, { method: 'POST', headers: headers(creds, true), credentials: 'omit', body: JSON.stringify(body) }, recordSchema, [200, 201]);
  return answer.ok ? { ok: true, value: { kind, id: answer.value.id } } : answer;
}

/** The record's properties changed; notFound when it is gone (404, 410). */
async function patch(ctx: ConnectorContext, creds: HubspotCredentials, ref: CrmRecordRef, properties: Record<string, string>): Promise<CrmApiResult<CrmRecordRef>> {
  if (!validRef(ref)) return failure('notFound', { detail: `not a HubSpot record: ${ref.kind}/${ref.id}`.slice(0, 200) });
  const init: RequestInit = { method: 'PATCH', headers: headers(creds, true), credentials: 'omit', body: JSON.stringify({ properties }) };
  const answer = await sendJson(ctx, `${BASE}/${ref.kind}/${ref.id}`, init, recordSchema, [200]);
  if (answer.ok) return { ok: true, value: ref };
  return answer.status === 410 ? failure('notFound', { status: 410, detail: answer.detail }) : answer;
}

export const hubspotWriter: RecordWriter<HubspotCredentials> = {
  kindOf,

  async create(ctx: ConnectorContext, creds: HubspotCredentials, role: RecordRole, activity: ActivityWrite): Promise<CrmApiResult<CrmRecordRef>> {
    return createOn(ctx, creds, kindOf(role, activity), activity.dealId, hubspotProperties(role, activity));
  },

  async update(ctx, creds, ref, role, activity) {
    return patch(ctx, creds, ref, hubspotProperties(role, activity, false));
  },

  tickKind: 'tasks',
  createTick: (ctx, creds, tick) => createOn(ctx, creds, 'tasks', tick.dealId, hubspotTickProperties(tick)),
  updateTick: (ctx, creds, ref, tick) => patch(ctx, creds, ref, hubspotTickProperties(tick)),

  async findMarked(ctx, creds, kind, dealId, marker) {
    if (!OBJECT_ID.test(dealId) || !Object.prototype.hasOwnProperty.call(BODY_PROPERTY, kind)) return { ok: true, value: null };
    const k = kind as Kind;
    const links = await sendJson(ctx, `https://${HUBSPOT_API_HOST}/crm/v4/objects/deals/${dealId}/associations/${k}?limit=${MARKED_LOOKUP_MAX}`, { method: 'GET', headers: headers(creds, false), credentials: 'omit' }, associationsSchema, [200]);
    if (!links.ok) return links;
    const ids = [...new Set(links.value.results.map((r) => String(r.toObjectId)))].filter((id) => OBJECT_ID.test(id));
    for (let i = 0; i < ids.length; i += BATCH_READ_MAX) {
      const body = { properties: [BODY_PROPERTY[k]], inputs: ids.slice(i, i + BATCH_READ_MAX).map((id) => ({ id })) };
      const batch = await sendJson(ctx, `${BASE}/${k}/batch/read`, { method: 'POST', headers: headers(creds, true), credentials: 'omit', body: JSON.stringify(body) }, bodiesSchema, [200, 207]);
      if (!batch.ok) return batch;
      const found = batch.value.results.find((r) => carriesMarker(r.properties[BODY_PROPERTY[k]], marker));
      if (found && OBJECT_ID.test(found.id)) return { ok: true, value: { kind: k, id: found.id } };
    }
    return { ok: true, value: null };
  },

  async remove(ctx, creds, ref) {
    if (!validRef(ref)) return { ok: true, value: true }; // nothing HubSpot could have
    return sendNoContent(ctx, `${BASE}/${ref.kind}/${ref.id}`, { method: 'DELETE', headers: headers(creds, false), credentials: 'omit' }, [200, 204], [404, 410]);
  },
};
