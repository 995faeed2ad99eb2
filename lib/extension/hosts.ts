// The only hosts Stagecraft runs on. Each CRM's folder (lib/crm/<crm>/hosts.ts) says where its app
// and its API live; this file joins them into the manifest's match patterns and the background's sender check,
// so they can never disagree.

import { ADAPTERS } from '../crm/index';
import { HUBSPOT_API_MATCHES, HUBSPOT_APP_HOSTS, HUBSPOT_MATCHES } from '../crm/hubspot/hosts';
import { PIPEDRIVE_API_MATCHES, PIPEDRIVE_EXCLUDE_MATCHES, PIPEDRIVE_MATCHES } from '../crm/pipedrive/hosts';
import { SALESFORCE_API_MATCHES, SALESFORCE_MATCHES } from '../crm/salesforce/hosts';

export { HUBSPOT_APP_HOSTS };

/** Match patterns of the content script: the three CRMs' app hosts, nothing else. */
export const CRM_MATCH_PATTERNS = [...PIPEDRIVE_MATCHES, ...HUBSPOT_MATCHES, ...SALESFORCE_MATCHES];

/** Hosts the match patterns would cover that are not a CRM app (Pipedrive's own sites). */
export const CRM_EXCLUDE_MATCH_PATTERNS = [...PIPEDRIVE_EXCLUDE_MATCHES];

/** CRM API hosts, requested only when a user connects a CRM (optional permissions). */
export const CRM_API_MATCH_PATTERNS = [...PIPEDRIVE_API_MATCHES, ...HUBSPOT_API_MATCHES, ...SALESFORCE_API_MATCHES];

/** Every optional API host: the CRMs', and Mailchimp's (one data centre's host is asked for when the manager connects it). */
export const OPTIONAL_API_MATCH_PATTERNS = [...CRM_API_MATCH_PATTERNS, 'https://*.api.mailchimp.com/*'];

/** Pure twin of the match patterns, for checks at run time: a CRM app page our content script runs on. */
export function isCrmAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return ADAPTERS.some((adapter) => adapter.accountOf(parsed) !== null);
}
