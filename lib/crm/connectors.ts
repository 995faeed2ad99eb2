// The one list of CRM connectors (the API side of lib/crm/<crm>/). Typed by CRM id, so a CRM
// without a connector does not compile. Adding a CRM: its folder, its id in CRM_IDS
// (lib/model/deal.ts), a line here and in CrmKinds (./connector.ts), and its page adapter in
// ./index.ts.

import type { CrmId } from '../model/deal';
import type { CrmConnector } from './connector';
import { hubspotConnector } from './hubspot/connector';
import { pipedriveConnector } from './pipedrive/connector';
import { salesforceConnector } from './salesforce/connector';

export type { CrmConnector } from './connector';

export const CONNECTORS: { readonly [C in CrmId]: CrmConnector<C> } = {
  pipedrive: pipedriveConnector,
  hubspot: hubspotConnector,
  salesforce: salesforceConnector,
};

/** The connector of `crm` (as the CRM-independent type: its methods take that CRM's credentials). */
export const connectorOf = (crm: CrmId): CrmConnector => CONNECTORS[crm] as CrmConnector;
