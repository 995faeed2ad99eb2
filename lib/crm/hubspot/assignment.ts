// HubSpot: owners (CRM API v3, active ones), a deal with the rules' properties, the owner change as
// a PATCH of `hubspot_owner_id` (and `pipeline` + `dealstage` when the rule moves the deal), and the
// deal's contacts through its associations (v4) and a batch read of their e-mail and names.

import { z } from 'zod';
import { HUBSPOT_API_BASE } from './team-sync';
import type { SyncHttp } from '../../team-sync/http';
import type { SyncResult } from '../../team-sync/types';
import type { Rep } from '../../automation/types';
import { fieldText, type AutomationCrm, type DealContact } from '../../automation/crm/types';

const props = z.record(z.string(), z.string().nullable());
const ownersSchema = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullable().optional(), firstName: z.string().nullable().optional(), lastName: z.string().nullable().optional(), archived: z.boolean().optional() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const dealSchema = z.object({ id: z.string(), properties: props });
const associationsSchema = z.object({ results: z.array(z.object({ toObjectId: z.union([z.string(), z.number()]) })), paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional() });
const contactsSchema = z.object({ results: z.array(z.object({ id: z.string(), properties: props })) });

/** Whether a deal can be moved to another pipeline. */
export const HUBSPOT_MOVES_PIPELINES = true;

export function hubspotAutomation(http: SyncHttp, target: { token: string; apiBase?: string }): AutomationCrm {
  const base = (target.apiBase ?? HUBSPOT_API_BASE).replace(/\/+$/, '');
  const headers = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
  const get = <T>(path: string, schema: z.ZodType<T>) => http.json(`${base}${path}`, { method: 'GET', headers, credentials: 'omit' }, schema);
  const withBody = (method: string, body: unknown): RequestInit => ({ method, headers: { ...headers, 'Content-Type': 'application/json' }, credentials: 'omit', body: JSON.stringify(body) });

  return {
    crm: 'hubspot',
    movesPipelines: HUBSPOT_MOVES_PIPELINES,
    async reps() {
      const reps: Rep[] = [];
      let after: string | null = null;
      do {
        const answer: SyncResult<z.infer<typeof ownersSchema>> = await get(`/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`, ownersSchema);
        if (!answer.ok) return answer;
        for (const o of answer.value.results) {
          if (o.archived) continue;
          const name = [o.firstName, o.lastName].filter((p) => p && p.trim()).join(' ').trim();
          reps.push({ id: o.id, name: name || o.email?.trim() || `Owner ${o.id}` });
        }
        after = answer.value.paging?.next?.after ?? null;
      } while (after);
      return { ok: true, value: reps };
    },
    async readDeal(id, fields) {
      const properties = ['dealname', 'hubspot_owner_id', 'pipeline', 'dealstage', 'amount', ...fields];
      const answer = await get(`/crm/v3/objects/deals/${encodeURIComponent(id)}?properties=${[...new Set(properties)].join(',')}`, dealSchema);
      if (!answer.ok) return answer;
      const p = answer.value.properties;
      const amount = p.amount ? Number(p.amount) : Number.NaN;
      return {
        ok: true,
        value: {
          id: answer.value.id,
          title: p.dealname ?? '',
          ownerId: p.hubspot_owner_id || null,
          pipeline: p.pipeline ?? '',
          stage: p.dealstage ?? '',
          value: Number.isFinite(amount) ? amount : null,
          fields: Object.fromEntries(fields.map((f) => [f, fieldText(p[f])])),
        },
      };
    },
    async setOwner(id, ownerId, move) {
      // An empty value clears the owner.
      const properties: Record<string, string> = { hubspot_owner_id: ownerId ?? '', ...(move && { pipeline: move.pipeline, dealstage: move.stage }) };
      const answer = await http.json(`${base}/crm/v3/objects/deals/${encodeURIComponent(id)}`, withBody('PATCH', { properties }), dealSchema);
      return answer.ok ? { ok: true, value: true } : answer;
    },
    async contacts(dealId) {
      const ids: string[] = [];
      let after: string | null = null;
      do {
        const answer: SyncResult<z.infer<typeof associationsSchema>> = await get(`/crm/v4/objects/deals/${encodeURIComponent(dealId)}/associations/contacts?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`, associationsSchema);
        if (!answer.ok) return answer;
        ids.push(...answer.value.results.map((r) => String(r.toObjectId)));
        after = answer.value.paging?.next?.after ?? null;
      } while (after);
      if (ids.length === 0) return { ok: true, value: [] };
      const read = await http.json(`${base}/crm/v3/objects/contacts/batch/read`, withBody('POST', { properties: ['email', 'firstname', 'lastname'], inputs: ids.map((id) => ({ id })) }), contactsSchema);
      if (!read.ok) return read;
      const contacts: DealContact[] = [];
      for (const c of read.value.results) {
        const email = c.properties.email?.trim();
        if (email) contacts.push({ email, firstName: c.properties.firstname?.trim() || null, lastName: c.properties.lastname?.trim() || null });
      }
      return { ok: true, value: contacts };
    },
  };
}
