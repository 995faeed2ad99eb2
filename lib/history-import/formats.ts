import { note, type DetailNote } from '../model/detail-note';
import { CRM_IDS } from '../model/deal';
import { CONNECTORS } from '../crm/connectors';
import { findStageColumns, normalizeHeader, type CsvFormat, type FieldId, type FieldSpec, type FormatSpec, type StageColumn } from './format-spec';
import type { DateOrder, DecimalSeparator } from './values';

// Which CRM wrote a CSV export, and which of its columns feeds which field of a deal. Each CRM's
// export format (lib/crm/<crm>/export-format.ts) names its columns, case- and
// spacing-insensitively, and says how its rows are laid out.
//
// The mapping found is returned whole so the options page can show it and let the user change
// any field's column (or the date order and decimal separator) before importing.

export * from './format-spec';

export const CSV_FORMATS: readonly CsvFormat[] = CRM_IDS;

/** Every CRM's export format, from its folder (lib/crm/<crm>/export-format.ts). */
export const FORMAT_SPECS: Record<CsvFormat, FormatSpec> = Object.fromEntries(CSV_FORMATS.map((crm) => [crm, CONNECTORS[crm].exportFormat])) as Record<CsvFormat, FormatSpec>;

export interface ColumnMapping {
  format: CsvFormat;
  /** Field → column index (into the header), or null when no column feeds it. Only this format's fields are present. */
  columns: { [K in FieldId]?: number | null };
  /** Stage-history columns (HubSpot), in the order of the file. */
  stageColumns: StageColumn[];
  dateOrder: DateOrder;
  decimal: DecimalSeparator;
}

export interface FormatGuess {
  format: CsvFormat;
  score: number;
}

function fieldColumn(spec: FormatSpec, field: FieldSpec, keys: readonly string[]): number | null {
  for (const name of field.headers) {
    const index = keys.indexOf(name);
    if (index !== -1) return index;
  }
  return null;
}

/** Every format scored by its headers, best first. */
export function scoreFormats(header: readonly string[]): FormatGuess[] {
  const normalized = header.map(normalizeHeader);
  return CSV_FORMATS.map((format) => {
    const spec = FORMAT_SPECS[format];
    const keys = header.map(spec.key);
    const matched = spec.fields.filter((field) => fieldColumn(spec, field, keys) !== null).length;
    return { format, score: matched + spec.signature(normalized) };
  }).sort((a, b) => b.score - a.score);
}

/** The CRM that wrote these headers, or null when none is recognised with confidence. */
export function detectFormat(header: readonly string[]): CsvFormat | null {
  const normalized = header.map(normalizeHeader);
  const candidates = scoreFormats(header).filter((guess) => FORMAT_SPECS[guess.format].recognised(normalized));
  const [best, second] = candidates;
  if (!best || best.score < 4) return null;
  if (second && second.score === best.score) return null;
  return best.format;
}

const UNRECOGNISED = 'not an export of Pipedrive, HubSpot or Salesforce we recognise';

/**
 * Why a header is no CRM's export, naming what was found: the columns (the first few) and the
 * marks that were looked for, e.g. `not an export of Pipedrive, HubSpot or Salesforce we
 * recognise: found 9 columns ("Record Id", "Deal Owner", …) but no Pipedrive "Deal - …" or "Deal
 * created" column, no HubSpot "Deal Stage" with "Create Date" or "Date entered …" columns, no
 * Salesforce "Opportunity …" column with a stage`.
 */
/** The same as a note the page says in its language (the column names as the file has them). */
export function unrecognisedNote(header: readonly string[]): DetailNote {
  const named = header.map((h) => h.replace(/^\uFEFF/, '').trim()).filter((h) => h !== '');
  const shown = named.slice(0, 8).map((h) => JSON.stringify(h.length > 40 ? `${h.slice(0, 39)}…` : h));
  if (named.length === 0) return note('noColumnNames');
  return note('unknownFormat', { count: named.length, names: { list: named.length > shown.length ? [...shown, '…'] : shown } });
}

export function unrecognisedDetail(header: readonly string[]): string {
  const named = header.map((h) => h.replace(/^\uFEFF/, '').trim()).filter((h) => h !== '');
  const shown = named.slice(0, 8).map((h) => JSON.stringify(h.length > 40 ? `${h.slice(0, 39)}…` : h));
  const found = named.length === 0 ? 'found no column names' : `found ${named.length} column${named.length === 1 ? '' : 's'} (${shown.join(', ')}${named.length > shown.length ? ', …' : ''})`;
  return `${UNRECOGNISED}: ${found} but no Pipedrive "Deal - …" or "Deal created" column, no HubSpot "Deal Stage" with "Create Date" or "Date entered …" columns, no Salesforce "Opportunity …" column with a stage`;
}

/**
 * What a format's mapping takes from the header alone: each field's column by header name and the
 * stage-history columns. The date order and decimal separator are voted by the cells
 * (lib/history-import/mapping-sample.ts).
 */
export function headerMapping(header: readonly string[], format: CsvFormat): Pick<ColumnMapping, 'format' | 'columns' | 'stageColumns'> {
  const spec = FORMAT_SPECS[format];
  const keys = header.map(spec.key);
  const columns: ColumnMapping['columns'] = {};
  for (const field of spec.fields) columns[field.field] = fieldColumn(spec, field, keys);
  return { format, columns, stageColumns: spec.stageHistoryColumns ? findStageColumns(header) : [] };
}

/** The fields of a format, in its order. */
export function fieldsOf(format: CsvFormat): FieldId[] {
  return FORMAT_SPECS[format].fields.map((f) => f.field);
}

/** The required field groups of the mapping that no column feeds. */
export function missingFields(mapping: ColumnMapping): FieldId[][] {
  return FORMAT_SPECS[mapping.format].required.filter((group) => group.every((field) => mapping.columns[field] === null || mapping.columns[field] === undefined)).map((group) => [...group]);
}

/** The mapping with one field fed by another column (or by none). */
export function withColumn(mapping: ColumnMapping, field: FieldId, column: number | null): ColumnMapping {
  return { ...mapping, columns: { ...mapping.columns, [field]: column } };
}

/**
 * Fields of a format in display order: `required` when a column must feed it, and `or` the other
 * fields that may feed the same need instead (Deal ID or Deal name: either is enough).
 */
export function formatFields(format: CsvFormat): { field: FieldId; required: boolean; or: FieldId[] }[] {
  const spec = FORMAT_SPECS[format];
  return spec.fields.map(({ field }) => {
    const group = spec.required.find((g) => g.includes(field));
    return { field, required: group !== undefined, or: group ? group.filter((f) => f !== field) : [] };
  });
}
