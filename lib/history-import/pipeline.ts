import { note } from '../model/detail-note';
import { CsvSyntaxError, parseCsvChunked, type CsvRecord, type CsvTable } from './csv';
import { detectFormat, unrecognisedDetail, unrecognisedNote, type ColumnMapping, type CsvFormat } from './formats';
import { detectMapping } from './mapping-sample';
import { withoutReportFooter } from './report-footer';
import { convertTable, importHistoryJson, type ConversionReport, type ConvertOptions, type FileProblem } from './to-history';
import { isXlsx, readXlsxTable } from './xlsx';

// One way from a picked file's bytes to a history, for the options page (in its worker) and the
// `import` command alike: the kind of file (the scorecard JSON file, an .xlsx workbook, CSV text
// in whatever encoding Excel saved it), the table, the report footer cut off, the header row found,
// the CRM recognised (or refused, naming what was found), the columns mapped and the rows converted.

export type FormatChoice = 'auto' | CsvFormat | 'json';
export const FORMAT_CHOICES: readonly FormatChoice[] = ['auto', 'pipedrive', 'hubspot', 'salesforce', 'json'];

export type SourceKind = 'csv' | 'xlsx';

/** A file opened: the JSON file's report, or the table of a CSV / .xlsx export with its format and mapping. */
export type OpenedFile =
  | { kind: 'json'; report: ConversionReport }
  | {
      kind: 'table';
      source: SourceKind;
      table: CsvTable;
      /** Lines of a report footer left out (Salesforce's grand totals, copyright, …). */
      footerRows: number;
      /** The CRM recognised by the headers (or chosen), null when none. */
      format: CsvFormat | null;
      detected: CsvFormat | null;
      mapping: ColumnMapping | null;
      /** Why no CRM was recognised (the file is refused unless a format is chosen). */
      problem: FileProblem | null;
    }
  | { kind: 'problem'; problem: FileProblem };

export interface OpenOptions {
  /** `auto` (the default) recognises the CRM by the headers; a CRM forces its reading. */
  format?: FormatChoice;
  /** 0–1 while the text or workbook is read. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  yieldToLoop?: () => Promise<void>;
}

/**
 * The text of an export's bytes: UTF-8 (with or without BOM); when that is not valid UTF-8, UTF-16
 * by its BOM, else Windows-1252 (what Excel writes in Western Europe), so "Åsa Öberg" stays readable.
 */
export function decodeImportBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The scorecard JSON file (an object) rather than a CSV export. */
export const JSON_START = /^\uFEFF?\s*[{[]/;

export const emptyFileProblem = (): FileProblem => ({ code: 'empty', detail: 'the file is empty', note: note('empty') });

/** No rows below the header (or none at all), after the report footer is cut off. */
export const noRowsProblem = (headerLength: number): FileProblem => ({
  code: 'noRows',
  detail: headerLength ? 'the file has a header but no rows' : 'the file has no rows',
  note: note(headerLength ? 'headerOnly' : 'noRows'),
});

export const unknownFormatProblem = (header: readonly string[]): FileProblem => ({ code: 'unknownFormat', detail: unrecognisedDetail(header), note: unrecognisedNote(header) });

/** Rows searched for the header when the first row is not one (Salesforce's formatted reports put a title and filters above it). */
const HEADER_SEARCH_ROWS = 25;

/** A row recognised as a CRM's header: its names without the leading empty columns (a formatted report's table starts in column B), and how many those are. */
function headerIn(record: CsvRecord): { header: string[]; skip: number } | null {
  const header = record.fields.map((name) => name.trim());
  if (detectFormat(header) === null) return null;
  let skip = 0;
  while (skip < header.length - 1 && header[skip] === '') skip++;
  return { header: header.slice(skip), skip };
}

/**
 * The table with its real header row: the first row unless a CRM is recognised in one of the next
 * rows and not in the first (a report title above the table). Rows above the header are dropped.
 */
export function withHeaderRow(table: CsvTable): CsvTable {
  if (detectFormat(table.header) !== null) return table;
  const limit = Math.min(table.rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const candidate: CsvRecord = table.rows[i]!;
    const found = headerIn(candidate);
    if (!found) continue;
    // Leading empty columns are dropped throughout.
    const skip = found.skip;
    const rows = table.rows.slice(i + 1).map((row) => (skip ? { line: row.line, fields: row.fields.slice(skip) } : row));
    return { delimiter: table.delimiter, header: found.header, headerLine: candidate.line, rows };
  }
  return table;
}

/**
 * The same search for records arriving one by one (blank ones left out): the first is the header
 * unless it is no CRM's and one of the next rows is; until that is known the rows are held.
 */
export class HeaderSearch {
  header: string[] | null = null;
  headerLine = 1;
  /** The header is final: rows now pass straight through. */
  known = false;
  private skip = 0;
  private held: CsvRecord[] = [];

  add(record: CsvRecord, pass: (row: CsvRecord) => void): void {
    if (this.header === null) {
      this.header = record.fields.map((name) => name.trim());
      this.headerLine = record.line;
      this.known = detectFormat(this.header) !== null;
      return;
    }
    if (this.known) {
      pass(this.skip ? { line: record.line, fields: record.fields.slice(this.skip) } : record);
      return;
    }
    const found = headerIn(record);
    if (found) {
      this.header = found.header;
      this.headerLine = record.line;
      this.skip = found.skip;
      this.held = [];
      this.known = true;
      return;
    }
    this.held.push(record);
    if (this.held.length >= HEADER_SEARCH_ROWS) this.end(pass);
  }

  /** No more rows (or the search is over): the rows held are data under the first header. */
  end(pass: (row: CsvRecord) => void): void {
    this.known = true;
    const held = this.held;
    this.held = [];
    for (const record of held) pass(record);
  }
}

/** Reads a table from the bytes (CSV or .xlsx); a problem names what is wrong and where. */
async function readTable(bytes: Uint8Array, options: OpenOptions): Promise<{ ok: true; source: SourceKind; table: CsvTable } | { ok: false; problem: FileProblem } | { ok: 'json'; text: string }> {
  if (isXlsx(bytes)) {
    const read = await readXlsxTable(bytes, { signal: options.signal, onProgress: options.onProgress, yieldToLoop: options.yieldToLoop });
    return read.ok ? { ok: true, source: 'xlsx', table: read.table } : read;
  }
  const text = decodeImportBytes(bytes);
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, problem: emptyFileProblem() };
  if (options.format === 'json' || ((options.format ?? 'auto') === 'auto' && JSON_START.test(text))) return { ok: 'json', text };
  try {
    const table = await parseCsvChunked(text, {
      signal: options.signal,
      yieldToLoop: options.yieldToLoop,
      onProgress: (p) => options.onProgress?.(p.total === 0 ? 1 : p.done / p.total),
    });
    return { ok: true, source: 'csv', table };
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, problem: { code: 'csvSyntax', detail: error.message, note: error.note } };
    throw error;
  }
}

/** Opens a file: its kind, table, format and mapping. Never throws for bad data (an abort rejects). */
export async function openImportFile(bytes: Uint8Array, options: OpenOptions = {}): Promise<OpenedFile> {
  const read = await readTable(bytes, options);
  if (read.ok === 'json') return { kind: 'json', report: importHistoryJson(read.text) };
  if (!read.ok) return { kind: 'problem', problem: read.problem };
  const { table: cut, footerRows } = withoutReportFooter(withHeaderRow(read.table));
  if (cut.rows.length === 0) return { kind: 'problem', problem: noRowsProblem(cut.header.length) };
  const detected = detectFormat(cut.header);
  const choice = options.format ?? 'auto';
  const format = choice === 'auto' || choice === 'json' ? detected : choice;
  const problem: FileProblem | null = format === null ? unknownFormatProblem(cut.header) : null;
  return { kind: 'table', source: read.source, table: cut, footerRows, format, detected, mapping: format ? detectMapping(cut, format) : null, problem };
}

/** The report of an opened file (converting a table with its mapping). */
export async function reportOf(opened: OpenedFile, options: ConvertOptions = {}): Promise<ConversionReport> {
  const empty: ConversionReport = { history: null, summary: null, missing: [], problems: [], problemCount: 0, fileProblem: null };
  if (opened.kind === 'json') return opened.report;
  if (opened.kind === 'problem') return { ...empty, fileProblem: opened.problem };
  if (opened.problem || !opened.mapping) return { ...empty, fileProblem: opened.problem ?? unknownFormatProblem(opened.table.header) };
  return convertTable(opened.table, opened.mapping, options);
}

/** Bytes → history report in one call (the `import` command). */
export async function importBytes(bytes: Uint8Array, options: OpenOptions & ConvertOptions = {}): Promise<{ opened: OpenedFile; report: ConversionReport }> {
  const opened = await openImportFile(bytes, { format: options.format, signal: options.signal, yieldToLoop: options.yieldToLoop });
  return { opened, report: await reportOf(opened, options) };
}

/**
 * The problems of a report as lines for a terminal: `line N: reason` for each bad row (the first
 * `limit`, then how many more), a missing column, or the file's problem.
 */
export function problemLines(report: ConversionReport, limit = 20): string[] {
  if (report.fileProblem) return [report.fileProblem.detail];
  const lines: string[] = [];
  for (const group of report.missing) lines.push(`no column for ${group.join(' or ')}`);
  for (const problem of report.problems.slice(0, limit)) lines.push(problem.message);
  const more = report.problemCount - Math.min(limit, report.problems.length);
  if (more > 0) lines.push(`… and ${more} more problem${more === 1 ? '' : 's'}`);
  return lines;
}
