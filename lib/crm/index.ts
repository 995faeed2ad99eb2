// Entry point of the CRM layer: which adapter a URL belongs to, and reading a page with it.
// Pure (no browser globals) and small: the content script imports this (no zod/Dexie/Preact here).

import type { DealRef, DealSnapshot } from '../model/deal';
import type { CrmAdapter, FieldWarning } from './types';
import { hubspot, isHubspotHost } from './hubspot';
import { pipedrive, pipedriveAccount } from './pipedrive';
import { salesforce, salesforceAccount } from './salesforce';

export type { CrmAdapter, FieldWarning } from './types';
export { hubspot, pipedrive, salesforce };

export const ADAPTERS: readonly CrmAdapter[] = [pipedrive, hubspot, salesforce];

export type Detection = { ok: true; ref: DealRef; adapter: CrmAdapter } | { ok: false; reason: string };

/** What a non-deal page of a known CRM is, from its path: "person page", "list view" … */
const KINDS: Record<'pipedrive' | 'hubspot' | 'salesforce', Array<[RegExp, string]>> = {
  pipedrive: [
  [/^\/deal\//, 'deal page with an unexpected path'],
  [/^\/(person|persons)\b/, 'person page'],
  [/^\/(organization|organizations)\b/, 'organization page'],
  [/^\/(pipeline|deals)\b/, 'pipeline view'],
  [/^\/leads?\b/, 'lead page'],
  [/^\/activities\b/, 'activities page'],
  [/^\/(mail|inbox)\b/, 'mail page'],
  [/^\/(products?|projects?)\b/, 'product or project page'],
  ],
  // object type ids: 0-1 contact, 0-2 company, 0-3 deal, 0-5 ticket
  hubspot: [
  [/^\/contacts\/\d+\/(record\/0-1|contact)\//, 'contact record'],
  [/^\/contacts\/\d+\/(record\/0-2|company)\//, 'company record'],
  [/^\/contacts\/\d+\/(record\/0-5|ticket)\//, 'ticket record'],
  [/^\/contacts\/\d+\/record\//, 'record of another object type'],
  [/^\/contacts\/\d+\/objects\/0-3\b/, 'deal list or board'],
  [/^\/contacts\/\d+\/objects\//, 'list view'],
  ],
  salesforce: [
  [/^\/lightning\/r\/Opportunity\/[^/]+\/(?!view)/i, 'Opportunity sub-page (not the record view)'],
  [/^\/lightning\/r\/Opportunity\//i, 'page with an invalid Opportunity id'],
  [/^\/lightning\/r\/(Account|001)/i, 'Account record'],
  [/^\/lightning\/r\/(Contact|003)/i, 'Contact record'],
  [/^\/lightning\/r\/(Lead|00Q)/i, 'Lead record'],
  [/^\/lightning\/r\/[^/]+\/view/, 'record that is not an Opportunity'],
  [/^\/lightning\/r\//, 'record page that is not an Opportunity'],
  [/^\/lightning\/o\/[^/]+\/(list|home)/, 'list view'],
  [/^\/lightning\/(page|n|setup|o)\//, 'app page'],
  ],
};

const NAMES = { pipedrive: 'Pipedrive', hubspot: 'HubSpot', salesforce: 'Salesforce' } as const;

/** The CRM a host belongs to (even when the URL is not a deal page), for the reason sentence. */
function crmOfHost(url: URL): keyof typeof NAMES | null {
  if (pipedriveAccount(url)) return 'pipedrive';
  if (isHubspotHost(url)) return 'hubspot';
  if (salesforceAccount(url)) return 'salesforce';
  return null;
}

/** Finds the adapter and deal a URL points at, or a one-line human reason why it is not a deal page. */
export function detectDeal(url: string): Detection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  for (const adapter of ADAPTERS) {
    const ref = adapter.detect(parsed);
    if (ref) return { ok: true, ref, adapter };
  }
  const host = parsed.hostname || parsed.protocol.replace(/:$/, '');
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, reason: `unsupported URL scheme: ${parsed.protocol}` };
  const crm = crmOfHost(parsed) ?? (parsed.protocol === 'http:' ? crmOfHost(new URL(url.replace(/^http:/i, 'https:'))) : null);
  if (!crm) return { ok: false, reason: `unsupported host: ${host}` };
  if (parsed.protocol !== 'https:') return { ok: false, reason: `not a deal page: ${NAMES[crm]} over plain http` };
  const kind = KINDS[crm].find(([re]) => re.test(parsed.pathname))?.[1] ?? 'page that is not a deal';
  return { ok: false, reason: `not a deal page: ${NAMES[crm]} ${kind}` };
}

/**
 * Reads the deal shown by `doc` at `url`: null when the URL is not a deal page or the page's active view
 * shows another record. Never throws; unreadable fields are null and reported through `warn`.
 */
export function readDeal(doc: Document, url: string, warn?: FieldWarning): DealSnapshot | null {
  const detection = detectDeal(url);
  if (!detection.ok) return null;
  try {
    return detection.adapter.read(doc, detection.ref, warn);
  } catch (error) {
    warn?.(detection.ref.crm, 'dealId', `adapter failed: ${String(error).slice(0, 200)}`);
    return null;
  }
}
