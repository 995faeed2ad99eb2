// Team sync: the whole team's pipeline from the CRM's own API (see ./engine for how a run goes;
// each CRM's requests are in lib/crm/<crm>/team-sync.ts).

import type { CrmId } from '../model/deal';
import { connectorOf } from '../crm/connectors';
import type { TeamSyncTarget } from '../crm/connector';
import type { SyncPlan } from './engine';

export * from './types';
export * from './engine';
export * from './http';
export * from './deal-facts';
export * from './to-history';
export * from './memory-store';
export * from './describe';
export { hubspotPlan, HUBSPOT_API_BASE } from '../crm/hubspot/team-sync';
export { pipedrivePlan } from '../crm/pipedrive/team-sync';
export { salesforcePlan, SALESFORCE_PIPELINE_ID } from '../crm/salesforce/team-sync';

/** What a sync needs to know of the account (each CRM's in lib/crm/<crm>/team-sync.ts). */
export type { TeamSyncTarget };

/** The requests of a team sync of `target`'s account (each CRM's own, lib/crm/<crm>/team-sync.ts). */
export function teamSyncPlan(target: TeamSyncTarget): SyncPlan {
  return connectorOf(target.crm).teamSync.plan(target);
}

export const TEAM_SYNC_CRMS: readonly CrmId[] = ['hubspot', 'salesforce', 'pipedrive'];
