// The automation's CRM adapters (one file per CRM), chosen by the team sync's target.

import type { SyncHttp } from '../../team-sync/http';
import type { TeamSyncTarget } from '../../team-sync';
import { hubspotAutomation } from './hubspot';
import { pipedriveAutomation } from './pipedrive';
import { salesforceAutomation } from './salesforce';
import type { AutomationCrm } from './types';

export * from './types';

export function automationCrm(target: TeamSyncTarget, http: SyncHttp): AutomationCrm {
  switch (target.crm) {
    case 'hubspot':
      return hubspotAutomation(http, target);
    case 'pipedrive':
      return pipedriveAutomation(http, target);
    case 'salesforce':
      return salesforceAutomation(http, target);
  }
}
