// The automation's CRM calls: each CRM's own (lib/crm/<crm>/assignment.ts), chosen by the team sync's target.

import { connectorOf } from '../../crm/connectors';
import type { TeamSyncTarget } from '../../crm/connector';
import type { SyncHttp } from '../../team-sync/http';
import type { AutomationCrm } from './types';

export * from './types';

export function automationCrm(target: TeamSyncTarget, http: SyncHttp): AutomationCrm {
  return connectorOf(target.crm).assignment(http, target);
}
