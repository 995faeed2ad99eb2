// "Does the connection work?" One cheap read per CRM that needs the same access as a deal read:
// Salesforce: one Opportunity id; Pipedrive: the signed-in user (session first, then token);
// HubSpot: the deal pipelines (needs the deals scope).

import { z } from 'zod';
import { HUBSPOT_API_HOST } from './hosts';
import { requestJson } from './http';
import { hubspotInit } from './hubspot';
import { pipedriveAuths, pipedriveInit } from './pipedrive';
import { SALESFORCE_API_VERSION, salesforceInit } from './salesforce';
import { failure, type ConnectorContext, type CrmApiResult, type CrmCredentials } from './types';

const salesforceSchema = z.object({ totalSize: z.number(), records: z.array(z.unknown()) });
const pipedriveSchema = z.object({ success: z.literal(true), data: z.object({ id: z.number() }) });
const hubspotSchema = z.object({ results: z.array(z.unknown()) });

export async function pingCrm(ctx: ConnectorContext, credentials: CrmCredentials): Promise<CrmApiResult<true>> {
  const ok = <T>(result: CrmApiResult<T>): CrmApiResult<true> => (result.ok ? { ok: true, value: true } : result);
  switch (credentials.crm) {
    case 'salesforce': {
      const soql = encodeURIComponent('SELECT Id FROM Opportunity LIMIT 1');
      return ok(await requestJson(ctx, `https://${credentials.instanceHost}/services/data/${SALESFORCE_API_VERSION}/query?q=${soql}`, salesforceInit(credentials), salesforceSchema));
    }
    case 'pipedrive': {
      let last: CrmApiResult<true> = failure('notConnected', { detail: 'no session allowed and no API token' });
      for (const auth of pipedriveAuths(credentials)) {
        last = ok(await requestJson(ctx, `https://${credentials.company}.pipedrive.com/api/v1/users/me`, pipedriveInit(auth), pipedriveSchema));
        if (last.ok || (last.kind !== 'unauthorized' && last.kind !== 'forbidden')) break;
      }
      return last;
    }
    case 'hubspot':
      return ok(await requestJson(ctx, `https://${HUBSPOT_API_HOST}/crm/v3/pipelines/deals`, hubspotInit(credentials), hubspotSchema));
  }
}
