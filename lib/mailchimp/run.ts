// A dry run of the e-mail lists (the audiences, every event's contacts from the CRM, each contact's
// state in Mailchimp, and the plan they give) and Apply (each change re-read and re-decided just
// before it is sent, every outcome recorded as it happens: a partly done change is listed as failed
// and finished by the next run without sending anything twice).

import type { AutomationCrm, DealContact } from '../automation/crm/types';
import { describeFailure } from '../automation/apply';
import type { LogOutcome, MailchimpLogEntry } from '../model/automation';
import type { SyncFailure } from '../team-sync/types';
import type { MailchimpClient, MailchimpList, MemberState } from './client';
import type { StageEvent } from './events';
import { decide, memberKey, planListChanges, type ListChange, type ListPlan } from './plan';
import type { ListRule } from './rules';

export interface PrepareListsInput {
  crm: AutomationCrm;
  client: MailchimpClient;
  events: readonly StageEvent[];
  rules: readonly ListRule[];
  done: ReadonlySet<string>;
}

export type PreparedLists = { ok: true; plan: ListPlan; lists: MailchimpList[] } | { ok: false; failure: SyncFailure; source: 'crm' | 'mailchimp' };

export async function prepareLists(input: PrepareListsInput): Promise<PreparedLists> {
  const lists = await input.client.lists();
  if (!lists.ok) return { ok: false, failure: lists, source: 'mailchimp' };
  const known = new Set(lists.value.map((l) => l.id));
  const contacts = new Map<string, DealContact[] | { error: string }>();
  const members = new Map<string, MemberState | null | { error: string }>();
  for (const event of input.events) {
    const rules = input.rules.filter((r) => r.stage === event.stage && known.has(r.listId));
    if (rules.length === 0 || contacts.has(event.dealId)) continue;
    const read = await input.crm.contacts(event.dealId);
    contacts.set(event.dealId, read.ok ? read.value : { error: describeFailure(read) });
    if (!read.ok) continue;
    for (const rule of rules) {
      for (const contact of read.value) {
        const key = memberKey(rule.listId, contact.email);
        if (members.has(key)) continue;
        const member = await input.client.member(rule.listId, contact.email);
        members.set(key, member.ok ? member.value : { error: describeFailure(member) });
      }
    }
  }
  return { ok: true, plan: planListChanges({ events: input.events, rules: input.rules, lists: lists.value, contacts, members, done: input.done }), lists: lists.value };
}

export interface ApplyListHooks {
  runId: string;
  now: () => Date;
  /** Stores one outcome; `settledKey` (the change's entry key) when it needs no further run. */
  record(entry: MailchimpLogEntry, settledKey: string | null): Promise<void>;
}

async function carryOut(client: MailchimpClient, change: ListChange): Promise<{ outcome: LogOutcome; detail?: string; tags: string[] }> {
  const member = await client.member(change.listId, change.contact.email);
  if (!member.ok) return { outcome: 'failed', detail: describeFailure(member), tags: change.tags };
  const decision = decide({ action: change.action, tags: change.tags }, member.value);
  if (decision.kind === 'skip') return { outcome: 'skipped', detail: decision.reason, tags: change.tags };
  if (decision.put !== null) {
    const put = await client.putMember(change.listId, change.contact, decision.put === 'new' ? null : decision.put);
    if (!put.ok) return { outcome: 'failed', detail: describeFailure(put), tags: change.tags };
  }
  const tags = decision.addTags.length ? decision.addTags : decision.removeTags;
  if (tags.length) {
    const tagged = await client.setTags(change.listId, change.contact.email, tags, decision.addTags.length > 0);
    if (!tagged.ok) return { outcome: 'failed', detail: describeFailure(tagged), tags };
  }
  return { outcome: 'applied', tags };
}

/** Carries out the changes; answers the events every change of which is settled. */
export async function applyListChanges(client: MailchimpClient, changes: readonly ListChange[], hooks: ApplyListHooks): Promise<{ counts: Record<LogOutcome, number>; settledEvents: string[] }> {
  const counts: Record<LogOutcome, number> = { applied: 0, skipped: 0, failed: 0 };
  const failedEvents = new Set<string>();
  for (const change of changes) {
    const result = await carryOut(client, change);
    counts[result.outcome]++;
    if (result.outcome === 'failed') failedEvents.add(change.key);
    const entry: MailchimpLogEntry = {
      id: `${hooks.runId}:${change.entryKey}`,
      runId: hooks.runId,
      kind: 'mailchimp',
      dealId: change.dealId,
      title: change.title,
      at: hooks.now().getTime(),
      email: change.contact.email,
      listId: change.listId,
      action: change.action,
      tags: result.tags,
      outcome: result.outcome,
      ...(result.detail !== undefined && { detail: result.detail }),
    };
    await hooks.record(entry, result.outcome === 'failed' ? null : change.entryKey);
  }
  const settledEvents = [...new Set(changes.map((c) => c.key))].filter((key) => !failedEvents.has(key));
  return { counts, settledEvents };
}
