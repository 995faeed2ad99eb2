// "Does the connection work?" One cheap read per CRM that needs the same access as a deal read
// (each CRM's connection.ts says which).

import { connectorOf } from '../connectors';
import type { ConnectorContext, CrmApiResult, CrmCredentials } from './types';

export function pingCrm(ctx: ConnectorContext, credentials: CrmCredentials): Promise<CrmApiResult<true>> {
  return connectorOf(credentials.crm).ping(ctx, credentials);
}
