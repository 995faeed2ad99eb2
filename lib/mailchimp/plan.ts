// What the e-mail lists by stage do, decided per contact from what Mailchimp says of them now:
// - subscribe: a new address is upserted as subscribed and given the rule's tags; one already
//   subscribed (or pending) gets only the tags it lacks; someone who unsubscribed themselves
//   (`unsubscribed`) or whose address bounced (`cleaned`) is left alone — never re-subscribed.
// - unsubscribe: a subscribed (or pending) member becomes unsubscribed; the rule's tags they carry
//   are taken off; someone not on the list is left alone.
// - removeTags: the rule's tags they carry are taken off.
// The dry run decides with what it reads; Apply reads the member again and decides again just before
// acting, so a contact who unsubscribed in between is skipped, and nothing is sent twice.

import type { DealContact } from '../automation/crm/types';
import type { MailchimpList, MemberState } from './client';
import type { ListRule } from './rules';
import type { StageEvent } from './events';

export type Decision =
  | { kind: 'skip'; reason: 'unsubscribed' | 'cleaned' | 'notMember' | 'already' }
  | { kind: 'act'; put: 'subscribed' | 'unsubscribed' | 'new' | null; addTags: string[]; removeTags: string[] };

const lower = (tags: readonly string[]) => new Set(tags.map((t) => t.toLocaleLowerCase('en')));

export function decide(rule: Pick<ListRule, 'action' | 'tags'>, member: MemberState | null): Decision {
  const has = lower(member?.tags ?? []);
  const carried = rule.tags.filter((t) => has.has(t.toLocaleLowerCase('en')));
  const missing = rule.tags.filter((t) => !has.has(t.toLocaleLowerCase('en')));
  if (rule.action === 'subscribe') {
    if (member === null) return { kind: 'act', put: 'new', addTags: [...rule.tags], removeTags: [] };
    if (member.status === 'unsubscribed' || member.status === 'cleaned') return { kind: 'skip', reason: member.status };
    const put = member.status === 'subscribed' || member.status === 'pending' ? null : 'subscribed';
    if (put === null && missing.length === 0) return { kind: 'skip', reason: 'already' };
    return { kind: 'act', put, addTags: missing, removeTags: [] };
  }
  if (member === null) return { kind: 'skip', reason: 'notMember' };
  const put = rule.action === 'unsubscribe' && (member.status === 'subscribed' || member.status === 'pending') ? 'unsubscribed' : null;
  if (put === null && carried.length === 0) return { kind: 'skip', reason: 'already' };
  return { kind: 'act', put, addTags: [], removeTags: carried };
}

/** One contact of one deal, for one rule. `entryKey` is settled once it is done. */
export interface ListChange {
  key: string;
  entryKey: string;
  dealId: string;
  title: string;
  ruleId: string;
  listId: string;
  action: ListRule['action'];
  tags: string[];
  contact: DealContact;
  decision: Extract<Decision, { kind: 'act' }>;
}

export type ListNote =
  | { kind: 'unknownList'; ruleId: string; listId: string }
  | { kind: 'noContacts'; dealId: string; title: string; key: string }
  | { kind: 'unreadable'; dealId: string; title: string; detail: string }
  | { kind: 'skip'; dealId: string; title: string; email: string; listId: string; reason: Extract<Decision, { kind: 'skip' }>['reason'] };

export interface ListPlan {
  changes: ListChange[];
  notes: ListNote[];
  /** Events decided without anything to send (no contacts, every contact left alone): settled by Apply. */
  settled: string[];
}

export const entryKeyOf = (eventKey: string, rule: Pick<ListRule, 'id'>, email: string) => `${eventKey}|${rule.id}|${email.trim().toLowerCase()}`;

export interface ListPlanInput {
  events: readonly StageEvent[];
  rules: readonly ListRule[];
  lists: readonly MailchimpList[];
  contacts: ReadonlyMap<string, DealContact[] | { error: string }>;
  /** `${listId}|${email lowercased}` → the member now (null: not on the list), or why it could not be read. */
  members: ReadonlyMap<string, MemberState | null | { error: string }>;
  /** Entry keys already done by an earlier run. */
  done: ReadonlySet<string>;
}

export const memberKey = (listId: string, email: string) => `${listId}|${email.trim().toLowerCase()}`;

export function planListChanges(input: ListPlanInput): ListPlan {
  const known = new Set(input.lists.map((l) => l.id));
  const notes: ListNote[] = [];
  const changes: ListChange[] = [];
  const settled: string[] = [];
  for (const rule of input.rules) if (!known.has(rule.listId)) notes.push({ kind: 'unknownList', ruleId: rule.id, listId: rule.listId });
  for (const event of input.events) {
    const rules = input.rules.filter((r) => r.stage === event.stage && known.has(r.listId));
    if (rules.length === 0) continue;
    const contacts = input.contacts.get(event.dealId);
    if (!contacts) continue;
    if ('error' in contacts) {
      notes.push({ kind: 'unreadable', dealId: event.dealId, title: event.title, detail: contacts.error });
      continue;
    }
    if (contacts.length === 0) {
      notes.push({ kind: 'noContacts', dealId: event.dealId, title: event.title, key: event.key });
      settled.push(event.key);
      continue;
    }
    let open = false;
    for (const rule of rules) {
      for (const contact of contacts) {
        const entryKey = entryKeyOf(event.key, rule, contact.email);
        if (input.done.has(entryKey)) continue;
        const member = input.members.get(memberKey(rule.listId, contact.email));
        if (member === undefined) continue;
        if (member !== null && 'error' in member) {
          notes.push({ kind: 'unreadable', dealId: event.dealId, title: event.title, detail: member.error });
          open = true;
          continue;
        }
        const decision = decide(rule, member);
        if (decision.kind === 'skip') {
          notes.push({ kind: 'skip', dealId: event.dealId, title: event.title, email: contact.email, listId: rule.listId, reason: decision.reason });
          continue;
        }
        open = true;
        changes.push({ key: event.key, entryKey, dealId: event.dealId, title: event.title, ruleId: rule.id, listId: rule.listId, action: rule.action, tags: [...rule.tags], contact, decision });
      }
    }
    if (!open) settled.push(event.key);
  }
  return { changes, notes, settled };
}
