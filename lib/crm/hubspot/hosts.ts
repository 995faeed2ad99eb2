// Where HubSpot's web app lives (app.hubspot.com and its data-hosting regions' hosts) and its API.

/** HubSpot's regional app hosts (data-hosting regions) besides app.hubspot.com. */
export const HUBSPOT_APP_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-na3.hubspot.com', 'app-ap1.hubspot.com'] as const;

export const isHubspotHost = (url: URL) => url.protocol === 'https:' && (HUBSPOT_APP_HOSTS as readonly string[]).includes(url.hostname.toLowerCase());

export const HUBSPOT_MATCHES = HUBSPOT_APP_HOSTS.map((host) => `https://${host}/*`);

/** HubSpot's API: every portal's, whatever its region. */
export const HUBSPOT_API_HOST = 'api.hubapi.com';

/** The optional host permission asked for when the rep connects HubSpot. */
export const HUBSPOT_API_MATCHES = [`https://${HUBSPOT_API_HOST}/*`];
