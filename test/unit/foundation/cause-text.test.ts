import { describe, expect, it } from 'vitest';
import { createTranslator } from '@/lib/i18n';
import { causeText, recordedFailureCause, SERVICE_FAILURES, type Cause } from '@/lib/i18n/cause';
import { CRM_API_FAILURE_KINDS } from '@/lib/crm/api/types';
import { failureCause, storageCause, storageFailureText } from '@/lib/db/errors';
import type { Locale } from '@/lib/model/settings.schema';

// Why something failed, said in the reader's language: every kind in every language, the
// exception's or the API's own text only after the sentence, in brackets.

const LOCALES: Locale[] = ['en', 'sv', 'nb', 'nl', 'it'];
const EVERY_CAUSE: Cause[] = [
  ...SERVICE_FAILURES.map((failure): Cause => ({ kind: 'service', failure, service: 'hubspot' })),
  ...(['full', 'closed', 'blocked', 'transaction', 'other'] as const).map((failure): Cause => ({ kind: 'storage', failure })),
  { kind: 'noAnswer' },
  { kind: 'clipboard' },
  { kind: 'unexpected' },
];
const say = (cause: Cause, locale: Locale) => causeText(cause, createTranslator(locale));

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
