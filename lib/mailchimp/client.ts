// Mailchimp Marketing API 3.0 as the e-mail lists by stage use it, through the team sync's polite
// HTTP (a 429 waited out, a 5xx tried again with back-off, one request at a time — well inside
// Mailchimp's ten simultaneous connections):
// - GET  /lists                                       the audiences ("lists") to choose from
// - GET  /lists/{list}/members/{hash}                 a contact's status and tags (404: not a member)
// - PUT  /lists/{list}/members/{hash}                 the upsert by subscriber hash (MD5 of the lowercased address)
// - POST /lists/{list}/members/{hash}/tags            tags made active or inactive (204)
// Requests go to the key's data centre host only; anything else is refused before it is sent.

import { z } from 'zod';
import { ForeignHostError } from '../crm/api/http';
import type { SyncHttp } from '../team-sync/http';
import type { SyncResult } from '../team-sync/types';
import { mailchimpApiBase, mailchimpApiHost } from './key';
import { md5Hex } from './md5';

export interface MailchimpList {
  id: string;
  name: string;
}

/** subscribed, unsubscribed (by themselves), cleaned (bounced), pending, transactional, archived. */
export interface MemberState {
  status: string;
  tags: string[];
}

const listsSchema = z.object({ lists: z.array(z.object({ id: z.string(), name: z.string() })), total_items: z.number().int() });
const memberSchema = z.object({ status: z.string(), tags: z.array(z.object({ name: z.string() })).optional().default([]) });

export const subscriberHash = (email: string) => md5Hex(email.trim().toLowerCase());

/** A fetch that sends the key to the data centre's API host only (https), never following a redirect. */
export function mailchimpFetch(fetchImpl: typeof fetch, dataCentre: string): typeof fetch {
  const host = mailchimpApiHost(dataCentre);
  return (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.protocol !== 'https:' || url.host !== host) return Promise.reject(new ForeignHostError(url.host));
    return fetchImpl(input, { ...init, redirect: 'error' });
  };
}

export interface MailchimpClient {
  lists(): Promise<SyncResult<MailchimpList[]>>;
  /** null: not a member of the list. */
  member(listId: string, email: string): Promise<SyncResult<MemberState | null>>;
  /** Upsert: a new address is added as subscribed; an existing one keeps its status unless `status` is given. */
  putMember(listId: string, contact: { email: string; firstName: string | null; lastName: string | null }, status: 'subscribed' | 'unsubscribed' | null): Promise<SyncResult<true>>;
  setTags(listId: string, email: string, tags: readonly string[], active: boolean): Promise<SyncResult<true>>;
}

export function mailchimpClient(http: SyncHttp, connection: { key: string; dataCentre: string }): MailchimpClient {
  const base = mailchimpApiBase(connection.dataCentre);
  // HTTP Basic with any user name and the key as the password, as Mailchimp documents.
  const headers = { Authorization: `Basic ${btoa(`stagecraft:${connection.key}`)}`, Accept: 'application/json' };
  const withBody = (method: string, body: unknown): RequestInit => ({ method, headers: { ...headers, 'Content-Type': 'application/json' }, credentials: 'omit', body: JSON.stringify(body) });
  const memberPath = (listId: string, email: string) => `${base}/lists/${encodeURIComponent(listId)}/members/${subscriberHash(email)}`;

  return {
    async lists() {
      const answer = await http.json(`${base}/lists?count=1000&fields=lists.id,lists.name,total_items`, { method: 'GET', headers, credentials: 'omit' }, listsSchema);
      return answer.ok ? { ok: true, value: answer.value.lists.map((l) => ({ id: l.id, name: l.name })) } : answer;
    },
    async member(listId, email) {
      const answer = await http.json(`${memberPath(listId, email)}?fields=status,tags`, { method: 'GET', headers, credentials: 'omit' }, memberSchema);
      if (!answer.ok) return answer.kind === 'notFound' ? { ok: true, value: null } : answer;
      return { ok: true, value: { status: answer.value.status, tags: answer.value.tags.map((t) => t.name) } };
    },
    async putMember(listId, contact, status) {
      const merge: Record<string, string> = {};
      if (contact.firstName) merge.FNAME = contact.firstName;
      if (contact.lastName) merge.LNAME = contact.lastName;
      const body = { email_address: contact.email, status_if_new: status ?? 'subscribed', ...(status && { status }), ...(Object.keys(merge).length && { merge_fields: merge }) };
      const answer = await http.json(memberPath(listId, contact.email), withBody('PUT', body), memberSchema);
      return answer.ok ? { ok: true, value: true } : answer;
    },
    async setTags(listId, email, tags, active) {
      const answer = await http.send(`${memberPath(listId, email)}/tags`, withBody('POST', { tags: tags.map((name) => ({ name, status: active ? 'active' : 'inactive' })) }), [204, 200]);
      return answer.ok ? { ok: true, value: true } : answer;
    },
  };
}
