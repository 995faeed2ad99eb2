// Pipedrive's API side, as the registry (lib/crm/connectors.ts) lists it.

import type { CrmConnector } from '../connector';
import { readPipedriveDeal } from './api';
import { pipedriveAccountMismatch, pipedriveApiHost, pipedriveConnectionSchema, pipedriveCredentials, pipedriveDetails, pingPipedrive, pipedriveConnect } from './connection';
import { PIPEDRIVE_API_MATCHES } from './hosts';
import { pipedrive } from './index';
import { pipedriveWriter } from './writer';
import { pipedriveAutomation, PIPEDRIVE_MOVES_PIPELINES } from './assignment';
import { pipedriveExportFormat } from './export-format';
import { pipedriveSyncRef, pipedriveSyncTarget, pipedriveSyncTargetOfFlags } from './sync-target';
import { pipedrivePlan } from './team-sync';

export const pipedriveConnector: CrmConnector<'pipedrive'> = {
  crm: 'pipedrive',
  name: 'Pipedrive',
  page: pipedrive,
  connectionSchema: pipedriveConnectionSchema,
  connect: pipedriveConnect,
  tokenFormat: null,
  credentialsFor: pipedriveCredentials,
  details: pipedriveDetails,
  usesBrowserSession: false,
  apiHost: pipedriveApiHost,
  apiPath: '/api/',
  apiMatches: PIPEDRIVE_API_MATCHES,
  permissions: [],
  accountMismatch: pipedriveAccountMismatch,
  ping: pingPipedrive,
  readDeal: (ctx, credentials, ref) => readPipedriveDeal(ctx, credentials, ref.dealId),
  forDeal: (credentials) => credentials,
  beforeWrite: async () => ({ ok: true, value: true }),
  writer: pipedriveWriter,
  // The reader lists activities by their bare id; notes are not listed.
  activityIdOf: (record) => (record.kind === 'activity' ? record.id : null),
  teamSync: {
    plan: pipedrivePlan,
    ref: pipedriveSyncRef,
    noAccount: 'not connected',
    // The connection names the account.
    noAccountHint: null,
    target: pipedriveSyncTarget,
    targetOfFlags: pipedriveSyncTargetOfFlags,
  },
  assignment: pipedriveAutomation,
  movesPipelines: PIPEDRIVE_MOVES_PIPELINES,
  exportFormat: pipedriveExportFormat,
  dealUrl: (account, dealId) => `https://${account}.pipedrive.com/deal/${dealId}`,
  sameDealId: (pageId, apiId) => pageId === apiId,
};
