// The only hosts Stagecraft runs on. One list feeds the manifest's match patterns and the
// background's sender checks, so they can never disagree.

/** HubSpot's regional app hosts (data-hosting regions) besides app.hubspot.com. */
export const HUBSPOT_APP_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com', 'app-na3.hubspot.com', 'app-ap1.hubspot.com'] as const;

/** Match patterns of the content script: the three CRMs' app hosts, nothing else. */
export const CRM_MATCH_PATTERNS = [
  'https://*.pipedrive.com/*',
  ...HUBSPOT_APP_HOSTS.map((host) => `https://${host}/*`),
  'https://*.lightning.force.com/*',
];

/** CRM API hosts, requested only when a user connects a CRM (optional permissions). */
export const CRM_API_MATCH_PATTERNS = ['https://*.pipedrive.com/api/*', 'https://api.hubapi.com/*', 'https://*.my.salesforce.com/*'];

/** Pure twin of the match patterns, for checks at run time. */
export function isCrmAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return (
    (host.endsWith('.pipedrive.com') && host !== '.pipedrive.com') ||
    (HUBSPOT_APP_HOSTS as readonly string[]).includes(host) ||
    (host.endsWith('.lightning.force.com') && host !== '.lightning.force.com')
  );
}
