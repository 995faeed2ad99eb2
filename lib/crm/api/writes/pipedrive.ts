// Pipedrive (`https://<company>.pipedrive.com/api/v1/…`): a logged activity becomes a done
// activity on the deal (a note becomes a deal note), its next step an open `task` activity due that
// day. Pipedrive's activity types are keys a company can rename; call, email, meeting and task
// exist in every company. The `note` fields are HTML, so text is escaped. Sign-in as for reads:
// the web session first where allowed, else the API token; only a refusal (401/403) means nothing
// was written, so only then is the next way tried.

import { z } from 'zod';
import type { ActivityType } from '../../../model/activity';
import { pipedriveAuths, pipedriveInit, type PipedriveAuth } from '../pipedrive';
import { failure, type ConnectorContext, type CrmApiResult, type PipedriveCredentials } from '../types';
import type { ActivityWrite, CrmRecordRef } from '../write-types';
import { clip, htmlText, localDay, sendJson, type RecordRole, type RecordWriter } from './common';

const ID = /^[1-9]\d{0,15}$/;
const TYPES: Record<ActivityType, string> = { call: 'call', email: 'email', meeting: 'meeting', demo: 'meeting', proposal: 'task', note: 'note', task: 'task' };

const answerSchema = z.object({ success: z.literal(true), data: z.object({ id: z.number().int().positive() }).passthrough() });
const deletedSchema = z.object({ success: z.literal(true) }).passthrough();

type Kind = 'activity' | 'note';
const kindOf = (role: RecordRole, activity: ActivityWrite): Kind => (role === 'main' && activity.type === 'note' ? 'note' : 'activity');
const base = (creds: PipedriveCredentials) => `https://${creds.company}.pipedrive.com/api/v1`;
const path = (kind: Kind) => (kind === 'note' ? 'notes' : 'activities');

/** The request body, as Pipedrive names the fields. */
export function pipedriveBody(role: RecordRole, activity: ActivityWrite): Record<string, unknown> {
  const dealId = Number(activity.dealId);
  if (role === 'nextStep') {
    const step = activity.nextStep!;
    return { subject: clip(step.title, 255), type: 'task', deal_id: dealId, done: 0, due_date: localDay(step.dueAt) };
  }
  if (kindOf(role, activity) === 'note') {
    return { content: activity.note ? `<b>${htmlText(activity.subject)}</b><br>${htmlText(activity.note)}` : htmlText(activity.subject), deal_id: dealId };
  }
  const at = new Date(activity.at).toISOString();
  return { subject: clip(activity.subject, 255), type: TYPES[activity.type], deal_id: dealId, done: 1, due_date: at.slice(0, 10), due_time: at.slice(11, 16), note: htmlText(activity.note) };
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

const validRef = (ref: CrmRecordRef) => (ref.kind === 'activity' || ref.kind === 'note') && ID.test(ref.id);

export const pipedriveWriter: RecordWriter<PipedriveCredentials> = {
  kindOf,

  async create(ctx: ConnectorContext, creds, role, activity) {
    if (!ID.test(activity.dealId)) return failure('notFound', { detail: `not a Pipedrive deal id: ${activity.dealId.slice(0, 40)}` });
    const kind = kindOf(role, activity);
    const answer = await withAuth(creds, (auth) => sendJson(ctx, `${base(creds)}/${path(kind)}`, init(auth, 'POST', pipedriveBody(role, activity)), answerSchema, [200, 201]));
    return answer.ok ? { ok: true, value: { kind, id: String(answer.value.data.id) } } : answer;
  },

  async update(ctx, creds, ref, role, activity) {
    if (!validRef(ref)) return failure('notFound', { detail: `not a Pipedrive record: ${ref.kind}/${ref.id}`.slice(0, 200) });
    const { deal_id: _unchanged, ...body } = pipedriveBody(role, activity);
    const answer = await withAuth(creds, (auth) => sendJson(ctx, `${base(creds)}/${path(ref.kind as Kind)}/${ref.id}`, init(auth, 'PUT', body), answerSchema, [200]));
    return answer.ok ? { ok: true, value: ref } : answer;
  },

  async remove(ctx, creds, ref) {
    if (!validRef(ref)) return { ok: true, value: true };
    const answer = await withAuth(creds, (auth) => sendJson(ctx, `${base(creds)}/${path(ref.kind as Kind)}/${ref.id}`, init(auth, 'DELETE'), deletedSchema, [200]));
    if (answer.ok || answer.kind === 'notFound' || answer.status === 410) return { ok: true, value: true };
    return answer;
  },
};
