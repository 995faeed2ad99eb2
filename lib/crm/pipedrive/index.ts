// Pipedrive deal detail page: https://<company>.pipedrive.com/deal/<id>

import type { CrmAdapter } from '../types';
import { guarded, scopeOf } from '../dom';
import { pipedriveAccount } from './hosts';
import { readPage, SELECTORS, stageDays } from './page';

const DEAL_PATH = /^\/deal\/(\d+)\/?$/;

export const pipedrive: CrmAdapter = {
  crm: 'pipedrive',
  name: 'Pipedrive',
  accountOf: pipedriveAccount,
  detect(url) {
    const account = pipedriveAccount(url);
    const m = DEAL_PATH.exec(url.pathname);
    return account && m ? { crm: 'pipedrive', account, dealId: m[1]! } : null;
  },
  pageKinds: [
    [/^\/deal\//, 'deal page with an unexpected path'],
    [/^\/(person|persons)\b/, 'person page'],
    [/^\/(organization|organizations)\b/, 'organization page'],
    [/^\/(pipeline|deals)\b/, 'pipeline view'],
    [/^\/leads?\b/, 'lead page'],
    [/^\/activities\b/, 'activities page'],
    [/^\/(mail|inbox)\b/, 'mail page'],
    [/^\/(products?|projects?)\b/, 'product or project page'],
  ],
  selectors: SELECTORS,
  isReady: (doc) => scopeOf(doc).q(SELECTORS.ready) !== null,
  read: (doc, ref, warn) => guarded('pipedrive', warn, () => readPage(doc, ref, warn)),
  stageDays: (doc, ref) => {
    try {
      return stageDays(doc, ref);
    } catch {
      return null;
    }
  },
};
