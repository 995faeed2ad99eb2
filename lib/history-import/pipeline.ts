import { note } from '../model/detail-note';
import { CsvSyntaxError, parseCsvChunked, type CsvRecord, type CsvTable } from './csv';
import { detectFormat, detectMapping, unrecognisedDetail, unrecognisedNote, type ColumnMapping, type CsvFormat } from './formats';
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
const JSON_START = /^\uFEFF?\s*[{[]/;

/** Rows searched for the header when the first row is not one (Salesforce's formatted reports put a title and filters above it). */
const HEADER_SEARCH_ROWS = 25;

/**
 * The table with its real header row: the first row unless a CRM is recognised in one of the next
 * rows and not in the first (a report title above the table). Rows above the header are dropped.
 */
export function withHeaderRow(table: CsvTable): CsvTable {
  if (detectFormat(table.header) !== null) return table;
  const limit = Math.min(table.rows.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < limit; i++) {
    const candidate: CsvRecord = table.rows[i]!;
    const header = candidate.fields.map((name) => name.trim());
    if (detectFormat(header) === null) continue;
    // Leading empty columns (a formatted report's table starts in column B) are dropped throughout.
    let skip = 0;
    while (skip < header.length - 1 && header[skip] === '') skip++;
    const rows = table.rows.slice(i + 1).map((row) => (skip ? { line: row.line, fields: row.fields.slice(skip) } : row));
    return { delimiter: table.delimiter, header: header.slice(skip), headerLine: candidate.line, rows };
  }
  return table;
}

/** Reads a table from the bytes (CSV or .xlsx); a problem names what is wrong and where. */
async function readTable(bytes: Uint8Array, options: OpenOptions): Promise<{ ok: true; source: SourceKind; table: CsvTable } | { ok: false; problem: FileProblem } | { ok: 'json'; text: string }> {
  if (isXlsx(bytes)) {
    const read = await readXlsxTable(bytes, { signal: options.signal, onProgress: options.onProgress, yieldToLoop: options.yieldToLoop });
    return read.ok ? { ok: true, source: 'xlsx', table: read.table } : read;
  }
  const text = decodeImportBytes(bytes);
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, problem: { code: 'empty', detail: 'the file is empty', note: note('empty') } };
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
  if (cut.rows.length === 0) {
    return { kind: 'problem', problem: { code: 'noRows', detail: cut.header.length ? 'the file has a header but no rows' : 'the file has no rows', note: note(cut.header.length ? 'headerOnly' : 'noRows') } };
  }
  const detected = detectFormat(cut.header);
  const choice = options.format ?? 'auto';
  const format = choice === 'auto' || choice === 'json' ? detected : choice;
  const problem: FileProblem | null = format === null ? { code: 'unknownFormat', detail: unrecognisedDetail(cut.header), note: unrecognisedNote(cut.header) } : null;
  return { kind: 'table', source: read.source, table: cut, footerRows, format, detected, mapping: format ? detectMapping(cut, format) : null, problem };
}

/** The report of an opened file (converting a table with its mapping). */
export async function reportOf(opened: OpenedFile, options: ConvertOptions = {}): Promise<ConversionReport> {
  const empty: ConversionReport = { history: null, summary: null, missing: [], problems: [], problemCount: 0, fileProblem: null };
  if (opened.kind === 'json') return opened.report;
  if (opened.kind === 'problem') return { ...empty, fileProblem: opened.problem };
  if (opened.problem || !opened.mapping) return { ...empty, fileProblem: opened.problem ?? { code: 'unknownFormat', detail: unrecognisedDetail(opened.table.header), note: unrecognisedNote(opened.table.header) } };
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
