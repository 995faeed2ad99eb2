// Where Pipedrive's web app lives: one subdomain per company (`<company>.pipedrive.com`). Pipedrive's
// own sites share the domain (www, developers, status …): they are never a company and the content
// script does not run there.

/** Pipedrive's own subdomains: not a company account. */
export const PIPEDRIVE_RESERVED_SUBDOMAINS = [
  'www', 'app', 'api', 'developer', 'developers', 'support', 'oauth', 'marketplace', 'status', 'blog', 'community',
  'auth', 'login', 'cdn', 'learn', 'ideas',
] as const;

const COMPANY_HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.pipedrive\.com$/;

/** The company of a Pipedrive app URL (`https://acme.pipedrive.com/…` → `acme`), else null. */
export function pipedriveAccount(url: URL): string | null {
  if (url.protocol !== 'https:') return null;
  const company = COMPANY_HOST.exec(url.hostname.toLowerCase())?.[1];
  return company && !(PIPEDRIVE_RESERVED_SUBDOMAINS as readonly string[]).includes(company) ? company : null;
}

/** Match patterns: every company subdomain, minus Pipedrive's own sites. */
export const PIPEDRIVE_MATCHES = ['https://*.pipedrive.com/*'];
export const PIPEDRIVE_EXCLUDE_MATCHES = PIPEDRIVE_RESERVED_SUBDOMAINS.map((sub) => `https://${sub}.pipedrive.com/*`);

/** The optional host permission asked for when the rep connects Pipedrive: the API paths of every company. */
export const PIPEDRIVE_API_MATCHES = ['https://*.pipedrive.com/api/*'];
