import type { Locale } from '../model/settings.schema';

/**
 * One feature's messages in every language. English defines the keys; the type system makes every
 * other language list exactly the same keys, so a missing translation fails the type check.
 */
export function defineMessages<const E extends Record<string, string>>(
  messages: { en: E } & { [L in Exclude<Locale, 'en'>]: { [K in keyof E]: string } },
): { [L in Locale]: { [K in keyof E]: string } } {
  return messages;
}
