import { parseInstant } from '../metrics/history';
import { daysInMonth, digits } from '../metrics/dates';

// Cell values as CRM exports write them: dates in ISO or the user's locale, numbers with thousands
// separators and decimal commas, currency symbols or codes around amounts, yes/no flags in a few
// languages. Every parser is strict: anything it does not fully understand is null (a bad row),
// never a guess — "12,5k" is not a number and 31.02.2026 is not a date.

/** How a slash date `a/b/yyyy` is read: month first (US) or day first. Dotted dates are always day first. */
export type DateOrder = 'mdy' | 'dmy';
export type DecimalSeparator = '.' | ',';

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const TIME = String.raw`(?:,?[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?)?`;
const ISO_DAY = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\.?${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})${TIME}$`);
const DASHED = new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})${TIME}$`);
const ZONED = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

const fullYear = (text: string) => (text.length === 2 ? 2000 + Number(text) : Number(text));

function withTime(year: number, month: number, day: number, m: RegExpExecArray, timeAt: number): number | null {
  const [h, mi, s, ampm] = [m[timeAt], m[timeAt + 1], m[timeAt + 2], m[timeAt + 3]];
  let hour = h === undefined ? 0 : Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    const pm = ampm[0]!.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return utc(year, month, day, hour, mi === undefined ? 0 : Number(mi), s === undefined ? 0 : Number(s));
}

/**
 * Epoch ms of a date cell, or null. Understands `2026-03-01T14:05:00Z` (any ISO instant),
 * `2026-03-01`, `2026-03-01 14:05(:00)`, `01.03.2026 (14:05)`, `3/1/2026 (2:05 PM)` (by `order`; Salesforce
 * Lightning writes `3/1/2026, 2:05 PM`),
 * `01-03-2026`. A date and time without a zone is read as UTC (exports carry no zone).
 */
export function parseDateCell(raw: string, order: DateOrder): number | null {
  const text = raw.trim();
  if (text === '') return null;
  const plain = plainIsoDay(text);
  if (plain !== undefined) return plain;
  if (ZONED.test(text) && text.includes('T')) return parseInstant(text.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?),(\d+)/, '$1.$2'));
  let m = ISO_DAY.exec(text);
  if (m) return withTime(Number(m[1]), Number(m[2]), Number(m[3]), m, 4);
  m = DOTTED.exec(text) ?? DASHED.exec(text);
  if (m) return withTime(fullYear(m[3]!), Number(m[2]), Number(m[1]), m, 4);
  m = SLASHED.exec(text);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return order === 'mdy' ? withTime(fullYear(m[3]!), a, b, m, 4) : withTime(fullYear(m[3]!), b, a, m, 4);
  }
  return null;
}

/**
 * `2026-03-01`, `2026-03-01 14:05` or `2026-03-01 14:05:00` — most exports' cells — read without the
 * expressions of parseDateCell, to the same result; undefined for any other text.
 */
function plainIsoDay(text: string): number | null | undefined {
  const n = text.length;
  if ((n !== 10 && n !== 16 && n !== 19) || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (n === 10) return utc(year, month, day);
  if (text.charCodeAt(10) !== 32 || text.charCodeAt(13) !== 58 || (n === 19 && text.charCodeAt(16) !== 58)) return undefined;
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = n === 19 ? digits(text, 17, 2) : 0;
  if (hour < 0 || minute < 0 || second < 0) return undefined;
  return utc(year, month, day, hour, minute, second);
}

/** A slash date's vote for the order: a first part above 12 can only be a day, a second part above 12 only a day. */
export function dateOrderVote(cell: string): DateOrder | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\//.exec(cell);
  if (!m) return null;
  if (Number(m[1]) > 12) return 'dmy';
  if (Number(m[2]) > 12) return 'mdy';
  return null;
}

/** The order the votes of a sample of cells settle on; null when they tie (every date ≤ 12/12). */
export function dateOrderOfVotes(dmy: number, mdy: number): DateOrder | null {
  if (dmy === mdy) return null;
  return dmy > mdy ? 'dmy' : 'mdy';
}

/** Votes for the order of slash dates in a sample of cells (dateOrderVote); null when the sample cannot tell. */
export function detectDateOrder(cells: Iterable<string>): DateOrder | null {
  let dmy = 0;
  let mdy = 0;
  for (const cell of cells) {
    const vote = dateOrderVote(cell);
    if (vote === 'dmy') dmy++;
    else if (vote === 'mdy') mdy++;
  }
  return dateOrderOfVotes(dmy, mdy);
}

/** Whether a date cell reads differently month first and day first (only slash dates can). */
export function dateDependsOnOrder(cell: string): boolean {
  return cell.includes('/') && parseDateCell(cell, 'mdy') !== parseDateCell(cell, 'dmy');
}

const SPACES = /[\s\u00A0\u202F]+/g;
const CODE = /^[A-Z]{3}$/;
const SYMBOLS: Record<string, string | null> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '$': null, 'kr': null, 'kr.': null };

const PLAIN_POINT = /^\d+(?:\.\d+)?$/;
const PLAIN_COMMA = /^\d+(?:,\d+)?$/;

export interface ParsedAmount {
  value: number;
  /** An ISO 4217 code written with the amount ("EUR 1.200,00", "1 200 €"), else null. */
  currency: string | null;
}

/**
 * An amount: digits with an optional sign, thousands separators grouped by three (`,` `.` space
 * or `'`, whichever is not the decimal separator), at most one decimal separator, an optional
 * currency code or symbol before or after, accounting negatives `(500)`. Null when anything else
 * is in the cell.
 */
export function parseAmountCell(raw: string, decimal: DecimalSeparator): ParsedAmount | null {
  // Digits with at most one decimal separator, nothing else (most cells): what the steps below give.
  if ((decimal === '.' ? PLAIN_POINT : PLAIN_COMMA).test(raw)) {
    const value = Number(decimal === '.' ? raw : raw.replace(',', '.'));
    return Number.isFinite(value) ? { value, currency: null } : null;
  }
  let text = raw.replace(SPACES, ' ').trim();
  if (text === '') return null;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  let currency: string | null = null;
  const strip = (token: string) => {
    if (CODE.test(token)) return (currency = token), true;
    if (Object.hasOwn(SYMBOLS, token.toLowerCase())) return (currency = SYMBOLS[token.toLowerCase()] ?? null), true;
    return false;
  };
  const lead = /^([A-Z]{3}|[€£¥₹$])\s?(.*)$/.exec(text);
  const trail = /^(.*?)\s?([A-Z]{3}|[€£¥₹$]|kr\.?)$/i.exec(text);
  if (lead && strip(lead[1]!)) text = lead[2]!;
  else if (trail && strip(trail[2]!)) text = trail[1]!;
  if (text.startsWith('-') && !negative) {
    negative = true;
    text = text.slice(1);
  }
  const value = parseNumberText(text.trim(), decimal);
  if (value === null) return null;
  return { value: negative ? -value : value, currency };
}

/** A plain number with the given decimal separator (thousands grouping allowed, nothing else). */
export function parseNumberText(text: string, decimal: DecimalSeparator): number | null {
  if (text === '') return null;
  if (decimal === '.' && /^\d+(?:\.\d+)?[eE][+-]?\d+$/.test(text)) return Number(text);
  const parts = text.split(decimal);
  if (parts.length > 2) return null;
  const [whole, fraction] = [parts[0]!, parts[1]];
  if (fraction !== undefined && !/^\d+$/.test(fraction)) return null;
  let digits: string;
  if (/^\d*$/.test(whole)) digits = whole;
  else {
    const group = whole.replace(/\d/g, '')[0]!;
    const allowed = decimal === '.' ? [',', ' ', "'", '’'] : ['.', ' ', "'", '’'];
    if (!allowed.includes(group)) return null;
    const groups = whole.split(group);
    if (!/^\d{1,3}$/.test(groups[0]!) || !groups.slice(1).every((g) => /^\d{3}$/.test(g))) return null;
    digits = groups.join('');
  }
  if (digits === '' && fraction === undefined) return null;
  const value = Number(`${digits || '0'}${fraction === undefined ? '' : `.${fraction}`}`);
  return Number.isFinite(value) ? value : null;
}

/**
 * An amount's vote for the decimal separator: the last of `.` and `,` when a cell has both, a
 * separator followed by one, two or four+ digits at the end. Null when the cell cannot tell (a whole
 * number, or a `1,234`-like group).
 */
export function decimalVote(raw: string): DecimalSeparator | null {
  const cell = raw.replace(/[^\d.,]/g, '');
  const lastDot = cell.lastIndexOf('.');
  const lastComma = cell.lastIndexOf(',');
  if (lastDot !== -1 && lastComma !== -1) return lastDot > lastComma ? '.' : ',';
  const sep: DecimalSeparator | null = lastDot !== -1 ? '.' : lastComma !== -1 ? ',' : null;
  if (!sep) return null;
  const parts = cell.split(sep);
  const lead = parts[0]!;
  const after = parts[parts.length - 1]!;
  if (parts.length > 2) return sep === '.' ? ',' : '.'; // "1.234.567": grouping, so the other is the decimal
  if (after.length !== 3 || lead === '0' || lead.length > 3) return sep; // "12,5", "0,125", "1234,567"
  return null; // "1,234" could be either
}

/** The separator the votes of a sample of amounts settle on; null when they tie. */
export function decimalOfVotes(comma: number, dot: number): DecimalSeparator | null {
  if (comma === dot) return null;
  return comma > dot ? ',' : '.';
}

/** Votes for the decimal separator of a sample of amounts (decimalVote); null when the sample cannot tell. */
export function detectDecimal(cells: Iterable<string>): DecimalSeparator | null {
  let comma = 0;
  let dot = 0;
  for (const raw of cells) {
    const vote = decimalVote(raw);
    if (vote === ',') comma++;
    else if (vote === '.') dot++;
  }
  return decimalOfVotes(comma, dot);
}

/** Whether an amount cell reads differently with a decimal point and a decimal comma. */
export function amountDependsOnDecimal(cell: string): boolean {
  if (!cell.includes('.') && !cell.includes(',')) return false;
  const [point, comma] = [parseAmountCell(cell, '.'), parseAmountCell(cell, ',')];
  return point?.value !== comma?.value || point?.currency !== comma?.currency || (point === null) !== (comma === null);
}

/** Whether a percentage cell reads differently with a decimal point and a decimal comma. */
export function percentDependsOnDecimal(cell: string): boolean {
  return (cell.includes('.') || cell.includes(',')) && parsePercentCell(cell, '.') !== parsePercentCell(cell, ',');
}

/** A percentage cell ("35", "35 %", "35,5%") as a 0–1 ratio, or null. */
export function parsePercentCell(raw: string, decimal: DecimalSeparator): number | null {
  const text = raw.replace(SPACES, '').replace(/%$/, '');
  const value = parseNumberText(text, decimal);
  if (value === null || value < 0 || value > 100) return null;
  return value / 100;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'x', 'ja', 'j', 'sì', 'si', 'vero', 'waar', 'sant', 'checked']);
const FALSE = new Set(['false', '0', 'no', 'n', 'nej', 'nei', 'nee', 'falso', 'onwaar', 'usant', 'falsk', 'unchecked']);

/** A yes/no cell; null when empty, undefined when it is neither. */
export function parseFlagCell(raw: string): boolean | null | undefined {
  const text = raw.trim().toLowerCase();
  if (text === '') return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}
