import type { buyerCentric } from './en/buyer-centric';
import type { simple } from './en/simple';
import type { common } from './en/common';
import type { LocalCrmStages } from './crm-stages';

// Every language's template texts have exactly the English shape: the compiler refuses a missing
// or extra stage, task, script, checklist item or line list, and the template test checks the rest
// (no English left, the same variables and guidance markup).

export type BuyerCentricTexts = typeof buyerCentric;
export type SimpleTexts = typeof simple;
export type CommonTexts = typeof common;

export interface TemplateTexts {
  buyerCentric: BuyerCentricTexts;
  simple: SimpleTexts;
  common: CommonTexts;
  /** The CRMs' default stage names in this language (none for English: the English names are the aliases). */
  crmStages: LocalCrmStages | null;
}
