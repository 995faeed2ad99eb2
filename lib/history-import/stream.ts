import { HistoryError, historyPieces, historyText, readHistory, type DealElement, type HistoryDeal } from '../metrics/history';
import { FORBIDDEN_KEYS, findHostileStructure } from '../playbook-io/untrusted';
import type { Playbook } from '../model/playbook.schema';
import { CsvParser, CsvSyntaxError, isBlank, type CsvRecord } from './csv';
import { detectFormat, missingFields } from './formats';
import { MappingSample } from './mapping-sample';
import { emptyFileProblem, HeaderSearch, importBytes, JSON_START, noRowsProblem, unknownFormatProblem, type FormatChoice } from './pipeline';
import { FooterHoldback } from './report-footer';
import { DealConverter, emptyReport, forbiddenName, importHistoryJson, summarize, validateHistoryFile, validateHistoryValue, type ConversionReport, type FileProblem } from './to-history';
import { isXlsx } from './xlsx';

// The `import` command's way through a file of any size: the bytes are decoded and parsed as they
// are read, each row converted as it comes, and the history written piece by piece — no step holds
// the file, its table or the history's text. What stays in memory until the end is what each deal
// needs (the pipelines' stage order comes from the whole file). The history is written and checked
// in one pass: each slice of deals is turned into its text once, that text checked as the scorecard
// reads it and then written, so the writer keeps what it was given only when the import says it is
// whole (a problem found late leaves a partial text to throw away). The result is exactly
// openImportFile + reportOf + serializeHistory's: the same rules in the same order (text encoding,
// header row, report footer, format, mapping votes, conversion, checks), the same first problems.
//
// The scorecard JSON file streams too (importJson: the history is built as it is read, never its text).
// An .xlsx workbook is still read whole: a zip, whose table of contents is at its end and whose
// sheets are compressed whole.

export interface StreamOptions {
  /** `auto` (the default) recognises the CRM by the headers; a CRM forces its reading. */
  format?: FormatChoice;
  playbook?: Playbook | null;
  defaultRotDays?: number | null;
}

/** A file imported: the report (without the history when it was streamed), and whether the history was written whole. */
export interface StreamedImport {
  report: ConversionReport;
  /** True: `write` was given the whole history file's text. False: the file cannot be imported (the report says why), and what `write` was given is to be thrown away. */
  written: boolean;
}

/** Takes the history file's text piece by piece, in order. */
export type PieceWriter = (piece: string) => void;

/** The bytes are not UTF-8 after all: read again as Windows-1252. */
class NotUtf8 extends Error {}

/**
 * Imports a file read piece by piece: `open` gives its bytes from the start each time it is called
 * (a second time only when a byte far into the file shows it is not UTF-8).
 */
export async function importStream(open: () => AsyncIterable<Uint8Array>, write: PieceWriter, options: StreamOptions = {}): Promise<StreamedImport> {
  // Nothing is written before the last byte is read, so a second reading starts from nothing written.
  try {
    return await importOnce(open, write, options, 'utf-8');
  } catch (error) {
    if (!(error instanceof NotUtf8)) throw error;
    return importOnce(open, write, options, 'windows-1252');
  }
}

/** A report made whole: its history (if any) written. */
function whole(report: ConversionReport, write: PieceWriter): StreamedImport {
  const history = report.history;
  if (history) for (const piece of historyPieces(history)) write(piece);
  return { report, written: history !== null };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The decoder of a file by its first bytes, as decodeImportBytes decides: UTF-16 by its BOM, else UTF-8 (or Windows-1252 when it is not). */
function decoderFor(first: Uint8Array, fallback: 'utf-8' | 'windows-1252'): (bytes: Uint8Array | null) => string {
  const utf16 = first[0] === 0xff && first[1] === 0xfe ? 'utf-16le' : first[0] === 0xfe && first[1] === 0xff ? 'utf-16be' : null;
  const decoder = new TextDecoder(utf16 ?? fallback, { fatal: utf16 === null && fallback === 'utf-8' });
  return (bytes) => {
    try {
      return bytes === null ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch (error) {
      if (error instanceof TypeError) throw new NotUtf8();
      throw error;
    }
  };
}

async function importOnce(open: () => AsyncIterable<Uint8Array>, write: PieceWriter, options: StreamOptions, fallback: 'utf-8' | 'windows-1252'): Promise<StreamedImport> {
  const iterator = open()[Symbol.asyncIterator]();
  const next = async (): Promise<Uint8Array | null> => {
    const step = await iterator.next();
    return step.done ? null : step.value;
  };
  try {
    // The first bytes say whether it is a workbook and which text encoding it has.
    const start: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    while (size < 4) {
      const chunk = await next();
      if (chunk === null) {
        ended = true;
        break;
      }
      start.push(chunk);
      size += chunk.length;
    }
    const first = concat(start);
    if (isXlsx(first)) {
      const chunks = [first];
      for (let chunk = await next(); chunk !== null; chunk = await next()) chunks.push(chunk);
      const { report } = await importBytes(concat(chunks), { format: options.format, playbook: options.playbook, defaultRotDays: options.defaultRotDays, yieldToLoop: () => Promise.resolve() });
      return whole(report, write);
    }
    const decode = decoderFor(first, fallback);
    async function* text(): AsyncGenerator<string> {
      yield decode(first);
      if (!ended) for (let chunk = await next(); chunk !== null; chunk = await next()) yield decode(chunk);
      yield decode(null);
    }
    /** The text from the start again, read anew (the same encoding). */
    async function* again(): AsyncGenerator<string> {
      const decodeAgain = decoderFor(first, fallback);
      for await (const chunk of open()) yield decodeAgain(chunk);
      yield decodeAgain(null);
    }
    return await importText(text(), again, write, options);
  } finally {
    await iterator.return?.();
  }
}

/** The text of a CSV export (or the scorecard JSON file) → the report and the history's pieces. */
async function importText(text: AsyncIterable<string>, again: () => AsyncIterable<string>, write: PieceWriter, options: StreamOptions): Promise<StreamedImport> {
  // Until the first character that is not white space, it could be the scorecard JSON file or nothing at all.
  let held = '';
  const pieces = text[Symbol.asyncIterator]();
  let content = false;
  for (let step = await pieces.next(); !step.done; step = await pieces.next()) {
    held += step.value;
    if (/\S/.test(step.value)) {
      content = true;
      break;
    }
  }
  if (!content) return whole(emptyReport({ fileProblem: emptyFileProblem() }), write);
  if (options.format === 'json' || ((options.format ?? 'auto') === 'auto' && JSON_START.test(held))) {
    return importJson(held, pieces, again, write);
  }

  const table = new TableStream(options);
  try {
    table.write(held);
    for (let step = await pieces.next(); !step.done; step = await pieces.next()) table.write(step.value);
    table.close();
  } catch (error) {
    if (error instanceof CsvSyntaxError) return whole(emptyReport({ fileProblem: { code: 'csvSyntax', detail: error.message, note: error.note } }), write);
    throw error;
  }
  return table.finish(write);
}

/**
 * The scorecard JSON file, read as it streams: each element checked as it comes by the scorecard's
 * own reader (readHistory) and for hostile structure (findHostileStructure, as parseUntrustedJson
 * checks the whole value), the history built from it, never the whole text. A file with anything
 * wrong is read again whole, the options page's way (importHistoryJson), which names the first
 * problem exactly as it always has; so only a refused file is ever one string.
 */
async function importJson(held: string, rest: AsyncIterator<string>, again: () => AsyncIterable<string>, write: PieceWriter): Promise<StreamedImport> {
  let hostile = false;
  // A value's place in the document: a top-level value one level down, an element two.
  const onValue = (key: string, index: number | null, value: unknown) => {
    if (hostile) return;
    if (index === null ? FORBIDDEN_KEYS.has(key) || findHostileStructure([value]) !== null : findHostileStructure([[value]]) !== null) hostile = true;
  };
  let opened = false;
  async function* continued(): AsyncGenerator<string> {
    yield held;
    for (let step = await rest.next(); !step.done; step = await rest.next()) yield step.value;
  }
  async function* withoutBom(text: AsyncIterable<string>): AsyncGenerator<string> {
    let first = true;
    for await (const piece of text) {
      yield first ? piece.replace(/^\uFEFF/, '') : piece;
      first = false;
    }
  }
  // The text being read serves the first pass; a second (a document in an unusual order) reads anew.
  const open = () => withoutBom(opened ? again() : ((opened = true), continued()));
  try {
    const history = await readHistory(open, 'file', { onValue });
    if (!hostile && forbiddenName(history) === null) return whole(emptyReport({ history, summary: summarize(history) }), write);
  } catch (error) {
    if (!(error instanceof HistoryError)) throw error;
  }
  const parts: string[] = [];
  for await (const piece of again()) parts.push(piece);
  return whole(importHistoryJson(parts.join('')), write);
}

/**
 * A CSV export's records as they are parsed → its rows (blank records left out, the header row
 * found, the report footer cut off) → the mapping sample → the converter. A row is converted as soon
 * as the mapping's votes cannot change how it reads; until then it (and every row after it, to keep
 * the file's order) waits.
 */
class TableStream {
  private readonly parser = new CsvParser();
  private readonly search = new HeaderSearch();
  private footer: FooterHoldback | null = null;
  private sample: MappingSample | null = null;
  private converter: DealConverter | null = null;
  private waiting: CsvRecord[] = [];
  private rows = 0;
  /** Why the rows are not converted (no CRM recognised, a required column missing). */
  private refused: { fileProblem: FileProblem } | { missing: ReturnType<typeof missingFields> } | null = null;
  private readonly toFooter = (row: CsvRecord) => this.footerOf().add(row, this.toRows);
  private readonly toRows = (row: CsvRecord) => this.row(row);

  constructor(private readonly options: StreamOptions) {}

  write(piece: string): void {
    this.parser.write(piece);
    for (let records = this.parser.read(256); records.length > 0; records = this.parser.read(256)) for (const record of records) this.record(record);
  }

  close(): void {
    for (const record of this.parser.close()) this.record(record);
    this.search.end(this.toFooter);
    this.footerOf().end(this.toRows);
    if (this.sample && this.converter) {
      this.converter.mapping = this.sample.mapping();
      this.drain();
    }
  }

  private record(record: CsvRecord): void {
    if (!isBlank(record)) this.search.add(record, this.toFooter);
  }

  private footerOf(): FooterHoldback {
    return (this.footer ??= new FooterHoldback(this.search.header?.length ?? 0));
  }

  /** A data row (the header and footer settled). */
  private row(row: CsvRecord): void {
    this.rows++;
    if (this.rows === 1) this.begin();
    const sample = this.sample;
    const converter = this.converter;
    if (!sample || !converter) return;
    if (!sample.full) sample.add(row);
    if (this.waiting.length === 0 && (sample.settled || sample.readsTheSame(row))) {
      converter.mapping = sample.mapping();
      converter.add(row);
      return;
    }
    this.waiting.push(row);
    this.release();
  }

  /**
   * Converts the waiting rows from the first on, as far as each reads the same whatever the votes
   * still open decide (a vote that settles frees the rows that waited on it alone; a date column
   * that stays empty keeps the date order open to the end, which rows with ISO dates do not wait on).
   */
  private release(): void {
    const sample = this.sample!;
    const waiting = this.waiting;
    let ready = 0;
    while (ready < waiting.length && (sample.settled || sample.readsTheSame(waiting[ready]!))) ready++;
    if (ready === 0) return;
    this.converter!.mapping = sample.mapping();
    for (let i = 0; i < ready; i++) this.converter!.add(waiting[i]!);
    this.waiting = ready === waiting.length ? [] : waiting.slice(ready);
  }

  private drain(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const row of waiting) this.converter!.add(row);
  }

  /** The header is final: the format and the columns of the mapping. */
  private begin(): void {
    const header = this.search.header ?? [];
    const detected = detectFormat(header);
    const choice = this.options.format ?? 'auto';
    const format = choice === 'auto' || choice === 'json' ? detected : choice;
    if (format === null) {
      this.refused = { fileProblem: unknownFormatProblem(header) };
      return;
    }
    this.sample = new MappingSample(header, this.parser.delimiter, format);
    const missing = missingFields(this.sample.mapping());
    if (missing.length > 0) {
      this.refused = { missing };
      return;
    }
    this.converter = new DealConverter(header, this.sample.mapping(), { playbook: this.options.playbook ?? null, defaultRotDays: this.options.defaultRotDays ?? null });
  }

  /** Every row is in: the history written and checked in one pass, and the report. */
  finish(write: PieceWriter): StreamedImport {
    const refused = (over: Partial<ConversionReport>): StreamedImport => ({ report: emptyReport(over), written: false });
    if (this.rows === 0) return refused({ fileProblem: noRowsProblem(this.search.header?.length ?? 0) });
    if (this.refused) return refused(this.refused);
    const converter = this.converter!;
    const resolved = converter.resolve();
    if ('fileProblem' in resolved) return refused({ fileProblem: resolved.fileProblem });

    const deals = resolved.deals;
    const problems = converter.problems;
    const text = historyText({ version: 1, pipelines: resolved.pipelines, activities: [], forecasts: [], someUnpriced: false });
    let invalid: FileProblem | null = null;
    const clean = () => invalid === null && problems.count === 0;
    /**
     * Some deals' elements checked as the scorecard reads them (the first problem's path counted from
     * `start`): their values, when JSON.parse of their text would give back just those, else their text.
     */
    const check = (elements: DealElement[], start: number) => {
      const result = elements.every((e) => e.exact)
        ? validateHistoryValue(text.document(elements.map((e) => e.value)), start, false)
        : validateHistoryFile([...text.pieces(elements.map((e) => e.text))].join(''), start, false);
      if ('fileProblem' in result) invalid = result.fileProblem;
    };
    // Slices of 250 deals, each turned into text once, checked, then written; every deal is still
    // finished after a problem, for the problems of the rest (nothing more is checked or written).
    // Small slices: their text and values die young (see historyPieces); slices of 1 000 deals outlived
    // young collections, and the engine, its limit set high by then, let the history's 700 000 deals
    // of garbage pile up to 1.5 GB before collecting it.
    const SLICE = 250;
    function* checkedTexts(): Generator<string> {
      let done = 0;
      let slice: HistoryDeal[] = [];
      const pass = function* (): Generator<string> {
        const start = done;
        done += slice.length;
        if (!clean()) return;
        const elements = slice.map(text.element);
        check(elements, start);
        if (clean()) for (const element of elements) yield element.text;
      };
      for (const deal of deals()) {
        slice.push(deal);
        if (slice.length === SLICE) {
          yield* pass();
          slice = [];
        }
      }
      if (slice.length > 0 || done === 0) yield* pass();
    }
    for (const piece of text.pieces(checkedTexts())) if (clean()) write(piece);
    if (problems.count > 0) return refused({ problems: problems.sorted(), problemCount: problems.count });
    if (invalid) return refused({ fileProblem: invalid });
    return { report: emptyReport(), written: true };
  }
}
