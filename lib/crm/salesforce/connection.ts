// How Stagecraft connects to Salesforce: the rep's own session, read by the background from the
// org's `sid` cookie (so the connection needs the cookies permission), sent as a Bearer token only
// to the org's My Domain API host.

import { z } from 'zod';
import type { DealRef } from '../../model/deal';
import { instant, keptSwitches, shareChecklist, writeActivities, type Connected, type ConnectionDetails } from '../api/connection-fields';
import { requestJson } from '../api/http';
import { failure, type ConnectorContext, type CrmApiFailure, type CrmApiResult, type SalesforceCredentials } from '../api/types';
import { SALESFORCE_API_VERSION, salesforceInit } from './api';

/** Salesforce org prefix as in a Lightning host: `acme`, `acme--uat.sandbox`, `acme-dev-ed.develop`. */
const SF_ORG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?$/;
const SF_LIGHTNING = /^(.+)\.lightning\.force\.com$/;
const SF_MY_DOMAIN = /^(.+)\.my\.salesforce\.com$/;

/**
 * The org's My Domain API host for a Lightning host or the org prefix of a DealRef:
 * `acme.lightning.force.com` → `acme.my.salesforce.com`,
 * `acme--uat.sandbox.lightning.force.com` → `acme--uat.sandbox.my.salesforce.com`,
 * `acme-dev-ed.develop.lightning.force.com` → `acme-dev-ed.develop.my.salesforce.com`.
 * Null for anything else.
 */
export function salesforceInstanceHost(hostOrOrg: string): string | null {
  const value = hostOrOrg.trim().toLowerCase();
  const org = SF_LIGHTNING.exec(value)?.[1] ?? SF_MY_DOMAIN.exec(value)?.[1] ?? value;
  return SF_ORG.test(org) ? `${org}.my.salesforce.com` : null;
}

/** Where the background reads the Salesforce session from: `browser.cookies.get(salesforceSessionCookie(org))`. */
export function salesforceSessionCookie(hostOrOrg: string): { url: string; name: 'sid' } | null {
  const host = salesforceInstanceHost(hostOrOrg);
  return host ? { url: `https://${host}`, name: 'sid' } : null;
}

/** The stored connection (extension storage only): nothing secret, the session is read when needed. */
export const salesforceConnectionSchema = z.object({ crm: z.literal('salesforce'), mode: z.literal('session'), connectedAt: instant, writeActivities, shareChecklist });
export type SalesforceConnection = z.infer<typeof salesforceConnectionSchema>;

/** The connection: the session is read when needed, nothing to type. */
export async function salesforceConnect(_input: Record<string, never>, previous: () => Promise<SalesforceConnection | null>, now: Date): Promise<Connected<SalesforceConnection>> {
  return { ok: true, value: { crm: 'salesforce', mode: 'session', connectedAt: now.toISOString(), ...keptSwitches(await previous()) } };
}

/** The session id is the one the background read from the org's `sid` cookie (null when signed out). */
export function salesforceCredentials(ref: DealRef, connection: SalesforceConnection | null, sessionId?: string | null): SalesforceCredentials | CrmApiFailure {
  const instanceHost = salesforceInstanceHost(ref.account);
  if (!connection) return failure('notConnected', { detail: 'Salesforce is not connected' });
  if (!instanceHost) return failure('notConnected', { detail: 'unknown Salesforce org host' });
  if (!sessionId) return failure('unauthorized', { detail: 'no Salesforce session: sign in to Salesforce' });
  return { crm: 'salesforce', instanceHost, sessionId };
}

export const salesforceDetails = (_connection: SalesforceConnection): ConnectionDetails => ({ useSession: true });

/** The org's My Domain host, when the credentials name one. */
export function salesforceApiHost(credentials: SalesforceCredentials): string | null {
  const host = credentials.instanceHost.toLowerCase();
  return salesforceInstanceHost(host) === host ? host : null;
}

export const salesforceAccountMismatch = (ref: DealRef, credentials: SalesforceCredentials): string | null =>
  salesforceInstanceHost(ref.account) === credentials.instanceHost ? null : `the session is of ${credentials.instanceHost}`;

const pingSchema = z.object({ totalSize: z.number(), records: z.array(z.unknown()) });

/** "Does the connection work?": one Opportunity id, which needs the access a deal read needs. */
export async function pingSalesforce(ctx: ConnectorContext, credentials: SalesforceCredentials): Promise<CrmApiResult<true>> {
  const soql = encodeURIComponent('SELECT Id FROM Opportunity LIMIT 1');
  const result = await requestJson(ctx, `https://${credentials.instanceHost}/services/data/${SALESFORCE_API_VERSION}/query?q=${soql}`, salesforceInit(credentials), pingSchema);
  return result.ok ? { ok: true, value: true } : result;
}
