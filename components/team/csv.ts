// CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field quoted
// when it holds a comma, a double quote, CR or LF, and a double quote inside doubled.
// Text that a spreadsheet would run as a formula is prefixed with an apostrophe, so a rep called
// "=HYPERLINK(…)" stays text: =, +, -, @, tab, CR or LF first, also after leading spaces, and the
// look-alikes spreadsheets accept the same way (full-width ＝ ＋ － ＠, the small ﹦ ﹢ ﹣ ﹫, the
// minus sign −). Numbers are written as they are.

export type CsvCell = string | number | null;

const CONTROL_FIRST = /^[\t\r\n]/;
/** Spaces a spreadsheet may skip before it looks for a formula (also no-break and ideographic ones). */
const LEADING_SPACE = /^[\s\u00a0\u3000]+/;
/** After NFKC (＝ → =, ﹢ → +, ＠ → @ …); the minus sign has no compatibility form, so it is listed. */
const FORMULA_START = /^[=+\-@\u2212]/;

/** Whether a spreadsheet could read this text as a formula. */
export function looksLikeFormula(text: string): boolean {
  if (CONTROL_FIRST.test(text)) return true;
  const first = text.replace(LEADING_SPACE, '').slice(0, 2);
  return FORMULA_START.test(first.normalize('NFKC'));
}

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = looksLikeFormula(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Saves CSV text as a file: a Blob behind an object URL, clicked through a temporary link. */
export function downloadCsv(fileName: string, csv: string, doc: Document = document): void {
  // The byte order mark makes spreadsheet apps read the file as UTF-8 (names with å, ø, é).
  const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
