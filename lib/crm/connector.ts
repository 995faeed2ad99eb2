// What a CRM provides besides its page reader: the API side, one connector per CRM
// (lib/crm/<crm>/connector.ts), listed once in lib/crm/connectors.ts. Everything that differs
// between CRMs outside their folders is a property or method here, so no code elsewhere switches
// on the CRM. The content script never imports this (it carries zod): it has the page list in
// lib/crm/index.ts.

import type { z } from 'zod';
import type { CrmId, DealRef } from '../model/deal';
import type { ConnectionDetails } from './api/connection-fields';
import type { ConnectorContext, CrmApiFailure, CrmApiResult, CrmDealResult, HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from './api/types';
import type { CrmRecordRef } from './api/write-types';
import type { RecordWriter } from './api/writes/common';
import type { HubspotConnection } from './hubspot/connection';
import type { PipedriveConnection } from './pipedrive/connection';
import type { SalesforceConnection } from './salesforce/connection';
import type { CrmAdapter } from './types';

/** Each CRM's own types: what its credentials and its stored connection look like. */
export interface CrmKinds {
  pipedrive: { credentials: PipedriveCredentials; connection: PipedriveConnection };
  hubspot: { credentials: HubspotCredentials; connection: HubspotConnection };
  salesforce: { credentials: SalesforceCredentials; connection: SalesforceConnection };
}
export type CredentialsOf<C extends CrmId> = CrmKinds[C]['credentials'];
export type ConnectionOf<C extends CrmId> = CrmKinds[C]['connection'];

/** Methods (not function properties) so a connector of one CRM is a `CrmConnector` of any: the registry looks it up by the credentials' own CRM. */
export interface CrmConnector<C extends CrmId = CrmId> {
  readonly crm: C;
  /** Product name, for messages. */
  readonly name: string;
  /** The page side: URL detection and the page reader (the same object the content script lists). */
  readonly page: CrmAdapter;

  // ---- connection ----
  /** The stored connection's shape (extension storage is a trust boundary too). */
  readonly connectionSchema: z.ZodType<ConnectionOf<C>>;
  /** What a pasted token must look like besides printable ASCII of 16–512 characters; null: nothing more. */
  readonly tokenFormat: RegExp | null;
  /** The credentials to read `ref` with, or why there are none (not connected, no session …). */
  credentialsFor(ref: DealRef, connection: ConnectionOf<C> | null, sessionId?: string | null): CredentialsOf<C> | CrmApiFailure;
  /** What a page may show of the connection besides its dates and switches. */
  details(connection: ConnectionOf<C>): ConnectionDetails;
  /** True when the credentials are a browser session the background reads from the CRM's cookie (and the session is passed to `credentialsFor`). */
  readonly usesBrowserSession: boolean;
  /** The only host these credentials may be sent to, or null when they name no valid host. */
  apiHost(credentials: CredentialsOf<C>): string | null;
  /** Requests go only under this path of the API host (the optional host permission covers no more). */
  readonly apiPath: string;
  /** Optional host permissions asked for when the rep connects (match patterns). */
  readonly apiMatches: readonly string[];
  /** Other permissions asked for when the rep connects. */
  readonly permissions: readonly string[];
  /** Why the credentials do not fit the deal's account (null: they fit). A token of one account is never used for another's deal. */
  accountMismatch(ref: DealRef, credentials: CredentialsOf<C>): string | null;
  /** One cheap read needing the access a deal read needs ("Check connection"). Never throws. */
  ping(ctx: ConnectorContext, credentials: CredentialsOf<C>): Promise<CrmApiResult<true>>;

  // ---- reading and writing one deal ----
  /** The deal from the CRM's API. Never throws. */
  readDeal(ctx: ConnectorContext, credentials: CredentialsOf<C>, ref: DealRef): Promise<CrmDealResult>;
  /** The credentials as the writer gets them for a write to `ref`'s deal (HubSpot: naming the deal's portal). */
  forDeal(credentials: CredentialsOf<C>, ref: Pick<DealRef, 'account'>): CredentialsOf<C>;
  /** Checked before any write is sent (HubSpot: the token belongs to the deal's portal). */
  beforeWrite(ctx: ConnectorContext, credentials: CredentialsOf<C>): Promise<CrmApiResult<true>>;
  /** Writes single records: logged activities, their next steps, shared checklist ticks. */
  readonly writer: RecordWriter<CredentialsOf<C>>;
  /** The id the API reader gives the CRM activity that a written record is (to list it once), or null when the reader does not list that kind. */
  activityIdOf(record: CrmRecordRef): string | null;

  // ---- ids and links ----
  /** The deal's page in the CRM, from the (URL-encoded) account and deal id alone. */
  dealUrl(account: string, dealId: string): string;
  /** Whether the page's deal id and the API's name the same deal. */
  sameDealId(pageId: string, apiId: string): boolean;
}
