// Where Salesforce Lightning Experience lives: `<org>.lightning.force.com`, with sandbox, developer,
// scratch … orgs as a second label (`acme--uat.sandbox`, `acme-dev-ed.develop`).

const HOST = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.(?:sandbox|develop|scratch|demo|patch|trailblaze|free))?)\.lightning\.force\.com$/;

/** The org: everything before `.lightning.force.com` ("crestpoint", "acme--uat.sandbox", "acme-dev-ed.develop"). */
export function salesforceAccount(url: URL): string | null {
  const m = HOST.exec(url.hostname.toLowerCase());
  return url.protocol === 'https:' && m ? m[1]! : null;
}

export const SALESFORCE_MATCHES = ['https://*.lightning.force.com/*'];

/** The optional host permission asked for when the rep connects Salesforce: every org's My Domain API host. */
export const SALESFORCE_API_MATCHES = ['https://*.my.salesforce.com/*'];
