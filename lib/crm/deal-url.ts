// The one rule for a stored deal's link: an https URL of the deal's own CRM page, naming the same
// CRM, account and deal as the record. Anything else (data:, file:, chrome:, javascript:, another
// host, another account or deal, a port, user info) is never opened: the link is rebuilt from the
// record's crm/account/dealId instead, and a backup that carries one is refused. Pure.

import { dealKeyOf, type DealRef } from '../model/deal';
import { connectorOf } from './connectors';
import { detectDeal } from './index';

/** The deal's CRM page, built from the record alone. */
export function dealPageUrl(ref: Pick<DealRef, 'crm' | 'account' | 'dealId'>): string {
  const account = encodeURIComponent(ref.account.toLowerCase());
  const id = encodeURIComponent(ref.dealId);
  return connectorOf(ref.crm).dealUrl(account, id);
}

/** Whether `url` is an https page of exactly this deal in its CRM (no port, no user info). */
export function isDealPageUrl(url: string, ref: Pick<DealRef, 'crm' | 'account' | 'dealId'>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false;
  const detected = detectDeal(parsed.href);
  return detected.ok && dealKeyOf(detected.ref) === dealKeyOf(ref);
}

/** The link to open for a stored deal: its URL when that is the deal's own page, else the page rebuilt. */
export function safeDealUrl(record: Pick<DealRef, 'crm' | 'account' | 'dealId'> & { url: string }): string {
  return isDealPageUrl(record.url, record) ? record.url : dealPageUrl(record);
}
