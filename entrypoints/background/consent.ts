import type { ConsentQuery } from '@/lib/extension/consent';

/**
 * Firefox's data consent as the browser answers it now (the user can withdraw it in the add-on's
 * settings at any time); Chrome has none, so its build asks nothing.
 */
export function browserConsent(): ConsentQuery | undefined {
  if (!import.meta.env.FIREFOX) return undefined;
  return (dataCollection) => browser.permissions.contains({ data_collection: [...dataCollection] } as unknown as chrome.permissions.Permissions);
}
