// Locale-aware parsing of what CRM pages display: money amounts and dates.
// Pure functions, no DOM, no globals. `lang` is the page's <html lang> (e.g. "sv", "en-US", "de-DE").
// A value that cannot be read with confidence is null, never a guess.

import { MONTHS } from './labels';

export interface Money {
  value: number;
  /** ISO 4217 code, or null when the page shows no code and no unambiguous symbol. */
  currency: string | null;
}

/** "Spaces" CRMs use as thousands separators or between amount and currency: NBSP, narrow NBSP, thin spaces. */
const SPACES = /[\s\u00a0\u2007\u2009\u202f]+/g;

const norm = (s: string) => s.replace(SPACES, ' ').trim();

/** The primary language subtag, lowercase: "nb-NO" → "nb". */
export const langOf = (lang: string | null | undefined) => (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';

/** Unambiguous currency symbols. `$` counts as USD (the contract says so); `¥` is JPY or CNY, so it is not here. */
const SYMBOLS: Record<string, string> = {
  '€': 'EUR', '£': 'GBP', '$': 'USD', 'us$': 'USD', 'usd$': 'USD', 'c$': 'CAD', 'ca$': 'CAD', 'a$': 'AUD', 'au$': 'AUD',
  'nz$': 'NZD', 'hk$': 'HKD', 's$': 'SGD', 'r$': 'BRL', 'mx$': 'MXN', '₹': 'INR', '₩': 'KRW', '₪': 'ILS', '₺': 'TRY',
  'zł': 'PLN', 'kč': 'CZK', 'ft': 'HUF', 'chf': 'CHF', 'fr.': 'CHF',
};

/** `kr` / `kr.` / `:-` (Swedish) name a crown; which one only the page language tells. */
const CROWNS: Record<string, string> = { sv: 'SEK', nb: 'NOK', nn: 'NOK', no: 'NOK', da: 'DKK' };

function currencyOf(token: string, lang: string): string | null {
  const t = token.trim();
  if (/^[A-Z]{3}$/.test(t)) return t;
  const low = t.toLowerCase();
  if (low === 'kr' || low === 'kr.' || low === ':-') return CROWNS[langOf(lang)] ?? null;
  return SYMBOLS[low] ?? null;
}

// A number as displayed: digits with ".", ",", space or apostrophe separators (Swiss 1'250'000.50).
// A space inside the number only counts when it groups thousands (three digits follow).
const NUMBER = /\d(?:[\d.,'’]|\s(?=\d{3}(?!\d)))*/;
// A currency marker: ISO code, symbol, or crown abbreviation.
const MARK = /(?:[A-Z]{3}|[A-Za-z]{1,3}\$|[€£$₹₩₪₺]|zł|Kč|[Kk]r\.?|Fr\.|Ft|:-)/;
const BEFORE = new RegExp(`(?:^|[^A-Za-z])(${MARK.source})\\s*(-|−)?\\s*$`);
const AFTER = new RegExp(`^\\s*(${MARK.source})(?![A-Za-z])`);

/** Turns the digits-and-separators part of an amount into a number; null when it is not a number. */
export function parseNumber(raw: string): number | null {
  let s = raw.replace(/[\s'’\u00a0\u202f]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the one that comes last is the decimal separator.
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    s = s.split(thou).join('');
    if (s.indexOf(dec) !== s.lastIndexOf(dec)) return null;
    s = s.replace(dec, '.');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    const tail = parts[parts.length - 1] ?? '';
    // Several separators, or exactly three digits after a single one (and a non-zero integer part):
    // a thousands separator ("12,000", "12.000"). Otherwise a decimal separator ("12,5", "1250000,50").
    if (parts.length > 2 || (tail.length === 3 && parts[0] !== '0')) {
      // Groups of three, or Indian lakh/crore grouping (4,50,000 / 1,25,00,000).
      const groups = parts.slice(1);
      const indian = tail.length === 3 && groups.slice(0, -1).every((p) => p.length === 2);
      if (!groups.every((p) => p.length === 3) && !indian) return null;
      s = parts.join('');
    } else s = parts.join('.');
  }
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * Reads the first amount in `text`: "SEK 1 250 000,50" → 1250000.5 SEK, "12.500,00 €" → 12500 EUR,
 * "$12,000.00" → 12000 USD, "kr 12 000" → 12000 and the crown of the page language.
 * Abbreviated amounts ("$24K", "1,2 M €") are scaled. Null when there is no amount.
 */
export function parseMoney(text: string | null | undefined, lang?: string | null): Money | null {
  if (!text) return null;
  const s = norm(text);
  const m = NUMBER.exec(s);
  if (!m) return null;
  let raw = m[0].replace(/[.,\s]+$/, '');
  let value = parseNumber(raw);
  if (value === null) return null;
  const before = s.slice(0, m.index);
  let after = s.slice(m.index + raw.length);
  const scale = /^\s?([kKmMbB]|Mn|Mio\.?|Md|Mrd\.?|mn)(?![A-Za-zäöå])/.exec(after);
  if (scale) {
    const u = (scale[1] ?? '').toLowerCase();
    value *= u === 'k' ? 1e3 : u.startsWith('b') || u.startsWith('md') || u.startsWith('mrd') ? 1e9 : 1e6;
    after = after.slice(scale[0].length);
  }
  const pre = BEFORE.exec(before);
  const post = AFTER.exec(after);
  const negative = /(?:^|[\s(])[-−]\s*(?:\S{1,3}\s*)?$/.test(before) || !!pre?.[2];
  const currency = (pre && currencyOf(pre[1] ?? '', lang ?? '')) || (post && currencyOf(post[1] ?? '', lang ?? '')) || null;
  value = Math.round(value * 1e6) / 1e6;
  return { value: negative ? -value : value, currency };
}

/** Day/month order for all-numeric dates. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

/** Languages whose numeric dates put the month first (en-US and plain "en", the US-English default of these CRMs). */
function orderOf(lang: string | null | undefined): DateOrder | null {
  const l = (lang ?? '').trim().toLowerCase().replace('_', '-');
  if (!l) return null;
  if (l === 'en' || l === 'en-us' || l === 'en-ph' || l === 'es-us') return 'mdy';
  if (/^(zh|ja|ko|hu|lt)\b/.test(l)) return 'ymd'; // year-first locales never write d/m/y
  return 'dmy';
}

/** Order hint from an input placeholder: "MM/DD/YYYY" → mdy, "TT.MM.JJJJ"/"JJ/MM/AAAA" → dmy, "YYYY-MM-DD" → ymd. */
export function orderFromPattern(pattern: string | null | undefined): DateOrder | null {
  const m = /^\s*([A-Za-zÀ-ÿ])\1*/.exec(pattern ?? '');
  if (!m) return null;
  if (m[0].trim().length === 4) return 'ymd';
  return /[Mm]/.test(m[1] ?? '') ? 'mdy' : 'dmy';
}

const pad = (n: number) => String(n).padStart(2, '0');

function iso(y: number, mo: number, d: number): string | null {
  if (y < 100) y += 2000;
  if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d > days ? null : `${y}-${pad(mo)}-${pad(d)}`;
}

const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** The month a word names in any of the supported languages (full name or an abbreviation of ≥3 letters), or 0. */
function monthOf(word: string): number {
  const w = fold(word).replace(/\.$/, '');
  if (w.length < 3) return 0;
  const exact = MONTHS.find(([name]) => name === w);
  if (exact) return exact[1];
  let found = 0;
  for (const [name, month] of MONTHS) {
    if (name === w || (name.startsWith(w) && w.length >= 3)) {
      if (found && found !== month) return 0; // "jui" could be June or July
      found = month;
    }
  }
  return found;
}

/**
 * Reads a displayed date as YYYY-MM-DD: "2027-03-31", "31.3.2027", "3/31/2027", "31/03/2027", "Mar 31, 2027",
 * "31 mars 2027", "31. März 2027", "31 de marzo de 2027". All-numeric dates whose order the numbers
 * don't settle use `order`, else the page language; without either they are null. A time after the date is ignored.
 */
export function parseDate(text: string | null | undefined, lang?: string | null, order?: DateOrder | null): string | null {
  if (!text) return null;
  const s = norm(text).replace(/\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\b\.?|\s*uhr\b)?/gi, ' ');
  let m = /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(s);
  if (m) return iso(+m[1]!, +m[2]!, +m[3]!);
  m = /(?<![\d.\/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\d.\/-]?\d)/.exec(s);
  if (m) {
    const a = +m[1]!, b = +m[3]!, y = +m[4]!;
    let o: DateOrder | null = a > 12 ? 'dmy' : b > 12 ? 'mdy' : m[2] === '.' ? 'dmy' : (order ?? orderOf(lang));
    if (a === b) o = 'dmy';
    if (o === 'mdy') return iso(y, a, b);
    if (o === 'dmy') return iso(y, b, a);
    return null; // ymd is not a numeric d/m/y form
  }
  // Dates with a month name: one month word, one day number, one 4-digit year, in any order.
  let month = 0, day = 0, year = 0;
  for (const tok of s.match(/[\p{L}]+\.?|\d+/gu) ?? []) {
    if (/^\d+$/.test(tok)) {
      const n = +tok;
      if (tok.length === 4 && !year) year = n;
      else if (tok.length <= 2 && !day) day = n;
      else return null;
    } else {
      const mo = monthOf(tok);
      if (mo) {
        if (month && month !== mo) return null;
        month = mo;
      }
    }
  }
  return month && day && year ? iso(year, month, day) : null;
}

/**
 * Whole calendar days from `date` (YYYY-MM-DD, as a page shows it) to `now`'s day in the user's time zone:
 * days = today − date; null for a date after today.
 */
export function wholeDaysSince(date: string, now: Date): number | null {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const days = Math.round((Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()) - Date.UTC(y, m - 1, d)) / (24 * 60 * 60 * 1000));
  return days >= 0 ? days : null;
}
