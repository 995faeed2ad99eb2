// Salesforce's API side, as the registry (lib/crm/connectors.ts) lists it.

import type { CrmConnector } from '../connector';
import { readSalesforceDeal } from './api';
import { pingSalesforce, salesforceAccountMismatch, salesforceApiHost, salesforceConnectionSchema, salesforceCredentials, salesforceDetails, salesforceConnect } from './connection';
import { SALESFORCE_API_MATCHES } from './hosts';
import { salesforce } from './index';
import { salesforceWriter } from './writer';
import { salesforceAutomation, SALESFORCE_MOVES_PIPELINES } from './assignment';
import { salesforceExportFormat } from './export-format';
import { salesforceSyncRef, salesforceSyncTarget, salesforceSyncTargetOfFlags } from './sync-target';
import { salesforcePlan } from './team-sync';

export const salesforceConnector: CrmConnector<'salesforce'> = {
  crm: 'salesforce',
  name: 'Salesforce',
  page: salesforce,
  connectionSchema: salesforceConnectionSchema,
  connect: salesforceConnect,
  tokenFormat: null,
  credentialsFor: salesforceCredentials,
  details: salesforceDetails,
  usesBrowserSession: true,
  apiHost: salesforceApiHost,
  apiPath: '/',
  apiMatches: SALESFORCE_API_MATCHES,
  // The session is read from the org's `sid` cookie.
  permissions: ['cookies'],
  accountMismatch: salesforceAccountMismatch,
  ping: pingSalesforce,
  readDeal: (ctx, credentials, ref) => readSalesforceDeal(ctx, credentials, ref.dealId),
  forDeal: (credentials) => credentials,
  beforeWrite: async () => ({ ok: true, value: true }),
  writer: salesforceWriter,
  // The reader lists Tasks and Events as "task:<id>" and "event:<id>".
  activityIdOf: (record) => `${record.kind.toLowerCase()}:${record.id}`,
  teamSync: {
    plan: salesforcePlan,
    ref: salesforceSyncRef,
    noAccount: 'no opportunity of the org was opened in this browser yet',
    // The session connection names no org: the org of the opportunity opened last is synced.
    noAccountHint: 'connections.salesforce.noOrg',
    target: salesforceSyncTarget,
    targetOfFlags: salesforceSyncTargetOfFlags,
  },
  assignment: salesforceAutomation,
  movesPipelines: SALESFORCE_MOVES_PIPELINES,
  exportFormat: salesforceExportFormat,
  dealUrl: (account, dealId) => `https://${account}.lightning.force.com/lightning/r/Opportunity/${dealId}/view`,
  // The case-sensitive 15-character id: a URL may show 15 characters, the API gives 18.
  sameDealId: (pageId, apiId) => pageId.length >= 15 && apiId.length >= 15 && pageId.slice(0, 15) === apiId.slice(0, 15),
};
