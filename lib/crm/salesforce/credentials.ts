// What a call to Salesforce's API needs: the rep's session, read from the org's `sid` cookie by the background.

export interface SalesforceCredentials {
  crm: 'salesforce';
  /** `acme.my.salesforce.com` (see salesforceInstanceHost). */
  instanceHost: string;
  sessionId: string;
}
