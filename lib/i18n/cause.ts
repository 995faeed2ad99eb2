import type { z } from 'zod';
import type { DetailNote } from '../model/detail-note';
import { issueNote } from '../model/issue-note';
import type { Locale } from '../model/settings.schema';
import { detailText } from './detail-text';
import type { MessageKey, Translate } from './index';

// Why something failed, as data: a kind and its values, said in the reader's language where it is
// shown. The raw technical text (an HTTP status and request, an exception's name) travels beside
// the kind and is shown only after the sentence, for support, never as the sentence.

/** What a CRM's or Mailchimp's API answered (the kinds of lib/crm/api/types.ts). */
export const SERVICE_FAILURES = ['unauthorized', 'forbidden', 'rateLimited', 'notFound', 'network', 'timeout', 'malformed', 'notConnected', 'noConsent'] as const;
export type ServiceFailure = (typeof SERVICE_FAILURES)[number];
/** Which service: a CRM, Mailchimp, or "the CRM" where the view does not know which. */
export type Service = 'pipedrive' | 'hubspot' | 'salesforce' | 'mailchimp' | 'crm';

/** Storage (IndexedDB, extension storage): full, closed, blocked by another page's upgrade, a transaction broken off, anything else. */
export type StorageFailure = 'full' | 'closed' | 'blocked' | 'transaction' | 'other';

/** Stored settings of the automation: the lead assignment rules, or Mailchimp's e-mail lists by stage. */
export type StoredSettings = 'assignment' | 'mailchimp';

export type Cause = (
  | { kind: 'service'; failure: ServiceFailure; service: Service }
  | { kind: 'storage'; failure: StorageFailure }
  /** A CRM refused to create the tasks that carry shared checklist ticks (no permission). */
  | { kind: 'taskPermission'; service: Service }
  /** Stored automation settings fail their schema: what is wrong where, as a note (the schema's own words are the technical detail). */
  | { kind: 'storedSettings'; settings: StoredSettings; note: DetailNote }
  /** The extension's background did not answer (it was restarting, or the page outlived an update). */
  | { kind: 'noAnswer' }
  /** The browser would not copy to the clipboard. */
  | { kind: 'clipboard' }
  | { kind: 'unexpected' }
) & {
  /** For support: "429 · PATCH /crm/v3/objects/deals/1", "ConstraintError". */
  technical?: string;
};

const SERVICE_NAME_KEYS = { pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot', salesforce: 'crm.salesforce', mailchimp: 'cause.mailchimp', crm: 'cause.theCrm' } as const satisfies Record<Service, MessageKey>;

/** The kinds of data a connection sends, as Firefox's consent names them (lib/extension/data-collection.ts). */
export const consentKindsKey = (service: Service): MessageKey => (service === 'mailchimp' ? 'cause.consent.mailchimpKinds' : 'cause.consent.crmKinds');

function sentence(cause: Cause, t: Translate, locale: Locale): string {
  switch (cause.kind) {
    case 'service':
      // {kinds}: what a withdrawn Firefox consent must allow again for this service (noConsent).
      return t(`cause.service.${cause.failure}` satisfies MessageKey, { service: t(SERVICE_NAME_KEYS[cause.service]), kinds: t(consentKindsKey(cause.service)) });
    case 'storage':
      return t(`cause.storage.${cause.failure}` satisfies MessageKey);
    case 'taskPermission':
      return t('cause.taskPermission', { service: t(SERVICE_NAME_KEYS[cause.service]) });
    case 'storedSettings':
      return t(`cause.storedSettings.${cause.settings}` satisfies MessageKey, { problem: detailText({ detail: '', note: cause.note }, t, locale) });
    case 'noAnswer':
      return t('cause.noAnswer');
    case 'clipboard':
      return t('cause.clipboard');
    case 'unexpected':
      return t('cause.unexpected');
  }
}

/**
 * "HubSpot asked to slow down (technical detail: 429 · PATCH /crm/v3/objects/deals/1)". The
 * locale writes the numbers inside a note (a limit of 1 000 characters) the reader's way.
 */
export function causeText(cause: Cause, t: Translate, locale: Locale = 'en'): string {
  const text = sentence(cause, t, locale);
  return cause.technical ? t('cause.withTechnical', { text, technical: cause.technical.slice(0, 200) }) : text;
}

const SERVICES: readonly string[] = ['pipedrive', 'hubspot', 'salesforce', 'mailchimp'];
/** A stored CRM id as a service ("the CRM" when it is none of ours). */
export const serviceOf = (id: string | null | undefined): Service => (id && SERVICES.includes(id) ? (id as Service) : 'crm');

const isServiceFailure = (kind: string): kind is ServiceFailure => (SERVICE_FAILURES as readonly string[]).includes(kind);

/**
 * A failure written down as "kind · status · request · detail" (lib/automation/apply.ts's
 * describeFailure): the kind becomes the sentence, the rest the technical detail. Anything else
 * is unexpected, kept as its technical detail.
 */
export function recordedFailureCause(recorded: string, service: Service): Cause {
  const [kind = '', ...rest] = recorded.split(' · ');
  if (isServiceFailure(kind)) return { kind: 'service', failure: kind, service, ...(rest.length && { technical: rest.join(' · ') }) };
  return { kind: 'unexpected', technical: recorded };
}

/** Stored settings that fail their schema: the first issue as a note, zod's own words as the technical detail. */
export function storedSettingsCause(settings: StoredSettings, error: z.ZodError, raw: unknown): Cause {
  const issue = error.issues[0];
  if (!issue) return { kind: 'unexpected' };
  return { kind: 'storedSettings', settings, note: issueNote(issue, raw), technical: issue.message };
}
