// Mailchimp's Marketing API 3.0 as the e-mail lists by stage use it, over a small hand-made account:
// audiences, members by subscriber hash (MD5 of the lowercased address; a PUT whose hash does not
// match its address is refused, as Mailchimp does), the upsert with status / status_if_new, and
// tags made active or inactive (204, tags never duplicated). HTTP Basic with the key as password.

import { createHash } from 'node:crypto';
import { crmServer, json, type CrmServer } from './server';

export const MAILCHIMP_TEST_KEY = '0123456789abcdef0123456789abcdef-us21';

export interface MailchimpMember {
  email: string;
  status: string;
  tags: string[];
  mergeFields: Record<string, string>;
}

export interface MailchimpWorld {
  lists: { id: string; name: string }[];
  /** List id → subscriber hash → member. */
  members: Map<string, Map<string, MailchimpMember>>;
}

export const hashOf = (email: string) => createHash('md5').update(email.trim().toLowerCase()).digest('hex');

export function addMember(world: MailchimpWorld, listId: string, member: MailchimpMember): void {
  if (!world.members.has(listId)) world.members.set(listId, new Map());
  world.members.get(listId)!.set(hashOf(member.email), member);
}

const problem = (status: number, title: string, detail: string) => json({ type: 'https://mailchimp.com/developer/marketing/docs/errors/', title, status, detail, instance: 'test' }, status, { 'content-type': 'application/problem+json' });

export function mailchimpServer(world: MailchimpWorld, key = MAILCHIMP_TEST_KEY): CrmServer {
  return crmServer((request) => {
    const auth = request.headers.get('authorization') ?? '';
    const password = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':') : null;
    if (password !== key) return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you’ve attempted to access the wrong datacenter.');
    const path = request.url.pathname;
    if (request.method === 'GET' && path === '/3.0/lists') return json({ lists: world.lists.map((l) => ({ ...l, stats: { member_count: world.members.get(l.id)?.size ?? 0 } })), total_items: world.lists.length });
    const match = /^\/3\.0\/lists\/([^/]+)\/members\/([0-9a-f]{32})(\/tags)?$/.exec(path);
    if (!match) return problem(404, 'Resource Not Found', `no route ${request.method} ${path}`);
    const [, listId, hash, tags] = match as unknown as [string, string, string, string | undefined];
    if (!world.lists.some((l) => l.id === listId)) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    const members = world.members.get(listId) ?? new Map<string, MailchimpMember>();
    world.members.set(listId, members);
    const member = members.get(hash);
    const shown = (m: MailchimpMember) => json({ id: hash, email_address: m.email, status: m.status, merge_fields: m.mergeFields, tags: m.tags.map((name, i) => ({ id: i + 1, name })), list_id: listId });
    if (tags) {
      if (request.method !== 'POST') return problem(405, 'Method Not Allowed', request.method);
      if (!member) return problem(404, 'Resource Not Found', 'The requested resource could not be found.');
      for (const t of (request.body as { tags: { name: string; status: 'active' | 'inactive' }[] }).tags) {
        const has = member.tags.some((x) => x.toLowerCase() === t.name.toLowerCase());
        if (t.status === 'active' && !has) member.tags.push(t.name);
        if (t.status === 'inactive') member.tags = member.tags.filter((x) => x.toLowerCase() !== t.name.toLowerCase());
      }
      return new Response(null, { status: 204 });
    }
    if (request.method === 'GET') return member ? shown(member) : problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    if (request.method === 'PUT') {
      const body = request.body as { email_address: string; status?: string; status_if_new?: string; merge_fields?: Record<string, string> };
      if (hashOf(body.email_address) !== hash) return problem(400, 'Invalid Resource', 'The email address does not match the subscriber hash.');
      const next: MailchimpMember = member ?? { email: body.email_address, status: body.status ?? body.status_if_new ?? 'subscribed', tags: [], mergeFields: {} };
      if (member && body.status) next.status = body.status;
      next.mergeFields = { ...next.mergeFields, ...(body.merge_fields ?? {}) };
      members.set(hash, next);
      return shown(next);
    }
    return problem(405, 'Method Not Allowed', request.method);
  });
}
