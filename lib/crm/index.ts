// Entry point of the CRM layer: the one list of adapters (one folder each: lib/crm/<crm>/), which
// adapter a URL belongs to, and reading a page with it.
// Pure (no browser globals) and small: the content script imports this (no zod/Dexie/Preact here).

import type { DealRef, DealSnapshot } from '../model/deal';
import type { CrmAdapter, FieldWarning } from './types';
import { hubspot } from './hubspot';
import { pipedrive } from './pipedrive';
import { salesforce } from './salesforce';

export type { CrmAdapter, FieldWarning } from './types';
export { hubspot, pipedrive, salesforce };

/** Every supported CRM. Adding one is a folder and a line here. */
export const ADAPTERS: readonly CrmAdapter[] = [pipedrive, hubspot, salesforce];

/** The CRM's product name ("HubSpot"): a brand name, the same in every language; an unknown id as it is. */
export const crmName = (crm: string): string => ADAPTERS.find((adapter) => adapter.crm === crm)?.name ?? crm;

export type Detection = { ok: true; ref: DealRef; adapter: CrmAdapter } | { ok: false; reason: string };

/** The CRM whose app host `url` is on (even when the URL is not a deal page), for the reason sentence. */
const adapterOfHost = (url: URL) => ADAPTERS.find((a) => a.accountOf(url) !== null) ?? null;

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
  const adapter = adapterOfHost(parsed) ?? (parsed.protocol === 'http:' ? adapterOfHost(new URL(url.replace(/^http:/i, 'https:'))) : null);
  if (!adapter) return { ok: false, reason: `unsupported host: ${host}` };
  if (parsed.protocol !== 'https:') return { ok: false, reason: `not a deal page: ${adapter.name} over plain http` };
  const kind = adapter.pageKinds.find(([re]) => re.test(parsed.pathname))?.[1] ?? 'page that is not a deal';
  return { ok: false, reason: `not a deal page: ${adapter.name} ${kind}` };
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
