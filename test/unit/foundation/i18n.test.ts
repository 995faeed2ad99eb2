import { describe, expect, it } from 'vitest';
import { createTranslator, ENGLISH as en, MESSAGES, resolveLocale } from '@/lib/i18n';
import { CATALOG } from '@/lib/i18n/catalog';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it.each(Object.keys(MESSAGES))('%s has every English key, non-empty, with the same placeholders', (locale) => {
    const messages = MESSAGES[locale as keyof typeof MESSAGES];
    for (const [key, english] of Object.entries(en)) {
      const text = messages[key as keyof typeof en];
      expect(text, key).toBeTruthy();
      expect(placeholders(text), key).toEqual(placeholders(english));
    }
    expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
  });

  it('no two features define the same key', () => {
    const seen = new Map<string, number>();
    CATALOG.forEach((feature, index) => {
      for (const key of Object.keys(feature.en)) {
        expect(seen.has(key), `${key} is defined twice`).toBe(false);
        seen.set(key, index);
      }
    });
  });

  it('follows the browser language, Norwegian variants included', () => {
    expect(resolveLocale('auto', ['sv-SE', 'en'])).toBe('sv');
    expect(resolveLocale('auto', ['nn-NO'])).toBe('nb');
    expect(resolveLocale('auto', ['no'])).toBe('nb');
    expect(resolveLocale('auto', ['fr-FR', 'it-IT'])).toBe('it');
    expect(resolveLocale('auto', ['fr-FR'])).toBe('en');
    expect(resolveLocale('nl', ['sv-SE'])).toBe('nl');
  });

  it('fills placeholders as text', () => {
    const t = createTranslator('en');
    expect(t('state.notDeal.where', { hosts: '<b>x</b>' })).toBe('Supported: <b>x</b>');
  });
});

describe('sentences naming an activity type agree with its gender', () => {
  it.each([
    ['en', 'criterion.activity.email', 'An email logged in this stage'],
    ['sv', 'task.byEvidence.call', 'bockad av ett loggat samtal'],
    ['sv', 'task.byEvidence.proposal', 'bockad av en loggad offert'],
    ['nb', 'task.byEvidence.meeting', 'krysset av ved et logget møte'],
    ['nl', 'task.byEvidence.call', 'afgevinkt door een gelogd gesprek'],
    ['nl', 'task.byEvidence.email', 'afgevinkt door een gelogde e-mail'],
    ['it', 'criterion.activity.email', 'Un’email registrata in questa fase'],
  ] as const)('%s %s: “%s”', (locale, key, sentence) => {
    expect(createTranslator(locale)(key)).toBe(sentence);
  });

  it('no message puts an activity type into a sentence through a placeholder after an article', () => {
    for (const [locale, messages] of Object.entries(MESSAGES)) {
      for (const [key, message] of Object.entries(messages)) {
        expect(message, `${locale} ${key}`).not.toMatch(/\b(?:a|an|en|ett|et|een|un|una|un’|un')\s+(?:\p{L}+\s+)?\{type\}/iu);
      }
    }
  });
});
