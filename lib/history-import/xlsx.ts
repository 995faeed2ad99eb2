import { note, type DetailNote } from '../model/detail-note';
import { unzipSync } from 'fflate';
import { yieldToEventLoop, type CsvRecord, type CsvTable } from './csv';
import { detectFormat } from './formats';
import type { FileProblem } from './to-history';

// Excel workbooks (.xlsx, Office Open XML spreadsheets) read into the same table a CSV export
// gives, so every CRM's Excel export goes through the same mapping and checks. The zip is opened
// with fflate (no other dependency, nothing fetched); the few parts needed are read here:
//
// - xl/workbook.xml + its rels: the sheets, in the workbook's order, and whether dates count from
//   1904 (old Mac files);
// - xl/sharedStrings.xml: text cells point into it (`t="s"`); rich-text runs are joined, phonetic
//   guides (`rPh`) left out;
// - xl/styles.xml: which cell styles are dates (built-in formats 14–22, 45–47, and custom formats
//   with day/month/year/hour letters outside quotes and brackets) or percentages;
// - the sheet: `<row r=…><c r="B3" t=… s=…><v>…</v></c>`, inline strings, booleans, formulas
//   (their cached value), ISO dates (`t="d"`).
//
// Dates are Excel serial numbers (days since 1899-12-30, the fraction is the time of day) and
// come out as `YYYY-MM-DD HH:MM:SS` (no zone: the CRMs' exports carry none; read as UTC like a
// CSV date). Percent-formatted numbers come out as percent ("10" for 0.1). Line numbers are the
// sheet's row numbers, as Excel shows them. The data sheet is the first sheet with a CRM's header
// in its first rows, else the sheet with the most rows (a "Filters" or "Summary" sheet is skipped).

export type XlsxReadResult = { ok: true; table: CsvTable; sheet: string } | { ok: false; problem: FileProblem };

/** Unpacked parts larger than this are refused (a zip bomb, or an export no page should hold). */
export const MAX_UNPACKED_BYTES = 1024 * 1024 * 1024;

/** A zip file (every .xlsx is one): the local file header's signature. */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** XML text → string: entities, then OOXML's `_x000D_` escapes for control characters. */
function xmlText(raw: string): string {
  const decoded = raw.includes('&')
    ? raw.replace(ENTITY, (_, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
        if (name) return NAMED[name]!;
        const code = hex ? Number.parseInt(hex, 16) : Number(dec);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
      })
    : raw;
  return decoded.includes('_x') ? decoded.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : decoded;
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? xmlText(m[1] ?? m[2] ?? '') : null;
}

// Elements may carry a namespace prefix (`<x:row>`) in files written by some libraries.
const P = '(?:[A-Za-z_][\\w.-]*:)?';
const T_ELEMENT = new RegExp(`<${P}t(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${P}t>)`, 'g');
const PHONETIC = new RegExp(`<${P}rPh\\b[\\s\\S]*?</${P}rPh>`, 'g');

/** The text of an `<si>` or `<is>`: its `<t>` elements joined (rich text runs), phonetic guides left out. */
function richText(inner: string): string {
  let out = '';
  for (const m of inner.replace(PHONETIC, '').matchAll(T_ELEMENT)) out += xmlText(m[1] ?? '');
  return out;
}

function sharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(new RegExp(`<${P}si\\b[^>]*?(?:/>|>([\\s\\S]*?)</${P}si>)`, 'g'))) out.push(richText(m[1] ?? ''));
  return out;
}

type CellStyle = 'date' | 'percent' | 'number';

const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A number format code's kind: a date when it has date/time letters outside quotes, brackets and escapes. */
function formatKind(code: string): CellStyle {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '').replace(/_./g, '');
  if (/[dmyhs]/i.test(bare.replace(/General/gi, ''))) return 'date';
  if (bare.includes('%')) return 'percent';
  return 'number';
}

/** Style index → kind of number, from styles.xml's cellXfs and numFmts. */
function cellStyles(xml: string | null): CellStyle[] {
  if (!xml) return [];
  const custom = new Map<number, CellStyle>();
  for (const m of xml.matchAll(new RegExp(`<${P}numFmt\\b([^>]*)/?>`, 'g'))) {
    const id = Number(attr(m[1]!, 'numFmtId'));
    const code = attr(m[1]!, 'formatCode');
    if (Number.isFinite(id) && code !== null) custom.set(id, formatKind(code));
  }
  const xfs = new RegExp(`<${P}cellXfs\\b[^>]*>([\\s\\S]*?)</${P}cellXfs>`).exec(xml)?.[1] ?? '';
  const out: CellStyle[] = [];
  for (const m of xfs.matchAll(new RegExp(`<${P}xf\\b([^>]*?)(?:/>|>[\\s\\S]*?</${P}xf>)`, 'g'))) {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
    out.push(custom.get(id) ?? (BUILT_IN_DATES.has(id) ? 'date' : id === 9 || id === 10 ? 'percent' : 'number'));
  }
  return out;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An Excel serial date → `YYYY-MM-DD` (whole days) or `YYYY-MM-DD HH:MM:SS`, to the nearest second. */
export function serialToText(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  // Days since 1899-12-30 (which absorbs Lotus's phantom 1900-02-29 for every date after it).
  const days = date1904 ? serial + 1462 : serial;
  const ms = Math.round((days - 25569) * 86_400) * 1000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (ms % 86_400_000 === 0) return day;
  return `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** A number as text with a decimal point and no exponent for everyday amounts. */
function numberText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e9) / 1e9);
}

/** "B" → 1, "AA" → 26: the column of a cell reference. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

interface SheetContext {
  strings: readonly string[];
  styles: readonly CellStyle[];
  date1904: boolean;
}

const ROW = new RegExp(`<${P}row\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}row>)`, 'g');
const CELL = new RegExp(`<${P}c\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${P}c>)`, 'g');
const VALUE = new RegExp(`<${P}v(?:\\s[^>]*)?>([\\s\\S]*?)</${P}v>`);
const INLINE = new RegExp(`<${P}is\\b[^>]*>([\\s\\S]*?)</${P}is>`);

/** One cell's text as a CSV export would hold it. */
function cellText(attrs: string, inner: string, ctx: SheetContext): string {
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') return richText(INLINE.exec(inner)?.[1] ?? '');
  const raw = VALUE.exec(inner)?.[1];
  if (raw === undefined) return '';
  const value = xmlText(raw);
  switch (type) {
    case 's':
      return ctx.strings[Number(value)] ?? '';
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '1' ? 'TRUE' : 'FALSE';
    case 'd':
      return value.replace('T', ' ').replace(/(?:\.\d+)?Z?$/, '');
    default: {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) return value;
      const style = ctx.styles[Number(attr(attrs, 's') ?? 0)] ?? 'number';
      if (style === 'date') return serialToText(n, ctx.date1904) ?? value;
      if (style === 'percent') return numberText(n * 100);
      return numberText(n);
    }
  }
}

/** Reads the rows of a sheet's XML in slices, yielding between slices; `limit` stops early. */
async function readRows(
  bytes: Uint8Array,
  ctx: SheetContext,
  options: { limit?: number; signal?: AbortSignal; onProgress?: (fraction: number) => void; yieldToLoop?: () => Promise<void> },
): Promise<CsvRecord[]> {
  const SLICE = 4 * 1024 * 1024;
  const decoder = new TextDecoder('utf-8');
  const pause = options.yieldToLoop ?? yieldToEventLoop;
  const rows: CsvRecord[] = [];
  let buffer = '';
  let nextLine = 1;
  for (let offset = 0; offset < bytes.length; offset += SLICE) {
    const end = Math.min(bytes.length, offset + SLICE);
    buffer += decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length });
    // Only whole rows: up to the last `</row>` (or self-closed row) in the buffer.
    const cut = end < bytes.length ? lastRowEnd(buffer) : buffer.length;
    const part = buffer.slice(0, cut);
    buffer = buffer.slice(cut);
    ROW.lastIndex = 0;
    for (const m of part.matchAll(ROW)) {
      const r = Number(attr(m[1]!, 'r'));
      const line = Number.isInteger(r) && r > 0 ? r : nextLine;
      nextLine = line + 1;
      const fields: string[] = [];
      let position = 0;
      for (const c of (m[2] ?? '').matchAll(CELL)) {
        const ref = attr(c[1]!, 'r');
        const column = ref ? columnIndex(ref) : position;
        position = column + 1;
        if (column < 0 || column > 16_383) continue;
        const text = cellText(c[1]!, c[2] ?? '', ctx);
        while (fields.length < column) fields.push('');
        fields[column] = text;
      }
      rows.push({ line, fields });
      if (options.limit !== undefined && rows.length >= options.limit) return rows;
    }
    options.onProgress?.(end / bytes.length);
    if (end < bytes.length) {
      await pause();
      options.signal?.throwIfAborted();
    }
  }
  return rows;
}

const ROW_END = new RegExp(`</${P}row>|<${P}row\\b[^>]*/>`, 'g');

function lastRowEnd(text: string): number {
  let last = 0;
  ROW_END.lastIndex = 0;
  for (let m = ROW_END.exec(text); m; m = ROW_END.exec(text)) last = m.index + m[0].length;
  return last;
}

const isBlank = (row: CsvRecord) => row.fields.every((f) => f.trim() === '');

/** The first non-blank row is the header; the rest are rows (blank ones left out), as parseCsv does. */
function toTable(records: CsvRecord[]): CsvTable {
  const rows = records.filter((r) => !isBlank(r));
  const head = rows.shift();
  const header = head ? head.fields.map((f) => f.trim()) : [];
  // Trailing empty header cells of a sheet are no columns; data rows are padded to the header.
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  for (const row of rows) while (row.fields.length < header.length) row.fields.push('');
  return { delimiter: ',', header, headerLine: head?.line ?? 1, rows };
}

interface SheetRef {
  name: string;
  path: string;
}

function sheetRefs(workbook: string, rels: string | null): SheetRef[] {
  const targets = new Map<string, string>();
  for (const m of (rels ?? '').matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1]!, 'Id');
    const target = attr(m[1]!, 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
  }
  const out: SheetRef[] = [];
  for (const m of workbook.matchAll(new RegExp(`<${P}sheet\\b([^>]*)/?>`, 'g'))) {
    const rid = /\br:id\s*=\s*"([^"]*)"/.exec(m[1]!)?.[1] ?? attr(m[1]!, 'id');
    const path = rid ? targets.get(rid) : undefined;
    if (path) out.push({ name: attr(m[1]!, 'name') ?? path, path });
  }
  return out;
}

const HEADER_PROBE_ROWS = 25;

/** Reads the data sheet of an .xlsx workbook as a table. */
export async function readXlsxTable(
  bytes: Uint8Array,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void; yieldToLoop?: () => Promise<void> } = {},
): Promise<XlsxReadResult> {
  const fail = (code: FileProblem['code'], detail: string, detailNote: DetailNote): XlsxReadResult => ({ ok: false, problem: { code, detail, note: detailNote } });
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        const wanted = file.name === 'xl/workbook.xml' || file.name === 'xl/_rels/workbook.xml.rels' || file.name === 'xl/sharedStrings.xml' || file.name === 'xl/styles.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(file.name);
        if (wanted) unpacked += file.originalSize;
        return wanted;
      },
    });
  } catch (error) {
    return fail('unreadable', `not a readable Excel workbook (${error instanceof Error ? error.message : String(error)})`, note('notWorkbook'));
  }
  if (unpacked > MAX_UNPACKED_BYTES) return fail('tooLarge', `the workbook unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`, note('workbookTooLarge', { size: { bytes: MAX_UNPACKED_BYTES } }));
  const text = (name: string) => (files[name] ? new TextDecoder('utf-8').decode(files[name]) : null);
  const workbook = text('xl/workbook.xml');
  if (workbook === null) return fail('unreadable', 'a zip file without xl/workbook.xml is not an Excel workbook (.xlsx); an old .xls file must be saved as .xlsx or CSV first', note('noWorkbookXml'));
  const date1904 = /date1904\s*=\s*"(?:1|true)"/i.test(workbook);
  const ctx: SheetContext = { strings: sharedStrings(text('xl/sharedStrings.xml')), styles: cellStyles(text('xl/styles.xml')), date1904 };
  const sheets = sheetRefs(workbook, text('xl/_rels/workbook.xml.rels')).filter((s) => files[s.path]);
  if (sheets.length === 0) return fail('noRows', 'the workbook has no worksheet', note('noWorksheet'));

  // The data sheet: a CRM's header in its first rows, else the most rows.
  let chosen: SheetRef | null = null;
  let most: { sheet: SheetRef; bytes: number } | null = null;
  for (const sheet of sheets) {
    const probe = await readRows(files[sheet.path]!, ctx, { limit: HEADER_PROBE_ROWS, yieldToLoop: options.yieldToLoop, signal: options.signal });
    if (probe.some((row) => detectFormat(row.fields.map((f) => f.trim())) !== null)) {
      chosen = sheet;
      break;
    }
    const size = files[sheet.path]!.length;
    if (!most || size > most.bytes) most = { sheet, bytes: size };
  }
  const sheet = chosen ?? most!.sheet;
  const records = await readRows(files[sheet.path]!, ctx, { signal: options.signal, onProgress: options.onProgress, yieldToLoop: options.yieldToLoop });
  const table = toTable(records);
  if (table.header.length === 0) return fail('noRows', `sheet "${sheet.name}" is empty`, note('emptySheet', { name: sheet.name }));
  return { ok: true, table, sheet: sheet.name };
}
