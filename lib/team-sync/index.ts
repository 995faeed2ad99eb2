// Team sync: the whole team's pipeline from the CRM's own API (see ./engine for how a run goes).

import type { CrmId } from '../model/deal';
import type { SyncPlan } from './engine';
import { hubspotPlan } from './hubspot';
import { pipedrivePlan } from './pipedrive';
import { salesforcePlan } from './salesforce';

export * from './types';
export * from './engine';
export * from './http';
export * from './deal-facts';
export * from './to-history';
export * from './memory-store';
export * from './describe';
export { hubspotPlan, HUBSPOT_API_BASE } from './hubspot';
export { pipedrivePlan } from './pipedrive';
export { salesforcePlan, SALESFORCE_PIPELINE_ID } from './salesforce';

/** What a sync needs to know of the account. */
export type TeamSyncTarget =
  | { crm: 'hubspot'; token: string; apiBase?: string }
  | { crm: 'pipedrive'; company: string; token?: string; apiBase?: string }
  | { crm: 'salesforce'; instance: string; token: string; apiBase?: string };

export function teamSyncPlan(target: TeamSyncTarget): SyncPlan {
  switch (target.crm) {
    case 'hubspot':
      return hubspotPlan(target);
    case 'pipedrive':
      return pipedrivePlan(target);
    case 'salesforce':
      return salesforcePlan(target);
  }
}

export const TEAM_SYNC_CRMS: readonly CrmId[] = ['hubspot', 'salesforce', 'pipedrive'];
