// Salesforce: active users (SOQL on User), an opportunity with the rules' fields (SOQL, so related
// fields such as Account.BillingCountry can be named), the owner change as a PATCH of `OwnerId` on
// the sObject (204, no body), and the opportunity's contact roles with their contacts' e-mail.
// Field names are checked against FIELD_NAME before they reach a query; ids are quoted.

import { z } from 'zod';
import { SALESFORCE_PIPELINE_ID, SALESFORCE_SYNC_API_VERSION } from './team-sync';
import type { SyncHttp } from '../../team-sync/http';
import type { SyncResult } from '../../team-sync/types';
import { FIELD_NAME } from '../../automation/rules';
import type { Rep } from '../../automation/types';
import { fieldText, valueAt, type AutomationCrm } from '../../automation/crm/types';

const queryOf = <T extends z.ZodType>(record: T) => z.object({ totalSize: z.number().int(), done: z.boolean(), records: z.array(record), nextRecordsUrl: z.string().optional() });
const usersSchema = queryOf(z.object({ Id: z.string(), Name: z.string().nullable() }));
const opportunitySchema = queryOf(z.looseObject({ Id: z.string(), Name: z.string().nullable(), OwnerId: z.string().nullable(), StageName: z.string().nullable(), Amount: z.number().nullable() }));
const rolesSchema = queryOf(z.object({ Contact: z.object({ Email: z.string().nullable(), FirstName: z.string().nullable(), LastName: z.string().nullable() }).nullable() }));
const SF_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** Whether a deal can be moved to another pipeline (one pipeline of opportunities). */
export const SALESFORCE_MOVES_PIPELINES = false;

export function salesforceAutomation(http: SyncHttp, target: { instance: string; token: string; apiBase?: string }): AutomationCrm {
  const instanceHost = target.instance.replace(/^https?:\/\//, '').replace(/\/.*$/, '').toLowerCase();
  const origin = (target.apiBase ?? `https://${instanceHost}`).replace(/\/+$/, '');
  const dataPath = `/services/data/${SALESFORCE_SYNC_API_VERSION}`;
  const headers = { Authorization: `Bearer ${target.token}`, Accept: 'application/json' };
  const query = <T>(soqlOrNext: string, schema: z.ZodType<T>) =>
    http.json(soqlOrNext.startsWith(`${dataPath}/`) ? `${origin}${soqlOrNext}` : `${origin}${dataPath}/query?q=${encodeURIComponent(soqlOrNext)}`, { method: 'GET', headers, credentials: 'omit' }, schema);
  const badId = (id: string) => ({ ok: false as const, kind: 'notFound' as const, messageKey: 'connections.problem.notFound' as const, detail: `not an opportunity id: ${id.slice(0, 40)}` });

  return {
    crm: 'salesforce',
    movesPipelines: SALESFORCE_MOVES_PIPELINES,
    async reps() {
      const reps: Rep[] = [];
      let next: string | null = `SELECT Id, Name FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Name`;
      while (next) {
        const answer: SyncResult<z.infer<typeof usersSchema>> = await query(next, usersSchema);
        if (!answer.ok) return answer;
        reps.push(...answer.value.records.map((u) => ({ id: u.Id, name: u.Name?.trim() || u.Id })));
        next = answer.value.nextRecordsUrl ?? null;
      }
      return { ok: true, value: reps };
    },
    async readDeal(id, fields) {
      if (!SF_ID.test(id)) return badId(id);
      const extra = fields.filter((f) => FIELD_NAME.test(f) && !['Id', 'Name', 'OwnerId', 'StageName', 'Amount'].includes(f));
      const answer = await query(`SELECT ${['Id', 'Name', 'OwnerId', 'StageName', 'Amount', ...extra].join(', ')} FROM Opportunity WHERE Id = '${id}'`, opportunitySchema);
      if (!answer.ok) return answer;
      const o = answer.value.records[0];
      if (!o) return { ok: false, kind: 'notFound', messageKey: 'connections.problem.notFound', detail: `opportunity ${id} not found` };
      return {
        ok: true,
        value: {
          id: o.Id,
          title: o.Name ?? '',
          ownerId: o.OwnerId,
          pipeline: SALESFORCE_PIPELINE_ID,
          stage: o.StageName ?? '',
          value: o.Amount,
          fields: Object.fromEntries(fields.map((f) => [f, fieldText(valueAt(o, f))])),
        },
      };
    },
    async setOwner(id, ownerId) {
      if (!SF_ID.test(id)) return badId(id);
      // Every opportunity has an owner: an undo back to "nobody" leaves it as it is.
      if (ownerId === null) return { ok: true, value: true };
      const answer = await http.send(`${origin}${dataPath}/sobjects/Opportunity/${id}`, { method: 'PATCH', headers: { ...headers, 'Content-Type': 'application/json' }, credentials: 'omit', body: JSON.stringify({ OwnerId: ownerId }) }, [200, 204]);
      return answer.ok ? { ok: true, value: true } : answer;
    },
    async contacts(dealId) {
      if (!SF_ID.test(dealId)) return badId(dealId);
      const answer = await query(`SELECT Contact.Email, Contact.FirstName, Contact.LastName FROM OpportunityContactRole WHERE OpportunityId = '${dealId}'`, rolesSchema);
      if (!answer.ok) return answer;
      return {
        ok: true,
        value: answer.value.records.flatMap((r) => (r.Contact?.Email?.trim() ? [{ email: r.Contact.Email.trim(), firstName: r.Contact.FirstName?.trim() || null, lastName: r.Contact.LastName?.trim() || null }] : [])),
      };
    },
  };
}
