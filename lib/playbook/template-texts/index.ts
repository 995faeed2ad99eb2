import type { Locale } from '../../model/settings.schema';
import type { TemplateTexts } from './types';
import { buyerCentric as enBuyerCentric } from './en/buyer-centric';
import { simple as enSimple } from './en/simple';
import { common as enCommon } from './en/common';
import { buyerCentric as svBuyerCentric } from './sv/buyer-centric';
import { simple as svSimple } from './sv/simple';
import { common as svCommon, crmStages as svCrmStages } from './sv/common';
import { buyerCentric as nbBuyerCentric } from './nb/buyer-centric';
import { simple as nbSimple } from './nb/simple';
import { common as nbCommon, crmStages as nbCrmStages } from './nb/common';
import { buyerCentric as nlBuyerCentric } from './nl/buyer-centric';
import { simple as nlSimple } from './nl/simple';
import { common as nlCommon, crmStages as nlCrmStages } from './nl/common';
import { buyerCentric as itBuyerCentric } from './it/buyer-centric';
import { simple as itSimple } from './it/simple';
import { common as itCommon, crmStages as itCrmStages } from './it/common';

export type { TemplateTexts } from './types';

/** The shipped templates' texts per language: a template is built in the manager's language. */
export const TEMPLATE_TEXTS: Readonly<Record<Locale, TemplateTexts>> = {
  en: { buyerCentric: enBuyerCentric, simple: enSimple, common: enCommon, crmStages: null },
  sv: { buyerCentric: svBuyerCentric, simple: svSimple, common: svCommon, crmStages: svCrmStages },
  nb: { buyerCentric: nbBuyerCentric, simple: nbSimple, common: nbCommon, crmStages: nbCrmStages },
  nl: { buyerCentric: nlBuyerCentric, simple: nlSimple, common: nlCommon, crmStages: nlCrmStages },
  it: { buyerCentric: itBuyerCentric, simple: itSimple, common: itCommon, crmStages: itCrmStages },
};
