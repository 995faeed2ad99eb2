import { note } from '../model/detail-note';
import { readFileText } from '../playbook-io/untrusted';
import { CsvSyntaxError, parseCsvChunked, type CsvProgress, type CsvTable } from './csv';
import type { FileProblem } from './to-history';

// Reading a picked history file: the size limit before a byte is read (readFileText), the text
// encoding (exports saved by Excel are often Windows-1252 or UTF-16, not UTF-8), and whether it
// is the scorecard JSON file or a CSV export.

/** The largest file the options page reads. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

type Readable = Pick<Blob, 'size' | 'text'> & Partial<Pick<Blob, 'arrayBuffer'>>;

export type ReadResult = { ok: true; text: string } | { ok: false; problem: FileProblem };

/**
 * The file's text. UTF-8 (with or without BOM) as is; when UTF-8 decoding had to replace bytes,
 * a UTF-16 file (by its BOM) or else Windows-1252 (what Excel writes in Western Europe) is
 * decoded instead, so "Åsa Öberg" stays readable.
 */
export async function readImportText(file: Readable, maxBytes = MAX_IMPORT_BYTES): Promise<ReadResult> {
  const read = await readFileText(file, maxBytes);
  if (!read.ok) {
    const code = read.error.code === 'tooLarge' ? 'tooLarge' : 'unreadable';
    return { ok: false, problem: { code, detail: read.error.detail, ...(read.error.note ? { note: read.error.note } : {}) } };
  }
  let text = read.value;
  if (text.includes('\uFFFD') && typeof file.arrayBuffer === 'function') {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'windows-1252';
      text = new TextDecoder(encoding).decode(bytes);
    } catch {
      // Keep the UTF-8 reading.
    }
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, problem: { code: 'empty', detail: 'the file is empty', note: note('empty') } };
  return { ok: true, text };
}

/** The scorecard JSON file (an object) rather than a CSV export. */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}

export type CsvReadResult = { ok: true; table: CsvTable } | { ok: false; problem: FileProblem };

/** CSV text → table in chunks (progress as a 0–1 fraction); a syntax error names its line. */
export async function readCsvTable(
  text: string,
  options: { onProgress?: (fraction: number) => void; signal?: AbortSignal; chunkRows?: number; yieldToLoop?: () => Promise<void> } = {},
): Promise<CsvReadResult> {
  try {
    const table = await parseCsvChunked(text, {
      chunkRows: options.chunkRows,
      signal: options.signal,
      yieldToLoop: options.yieldToLoop,
      onProgress: (p: CsvProgress) => options.onProgress?.(p.total === 0 ? 1 : p.done / p.total),
    });
    if (table.rows.length === 0) return { ok: false, problem: { code: 'noRows', detail: table.header.length ? 'the file has a header but no rows' : 'the file has no rows', note: note(table.header.length ? 'headerOnly' : 'noRows') } };
    return { ok: true, table };
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { ok: false, problem: { code: 'csvSyntax', detail: error.message, note: error.note } };
    throw error;
  }
}
