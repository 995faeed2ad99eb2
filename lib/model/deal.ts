// The deal as read from a CRM page. Plain types only: the content script imports this file
// and must stay free of zod (size budget); the zod schema lives in deal.schema.ts.

export const CRM_IDS = ['pipedrive', 'hubspot', 'salesforce'] as const;
export type CrmId = (typeof CRM_IDS)[number];

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Where a deal page lives, known from its URL alone (before any DOM is read). */
export interface DealRef {
  crm: CrmId;
  /** The CRM account the deal belongs to: Pipedrive company subdomain, HubSpot portal id, Salesforce org host prefix. */
  account: string;
  /** The deal id as it appears in the URL (Salesforce: 15 or 18 characters). */
  dealId: string;
}

/** What a deal page shows. Keys and order follow the `extract` contract; unknown fields are null. */
export interface DealSnapshot {
  crm: CrmId;
  dealId: string;
  title: string | null;
  pipeline: string | null;
  stage: string | null;
  /** Stage labels in the order shown; [] when the page does not show them. */
  stages: string[];
  value: number | null;
  /** ISO 4217 code. */
  currency: string | null;
  owner: string | null;
  /** YYYY-MM-DD */
  closeDate: string | null;
  status: DealStatus | null;
}

/**
 * The most the background stores of a page reading (lib/model/deal.schema.ts enforces them). Readers cut
 * longer values where they read them (lib/crm/fit.ts), so a long title never costs the whole reading.
 */
export const DEAL_LIMITS = {
  title: 500,
  /** pipeline, stage, owner, each stage label */
  label: 200,
  stages: 50,
  value: 1e15,
  url: 2000,
  /** a page state's explanation */
  detail: 500,
} as const;

/** Stable key of a deal across the whole extension: one CRM account can't collide with another. */
export function dealKeyOf(ref: Pick<DealRef, 'crm' | 'account' | 'dealId'>): string {
  return `${ref.crm}:${ref.account.toLowerCase()}:${ref.dealId}`;
}
