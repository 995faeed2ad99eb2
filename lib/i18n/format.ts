import type { Locale } from '../model/settings.schema';

// Numbers and dates in the reader's language. Intl only — no browser APIs beyond the language.

const LOCALE_TAGS: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', nb: 'nb-NO', nl: 'nl-NL', it: 'it-IT' };

// Making a formatter costs far more than formatting (a team table of 200 reps formats thousands of
// figures): each one is made once per language and options, then reused.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(tag: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${tag} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(tag, options)));
  return format;
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatMoney(value: number, currency: string | null, locale: Locale): string {
  const tag = LOCALE_TAGS[locale];
  if (!currency) return numberFormat(tag, { maximumFractionDigits: 2 }).format(value);
  try {
    return numberFormat(tag, { style: 'currency', currency, maximumFractionDigits: value % 1 === 0 ? 0 : 2 }).format(value);
  } catch {
    return `${numberFormat(tag).format(value)} ${currency}`;
  }
}

/** Money in few characters for a chart's axis ("€4M", "4 mn kr"); tables beside the chart give the exact value. */
export function formatMoneyCompact(value: number, currency: string | null, locale: Locale): string {
  const tag = LOCALE_TAGS[locale];
  const compact = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 } as const;
  if (!currency) return numberFormat(tag, compact).format(value);
  try {
    return numberFormat(tag, { style: 'currency', currency, ...compact }).format(value);
  } catch {
    return `${numberFormat(tag, compact).format(value)} ${currency}`;
  }
}

/** `YYYY-MM-DD` or an ISO instant → a short date in the reader's language (UTC calendar day). */
export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  const tag = LOCALE_TAGS[locale];
  let format = dateFormats.get(tag);
  if (!format) dateFormats.set(tag, (format = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })));
  return format.format(date);
}

export function formatPercent(ratio: number, locale: Locale): string {
  return numberFormat(LOCALE_TAGS[locale], { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** The ordinal category of `n` in the language (en: 1st one, 2nd two, 3rd few, 4th other; see messages/rewards.ts). */
export function ordinalCategory(n: number, locale: Locale): 'one' | 'two' | 'few' | 'many' | 'other' {
  const category = new Intl.PluralRules(LOCALE_TAGS[locale], { type: 'ordinal' }).select(n);
  return category === 'zero' ? 'other' : category;
}

/** A size in the reader's language: bytes below a kilobyte, else kB or MB with one decimal (1 kB = 1024 bytes). */
export function formatBytes(bytes: number, locale: Locale): string {
  const tag = LOCALE_TAGS[locale];
  const [unit, value] = bytes >= 1024 * 1024 ? (['megabyte', bytes / (1024 * 1024)] as const) : bytes >= 1024 ? (['kilobyte', bytes / 1024] as const) : (['byte', bytes] as const);
  return numberFormat(tag, { style: 'unit', unit, unitDisplay: unit === 'byte' ? 'long' : 'short', minimumFractionDigits: unit === 'byte' ? 0 : 1, maximumFractionDigits: unit === 'byte' ? 0 : 1 }).format(value);
}

/** A count in the reader's language (1 000 000, 1.000.000, 1’000’000…). */
export function formatCount(value: number, locale: Locale): string {
  return numberFormat(LOCALE_TAGS[locale], { maximumFractionDigits: 2 }).format(value);
}
