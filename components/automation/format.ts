import type { MessageKey, Translate } from '@/lib/i18n';
import type { AutomationReply } from '@/lib/messaging/protocol';
import type { Locale } from '@/lib/model/settings.schema';
import { causeText, recordedFailureCause, type Cause, type Service } from '@/lib/i18n/cause';
import { detailText } from '@/lib/i18n/detail-text';

/** `key.one` or `key.other` by the language's plural rule, with `{count}` filled. */
export function countText(t: Translate, locale: string, key: 'automation.plan.count' | 'automation.mailchimp.plan.count', count: number, params: Record<string, string | number> = {}): string {
  const form = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as MessageKey, { ...params, count: new Intl.NumberFormat(locale).format(count) });
}

export const formatMoment = (locale: string, at: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

const REASONS: Record<string, MessageKey> = {
  neverSynced: 'automation.reason.neverSynced',
  stale: 'automation.reason.stale',
  lastFailed: 'automation.reason.lastFailed',
  running: 'automation.reason.running',
  busy: 'automation.reason.busy',
  noPlan: 'automation.reason.noPlan',
  planOutdated: 'automation.reason.planOutdated',
  nothingToUndo: 'automation.reason.nothingToUndo',
  settings: 'automation.reason.settings',
  crm: 'automation.reason.crm',
  notConnected: 'automation.reason.notConnected',
  mailchimp: 'automation.reason.mailchimp',
};

/** A failure the background wrote down ("rateLimited · 429 · PATCH …") in the reader's language, its status and request after it. */
export const failureText = (t: Translate, recorded: string, service: Service) => causeText(recordedFailureCause(recorded, service), t);

/** Why a button did nothing, in one line. */
export function replyText(t: Translate, locale: Locale, reply: AutomationReply): string {
  // Stored rules that cannot be read: where and what, in the reader's words (zod's own after them).
  if (reply.reason === 'settings' && reply.cause) return t('automation.reason.settings', { detail: causeText(reply.cause, t, locale) });
  const key = REASONS[reply.reason ?? ''] ?? 'automation.reason.other';
  // What the CRM or Mailchimp answered is said in words.
  const service: Service | null = reply.reason === 'crm' ? 'crm' : reply.reason === 'mailchimp' ? 'mailchimp' : null;
  const detail = reply.detail && service ? failureText(t, reply.detail, service) : (reply.detail ?? reply.reason ?? '');
  return t(key, { detail, at: reply.syncedAt ? formatMoment(locale, reply.syncedAt) : '' });
}

/** Why rules about to be saved do not pass: the place and what is wrong there, in the reader's words. */
export const draftProblemText = (t: Translate, locale: Locale, problem: Cause): string =>
  problem.kind === 'storedSettings' ? detailText({ detail: problem.technical ?? '', note: problem.note }, t, locale) : causeText(problem, t, locale);
