import { note, type DetailNote } from '../model/detail-note';

// CSV as RFC 4180 describes it, read the way CRM exports and spreadsheets write it: fields quoted
// with `"` (a `""` inside is one quote; a quoted field may hold delimiters and line breaks), records
// ended by CRLF, LF or a lone CR, an optional UTF-8 byte order mark, and `,`, `;` (European
// exports) or tab as the delimiter, detected from the header line. Every record carries the
// physical line it starts on (1-based, line breaks inside quoted fields counted), so a problem can
// be named `line 14: …` as a text editor shows it.
//
// The reader is a resumable state machine over the text: `parseCsv` runs it in one go (small
// files, tests), `parseCsvChunked` yields to the event loop every `chunkRows` records and reports
// progress, so a 100 MB export never freezes the page. Rows are arrays (never objects keyed by
// header names), so a header called `__proto__` is just a column.
export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

export interface CsvRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  delimiter: Delimiter;
  header: string[];
  headerLine: number;
  /** Data records; blank lines and records whose every field is empty are left out. */
  rows: CsvRecord[];
}

/** A file that is not CSV at some place: `line` is where the broken record (or quoted field) starts. */
export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    readonly reason: string,
    /** The same as a note the page says in its language. */
    readonly note: DetailNote,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

export interface CsvProgress {
  /** Records read so far (header included). */
  rows: number;
  /** Characters read so far, of `total`. */
  done: number;
  total: number;
}

export interface ParseCsvOptions {
  /** Forces the delimiter; detected from the header line otherwise. */
  delimiter?: Delimiter;
}

export interface ChunkedCsvOptions extends ParseCsvOptions {
  /** Records between two yields to the event loop (default 2000). */
  chunkRows?: number;
  onProgress?: (progress: CsvProgress) => void;
  /** Stops the parse (a newer file was picked): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How to yield (tests may count yields); a macrotask by default. */
  yieldToLoop?: () => Promise<void>;
}

const BOM = '\uFEFF';
const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/** Yields to the event loop so the page can paint and handle input between chunks. */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The delimiter of the header line: the candidate found most often outside quotes (ties: `,`, then
 * `;`, then tab). A first line `sep=;` (written by Excel) names it explicitly.
 */
export function detectDelimiter(text: string): Delimiter {
  const start = text.startsWith(BOM) ? 1 : 0;
  const sep = /^sep=(.)\r?\n/i.exec(text.slice(start, start + 8));
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1]!)) return sep[1] as Delimiter;
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes; // a doubled quote toggles twice: still right
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Reads one record at a time from a string; keeps its place between calls. */
export class CsvReader {
  private pos: number;
  private line = 1;
  readonly delimiter: Delimiter;
  private readonly delim: number;

  constructor(
    private readonly text: string,
    delimiter?: Delimiter,
  ) {
    this.pos = text.startsWith(BOM) ? 1 : 0;
    this.delimiter = delimiter ?? detectDelimiter(text);
    this.delim = this.delimiter.charCodeAt(0);
    // Excel's `sep=;` line is a directive, not a record.
    const sep = /^sep=(.)(\r\n|\n|\r)/i.exec(text.slice(this.pos, this.pos + 8));
    if (sep) {
      this.pos += sep[0].length;
      this.line = 2;
    }
  }

  /** Characters consumed so far. */
  get offset(): number {
    return this.pos;
  }
  get length(): number {
    return this.text.length;
  }

  /** The next record, or null at the end of the text. Throws CsvSyntaxError. */
  next(): CsvRecord | null {
    const text = this.text;
    const length = text.length;
    if (this.pos >= length) return null;
    const line = this.line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(this.pos) === QUOTE) {
        field = this.quoted();
      } else {
        const start = this.pos;
        let i = start;
        while (i < length) {
          const c = text.charCodeAt(i);
          if (c === this.delim || c === LF || c === CR) break;
          i++;
        }
        field = text.slice(start, i);
        this.pos = i;
      }
      fields.push(field);
      if (this.pos >= length) return { line, fields };
      const c = text.charCodeAt(this.pos);
      if (c === this.delim) {
        this.pos++;
        // A delimiter at the very end of the text still ends an (empty) last field.
        if (this.pos >= length) {
          fields.push('');
          return { line, fields };
        }
        continue;
      }
      // End of record: CRLF, LF or a lone CR.
      this.pos += c === CR && text.charCodeAt(this.pos + 1) === LF ? 2 : 1;
      this.line++;
      return { line, fields };
    }
  }

  /** A quoted field starting at `pos`; leaves `pos` just after the closing quote. */
  private quoted(): string {
    const text = this.text;
    const opened = this.line;
    let value = '';
    let from = this.pos + 1;
    for (;;) {
      const close = text.indexOf('"', from);
      if (close === -1) throw new CsvSyntaxError(opened, 'a quoted field is never closed (the file may be cut off)', note('csvUnclosedQuote', { line: opened }));
      const chunk = text.slice(from, close);
      this.line += countLineBreaks(chunk);
      value += chunk;
      if (text.charCodeAt(close + 1) === QUOTE) {
        value += '"';
        from = close + 2;
        continue;
      }
      this.pos = close + 1;
      break;
    }
    if (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== this.delim && c !== LF && c !== CR) {
        const char = JSON.stringify(text[this.pos]);
        throw new CsvSyntaxError(this.line, `unexpected ${char} after the closing quote of a field (a quote inside a quoted field must be doubled)`, note('csvAfterQuote', { line: this.line, char }));
      }
    }
    return value;
  }
}

/** Line breaks in a piece of text: CRLF counts once, a lone CR or LF once. */
function countLineBreaks(chunk: string): number {
  let n = 0;
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (chunk.charCodeAt(i + 1) === LF) i++;
    }
  }
  return n;
}

const isBlank = (record: CsvRecord) => record.fields.every((field) => field.trim() === '');

/** Header + rows from a reader's records (blank records skipped). */
class TableBuilder {
  header: string[] | null = null;
  headerLine = 1;
  rows: CsvRecord[] = [];
  count = 0;

  add(record: CsvRecord): void {
    this.count++;
    if (isBlank(record)) return;
    if (this.header === null) {
      this.header = record.fields.map((name) => name.trim());
      this.headerLine = record.line;
    } else this.rows.push(record);
  }

  table(delimiter: Delimiter): CsvTable {
    return { delimiter, header: this.header ?? [], headerLine: this.headerLine, rows: this.rows };
  }
}

/** Parses a whole CSV text at once. Throws CsvSyntaxError. */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const reader = new CsvReader(text, options.delimiter);
  const builder = new TableBuilder();
  for (let record = reader.next(); record; record = reader.next()) builder.add(record);
  return builder.table(reader.delimiter);
}

/**
 * Parses a CSV text in chunks: after every `chunkRows` records it reports progress and yields to
 * the event loop. Rejects with CsvSyntaxError, or with the abort reason when `signal` aborts.
 */
export async function parseCsvChunked(text: string, options: ChunkedCsvOptions = {}): Promise<CsvTable> {
  const chunkRows = Math.max(1, options.chunkRows ?? 2000);
  const pause = options.yieldToLoop ?? yieldToEventLoop;
  const reader = new CsvReader(text, options.delimiter);
  const builder = new TableBuilder();
  const report = () => options.onProgress?.({ rows: builder.count, done: reader.offset, total: reader.length });
  options.signal?.throwIfAborted();
  for (;;) {
    for (let n = 0; n < chunkRows; n++) {
      const record = reader.next();
      if (!record) {
        report();
        return builder.table(reader.delimiter);
      }
      builder.add(record);
    }
    report();
    await pause();
    options.signal?.throwIfAborted();
  }
}
