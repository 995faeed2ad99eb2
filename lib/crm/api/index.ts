// CRM API connectors: called only from the background. Pure; fetch, clock and storage are injected.

export * from './types';
export { createCrmApiClient, DEFAULTS as CLIENT_DEFAULTS, type CrmApiClient, type CrmApiClientOptions, type ReadOptions } from './client';
export * from './credentials';
export { apiPermissionOrigins, apiPermissions, expectedApiHost, isAllowedApiUrl, pipedriveCompany, salesforceInstanceHost, salesforceSessionCookie, HUBSPOT_API_HOST } from './hosts';
export { mergeDeal, sameDeal, syncCrmStageVisits, MERGED_FIELDS, type ApiProblem, type ApiProblemKind, type CrmStageVisit, type FieldSource, type MergedDeal, type MergedField } from './merge';
export { describeApiProblem } from './problem';
export { pingCrm } from './ping';
export { readSalesforceDeal, SALESFORCE_API_VERSION } from './salesforce';
export { readPipedriveDeal } from './pipedrive';
export { readHubspotDeal } from './hubspot';
export type { ActivityWrite, CrmRecordRef, CrmWriteRefs, WriteOp, WriteOutcome } from './write-types';
export { applyActivityWrite } from './writes/apply';
