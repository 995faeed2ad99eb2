// Which host each CRM's API lives on (each CRM's connection.ts says; this file asks its connector).
// A token or session id is only ever sent to that host: the client checks every request against
// `isAllowedApiUrl` before it attaches credentials.

import type { CrmId } from '../../model/deal';
import { connectorOf } from '../connectors';
import type { CrmCredentials } from './types';

/** The only host these credentials may be sent to, or null when the credentials name no valid host. */
export function expectedApiHost(credentials: CrmCredentials): string | null {
  return connectorOf(credentials.crm).apiHost(credentials);
}

/**
 * True when `url` is on the CRM's own API host (https, default port, no user info) and under the
 * CRM's API path (Pipedrive: `/api/`, the only path the optional host permission covers).
 */
export function isAllowedApiUrl(credentials: CrmCredentials, url: string | URL): boolean {
  const expected = expectedApiHost(credentials);
  if (!expected) return false;
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.hostname.toLowerCase() !== expected) return false;
  return parsed.pathname.startsWith(connectorOf(credentials.crm).apiPath);
}

/** Origins to request (optional host permissions) when the user connects `crm`. */
export function apiPermissionOrigins(crm: CrmId): string[] {
  return [...connectorOf(crm).apiMatches];
}

/** Permissions to request besides the origins (Salesforce reads the session cookie). */
export function apiPermissions(crm: CrmId): string[] {
  return [...connectorOf(crm).permissions];
}
