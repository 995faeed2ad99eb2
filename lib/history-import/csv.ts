import { note, type DetailNote } from '../model/detail-note';

// CSV as RFC 4180 describes it, read the way CRM exports and spreadsheets write it: fields quoted
// with `"` (a `""` inside is one quote; a quoted field may hold delimiters and line breaks), records
// ended by CRLF, LF or a lone CR, an optional UTF-8 byte order mark, and `,`, `;` (European
// exports) or tab as the delimiter, detected from the header line. Every record carries the
// physical line it starts on (1-based, line breaks inside quoted fields counted), so a problem can
// be named `line 14: …` as a text editor shows it.
//
// The reader is a resumable state machine fed text piece by piece (CsvParser): `parseCsv` runs it
// in one go (small files, tests), `parseCsvChunked` yields to the event loop every `chunkRows`
// records and reports progress, so a 100 MB export never freezes the page, and the `import`
// command feeds it the file as it is read, so no file is ever one string. Rows are arrays (never objects keyed by
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

const START = 0; // at the start of a field
const UNQUOTED = 1; // inside a field without quotes
const QUOTED = 2; // inside a quoted field
const QUOTE_SEEN = 3; // just after a quote inside a quoted field: its end, or the first of a doubled pair

/**
 * The CSV state machine, fed text piece by piece: a piece may end anywhere — inside a quoted field,
 * between the CR and LF of a line end, in the middle of a record — and the records are exactly those
 * of the whole text at once. `write` adds text, `read` gives the records complete so far (at most
 * `limit`), `close` ends the text (its last record, or a quote never closed). The delimiter is
 * detected from the header line, so text is held until that line is complete.
 */
export class CsvParser {
  delimiter: Delimiter = ',';
  private delim = 44;
  /** Text held until the header line is complete (null once the delimiter is known). */
  private head: string | null = '';
  private headScan = 0;
  private headQuoted = false;
  private text = '';
  private pos = 0;
  /** Characters of earlier pieces, for progress. */
  private before = 0;
  private line = 1;
  private state = START;
  private fields: string[] = [];
  private field = '';
  private inRecord = false;
  private recordLine = 1;
  private quoteLine = 1;
  /** A line end CR was the last character read: an LF next is the same line end. */
  private skipLf = false;
  /** Inside a quoted field, the last character read was a CR. */
  private quotedCr = false;

  constructor(private readonly forced?: Delimiter) {}

  /** Characters read so far. */
  get offset(): number {
    return this.head === null ? this.before + this.pos : 0;
  }

  /** Adds the next piece of text. */
  write(piece: string): void {
    if (this.head !== null) {
      this.head += piece;
      if (this.headComplete()) this.start(this.head);
      return;
    }
    if (this.pos < this.text.length) this.text = this.text.slice(this.pos) + piece;
    else this.text = piece;
    this.before += this.pos;
    this.pos = 0;
  }

  /** Whether the held text has the header line's end (outside quotes, as detectDelimiter reads it) and one character after it. */
  private headComplete(): boolean {
    const head = this.head!;
    for (let i = this.headScan; i < head.length; i++) {
      const c = head.charCodeAt(i);
      if (c === QUOTE) this.headQuoted = !this.headQuoted;
      else if (!this.headQuoted && (c === LF || c === CR)) {
        this.headScan = i;
        return i + 1 < head.length;
      }
    }
    this.headScan = head.length;
    return false;
  }

  private start(text: string): void {
    this.head = null;
    this.text = text;
    this.pos = text.startsWith(BOM) ? 1 : 0;
    this.delimiter = this.forced ?? detectDelimiter(text);
    this.delim = this.delimiter.charCodeAt(0);
    // Excel's `sep=;` line is a directive, not a record.
    const sep = /^sep=(.)(\r\n|\n|\r)/i.exec(text.slice(this.pos, this.pos + 8));
    if (sep) {
      this.pos += sep[0].length;
      this.line = 2;
    }
  }

  /** The records complete in the text written so far, at most `limit`. Throws CsvSyntaxError. */
  read(limit = Number.POSITIVE_INFINITY): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.head !== null) return out;
    const text = this.text;
    const n = text.length;
    const delim = this.delim;
    let i = this.pos;
    if (this.skipLf && i < n) {
      if (text.charCodeAt(i) === LF) i++;
      this.skipLf = false;
    }
    while (i < n && out.length < limit) {
      if (!this.inRecord) {
        this.inRecord = true;
        this.recordLine = this.line;
      }
      const state = this.state;
      if (state === START && text.charCodeAt(i) === QUOTE) {
        this.state = QUOTED;
        this.quoteLine = this.line;
        i++;
      } else if (state === START || state === UNQUOTED) {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
          j++;
        }
        this.field = state === START ? text.slice(i, j) : this.field + text.slice(i, j);
        this.state = UNQUOTED;
        i = j < n ? this.endField(text, j, out) : j;
      } else if (state === QUOTED) {
        const close = text.indexOf('"', i);
        const end = close === -1 ? n : close;
        if (end > i) {
          this.countBreaks(text, i, end);
          this.field += text.slice(i, end);
        }
        if (close === -1) i = n;
        else {
          this.quotedCr = false;
          this.state = QUOTE_SEEN;
          i = close + 1;
        }
      } else {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          this.field += '"';
          this.state = QUOTED;
          i++;
        } else if (c === delim || c === LF || c === CR) i = this.endField(text, i, out);
        else {
          const char = JSON.stringify(text[i]);
          throw new CsvSyntaxError(this.line, `unexpected ${char} after the closing quote of a field (a quote inside a quoted field must be doubled)`, note('csvAfterQuote', { line: this.line, char }));
        }
      }
    }
    this.pos = i;
    return out;
  }

  /** The text has ended: its last records (one without a line end). Throws CsvSyntaxError. */
  close(): CsvRecord[] {
    if (this.head !== null) this.start(this.head);
    const out = this.read();
    if (this.state === QUOTED) throw new CsvSyntaxError(this.quoteLine, 'a quoted field is never closed (the file may be cut off)', note('csvUnclosedQuote', { line: this.quoteLine }));
    if (this.inRecord) {
      // A delimiter at the very end of the text still ends an (empty) last field.
      this.fields.push(this.state === START ? '' : this.field);
      out.push({ line: this.recordLine, fields: this.fields });
      this.fields = [];
      this.inRecord = false;
    }
    this.state = START;
    return out;
  }

  /** Ends the field at a delimiter or line end (`at`); returns where reading goes on. */
  private endField(text: string, at: number, out: CsvRecord[]): number {
    this.fields.push(this.field);
    this.field = '';
    this.state = START;
    const c = text.charCodeAt(at);
    if (c === this.delim) return at + 1;
    // End of record: CRLF, LF or a lone CR.
    out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.inRecord = false;
    this.line++;
    if (c === CR) {
      if (at + 1 >= text.length) this.skipLf = true;
      else if (text.charCodeAt(at + 1) === LF) return at + 2;
    }
    return at + 1;
  }

  /** Line breaks inside a quoted field: CRLF counts once (also split between two pieces), a lone CR or LF once. */
  private countBreaks(text: string, from: number, end: number): void {
    let i = from;
    if (this.quotedCr && text.charCodeAt(i) === LF) i++;
    let n = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) n++;
      else if (c === CR) {
        n++;
        if (i + 1 < end && text.charCodeAt(i + 1) === LF) i++;
      }
    }
    this.line += n;
    this.quotedCr = text.charCodeAt(end - 1) === CR;
  }
}

/** A record whose every field is empty (a blank line, `;;;`): no row. */
export const isBlank = (record: CsvRecord) => record.fields.every((field) => field.trim() === '');

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
  const parser = new CsvParser(options.delimiter);
  const builder = new TableBuilder();
  parser.write(text);
  for (const record of parser.read()) builder.add(record);
  for (const record of parser.close()) builder.add(record);
  return builder.table(parser.delimiter);
}

/**
 * Parses a CSV text in chunks: after every `chunkRows` records it reports progress and yields to
 * the event loop. Rejects with CsvSyntaxError, or with the abort reason when `signal` aborts.
 */
export async function parseCsvChunked(text: string, options: ChunkedCsvOptions = {}): Promise<CsvTable> {
  const chunkRows = Math.max(1, options.chunkRows ?? 2000);
  const pause = options.yieldToLoop ?? yieldToEventLoop;
  const parser = new CsvParser(options.delimiter);
  const builder = new TableBuilder();
  const report = () => options.onProgress?.({ rows: builder.count, done: parser.offset, total: text.length });
  options.signal?.throwIfAborted();
  parser.write(text);
  for (;;) {
    const records = parser.read(chunkRows);
    for (const record of records) builder.add(record);
    if (records.length < chunkRows) {
      for (const record of parser.close()) builder.add(record);
      report();
      return builder.table(parser.delimiter);
    }
    report();
    await pause();
    options.signal?.throwIfAborted();
  }
}
