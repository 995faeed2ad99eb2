// What leaves the browser, in the words of Firefox's built-in data consent (its manifest key
// browser_specific_settings.gecko.data_collection_permissions; the taxonomy is Mozilla's). The
// overlay itself keeps everything on the device: required is "none". The optional connections
// send to a third party only once the manager connects them, and Firefox asks for each
// connection's kinds together with its host in one prompt; a refusal leaves it unconnected.
// Chrome has no such consent: its build asks for the host only.

/** A connected CRM's API gets the deal's content written back (checklist ticks, owners), the
 * logged calls, e-mails and meetings with their notes, and the rep's token or session. */
export const CRM_DATA_COLLECTION = ['websiteContent', 'personalCommunications', 'authenticationInfo'] as const;

/** Mailchimp's API gets the contacts' e-mail addresses and names (the automation's list changes) and the manager's API key. */
export const MAILCHIMP_DATA_COLLECTION = ['personallyIdentifyingInfo', 'authenticationInfo'] as const;

/** The manifest's declaration: nothing required, each optional kind once. */
export const FIREFOX_DATA_COLLECTION_PERMISSIONS = {
  required: ['none'],
  optional: [...new Set([...CRM_DATA_COLLECTION, ...MAILCHIMP_DATA_COLLECTION])],
};

/** What the options page asks the browser for: the permissions and hosts, and in Firefox the connection's data consent. */
export interface ConnectionPermissions {
  permissions: string[];
  origins: string[];
  /** What the connection sends to a third party (one of the lists above). */
  dataCollection?: readonly string[];
}

/**
 * `browser.permissions.request/contains/remove`'s argument. Firefox takes the consent as
 * `data_collection`; Chrome refuses an unknown key, so its build sends hosts and permissions only.
 */
export function browserPermissions({ permissions, origins, dataCollection }: ConnectionPermissions, firefox: boolean): { permissions: string[]; origins: string[]; data_collection?: string[] } {
  return firefox && dataCollection?.length ? { permissions, origins, data_collection: [...dataCollection] } : { permissions, origins };
}

/**
 * The request without its consent: disconnecting one connection gives its host back, while
 * another connection may still send the same kinds (Clear all data gives the consents back too).
 */
export const hostsOnly = <R extends ConnectionPermissions>({ dataCollection: _, ...rest }: R): Omit<R, 'dataCollection'> => rest;
