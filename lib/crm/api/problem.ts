// The sentence the side panel shows for an API problem, in the user's language.

import type { CrmId } from '../../model/deal';
import type { Translate } from '../../i18n';
import type { ApiProblem } from './merge';

const CRM_NAME_KEYS = { pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot', salesforce: 'crm.salesforce' } as const;

/** "HubSpot asked Stagecraft to slow down… tries again in 30 s." */
export function describeApiProblem(t: Translate, problem: Pick<ApiProblem, 'kind' | 'messageKey' | 'retryAfter'>, crm: CrmId): string {
  // {kinds}: what a withdrawn Firefox consent must allow again (noConsent).
  const params = { crm: t(CRM_NAME_KEYS[crm]), kinds: t('cause.consent.crmKinds') };
  if (problem.kind === 'rateLimited' && problem.retryAfter !== undefined && problem.retryAfter > 0) {
    return t('connections.problem.rateLimitedFor', { ...params, seconds: problem.retryAfter });
  }
  return t(problem.messageKey, params);
}
