import type { Locale } from '../model/settings.schema';
import { en, type MessageKey, type Messages } from './locales/en';
import { it } from './locales/it';
import { nb } from './locales/nb';
import { nl } from './locales/nl';
import { sv } from './locales/sv';

export type { MessageKey };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export const MESSAGES: Record<Locale, Messages> = { en, sv, nb, nl, it };

/** The setting if set, else the browser's first supported language (Norwegian variants → Bokmål). */
export function resolveLocale(setting: string | undefined, languages: readonly string[]): Locale {
  if (setting && setting !== 'auto' && setting in MESSAGES) return setting as Locale;
  for (const language of languages) {
    const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
    if (base === 'no' || base === 'nn' || base === 'nb') return 'nb';
    if (base in MESSAGES) return base as Locale;
  }
  return 'en';
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** `{name}` placeholders are filled as text; the result is only ever rendered as a text node. */
export function createTranslator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, params) => {
    const template = messages[key] ?? en[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  };
}
