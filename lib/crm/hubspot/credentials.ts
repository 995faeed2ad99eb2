// What a call to HubSpot's API needs: a private app's access token (Bearer).

export interface HubspotCredentials {
  crm: 'hubspot';
  token: string;
}
