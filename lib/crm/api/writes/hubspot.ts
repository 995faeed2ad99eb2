// HubSpot engagements (`https://api.hubapi.com/crm/v3/objects/<kind>`), associated with the deal
// on creation. Calls, emails, meetings, notes and tasks each have their own object and properties;
// HubSpot renders the body properties as HTML, so text is escaped. Association type ids are
// HubSpot's own ("HUBSPOT_DEFINED") engagement → deal types. A proposal is a completed task: it is
// a deliverable, not a conversation.

import { z } from 'zod';
import type { ActivityType } from '../../../model/activity';
import { HUBSPOT_API_HOST } from '../hosts';
import { failure, type ConnectorContext, type CrmApiResult, type HubspotCredentials } from '../types';
import type { ActivityWrite, CrmRecordRef } from '../write-types';
import { clip, htmlText, sendJson, sendNoContent, type RecordRole, type RecordWriter } from './common';

const BASE = `https://${HUBSPOT_API_HOST}/crm/v3/objects`;
const OBJECT_ID = /^\d{1,20}$/;

type Kind = 'calls' | 'emails' | 'meetings' | 'notes' | 'tasks';
const KINDS: Record<ActivityType, Kind> = { call: 'calls', email: 'emails', meeting: 'meetings', demo: 'meetings', proposal: 'tasks', note: 'notes', task: 'tasks' };
/** HubSpot-defined association types from each engagement to a deal. */
export const DEAL_ASSOCIATION_TYPE: Record<Kind, number> = { calls: 206, emails: 210, meetings: 212, notes: 214, tasks: 216 };
/** HubSpot's default call outcomes (hs_call_disposition values shared by every portal). */
export const CALL_DISPOSITIONS: Record<string, string> = {
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  leftVoicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  wrongNumber: '17b47fee-58de-441e-a44c-c6300d46f273',
};
const MEETING_OUTCOMES: Record<string, string> = { held: 'COMPLETED', noShow: 'NO_SHOW', rescheduled: 'RESCHEDULED' };
const MEETING_MINUTES = 30;

const createdSchema = z.object({ id: z.string().regex(OBJECT_ID, 'expected a HubSpot object id') });

function headers(creds: HubspotCredentials, json: boolean): Record<string, string> {
  return { Authorization: `Bearer ${creds.token}`, Accept: 'application/json', ...(json && { 'Content-Type': 'application/json' }) };
}

function kindOf(role: RecordRole, activity: ActivityWrite): Kind {
  return role === 'nextStep' ? 'tasks' : KINDS[activity.type];
}

/** The properties of the record, as HubSpot names them. */
export function hubspotProperties(role: RecordRole, activity: ActivityWrite): Record<string, string> {
  if (role === 'nextStep') {
    const step = activity.nextStep!;
    return { hs_timestamp: new Date(step.dueAt).toISOString(), hs_task_subject: clip(step.title, 255), hs_task_body: htmlText(activity.subject), hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO' };
  }
  const at = new Date(activity.at).toISOString();
  const body = htmlText(activity.note);
  switch (KINDS[activity.type]) {
    case 'calls': {
      const disposition = activity.outcome ? CALL_DISPOSITIONS[activity.outcome] : undefined;
      return { hs_timestamp: at, hs_call_title: clip(activity.subject, 255), hs_call_body: body, hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', ...(disposition && { hs_call_disposition: disposition }) };
    }
    case 'emails':
      return {
        hs_timestamp: at,
        hs_email_subject: clip(activity.subject, 255),
        hs_email_text: activity.note,
        hs_email_direction: activity.outcome === 'replied' ? 'INCOMING_EMAIL' : 'EMAIL',
        hs_email_status: activity.outcome === 'bounced' ? 'BOUNCED' : 'SENT',
      };
    case 'meetings': {
      const outcome = activity.outcome ? MEETING_OUTCOMES[activity.outcome] : undefined;
      const end = new Date(Date.parse(activity.at) + MEETING_MINUTES * 60_000).toISOString();
      return { hs_timestamp: at, hs_meeting_title: clip(activity.subject, 255), hs_meeting_body: body, hs_meeting_start_time: at, hs_meeting_end_time: end, ...(outcome && { hs_meeting_outcome: outcome }) };
    }
    case 'notes':
      return { hs_timestamp: at, hs_note_body: activity.note ? `${htmlText(activity.subject)}<br>${body}` : htmlText(activity.subject) };
    case 'tasks':
      return { hs_timestamp: at, hs_task_subject: clip(activity.subject, 255), hs_task_body: body, hs_task_status: 'COMPLETED', hs_task_type: 'TODO' };
  }
}

function validRef(ref: CrmRecordRef): ref is CrmRecordRef & { kind: Kind } {
  return ref.kind in DEAL_ASSOCIATION_TYPE && OBJECT_ID.test(ref.id);
}

export const hubspotWriter: RecordWriter<HubspotCredentials> = {
  kindOf,

  async create(ctx: ConnectorContext, creds: HubspotCredentials, role: RecordRole, activity: ActivityWrite): Promise<CrmApiResult<CrmRecordRef>> {
    if (!/^\d{1,20}$/.test(activity.dealId)) return failure('notFound', { detail: `not a HubSpot deal id: ${activity.dealId.slice(0, 40)}` });
    const kind = kindOf(role, activity);
    const body = {
      properties: hubspotProperties(role, activity),
      associations: [{ to: { id: activity.dealId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_ASSOCIATION_TYPE[kind] }] }],
    };
    const answer = await sendJson(ctx, `${BASE}/${kind}`, { method: 'POST', headers: headers(creds, true), credentials: 'omit', body: JSON.stringify(body) }, createdSchema, [200, 201]);
    return answer.ok ? { ok: true, value: { kind, id: answer.value.id } } : answer;
  },

  async update(ctx, creds, ref, role, activity) {
    if (!validRef(ref)) return failure('notFound', { detail: `not a HubSpot record: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const init: RequestInit = { method: 'PATCH', headers: headers(creds, true), credentials: 'omit', body: JSON.stringify({ properties: hubspotProperties(role, activity) }) };
    const answer = await sendJson(ctx, `${BASE}/${ref.kind}/${ref.id}`, init, createdSchema, [200]);
    return answer.ok ? { ok: true, value: ref } : answer;
  },

  async remove(ctx, creds, ref) {
    if (!validRef(ref)) return { ok: true, value: true }; // nothing HubSpot could have
    return sendNoContent(ctx, `${BASE}/${ref.kind}/${ref.id}`, { method: 'DELETE', headers: headers(creds, false), credentials: 'omit' }, [200, 204], [404, 410]);
  },
};
