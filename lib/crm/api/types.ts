// What a CRM's API tells about a deal, the same shape for every CRM, and how a call can fail.
// Plain types and small pure helpers (no zod here): the side panel may import the failure kinds.

import type { ActivityType } from '../../model/activity';
import type { CrmId, DealStatus } from '../../model/deal';
import type { MessageKey } from '../../i18n';
import type { HubspotCredentials } from '../hubspot/credentials';
import type { PipedriveCredentials } from '../pipedrive/credentials';
import type { SalesforceCredentials } from '../salesforce/credentials';

export interface CrmStage {
  /** The CRM's stage id (Salesforce: the picklist API value; HubSpot: the stage id; Pipedrive: the numeric id as text). */
  id: string;
  /** The label the CRM shows (Salesforce: in the session user's language). */
  label: string;
  /** Probability as a fraction 0–1 (like the playbook's), null when the CRM does not say. */
  probability: number | null;
  closed: boolean;
  /** Won stage; false for open stages; null when a closed stage does not tell won from lost. */
  won: boolean | null;
}

export interface CrmStageEntry {
  stageLabel: string;
  /** ISO instant (UTC, `…Z`). */
  enteredAt: string;
}

export interface CrmActivity {
  /** The CRM's id, prefixed with its kind where ids of different kinds could collide ("call:123"). */
  id: string;
  type: ActivityType;
  subject: string;
  /** ISO instant: when it happened or is due. */
  at: string;
  done: boolean;
}

/** A part of the deal that could not be read while the rest could. */
export interface PartialProblem {
  part: 'stages' | 'stageHistory' | 'activities' | 'owner' | 'pipeline';
  kind: CrmApiFailureKind;
  detail?: string;
}

/** A deal as read from a CRM's API. Fields are absent when the API does not know them. */
export interface CrmDealData {
  crm: CrmId;
  /** The id the API answered with (Salesforce: 18 characters). */
  dealId: string;
  title?: string;
  pipeline?: { id: string; label: string };
  stage?: { id: string; label: string };
  /** Every stage of the deal's pipeline / sales process, in order (open stages first as the CRM orders them). */
  stages: CrmStage[];
  value?: number;
  /** ISO 4217 */
  currency?: string;
  /** YYYY-MM-DD */
  closeDate?: string;
  /** Owner's display name. */
  owner?: string;
  status?: DealStatus;
  /** Oldest first: every time the deal entered a stage, as the CRM recorded it. */
  stageHistory: CrmStageEntry[];
  /** Newest first. */
  activities: CrmActivity[];
  /** When this was read from the API (ISO). */
  readAt: string;
  /** Parts that could not be read (the rest is still good). */
  partial?: PartialProblem[];
}

/** noConsent: Firefox's data consent for the connection was withdrawn, so nothing was sent. */
export const CRM_API_FAILURE_KINDS = ['unauthorized', 'forbidden', 'rateLimited', 'notFound', 'network', 'timeout', 'malformed', 'notConnected', 'noConsent'] as const;
export type CrmApiFailureKind = (typeof CRM_API_FAILURE_KINDS)[number];

export interface CrmApiFailure {
  ok: false;
  kind: CrmApiFailureKind;
  /** Short actionable message for the user. */
  messageKey: MessageKey;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Seconds to wait before trying again (rateLimited). */
  retryAfter?: number;
  /** First bad path of a response that failed its schema ("data.value"), or "$" for unparseable JSON. */
  path?: string;
  /** Technical detail for support (never contains a token). */
  detail?: string;
}

export type CrmApiResult<T> = { ok: true; value: T } | CrmApiFailure;
export type CrmDealResult = CrmApiResult<CrmDealData>;

/** The message of each failure kind (keys of lib/i18n/messages/connections.ts). */
export const FAILURE_MESSAGE_KEYS = {
  unauthorized: 'connections.problem.unauthorized',
  forbidden: 'connections.problem.forbidden',
  rateLimited: 'connections.problem.rateLimited',
  notFound: 'connections.problem.notFound',
  network: 'connections.problem.network',
  timeout: 'connections.problem.timeout',
  malformed: 'connections.problem.malformed',
  notConnected: 'connections.problem.notConnected',
  noConsent: 'connections.problem.noConsent',
} as const satisfies Record<CrmApiFailureKind, MessageKey>;

export function failure(kind: CrmApiFailureKind, extra: Omit<CrmApiFailure, 'ok' | 'kind' | 'messageKey'> = {}): CrmApiFailure {
  return { ok: false, kind, messageKey: FAILURE_MESSAGE_KEYS[kind], ...extra };
}

export const isFailure = (value: unknown): value is CrmApiFailure =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && typeof (value as { kind?: unknown }).kind === 'string';

/** What a connector needs to call a CRM: each CRM's own (lib/crm/<crm>/credentials.ts). */
export type { HubspotCredentials, PipedriveCredentials, SalesforceCredentials };
export type CrmCredentials = SalesforceCredentials | PipedriveCredentials | HubspotCredentials;

/** What every connector gets: the (wrapped) fetch and the clock. */
export interface ConnectorContext {
  fetch: typeof fetch;
  now: () => Date;
}
