// Firefox lets the user withdraw a data consent at any time in the add-on's settings, after the
// connection was made. So every request a connection sends asks first whether the kinds of data it
// sends are still allowed; withdrawn, the request is stopped before anything leaves the browser.
// Chrome has no such consent: its build passes no query and requests go as before.

/**
 * The browser's answer to "may Stagecraft still send these kinds?" — Firefox's
 * `browser.permissions.contains({ data_collection })`. Absent where the browser has no such consent.
 */
export type ConsentQuery = (dataCollection: readonly string[]) => Promise<boolean>;

/** Thrown instead of sending: the user withdrew (part of) the consent this connection's requests need. */
export class ConsentWithdrawnError extends Error {
  override name = 'ConsentWithdrawnError';
  constructor(readonly dataCollection: readonly string[]) {
    super(`Firefox data consent withdrawn for ${dataCollection.join(', ')}`);
  }
}

/**
 * Resolves when the consent holds; throws ConsentWithdrawnError when it does not. A query that
 * fails counts as withdrawn: nothing is sent that the browser could not confirm.
 */
export async function requireConsent(consent: ConsentQuery | undefined, dataCollection: readonly string[]): Promise<void> {
  if (!consent) return;
  const granted = await consent(dataCollection).catch(() => false);
  if (!granted) throw new ConsentWithdrawnError(dataCollection);
}

/** A fetch that checks the consent before every request it sends. */
export function consentedFetch(fetchImpl: typeof fetch, consent: ConsentQuery | undefined, dataCollection: readonly string[]): typeof fetch {
  if (!consent) return fetchImpl;
  return async (input, init) => {
    await requireConsent(consent, dataCollection);
    return fetchImpl(input, init);
  };
}

export const isConsentWithdrawn = (error: unknown): error is ConsentWithdrawnError => (error as { name?: unknown } | null)?.name === 'ConsentWithdrawnError';
