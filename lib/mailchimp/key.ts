// A Mailchimp API key ends with its data centre ("…-us21"), and the account's API lives only on that
// data centre's host: https://us21.api.mailchimp.com/3.0. The key is only ever sent there.

import { z } from 'zod';
import type { CredentialStore } from '../crm/api/credentials';

const KEY = /^[0-9a-f]{32}-([a-z]{2,4}[0-9]{1,3})$/;

/** The data centre of a key as pasted (spaces around ignored); null when it is not a Mailchimp API key. */
export function mailchimpDataCentre(key: string): string | null {
  return KEY.exec(key.trim())?.[1] ?? null;
}

export const mailchimpApiHost = (dataCentre: string) => `${dataCentre}.api.mailchimp.com`;
export const mailchimpApiBase = (dataCentre: string) => `https://${mailchimpApiHost(dataCentre)}/3.0`;
/** The optional host permission asked for at connect time: that data centre's API host only. */
export const mailchimpPermissionOrigin = (dataCentre: string) => `https://${mailchimpApiHost(dataCentre)}/*`;

/** Only in extension storage (never IndexedDB, so never in a backup). */
export const MAILCHIMP_CONNECTION_KEY = 'mailchimp.connection';

const connectionSchema = z.object({ key: z.string().regex(KEY), dataCentre: z.string(), connectedAt: z.iso.datetime({ offset: true }) }).refine((c) => mailchimpDataCentre(c.key) === c.dataCentre, 'the data centre is the key’s suffix');
export type MailchimpConnection = z.infer<typeof connectionSchema>;

export async function loadMailchimpConnection(store: CredentialStore): Promise<MailchimpConnection | null> {
  try {
    const parsed = connectionSchema.safeParse(await store.get(MAILCHIMP_CONNECTION_KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function saveMailchimpConnection(store: CredentialStore, key: string, now: Date): Promise<MailchimpConnection | null> {
  const dataCentre = mailchimpDataCentre(key);
  if (!dataCentre) return null;
  const connection: MailchimpConnection = { key: key.trim(), dataCentre, connectedAt: now.toISOString() };
  await store.set(MAILCHIMP_CONNECTION_KEY, connection);
  return connection;
}

export const removeMailchimpConnection = (store: CredentialStore) => store.remove(MAILCHIMP_CONNECTION_KEY);

/** The key as shown once connected: its last characters only. */
export const maskedKey = (key: string) => `…${key.slice(-8)}`;
