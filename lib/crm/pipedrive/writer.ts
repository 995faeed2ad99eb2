// Pipedrive (`https://<company>.pipedrive.com/api/…`): a logged activity becomes a done
// activity on the deal (a note becomes a deal note), its next step an open `task` activity due that
// day. Sign-in as for reads: the web session first where allowed, else the API token; only a
// refusal (401/403) means nothing was written, so only then is the next way tried.
//
// Activities use API v2, as the reads do (Pipedrive asks for v2 where it exists and retires the v1
// activity endpoints): POST /v2/activities takes subject, type (an activity type's key_string),
// deal_id, done (true / false), due_date (YYYY-MM-DD), due_time (HH:MM, UTC) and note (HTML);
// PATCH /v2/activities/{id} changes only the fields sent; DELETE /v2/activities/{id}. Notes have no
// v2 endpoints: POST /v1/notes {content (HTML), deal_id}; PUT and DELETE /v1/notes/{id}. Answers
// are `{ success: true, data: { id, … } }`. Activity types are keys a company can rename or switch
// off; call, email, meeting and task exist in every new company.

import { z } from 'zod';
import type { ActivityType } from '../../model/activity';
import { pipedriveAuths, pipedriveInit, type PipedriveAuth } from './api';
import { failure, type ConnectorContext, type CrmApiResult, type PipedriveCredentials } from '../api/types';
import type { ActivityWrite, CrmRecordRef, TickWrite } from '../api/write-types';
import { activityMarker, clip, htmlText, localDay, sendJson, tickMarker, tickSubject, type RecordRole, type RecordWriter } from '../api/writes/common';
import { carriesMarker, formatMarker, withMarker } from '../marker';

const ID = /^[1-9]\d{0,15}$/;
const SUBJECT_MAX = 255;
/** The contract's limit for a note: longer text is cut before it is escaped (escaping only grows it). */
const NOTE_MAX = 10_000;

/**
 * Our types as Pipedrive's built-in activity types. A demo is a meeting. A proposal is a task, not
 * an email: its outcomes include accepted / rejected, which are no message anyone sent, and the
 * subject already says "Proposal · …".
 */
export const PIPEDRIVE_ACTIVITY_TYPES: Record<ActivityType, string> = { call: 'call', email: 'email', meeting: 'meeting', demo: 'meeting', proposal: 'task', note: 'note', task: 'task' };

/** Types many companies add themselves: used when the company has an active type of that key or name. */
const OWN_TYPES: readonly ActivityType[] = ['demo', 'proposal'];
const TYPES_TTL_MS = 60 * 60_000;
const activityTypesSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ key_string: z.string(), name: z.string(), active_flag: z.boolean().optional() })).nullable(),
});
/** The company's active activity type keys, per company, for an hour (GET /v1/activityTypes). */
const companyTypes = new Map<string, { keys: ReadonlyMap<string, string>; until: number }>();

/** Forgets what is known of the companies' activity types (tests; a rep who changed them). */
export function forgetPipedriveActivityTypes(): void {
  companyTypes.clear();
}

/**
 * Pipedrive's type for one of ours: the company's own "demo" or "proposal" type where it has one
 * (matched by key or name), else the built-in type it maps to. Looking the types up never stops a write.
 */
async function pipedriveType(ctx: ConnectorContext, creds: PipedriveCredentials, type: ActivityType): Promise<string> {
  if (!OWN_TYPES.includes(type)) return PIPEDRIVE_ACTIVITY_TYPES[type];
  const now = ctx.now().getTime();
  let known = companyTypes.get(creds.company);
  if (!known || known.until <= now) {
    const answer = await withAuth(creds, (auth) => sendJson(ctx, `https://${creds.company}.pipedrive.com/api/v1/activityTypes`, init(auth, 'GET'), activityTypesSchema, [200]));
    if (!answer.ok) return PIPEDRIVE_ACTIVITY_TYPES[type];
    const keys = new Map<string, string>();
    for (const t of answer.value.data ?? []) {
      if (t.active_flag === false) continue;
      keys.set(t.key_string.toLowerCase(), t.key_string);
      keys.set(t.name.trim().toLowerCase(), t.key_string);
    }
    known = { keys, until: now + TYPES_TTL_MS };
    companyTypes.set(creds.company, known);
  }
  return known.keys.get(type) ?? PIPEDRIVE_ACTIVITY_TYPES[type];
}

/** Pipedrive ids are positive integers; anything else in the answer means it changed. */
const answerSchema = z.object({ success: z.literal(true), data: z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) });
const deletedSchema = z.object({ success: z.literal(true) });
/** How many of a deal's newest activities or notes are looked through for a marker (one page). */
const MARKED_LOOKUP_MAX = 500;
const markedListSchema = z.object({
  success: z.literal(true),
  data: z.array(z.object({ id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), note: z.string().nullable().optional(), content: z.string().nullable().optional() })).nullable(),
});

type Kind = 'activity' | 'note';
const kindOf = (role: RecordRole, activity: ActivityWrite): Kind => (role === 'main' && activity.type === 'note' ? 'note' : 'activity');
/** Where records of a kind live: activities on v2, notes on v1 (they have no v2). */
const collectionUrl = (creds: PipedriveCredentials, kind: Kind) => `https://${creds.company}.pipedrive.com/api/${kind === 'note' ? 'v1/notes' : 'v2/activities'}`;

/**
 * The request body, as Pipedrive names the fields. An update leaves out the deal (it stays) and,
 * for the next step, `done`: a task the rep already ticked off in Pipedrive is not reopened by an edit.
 */
export function pipedriveBody(role: RecordRole, activity: ActivityWrite, creating = true, type: string = PIPEDRIVE_ACTIVITY_TYPES[activity.type]): Record<string, unknown> {
  const deal = creating ? { deal_id: Number(activity.dealId) } : {};
  const note = htmlText(activity.note.slice(0, NOTE_MAX));
  // Every record's note ends with its marker (an uncertain create looks for it before creating).
  const marker = activityMarker(role, activity);
  if (role === 'nextStep') {
    const step = activity.nextStep!;
    // The rep's day: dueAt is the end of that day written with the rep's offset, so its UTC date
    // would be the next day west of UTC. No due_time: an all-day task.
    return { subject: clip(step.title, SUBJECT_MAX), type: 'task', ...deal, ...(creating && { done: false }), due_date: localDay(step.dueAt), note: formatMarker(marker) };
  }
  if (kindOf(role, activity) === 'note') {
    const subject = htmlText(clip(activity.subject, SUBJECT_MAX));
    return { content: withMarker(note ? `<b>${subject}</b><br>${note}` : subject, marker, { html: true, max: Number.MAX_SAFE_INTEGER }), ...deal };
  }
  // Pipedrive keeps activity times in UTC.
  const at = new Date(activity.at).toISOString();
  return { subject: clip(activity.subject, SUBJECT_MAX), type, ...deal, done: true, due_date: at.slice(0, 10), due_time: at.slice(11, 16), note: withMarker(note, marker, { html: true, max: Number.MAX_SAFE_INTEGER }) };
}

/** A shared checklist tick: a done `task` activity at the moment it was ticked (UTC), its note only the marker. */
export function pipedriveTickBody(tick: TickWrite, creating: boolean): Record<string, unknown> {
  const at = new Date(tick.at).toISOString();
  return { subject: tickSubject(tick, SUBJECT_MAX), type: 'task', ...(creating && { deal_id: Number(tick.dealId) }), done: true, due_date: at.slice(0, 10), due_time: at.slice(11, 16), note: formatMarker(tickMarker(tick)) };
}

/** Tries each way of signing in until one is not refused. */
async function withAuth<T>(creds: PipedriveCredentials, attempt: (auth: PipedriveAuth) => Promise<CrmApiResult<T>>): Promise<CrmApiResult<T>> {
  const auths = pipedriveAuths(creds);
  if (auths.length === 0) return failure('notConnected', { detail: 'no session allowed and no API token' });
  let result: CrmApiResult<T> = failure('notConnected');
  for (const auth of auths) {
    result = await attempt(auth);
    if (result.ok || (result.kind !== 'unauthorized' && result.kind !== 'forbidden')) return result;
  }
  return result;
}

function init(auth: PipedriveAuth, method: string, body?: unknown): RequestInit {
  const base = pipedriveInit(auth);
  const headers = { ...(base.headers as Record<string, string>), ...(body !== undefined && { 'Content-Type': 'application/json' }) };
  return { ...base, method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) };
}

const validRef = (ref: CrmRecordRef): ref is CrmRecordRef & { kind: Kind } => (ref.kind === 'activity' || ref.kind === 'note') && ID.test(ref.id);
const recordUrl = (creds: PipedriveCredentials, ref: CrmRecordRef & { kind: Kind }) => `${collectionUrl(creds, ref.kind)}/${ref.id}`;

export const pipedriveWriter: RecordWriter<PipedriveCredentials> = {
  kindOf,

  async create(ctx: ConnectorContext, creds, role, activity) {
    if (!ID.test(activity.dealId)) return failure('notFound', { detail: `not a Pipedrive deal id: ${activity.dealId.slice(0, 40)}` });
    const kind = kindOf(role, activity);
    const type = role === 'main' && kind === 'activity' ? await pipedriveType(ctx, creds, activity.type) : undefined;
    const answer = await withAuth(creds, (auth) => sendJson(ctx, collectionUrl(creds, kind), init(auth, 'POST', pipedriveBody(role, activity, true, type)), answerSchema, [200, 201]));
    return answer.ok ? { ok: true, value: { kind, id: String(answer.value.data.id) } } : answer;
  },

  async update(ctx, creds, ref, role, activity) {
    if (!validRef(ref)) return failure('notFound', { detail: `not a Pipedrive record: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const type = role === 'main' && ref.kind === 'activity' ? await pipedriveType(ctx, creds, activity.type) : undefined;
    const answer = await withAuth(creds, (auth) => sendJson(ctx, recordUrl(creds, ref), init(auth, ref.kind === 'note' ? 'PUT' : 'PATCH', pipedriveBody(role, activity, false, type)), answerSchema, [200]));
    if (answer.ok) return { ok: true, value: ref };
    // Deleted in Pipedrive (404, or 410 for a deleted one): gone, so the caller writes it anew.
    return answer.status === 410 ? failure('notFound', { status: 410, detail: answer.detail }) : answer;
  },

  tickKind: 'activity',

  async createTick(ctx, creds, tick) {
    if (!ID.test(tick.dealId)) return failure('notFound', { detail: `not a Pipedrive deal id: ${tick.dealId.slice(0, 40)}` });
    const answer = await withAuth(creds, (auth) => sendJson(ctx, collectionUrl(creds, 'activity'), init(auth, 'POST', pipedriveTickBody(tick, true)), answerSchema, [200, 201]));
    return answer.ok ? { ok: true, value: { kind: 'activity', id: String(answer.value.data.id) } } : answer;
  },

  async updateTick(ctx, creds, ref, tick) {
    if (!validRef(ref) || ref.kind !== 'activity') return failure('notFound', { detail: `not a Pipedrive activity: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const answer = await withAuth(creds, (auth) => sendJson(ctx, recordUrl(creds, ref), init(auth, 'PATCH', pipedriveTickBody(tick, false)), answerSchema, [200]));
    if (answer.ok) return { ok: true, value: ref };
    return answer.status === 410 ? failure('notFound', { status: 410, detail: answer.detail }) : answer;
  },

  async findMarked(ctx, creds, kind, dealId, marker) {
    if (!ID.test(dealId) || (kind !== 'activity' && kind !== 'note')) return { ok: true, value: null };
    // Newest first: a record an uncertain create made is among the latest.
    const url = kind === 'note'
      ? `https://${creds.company}.pipedrive.com/api/v1/notes?deal_id=${dealId}&limit=${MARKED_LOOKUP_MAX}&sort=${encodeURIComponent('add_time DESC')}`
      : `https://${creds.company}.pipedrive.com/api/v2/activities?deal_id=${dealId}&limit=${MARKED_LOOKUP_MAX}&sort_by=add_time&sort_direction=desc`;
    const answer = await withAuth(creds, (auth) => sendJson(ctx, url, init(auth, 'GET'), markedListSchema, [200]));
    if (!answer.ok) return answer;
    const found = (answer.value.data ?? []).find((r) => carriesMarker(kind === 'note' ? r.content : r.note, marker));
    return { ok: true, value: found ? { kind, id: String(found.id) } : null };
  },

  async remove(ctx, creds, ref) {
    if (!validRef(ref)) return { ok: true, value: true }; // nothing Pipedrive could have
    const answer = await withAuth(creds, (auth) => sendJson(ctx, recordUrl(creds, ref), init(auth, 'DELETE'), deletedSchema, [200]));
    if (answer.ok || answer.kind === 'notFound' || answer.status === 410) return { ok: true, value: true };
    return answer;
  },
};
