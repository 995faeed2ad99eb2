// CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field quoted
// when it holds a comma, a double quote, CR or LF, and a double quote inside doubled.
// Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an
// apostrophe, so a rep called "=HYPERLINK(…)" stays text. Numbers are written as they are.

export type CsvCell = string | number | null;

const FORMULA = /^[=+\-@\t\r]/;

export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = FORMULA.test(cell) ? `'${cell}` : cell;
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
