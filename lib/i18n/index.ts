import type { Locale } from '../model/settings.schema';
import { CATALOG } from './catalog';

type Catalog = (typeof CATALOG)[number];
type KeysOf<M> = M extends { en: infer E } ? keyof E & string : never;
export type MessageKey = KeysOf<Catalog>;
export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const LOCALE_LIST: readonly Locale[] = ['en', 'sv', 'nb', 'nl', 'it'];

function merge(locale: Locale): Messages {
  return Object.assign({}, ...CATALOG.map((feature) => feature[locale])) as Messages;
}

export const MESSAGES = Object.fromEntries(LOCALE_LIST.map((locale) => [locale, merge(locale)])) as Record<Locale, Messages>;
export const ENGLISH: Messages = MESSAGES.en;

/** The setting if set, else the browser's first supported language (Norwegian variants → Bokmål). */
export function resolveLocale(setting: string | undefined, languages: readonly string[]): Locale {
  if (setting && setting !== 'auto' && (LOCALE_LIST as readonly string[]).includes(setting)) return setting as Locale;
  for (const language of languages) {
    const base = language.toLowerCase().split(/[-_]/)[0] ?? '';
    if (base === 'no' || base === 'nn' || base === 'nb') return 'nb';
    if ((LOCALE_LIST as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ENGLISH, key);
}

/** `{name}` placeholders are filled as text; the result is only ever rendered as a text node. */
export function createTranslator(locale: Locale): Translate {
  const messages = MESSAGES[locale];
  return (key, params) => {
    const template = messages[key] ?? ENGLISH[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (match, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match));
  };
}
