// Salesforce (`https://<org>.my.salesforce.com/services/data/<version>/sobjects/…`) with the rep's
// own session: a logged activity becomes a completed Task on the opportunity (meetings and demos an
// Event at that time), its next step a Task "Not Started" due that day.
//
// Relied on (REST API guide, Task / Event object reference): POST /sobjects/{Task|Event} answers
// 201 `{ id, success, errors }`; PATCH and DELETE /sobjects/{type}/{id} answer 204 without a body;
// errors are `[{ message, errorCode, fields }]`. Subject holds 255 characters, Description 32 000.
// ActivityDate is a date without time zone. An Event that is not all-day needs DurationInMinutes or
// EndDateTime. "Completed" and "Not Started" are the default Task statuses. TaskSubtype (Call,
// Email, Task…) is set when the task is created only, so updates leave it out. The Type picklist is
// left alone: each org defines its values and a restricted picklist refuses unknown ones.

import { z } from 'zod';
import type { ActivityType } from '../../model/activity';
import { SALESFORCE_API_VERSION } from './api';
import { failure, type ConnectorContext, type CrmApiResult, type SalesforceCredentials } from '../api/types';
import type { ActivityWrite, CrmRecordRef, TickWrite } from '../api/write-types';
import { activityMarker, clip, localDay, sendJson, sendNoContent, tickMarker, tickSubject, type RecordRole, type RecordWriter } from '../api/writes/common';
import { carriesMarker, formatMarker, withMarker } from '../marker';
import { soqlUrl } from './api';

const ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** A proposal and a note stay plain tasks: neither is a call or an email Salesforce could show as one. */
const SUBTYPES: Record<ActivityType, 'Call' | 'Email' | 'Task'> = { call: 'Call', email: 'Email', meeting: 'Task', demo: 'Task', proposal: 'Task', note: 'Task', task: 'Task' };
/** We log no duration; a meeting shows as half an hour. */
const MEETING_MINUTES = 30;
const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;

const createdSchema = z.object({ id: z.string().regex(ID, 'expected a Salesforce id'), success: z.literal(true) });

type Kind = 'Task' | 'Event';
const kindOf = (role: RecordRole, activity: ActivityWrite): Kind => (role === 'main' && (activity.type === 'meeting' || activity.type === 'demo') ? 'Event' : 'Task');
const base = (creds: SalesforceCredentials) => `https://${creds.instanceHost}/services/data/${SALESFORCE_API_VERSION}/sobjects`;

function init(creds: SalesforceCredentials, method: string, body?: unknown): RequestInit {
  const headers: Record<string, string> = { Authorization: `Bearer ${creds.sessionId}`, Accept: 'application/json', ...(body !== undefined && { 'Content-Type': 'application/json' }) };
  return { method, headers, credentials: 'omit', ...(body !== undefined && { body: JSON.stringify(body) }) };
}

/**
 * The record's fields, as Salesforce names them. `creating` adds the fields only a create sets
 * (WhatId, TaskSubtype) and, for the next step, its status: an edit does not reopen a task the rep
 * already completed in Salesforce.
 */
export function salesforceFields(role: RecordRole, activity: ActivityWrite, creating: boolean): Record<string, unknown> {
  const what = creating ? { WhatId: activity.dealId } : {};
  // Every Description ends with the record's marker (an uncertain create looks for it before creating).
  const described = (text: string) => withMarker(text, activityMarker(role, activity), { html: false, max: DESCRIPTION_MAX });
  if (role === 'nextStep') {
    const step = activity.nextStep!;
    // The rep's day: dueAt is the end of that day written with the rep's offset.
    return {
      ...what,
      Subject: clip(step.title, SUBJECT_MAX),
      ActivityDate: localDay(step.dueAt),
      Description: described(activity.subject),
      ...(creating && { Status: 'Not Started', TaskSubtype: 'Task' }),
    };
  }
  if (kindOf(role, activity) === 'Event') {
    return { ...what, Subject: clip(activity.subject, SUBJECT_MAX), StartDateTime: new Date(activity.at).toISOString(), DurationInMinutes: MEETING_MINUTES, Description: described(activity.note) };
  }
  return {
    ...what,
    Subject: clip(activity.subject, SUBJECT_MAX),
    ActivityDate: localDay(activity.at),
    Status: 'Completed',
    Description: described(activity.note),
    ...(creating && { TaskSubtype: SUBTYPES[activity.type] }),
  };
}

/**
 * A shared checklist tick: a completed Task on the opportunity dated the rep's day it was ticked,
 * its Description only the marker. A create also sets WhatId and TaskSubtype.
 */
export function salesforceTickFields(tick: TickWrite, creating: boolean): Record<string, unknown> {
  return {
    ...(creating && { WhatId: tick.dealId }),
    Subject: tickSubject(tick, SUBJECT_MAX),
    ActivityDate: localDay(tick.at),
    Status: 'Completed',
    Description: formatMarker(tickMarker(tick)),
    ...(creating && { TaskSubtype: 'Task' }),
  };
}

/** How many of the opportunity's newest tasks or events are looked through for a marker. Description cannot be filtered in SOQL. */
const MARKED_LOOKUP_MAX = 200;
const describedSchema = z.object({ records: z.array(z.object({ Id: z.string().regex(ID), Description: z.string().nullable().optional() })) });

const validRef = (ref: CrmRecordRef) => (ref.kind === 'Task' || ref.kind === 'Event') && ID.test(ref.id);

export const salesforceWriter: RecordWriter<SalesforceCredentials> = {
  kindOf,

  async create(ctx: ConnectorContext, creds, role, activity): Promise<CrmApiResult<CrmRecordRef>> {
    if (!ID.test(activity.dealId)) return failure('notFound', { detail: `not a Salesforce id: ${activity.dealId.slice(0, 40)}` });
    const kind = kindOf(role, activity);
    const answer = await sendJson(ctx, `${base(creds)}/${kind}`, init(creds, 'POST', salesforceFields(role, activity, true)), createdSchema, [200, 201]);
    return answer.ok ? { ok: true, value: { kind, id: answer.value.id } } : answer;
  },

  async update(ctx, creds, ref, role, activity) {
    if (!validRef(ref)) return failure('notFound', { detail: `not a Salesforce record: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const answer = await sendNoContent(ctx, `${base(creds)}/${ref.kind}/${ref.id}`, init(creds, 'PATCH', salesforceFields(role, activity, false)), [200, 204]);
    if (answer.ok) return { ok: true, value: ref };
    return answer.status === 410 ? failure('notFound', { status: 410, detail: answer.detail }) : answer;
  },

  tickKind: 'Task',

  async createTick(ctx, creds, tick) {
    if (!ID.test(tick.dealId)) return failure('notFound', { detail: `not a Salesforce id: ${tick.dealId.slice(0, 40)}` });
    const answer = await sendJson(ctx, `${base(creds)}/Task`, init(creds, 'POST', salesforceTickFields(tick, true)), createdSchema, [200, 201]);
    return answer.ok ? { ok: true, value: { kind: 'Task', id: answer.value.id } } : answer;
  },

  async updateTick(ctx, creds, ref, tick) {
    if (!validRef(ref) || ref.kind !== 'Task') return failure('notFound', { detail: `not a Salesforce task: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const answer = await sendNoContent(ctx, `${base(creds)}/Task/${ref.id}`, init(creds, 'PATCH', salesforceTickFields(tick, false)), [200, 204]);
    if (answer.ok) return { ok: true, value: ref };
    return answer.status === 410 ? failure('notFound', { status: 410, detail: answer.detail }) : answer;
  },

  async findMarked(ctx, creds, kind, dealId, marker) {
    if (!ID.test(dealId) || (kind !== 'Task' && kind !== 'Event')) return { ok: true, value: null };
    const soql = `SELECT Id, Description FROM ${kind} WHERE WhatId = '${dealId}' ORDER BY CreatedDate DESC LIMIT ${MARKED_LOOKUP_MAX}`;
    const answer = await sendJson(ctx, soqlUrl(creds, soql), init(creds, 'GET'), describedSchema, [200]);
    if (!answer.ok) return answer;
    const found = answer.value.records.find((r) => carriesMarker(r.Description, marker));
    return { ok: true, value: found ? { kind, id: found.Id } : null };
  },

  async remove(ctx, creds, ref) {
    if (!validRef(ref)) return { ok: true, value: true }; // nothing Salesforce could have
    return sendNoContent(ctx, `${base(creds)}/${ref.kind}/${ref.id}`, init(creds, 'DELETE'), [200, 204], [404, 410]);
  },
};
