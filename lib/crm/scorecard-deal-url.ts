import type { StoredHistory } from '../model/insights.schema';
import { dealKeyOf, type CrmId, type DealRef } from '../model/deal';
import { dealPageUrl, isDealPageUrl } from './deal-url';

/** The CRM an import format comes from (the scorecard file names none). */
const FORMAT_CRM: Record<string, CrmId> = { 'pipedrive-csv': 'pipedrive', 'hubspot-csv': 'hubspot', 'salesforce-csv': 'salesforce' };

/**
 * The page of a deal of the scorecard: a deal seen in the browser opens at its own page (`seen`:
 * deal key → safe URL); a deal keyed in the CRM account in view (a synced deal: `crm:account:id`)
 * opens at the page built from its key; an imported deal opens in its CRM when its import came from the same CRM as
 * the deal in view (whose account it shares) and the address built is that deal's page; otherwise
 * null, and nothing is linked.
 */
export function scorecardDealUrl(
  dealId: string,
  seen: ReadonlyMap<string, string>,
  imported: readonly Pick<StoredHistory, 'format' | 'history'>[],
  current: Pick<DealRef, 'crm' | 'account'>,
): string | null {
  const seenUrl = seen.get(dealId);
  if (seenUrl) return seenUrl;
  const prefix = dealKeyOf({ crm: current.crm, account: current.account, dealId: '' });
  if (dealId.startsWith(prefix) && dealId.length > prefix.length) return pageOf({ ...current, dealId: dealId.slice(prefix.length) });
  for (const row of imported) {
    const deals = (row.history as { deals?: unknown } | null)?.deals;
    if (!Array.isArray(deals) || !deals.some((deal) => (deal as { id?: unknown } | null)?.id === dealId)) continue;
    if (FORMAT_CRM[row.format] !== current.crm) return null;
    return pageOf({ crm: current.crm, account: current.account, dealId });
  }
  return null;
}

/** The deal's page when the address built is that deal's page, else null. */
function pageOf(ref: Pick<DealRef, 'crm' | 'account' | 'dealId'>): string | null {
  const url = dealPageUrl(ref);
  return isDealPageUrl(url, ref) ? url : null;
}
