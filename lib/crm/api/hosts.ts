// Which host each CRM's API lives on. A token or session id is only ever sent to that host: the
// client checks every request against `isAllowedApiUrl` before it attaches credentials.

import type { CrmId } from '../../model/deal';
import { CRM_API_MATCH_PATTERNS } from '../../extension/hosts';
import type { CrmCredentials } from './types';

/** Salesforce org prefix as in a Lightning host: `acme`, `acme--uat.sandbox`, `acme-dev-ed.develop`. */
const SF_ORG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?$/;
const SF_LIGHTNING = /^(.+)\.lightning\.force\.com$/;
const SF_MY_DOMAIN = /^(.+)\.my\.salesforce\.com$/;
const PIPEDRIVE_COMPANY = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Pipedrive's own subdomains: never a company account. */
const PIPEDRIVE_RESERVED = /^(www|app|api|developers?|support|oauth|marketplace|status|blog|community|auth|login|cdn)$/;

export const HUBSPOT_API_HOST = 'api.hubapi.com';

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

/** `acme`, `acme.pipedrive.com` or `https://acme.pipedrive.com/…` → `acme`; null when it is not a company. */
export function pipedriveCompany(input: string): string | null {
  let value = input.trim().toLowerCase();
  if (/^https?:\/\//.test(value)) {
    try {
      value = new URL(value).hostname;
    } catch {
      return null;
    }
  }
  value = value.replace(/\.pipedrive\.com\.?$/, '');
  return PIPEDRIVE_COMPANY.test(value) && !PIPEDRIVE_RESERVED.test(value) ? value : null;
}

/** The only host these credentials may be sent to, or null when the credentials name no valid host. */
export function expectedApiHost(credentials: CrmCredentials): string | null {
  switch (credentials.crm) {
    case 'salesforce': {
      const host = credentials.instanceHost.toLowerCase();
      return salesforceInstanceHost(host) === host ? host : null;
    }
    case 'pipedrive': {
      const company = pipedriveCompany(credentials.company);
      return company === credentials.company ? `${company}.pipedrive.com` : null;
    }
    case 'hubspot':
      return HUBSPOT_API_HOST;
  }
}

/**
 * True when `url` is on the CRM's own API host (https, default port, no user info) and, for
 * Pipedrive, under `/api/` (the only path the optional host permission covers).
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
  return credentials.crm !== 'pipedrive' || parsed.pathname.startsWith('/api/');
}

/** Origins to request (optional host permissions) when the user connects `crm`; from the manifest's list. */
export function apiPermissionOrigins(crm: CrmId): string[] {
  const match: Record<CrmId, (pattern: string) => boolean> = {
    salesforce: (p) => p.includes('.my.salesforce.com'),
    pipedrive: (p) => p.includes('.pipedrive.com'),
    hubspot: (p) => p.includes(HUBSPOT_API_HOST),
  };
  return CRM_API_MATCH_PATTERNS.filter(match[crm]);
}

/** Permissions to request besides the origins: Salesforce reads the session cookie. */
export function apiPermissions(crm: CrmId): string[] {
  return crm === 'salesforce' ? ['cookies'] : [];
}
