// HubSpot's API side, as the registry (lib/crm/connectors.ts) lists it.

import type { CrmConnector } from '../connector';
import { checkHubspotPortal, readHubspotDeal } from './api';
import { hubspotApiHost, hubspotConnectionSchema, hubspotCredentials, hubspotDetails, HUBSPOT_TOKEN, pingHubspot, hubspotConnect } from './connection';
import { HUBSPOT_API_MATCHES } from './hosts';
import { hubspot } from './index';
import { hubspotWriter } from './writer';
import { hubspotAutomation, HUBSPOT_MOVES_PIPELINES } from './assignment';
import { hubspotExportFormat } from './export-format';
import { hubspotSyncRef, hubspotSyncTarget, hubspotSyncTargetOfFlags } from './sync-target';
import { hubspotPlan } from './team-sync';

export const hubspotConnector: CrmConnector<'hubspot'> = {
  crm: 'hubspot',
  name: 'HubSpot',
  page: hubspot,
  connectionSchema: hubspotConnectionSchema,
  connect: hubspotConnect,
  tokenFormat: HUBSPOT_TOKEN,
  credentialsFor: hubspotCredentials,
  details: hubspotDetails,
  usesBrowserSession: false,
  apiHost: hubspotApiHost,
  apiPath: '/',
  apiMatches: HUBSPOT_API_MATCHES,
  permissions: [],
  accountMismatch: () => null, // the reader and writer check the token's portal
  ping: pingHubspot,
  readDeal: (ctx, credentials, ref) => readHubspotDeal(ctx, { ...credentials, portalId: ref.account }, ref.dealId),
  // The token is checked to belong to the deal's portal (the account), as for reads.
  forDeal: (credentials, ref) => ({ ...credentials, portalId: ref.account }),
  beforeWrite: checkHubspotPortal,
  writer: hubspotWriter,
  // The reader lists engagements as "call:<id>", "task:<id>" …; records are kept by their object ("calls").
  activityIdOf: (record) => `${record.kind.replace(/s$/, '')}:${record.id}`,
  // app.hubspot.com sends a portal of another data-hosting region on to its own host.
  teamSync: {
    plan: hubspotPlan,
    ref: hubspotSyncRef,
    noAccount: 'not connected',
    // The connection names the account.
    noAccountHint: null,
    target: hubspotSyncTarget,
    targetOfFlags: hubspotSyncTargetOfFlags,
  },
  assignment: hubspotAutomation,
  movesPipelines: HUBSPOT_MOVES_PIPELINES,
  exportFormat: hubspotExportFormat,
  dealUrl: (account, dealId) => `https://app.hubspot.com/contacts/${account}/record/0-3/${dealId}`,
  sameDealId: (pageId, apiId) => pageId === apiId,
};
