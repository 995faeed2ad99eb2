// HubSpot deal record page: https://app[-<region>].hubspot.com/contacts/<portal>/record/0-3/<id>
// (and the legacy /contacts/<portal>/deal/<id>).

import type { CrmAdapter } from '../types';
import { guarded, scopeOf } from '../dom';
import { isHubspotHost } from './hosts';
import { readPage, SELECTORS, stageDays } from './page';

const DEAL_PATH = /^\/contacts\/(\d+)\/(?:record\/0-3|deal)\/(\d+)(?:\/.*)?$/;

export const hubspot: CrmAdapter = {
  crm: 'hubspot',
  name: 'HubSpot',
  accountOf: (url) => (isHubspotHost(url) ? /^\/contacts\/(\d+)/.exec(url.pathname)?.[1] ?? '' : null),
  detect(url) {
    const m = DEAL_PATH.exec(url.pathname);
    return isHubspotHost(url) && m ? { crm: 'hubspot', account: m[1]!, dealId: m[2]! } : null;
  },
  // object type ids: 0-1 contact, 0-2 company, 0-3 deal, 0-5 ticket
  pageKinds: [
    [/^\/contacts\/\d+\/(record\/0-1|contact)\//, 'contact record'],
    [/^\/contacts\/\d+\/(record\/0-2|company)\//, 'company record'],
    [/^\/contacts\/\d+\/(record\/0-5|ticket)\//, 'ticket record'],
    [/^\/contacts\/\d+\/record\//, 'record of another object type'],
    [/^\/contacts\/\d+\/objects\/0-3\b/, 'deal list or board'],
    [/^\/contacts\/\d+\/objects\//, 'list view'],
  ],
  selectors: SELECTORS,
  isReady: (doc) => scopeOf(doc, true).q(SELECTORS.ready) !== null,
  read: (doc, ref, warn) => guarded('hubspot', warn, () => readPage(doc, ref, warn)),
  stageDays: (doc, ref, now) => {
    try {
      return stageDays(doc, ref, now);
    } catch {
      return null;
    }
  },
};
