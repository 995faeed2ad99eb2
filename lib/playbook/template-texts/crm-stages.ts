import type { CrmId } from '../../model/deal';

// The stage names each CRM creates in a new account, as its English interface shows them. Every one
// maps to exactly one stage of each shipped template, in every language (see the templates' aliases).

export const CRM_DEFAULT_STAGES = {
  pipedrive: ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'],
  hubspot: ['Appointment scheduled', 'Qualified to buy', 'Presentation scheduled', 'Decision maker bought-in', 'Contract sent', 'Closed won', 'Closed lost'],
  salesforce: ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
} as const satisfies Record<CrmId, readonly string[]>;

export type CrmDefaultStage<C extends CrmId> = (typeof CRM_DEFAULT_STAGES)[C][number];

/** One CRM's default stage names as its interface shows them in another language, keyed by the English name. */
export type LocalCrmStages = { readonly [C in CrmId]: Readonly<Record<CrmDefaultStage<C>, readonly string[]>> };
