// Pipedrive: users (API v1, active ones), a deal (API v2: standard fields at the top, custom fields
// by their key under `custom_fields`), the owner change as a PATCH of `owner_id` (and `pipeline_id`
// + `stage_id` when the rule moves the deal), and the deal's person with their e-mail addresses.

import { z } from 'zod';
import type { SyncHttp } from '../../team-sync/http';
import { fieldText, valueAt, type AutomationCrm, type DealContact } from '../../automation/crm/types';

const id = z.number().int();
const usersSchema = z.object({ success: z.literal(true), data: z.array(z.object({ id, name: z.string().nullable(), active_flag: z.boolean().optional() })).nullable() });
const dealSchema = z.object({
  success: z.literal(true),
  data: z.looseObject({ id, title: z.string().nullable(), owner_id: id.nullable(), pipeline_id: id.nullable(), stage_id: id.nullable(), value: z.number().nullable(), person_id: id.nullable().optional(), custom_fields: z.record(z.string(), z.unknown()).nullable().optional() }),
});
const personSchema = z.object({
  success: z.literal(true),
  data: z.object({ id, first_name: z.string().nullable().optional(), last_name: z.string().nullable().optional(), name: z.string().nullable().optional(), emails: z.array(z.object({ value: z.string(), primary: z.boolean().optional() })).nullable().optional() }),
});

/** Whether a deal can be moved to another pipeline. */
export const PIPEDRIVE_MOVES_PIPELINES = true;

export function pipedriveAutomation(http: SyncHttp, target: { company: string; token?: string; apiBase?: string }): AutomationCrm {
  const base = `${(target.apiBase ?? `https://${target.company}.pipedrive.com`).replace(/\/+$/, '')}/api`;
  const auth: RequestInit = target.token ? { headers: { Accept: 'application/json', 'x-api-token': target.token }, credentials: 'omit' } : { headers: { Accept: 'application/json' }, credentials: 'include' };
  const get = <T>(path: string, schema: z.ZodType<T>) => http.json(`${base}${path}`, { ...auth, method: 'GET' }, schema);

  return {
    crm: 'pipedrive',
    movesPipelines: PIPEDRIVE_MOVES_PIPELINES,
    async reps() {
      const answer = await get('/v1/users', usersSchema);
      if (!answer.ok) return answer;
      return { ok: true, value: (answer.value.data ?? []).filter((u) => u.active_flag !== false).map((u) => ({ id: String(u.id), name: u.name?.trim() || `User ${u.id}` })) };
    },
    async readDeal(dealId, fields) {
      const answer = await get(`/v2/deals/${encodeURIComponent(dealId)}`, dealSchema);
      if (!answer.ok) return answer;
      const d = answer.value.data;
      return {
        ok: true,
        value: {
          id: String(d.id),
          title: d.title ?? '',
          ownerId: d.owner_id === null ? null : String(d.owner_id),
          pipeline: d.pipeline_id === null ? '' : String(d.pipeline_id),
          stage: d.stage_id === null ? '' : String(d.stage_id),
          value: d.value,
          fields: Object.fromEntries(fields.map((f) => [f, fieldText(valueAt(d, f, d.custom_fields ?? null))])),
        },
      };
    },
    async setOwner(dealId, ownerId, move) {
      // Pipedrive has no deal without an owner: an undo back to "nobody" leaves the owner as it is.
      const body = { ...(ownerId !== null && { owner_id: Number(ownerId) }), ...(move && { pipeline_id: Number(move.pipeline), stage_id: Number(move.stage) }) };
      if (Object.keys(body).length === 0) return { ok: true, value: true };
      const init: RequestInit = { ...auth, method: 'PATCH', headers: { ...(auth.headers as Record<string, string>), 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
      const answer = await http.json(`${base}/v2/deals/${encodeURIComponent(dealId)}`, init, dealSchema);
      return answer.ok ? { ok: true, value: true } : answer;
    },
    async contacts(dealId) {
      const deal = await get(`/v2/deals/${encodeURIComponent(dealId)}`, dealSchema);
      if (!deal.ok) return deal;
      const personId = deal.value.data.person_id;
      if (personId === null || personId === undefined) return { ok: true, value: [] };
      const person = await get(`/v2/persons/${personId}`, personSchema);
      if (!person.ok) return person;
      const p = person.value.data;
      const emails = (p.emails ?? []).filter((e) => e.value.trim() !== '');
      // The primary address; a person without one marked primary: the first.
      const email = (emails.find((e) => e.primary) ?? emails[0])?.value.trim();
      const contacts: DealContact[] = email ? [{ email, firstName: p.first_name?.trim() || null, lastName: p.last_name?.trim() || null }] : [];
      return { ok: true, value: contacts };
    },
  };
}
