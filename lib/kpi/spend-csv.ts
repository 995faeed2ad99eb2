import { MONTH, cleanSpend, type SpendEntry } from '../model/kpi-inputs.schema';
import { note, type DetailNote } from '../model/detail-note';

// Marketing spend as CSV: a header naming the columns month, channel and amount (any order, any
// case; comma or semicolon separated, as spreadsheets in every language save it), then one row per
// month and channel: `2026-03,Google Ads,1200.50`. With semicolons a decimal comma is read too
// (`1200,50`). Every bad row is reported with its line number; nothing is taken unless all are right.

export interface SpendCsvResult {
  entries: SpendEntry[];
  /** `message` in English (the command line, logs); `note` for the page's language. */
  errors: { line: number; message: string; note: DetailNote }[];
}

function splitLine(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export function parseSpendCsv(text: string): SpendCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { entries: [], errors: [{ line: 1, message: 'empty file', note: note('empty') }] };
  const header = lines[headerAt]!;
  const separator = (header.match(/;/g)?.length ?? 0) > (header.match(/,/g)?.length ?? 0) ? ';' : ',';
  const names = splitLine(header, separator).map((h) => h.toLowerCase());
  const column = { month: names.indexOf('month'), channel: names.indexOf('channel'), amount: names.indexOf('amount') };
  const missing = Object.entries(column).filter(([, i]) => i < 0).map(([name]) => name);
  if (missing.length) return { entries: [], errors: [{ line: headerAt + 1, message: `missing column ${missing.join(', ')} (expected month, channel, amount)`, note: note('missingColumns', { names: { list: missing }, expected: { list: ['month', 'channel', 'amount'] } }) }] };
  const rows: SpendEntry[] = [];
  const errors: SpendCsvResult['errors'] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = splitLine(lines[i]!, separator);
    const month = cells[column.month] ?? '';
    const channel = cells[column.channel] ?? '';
    let amountText = (cells[column.amount] ?? '').replace(/[\s\u00a0']/g, '');
    if (separator === ';') amountText = amountText.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
    else amountText = amountText.replace(/,(?=\d{3}(\D|$))/g, '');
    const amount = /^\d+(\.\d+)?$/.test(amountText) ? Number(amountText) : Number.NaN;
    if (!MONTH.test(month)) errors.push({ line: i + 1, message: `month: "${month}" is not a month YYYY-MM`, note: note('notAMonth', { value: month }, 'month') });
    else if (!channel) errors.push({ line: i + 1, message: 'channel: empty', note: note('emptyText', undefined, 'channel') });
    else if (channel.length > 100) errors.push({ line: i + 1, message: 'channel: longer than 100 characters', note: note('tooLong', { max: 100 }, 'channel') });
    else if (!Number.isFinite(amount)) errors.push({ line: i + 1, message: `amount: "${cells[column.amount] ?? ''}" is not an amount ≥ 0`, note: note('notAnAmount', { value: cells[column.amount] ?? '' }, 'amount') });
    else rows.push({ month, channel, amount });
  }
  return { entries: errors.length ? [] : cleanSpend(rows), errors };
}
