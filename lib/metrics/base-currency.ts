import type { Settings } from '../model/settings.schema';
import type { CrmCurrency } from './currency';

// Where the team's base currency comes from, in order of who knows best: the manager's own choice,
// then the CRM's company currency (read by a team sync), then the browser's locale when the extension
// is installed, then EUR. A source only replaces the base when nothing better chose it.

/** Region (ISO 3166) → its currency, for the regions our users are in; euro regions share EUR. */
const REGION_CURRENCY: Readonly<Record<string, string>> = {
  SE: 'SEK', NO: 'NOK', DK: 'DKK', IS: 'ISK', CH: 'CHF', LI: 'CHF', GB: 'GBP', US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD',
  PL: 'PLN', CZ: 'CZK', HU: 'HUF', RO: 'RON', BG: 'BGN', JP: 'JPY', CN: 'CNY', IN: 'INR', BR: 'BRL', MX: 'MXN', ZA: 'ZAR',
  SG: 'SGD', HK: 'HKD', KR: 'KRW', TR: 'TRY', IL: 'ILS', AE: 'AED', SA: 'SAR',
  ...Object.fromEntries(['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'].map((r) => [r, 'EUR'])),
};

/** A language whose speakers mostly pay in one currency (a tag without region: "sv", "nb"). */
const LANGUAGE_CURRENCY: Readonly<Record<string, string>> = {
  sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK', da: 'DKK', is: 'ISK', pl: 'PLN', cs: 'CZK', hu: 'HUF', ro: 'RON', bg: 'BGN', ja: 'JPY',
  nl: 'EUR', it: 'EUR', fi: 'EUR', et: 'EUR', lv: 'EUR', lt: 'EUR', sk: 'EUR', sl: 'EUR', el: 'EUR', ga: 'EUR', mt: 'EUR',
};

/**
 * The currency of the first of the browser's languages that names one: its region first
 * ("en-US" → USD, "de-AT" → EUR), else its language ("sv" → SEK); null when none does ("en").
 */
export function currencyOfLocales(languages: readonly string[]): string | null {
  for (const tag of languages) {
    const parts = tag.trim().replace(/_/g, '-').split('-');
    const language = (parts[0] ?? '').toLowerCase();
    const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$/.test(p))?.toUpperCase();
    if (region && Object.hasOwn(REGION_CURRENCY, region)) return REGION_CURRENCY[region]!;
    if (Object.hasOwn(LANGUAGE_CURRENCY, language)) return LANGUAGE_CURRENCY[language]!;
  }
  return null;
}

/** The settings with the base from the browser's locale, when nothing has chosen it yet; else unchanged. */
export function baseFromLocale(settings: Settings, languages: readonly string[]): Settings {
  if (settings.baseCurrencyFrom !== 'default') return settings;
  const code = currencyOfLocales(languages);
  return code ? { ...settings, baseCurrency: code, baseCurrencyFrom: 'locale' } : settings;
}

/**
 * The settings with what a team sync read of the CRM's money: its rates are always kept (the figures
 * use them), its company currency becomes the base unless the manager chose one.
 */
export function baseFromCrm(settings: Settings, crm: CrmCurrency): Settings {
  const kept = { ...settings, crmCurrency: { crm: crm.crm, company: crm.company, rates: { ...crm.rates }, readAt: crm.readAt } };
  return settings.baseCurrencyFrom === 'manager' ? kept : { ...kept, baseCurrency: crm.company, baseCurrencyFrom: 'crm' };
}
