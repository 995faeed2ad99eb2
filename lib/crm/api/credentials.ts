// Which CRMs the rep connected, and their tokens. Kept only in extension storage
// (`browser.storage.local`): never in IndexedDB (which backups copy), never logged, never shown
// in full. Pure helpers over an injected key-value store.

import { CRM_IDS, type CrmId, type DealRef } from '../../model/deal';
import type { ConnectInputOf, ConnectionOf, CrmConnector } from '../connector';
import { connectorOf, CONNECTORS } from '../connectors';
import { normaliseToken, tokenFits, type ConnectionSummary, type ConnectResult } from './connection-fields';
import type { CrmApiFailure, CrmCredentials } from './types';
import type { PipedriveConnection } from '../pipedrive/connection';
import type { HubspotConnection } from '../hubspot/connection';
import type { SalesforceConnection } from '../salesforce/connection';

export { maskToken, normaliseToken, type ConnectionSummary, type ConnectProblem, type ConnectResult } from './connection-fields';
export type { HubspotConnection, PipedriveConnection, SalesforceConnection };

/** The slice of `browser.storage.local` these helpers use; `get` gives the stored value itself. */
export interface CredentialStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** Adapts a `browser.storage.StorageArea` (whose `get` answers `{ [key]: value }`). */
export function storageAreaStore(area: {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}): CredentialStore {
  return {
    get: async (key) => (await area.get(key))[key],
    set: (key, value) => area.set({ [key]: value }),
    remove: (key) => area.remove(key),
  };
}

/** Where each CRM's connection is stored in extension storage: `crmApi.<crm>` (a CRM added to CRM_IDS gets its key). */
export const CREDENTIAL_KEYS = Object.fromEntries(CRM_IDS.map((crm) => [crm, `crmApi.${crm}`])) as { readonly [C in CrmId]: `crmApi.${C}` };

export type Connections = { [C in CrmId]: ConnectionOf<C> | null };
export type Connection = ConnectionOf<CrmId>;

/** The stored connection of `crm`; null when none, or when what is stored is not a valid connection. */
export async function loadConnection<C extends CrmId>(store: CredentialStore, crm: C): Promise<Connections[C]> {
  let raw: unknown;
  try {
    raw = await store.get(CREDENTIAL_KEYS[crm]);
  } catch {
    return null;
  }
  const parsed = CONNECTORS[crm].connectionSchema.safeParse(raw);
  return (parsed.success ? parsed.data : null) as Connections[C];
}

export async function loadConnections(store: CredentialStore): Promise<Connections> {
  const loaded = await Promise.all(CRM_IDS.map(async (crm) => [crm, await loadConnection(store, crm)] as const));
  return Object.fromEntries(loaded) as Connections;
}

export function validToken(crm: 'pipedrive' | 'hubspot', token: string): boolean {
  return tokenFits(normaliseToken(token), connectorOf(crm).tokenFormat);
}

/** Saves the connection of `crm` made of what the rep typed (each CRM's connection.ts says how). */
export async function connect<C extends CrmId>(store: CredentialStore, crm: C, input: ConnectInputOf<C>, now: Date): Promise<ConnectResult> {
  const connector = CONNECTORS[crm] as CrmConnector<C>;
  const made = await connector.connect(input, () => loadConnection(store, crm), now);
  if (!made.ok) return made;
  await store.set(CREDENTIAL_KEYS[crm], made.value);
  return { ok: true };
}

export const connectSalesforce = (store: CredentialStore, now: Date) => connect(store, 'salesforce', {}, now);
/** An empty token keeps the stored one (so the company can change alone). */
export const connectPipedrive = (store: CredentialStore, input: ConnectInputOf<'pipedrive'>, now: Date) => connect(store, 'pipedrive', input, now);
export const connectHubspot = (store: CredentialStore, input: ConnectInputOf<'hubspot'>, now: Date) => connect(store, 'hubspot', input, now);

/** Removes the token; a Pipedrive connection that may use the session stays (without its token). */
export async function removeToken(store: CredentialStore, crm: 'pipedrive' | 'hubspot'): Promise<void> {
  const previous = await loadConnection(store, crm);
  if (previous && 'useSession' in previous && previous.useSession) {
    const { token: _dropped, ...rest } = previous;
    await store.set(CREDENTIAL_KEYS[crm], rest);
    return;
  }
  await store.remove(CREDENTIAL_KEYS[crm]);
}

/** Turns writing logged activities to `crm` on or off; false when `crm` is not connected. */
export async function setWriteActivities(store: CredentialStore, crm: CrmId, on: boolean): Promise<boolean> {
  const connection = await loadConnection(store, crm);
  if (!connection) return false;
  await store.set(CREDENTIAL_KEYS[crm], { ...connection, writeActivities: on });
  return true;
}

/** Turns sharing checklist ticks with the team through `crm` on or off; false when `crm` is not connected. */
export async function setShareChecklist(store: CredentialStore, crm: CrmId, on: boolean): Promise<boolean> {
  const connection = await loadConnection(store, crm);
  if (!connection) return false;
  await store.set(CREDENTIAL_KEYS[crm], { ...connection, shareChecklist: on });
  return true;
}

/** Whether checklist ticks on `crm` deals are written to it as tasks: writing on, and sharing on. */
export const sharesChecklist = (connection: Connection | null) => connection?.writeActivities === true && connection.shareChecklist;

/** Whether activities logged on a `crm` deal are to be written to it now. */
export async function writesActivities(store: CredentialStore, crm: CrmId): Promise<boolean> {
  return (await loadConnection(store, crm))?.writeActivities === true;
}

export async function disconnect(store: CredentialStore, crm: CrmId): Promise<void> {
  await store.remove(CREDENTIAL_KEYS[crm]);
}

/** Forgets every CRM connection and its token or session setting ("Clear all data"). */
export async function disconnectAll(store: CredentialStore): Promise<void> {
  for (const crm of CRM_IDS) await store.remove(CREDENTIAL_KEYS[crm]);
}

export function summarise(crm: CrmId, connection: Connection | null): ConnectionSummary {
  if (!connection) return { crm, connected: false };
  return { crm, connected: true, connectedAt: connection.connectedAt, ...connectorOf(connection.crm).details(connection), writeActivities: connection.writeActivities, shareChecklist: connection.shareChecklist };
}

/**
 * The credentials to read `ref` with, or `notConnected`. Salesforce needs the session id the
 * background read from the org's `sid` cookie (null when the rep is signed out). A Pipedrive token
 * is only used for the company it was saved for; the session works for whichever company the deal is in.
 */
export function credentialsFor(ref: DealRef, connections: Connections, salesforceSessionId?: string | null): CrmCredentials | CrmApiFailure {
  return connectorOf(ref.crm).credentialsFor(ref, connections[ref.crm], salesforceSessionId);
}
