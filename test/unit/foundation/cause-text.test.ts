import { describe, expect, it } from 'vitest';
import { createTranslator } from '@/lib/i18n';
import { causeText, recordedFailureCause, SERVICE_FAILURES, storedSettingsCause, type Cause } from '@/lib/i18n/cause';
import { assignmentSettingsSchema } from '@/lib/automation/rules';
import { mailchimpSettingsSchema } from '@/lib/mailchimp/rules';
import { CRM_API_FAILURE_KINDS } from '@/lib/crm/api/types';
import { failureCause, storageCause, storageFailureText } from '@/lib/db/errors';
import type { Locale } from '@/lib/model/settings.schema';

// Why something failed, said in the reader's language: every kind in every language, the
// exception's or the API's own text only after the sentence, in brackets.

const rule = (ownerId: string) => ({ id: ownerId.slice(0, 8), name: 'Rule', when: {}, assign: { kind: 'owner', ownerId } });
const LOCALES: Locale[] = ['en', 'sv', 'nb', 'nl', 'it'];
const EVERY_CAUSE: Cause[] = [
  ...SERVICE_FAILURES.map((failure): Cause => ({ kind: 'service', failure, service: 'hubspot' })),
  ...(['full', 'closed', 'blocked', 'transaction', 'other'] as const).map((failure): Cause => ({ kind: 'storage', failure })),
  { kind: 'taskPermission', service: 'salesforce' },
  { kind: 'storedSettings', settings: 'assignment', note: { id: 'emptyText', at: 'rules[2].assign.ownerId' } },
  { kind: 'storedSettings', settings: 'mailchimp', note: { id: 'noTagsToRemove', at: 'rules' } },
  { kind: 'noAnswer' },
  { kind: 'clipboard' },
  { kind: 'unexpected' },
];
const say = (cause: Cause, locale: Locale) => causeText(cause, createTranslator(locale), locale);

describe('every cause in every language', () => {
  it('the CRM API’s failure kinds are all causes', () => {
    expect([...SERVICE_FAILURES].sort()).toEqual([...CRM_API_FAILURE_KINDS].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s: its own words for each kind, none the English one, no placeholder left', (locale) => {
    const texts = EVERY_CAUSE.map((cause) => say(cause, locale));
    texts.forEach((text, i) => {
      expect(text, JSON.stringify(EVERY_CAUSE[i])).not.toBe(say(EVERY_CAUSE[i]!, 'en'));
      expect(text).not.toMatch(/[{}]/);
    });
    expect(new Set(texts).size).toBe(texts.length); // each kind says something of its own
  });

  it.each([
    ['en', 'HubSpot asked Stagecraft to slow down (technical detail: 429 · PATCH /crm/v3/objects/deals/1)'],
    ['sv', 'HubSpot bad Stagecraft att sakta ner (teknisk detalj: 429 · PATCH /crm/v3/objects/deals/1)'],
    ['nb', 'HubSpot ba Stagecraft om å sette ned farten (teknisk detalj: 429 · PATCH /crm/v3/objects/deals/1)'],
    ['nl', 'HubSpot vroeg Stagecraft het rustiger aan te doen (technisch detail: 429 · PATCH /crm/v3/objects/deals/1)'],
    ['it', 'HubSpot ha chiesto a Stagecraft di rallentare (dettaglio tecnico: 429 · PATCH /crm/v3/objects/deals/1)'],
  ] as const)('a recorded API failure, %s: the sentence, then its status and request', (locale, expected) => {
    expect(say(recordedFailureCause('rateLimited · 429 · PATCH /crm/v3/objects/deals/1', 'hubspot'), locale)).toBe(expected);
  });

  it('Mailchimp, and "the CRM" where a view does not know which', () => {
    expect(say(recordedFailureCause('unauthorized · 401 · GET /3.0/lists', 'mailchimp'), 'nl')).toBe('Mailchimp accepteerde het token of de sessie niet (technisch detail: 401 · GET /3.0/lists)');
    expect(say(recordedFailureCause('network', 'crm'), 'sv')).toBe('CRM-systemet gick inte att nå');
    // Not a recorded failure: kept whole, as the technical detail of an unexpected failure.
    expect(say(recordedFailureCause('something odd', 'crm'), 'it')).toBe('qualcosa di inatteso è andato storto (dettaglio tecnico: something odd)');
  });
});

describe('the two sentences that carried English in brackets', () => {
  it.each([
    ['en', 'Salesforce does not allow this account to create tasks (technical detail: 403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id)'],
    ['sv', 'Salesforce tillåter inte att det här kontot skapar uppgifter (teknisk detalj: 403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id)'],
    ['nb', 'Salesforce tillater ikke at denne kontoen oppretter oppgaver (teknisk detalj: 403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id)'],
    ['nl', 'Salesforce staat niet toe dat dit account taken aanmaakt (technisch detail: 403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id)'],
    ['it', 'Salesforce non consente a questo account di creare attività (dettaglio tecnico: 403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id)'],
  ] as const)('shared ticks a CRM refused, %s: the reader’s words, the CRM’s own only after them', (locale, expected) => {
    expect(say({ kind: 'taskPermission', service: 'salesforce', technical: '403 · INSUFFICIENT_ACCESS: insufficient access rights on cross-reference id' }, locale)).toBe(expected);
  });

  it.each([
    ['en', 'the stored lead assignment rules cannot be read — rules[2].assign.ownerId: must have at most 80 characters (technical detail: Too big: expected string to have <=80 characters)'],
    ['sv', 'de sparade reglerna för fördelning av leads går inte att läsa — rules[2].assign.ownerId: får ha högst 80 tecken (teknisk detalj: Too big: expected string to have <=80 characters)'],
  ] as const)('stored rules that fail their schema, %s: where and what in the reader’s words, zod’s own only after them', (locale, expected) => {
    const cause = storedSettingsCause('assignment', assignmentSettingsSchema.safeParse({ rules: [rule('a'), rule('b'), rule('x'.repeat(81))] }).error!, { rules: [rule('a'), rule('b'), rule('x'.repeat(81))] });
    expect(say(cause, locale)).toBe(expected);
  });

  it('Mailchimp’s rule without a tag to take off is named in every language', () => {
    const raw = { rules: [{ id: 'r', stage: 's', listId: 'l', action: 'removeTags', tags: [] }] };
    const cause = storedSettingsCause('mailchimp', mailchimpSettingsSchema.safeParse(raw).error!, raw);
    expect(say(cause, 'nl')).toBe('de opgeslagen regels voor e-maillijsten per fase zijn niet te lezen — rules: een regel die tags verwijdert moet minstens één tag noemen (technisch detail: a rule that removes tags names at least one tag)');
  });
});

describe('what a storage or messaging exception means', () => {
  const dexie = (name: string, inner?: unknown) => Object.assign(new Error(`${name} from Dexie`), { name, ...(inner !== undefined && { inner }) });

  it.each([
    ['IndexedDB’s quota, wrapped by Dexie', dexie('AbortError', dexie('QuotaExceededError')), { kind: 'storage', failure: 'full' }],
    ['extension storage’s quota', new Error('QUOTA_BYTES quota exceeded'), { kind: 'storage', failure: 'full' }],
    ['a closed database', dexie('DatabaseClosedError'), { kind: 'storage', failure: 'closed' }],
    ['an upgrade blocked by another page', dexie('OpenFailedError', dexie('VersionError')), { kind: 'storage', failure: 'blocked', technical: 'OpenFailedError / VersionError: OpenFailedError from Dexie' }],
    ['a transaction broken off', dexie('TransactionInactiveError'), { kind: 'storage', failure: 'transaction', technical: 'TransactionInactiveError: TransactionInactiveError from Dexie' }],
    ['a constraint', dexie('ConstraintError'), { kind: 'storage', failure: 'other', technical: 'ConstraintError: ConstraintError from Dexie' }],
    ['a background that is gone', new Error('Could not establish connection. Receiving end does not exist.'), { kind: 'noAnswer', technical: 'Could not establish connection. Receiving end does not exist.' }],
    ['anything else', new TypeError('x is undefined'), { kind: 'unexpected', technical: 'TypeError: x is undefined' }],
  ] as const)('%s', (_, error, cause) => {
    expect(failureCause(error)).toEqual(cause);
  });

  it('a failed save in Swedish: the kind’s own sentence, the exception’s name after the reason', () => {
    const t = createTranslator('sv');
    expect(storageFailureText(t, dexie('QuotaExceededError'))).toBe('Webbläsarens lagring är full, så ändringen sparades inte. Allt som sparats tidigare finns kvar. Frigör diskutrymme eller ta bort gammal data i inställningarna och försök igen.');
    expect(storageFailureText(t, dexie('TransactionInactiveError'))).toBe('Ändringen kunde inte sparas: webbläsaren avbröt sparandet, så inget av det behölls (teknisk detalj: TransactionInactiveError: TransactionInactiveError from Dexie). Allt som sparats tidigare finns kvar.');
    expect(storageCause(new Error('plain'))).toEqual({ kind: 'storage', failure: 'other', technical: 'plain' });
  });
});
