// What a CRM provides besides its page reader: the API side, one connector per CRM
// (lib/crm/<crm>/connector.ts), listed once in lib/crm/connectors.ts. Everything that differs
// between CRMs outside their folders is a property or method here, so no code elsewhere switches
// on the CRM. The content script never imports this (it carries zod): it has the page list in
// lib/crm/index.ts.

import type { z } from 'zod';
import type { CrmId, DealRef } from '../model/deal';
import type { MessageKey } from '../i18n';
import type { Connected, ConnectionDetails } from './api/connection-fields';
import type { ConnectorContext, CrmApiFailure, CrmApiResult, CrmDealResult, HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from './api/types';
import type { CrmRecordRef } from './api/write-types';
import type { RecordWriter } from './api/writes/common';
import type { HubspotConnection } from './hubspot/connection';
import type { PipedriveConnection } from './pipedrive/connection';
import type { SalesforceConnection } from './salesforce/connection';
import type { CrmAdapter } from './types';
import type { HubspotSyncTarget } from './hubspot/team-sync';
import type { PipedriveSyncTarget } from './pipedrive/team-sync';
import type { SalesforceSyncTarget } from './salesforce/team-sync';
import type { AutomationCrm } from '../automation/crm/types';
import type { FormatSpec } from '../history-import/format-spec';
import type { SyncPlan } from '../team-sync/engine';
import type { SyncHttp } from '../team-sync/http';

/** Each CRM's own types: what its credentials, its stored connection, what the rep types to connect and a team sync's target look like. */
export interface CrmKinds {
  pipedrive: { credentials: PipedriveCredentials; connection: PipedriveConnection; connectInput: { company: string; token: string; useSession: boolean }; syncTarget: PipedriveSyncTarget };
  hubspot: { credentials: HubspotCredentials; connection: HubspotConnection; connectInput: { token: string }; syncTarget: HubspotSyncTarget };
  salesforce: { credentials: SalesforceCredentials; connection: SalesforceConnection; connectInput: Record<string, never>; syncTarget: SalesforceSyncTarget };
}
export type CredentialsOf<C extends CrmId> = CrmKinds[C]['credentials'];
export type ConnectionOf<C extends CrmId> = CrmKinds[C]['connection'];
export type ConnectInputOf<C extends CrmId> = CrmKinds[C]['connectInput'];
/** What a team sync needs to know of the account. */
export type SyncTargetOf<C extends CrmId> = C extends CrmId ? { crm: C } & CrmKinds[C]['syncTarget'] : never;
export type TeamSyncTarget = SyncTargetOf<CrmId>;
/** A sync target from the command's flags, or the usage line saying which flag is missing. */
export type SyncTargetChoice<T> = { ok: true; target: T } | { ok: false; usage: string };

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
  /** The connection to store for what the rep typed (`previous`: the one stored, read only when needed), or what is wrong with it. */
  connect(input: ConnectInputOf<C>, previous: () => Promise<ConnectionOf<C> | null>, now: Date): Promise<Connected<ConnectionOf<C>>>;
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

  // ---- the team ----
  readonly teamSync: {
    /** The requests of a team sync (full and incremental) of the account. */
    plan(target: SyncTargetOf<C>): SyncPlan;
    /** The deal whose account the extension syncs (from the deal seen last, or the stored connection's raw value), or null when none is known yet. */
    ref(seen: DealRef | null, stored: () => Promise<unknown>): Promise<DealRef | null>;
    /** Why there is no account to sync (`ref` gave null), for support. */
    readonly noAccount: string;
    /**
     * What the rep does so the account becomes known, shown on the Connections tab while a
     * connection cannot know it yet; null where connecting names the account.
     */
    readonly noAccountHint: MessageKey | null;
    /** The target and account of a sync with the connection's credentials. */
    target(credentials: CredentialsOf<C>, ref: DealRef): { target: SyncTargetOf<C>; account: string };
    /** The target of the team-sync command's flags. */
    targetOfFlags(flags: { token?: string; instance?: string; company?: string; apiBase?: string }): SyncTargetChoice<SyncTargetOf<C>>;
  };
  /** The lead assignment's calls (reps, a deal, its owner and contacts), through the team sync's HTTP. */
  assignment(http: SyncHttp, target: SyncTargetOf<C>): AutomationCrm;
  /** Whether a deal can be moved to another pipeline (Salesforce has one pipeline of opportunities). */
  readonly movesPipelines: boolean;
  /** The CSV/Excel export the history import reads. */
  readonly exportFormat: FormatSpec;

  // ---- ids and links ----
  /** The deal's page in the CRM, from the (URL-encoded) account and deal id alone. */
  dealUrl(account: string, dealId: string): string;
  /** Whether the page's deal id and the API's name the same deal. */
  sameDealId(pageId: string, apiId: string): boolean;
}
