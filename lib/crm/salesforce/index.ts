// Salesforce Lightning Experience Opportunity record page:
// https://<org>[--<sandbox>.sandbox|-dev-ed.develop].lightning.force.com/lightning/r/[Opportunity/]<006…>/view
// (console apps add `?ws=…`). The deal id is always stored in its 18-character form.

import type { CrmAdapter } from '../types';
import { guarded, scopeOf } from '../dom';
import { salesforceAccount } from './hosts';
import { salesforceId18 } from './ids';
import { readPage, SELECTORS, stageDays } from './page';

const DEAL_PATH = /^\/lightning\/r\/(?:opportunity\/)?(006[a-z0-9]{12}(?:[a-z0-9]{3})?)\/view\/?$/i;

export const salesforce: CrmAdapter = {
  crm: 'salesforce',
  name: 'Salesforce',
  accountOf: salesforceAccount,
  detect(url) {
    const account = salesforceAccount(url);
    const id = salesforceId18(DEAL_PATH.exec(url.pathname)?.[1] ?? '');
    return account && id ? { crm: 'salesforce', account, dealId: id } : null;
  },
  pageKinds: [
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
  selectors: SELECTORS,
  isReady: (doc) => scopeOf(doc, true).q(SELECTORS.ready) !== null,
  read: (doc, ref, warn) => guarded('salesforce', warn, () => readPage(doc, ref, warn)),
  stageDays: (doc, ref, now) => {
    try {
      return stageDays(doc, ref, now);
    } catch {
      return null;
    }
  },
};
