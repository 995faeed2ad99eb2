// CRM API connectors: called only from the background. Pure; fetch, clock and storage are injected.

export * from './types';
export { createCrmApiClient, DEFAULTS as CLIENT_DEFAULTS, type CrmApiClient, type CrmApiClientOptions, type ReadOptions } from './client';
export * from './credentials';
export { apiPermissionOrigins, apiPermissions, expectedApiHost, isAllowedApiUrl } from './hosts';
export { HUBSPOT_API_HOST } from '../hubspot/hosts';
export { pipedriveCompany } from '../pipedrive/connection';
export { salesforceInstanceHost, salesforceSessionCookie } from '../salesforce/connection';
export { mergeDeal, sameDeal, syncCrmStageVisits, MERGED_FIELDS, type ApiProblem, type ApiProblemKind, type CrmStageVisit, type FieldSource, type MergedDeal, type MergedField } from './merge';
export { describeApiProblem } from './problem';
export { pingCrm } from './ping';
export { readSalesforceDeal, SALESFORCE_API_VERSION } from '../salesforce/api';
export { readPipedriveDeal } from '../pipedrive/api';
export { readHubspotDeal } from '../hubspot/api';
export type { ActivityWrite, CrmRecordRef, CrmWriteRefs, WriteOp, WriteOutcome } from './write-types';
export { applyActivityWrite } from './writes/apply';
