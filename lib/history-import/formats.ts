import { note, type DetailNote } from '../model/detail-note';
import type { CrmId } from '../model/deal';
import type { CsvTable } from './csv';
import { detectDateOrder, detectDecimal, type DateOrder, type DecimalSeparator } from './values';

// Which CRM wrote a CSV export, and which of its columns feeds which field of a deal. Recognised
// by header names, case- and spacing-insensitively:
//
// - Pipedrive deals export: "Deal - Title", "Deal - Value", … (also without the "Deal - " prefix).
//   One row per deal; only the current stage (no stage history).
// - HubSpot deals export: "Record ID", "Deal Name", "Deal Stage", …, and `Date entered "<stage>
//   (<pipeline>)"` columns, which give each deal's stage history.
// - Salesforce opportunity history report: one row per stage change ("From Stage" → "To Stage"
//   at "Stage Change Date"/"Edit Date"/"Last Modified"), grouped into deals by "Opportunity ID"
//   (else by name).
//
// The mapping found is returned whole so the options page can show it and let the user change
// any field's column (or the date order and decimal separator) before importing.

export type CsvFormat = CrmId;
export const CSV_FORMATS: readonly CsvFormat[] = ['pipedrive', 'hubspot', 'salesforce'];

export const FIELD_IDS = [
  'id',
  'title',
  'owner',
  'value',
  'currency',
  'pipeline',
  'stage',
  'status',
  'fromStage',
  'toStage',
  'changedAt',
  'createdAt',
  'closedAt',
  'wonAt',
  'lostAt',
  'lastStageChange',
  'won',
  'closed',
  'probability',
] as const;
export type FieldId = (typeof FIELD_IDS)[number];

export type FieldKind = 'text' | 'amount' | 'date' | 'flag' | 'percent';

export const FIELD_KINDS: Record<FieldId, FieldKind> = {
  id: 'text',
  title: 'text',
  owner: 'text',
  value: 'amount',
  currency: 'text',
  pipeline: 'text',
  stage: 'text',
  status: 'text',
  fromStage: 'text',
  toStage: 'text',
  changedAt: 'date',
  createdAt: 'date',
  closedAt: 'date',
  wonAt: 'date',
  lostAt: 'date',
  lastStageChange: 'date',
  won: 'flag',
  closed: 'flag',
  probability: 'percent',
};

interface FieldSpec {
  field: FieldId;
  /** Header names, normalised (lower case, single spaces), in order of preference. */
  headers: readonly string[];
}

export interface FormatSpec {
  format: CsvFormat;
  /** The fields this format reads, in the order the mapping table shows them. */
  fields: readonly FieldSpec[];
  /** Each group needs at least one of its fields mapped. */
  required: readonly (readonly FieldId[])[];
  /** Extra points for headers only this CRM writes. */
  signature(headers: readonly string[]): number;
  /** Whether the (normalised) headers carry this CRM's mark at all: without it the file is not this CRM's, whatever else matches. */
  recognised(headers: readonly string[]): boolean;
  /** How a header is compared (Pipedrive drops its "Deal - " prefix). */
  key(header: string): string;
}

/** Lower case, trimmed, one space between words, no byte order mark or wrapping quotes. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const DEAL_PREFIX = /^deal\s*-\s*/;
/** Columns (without the "Deal - " prefix) that only Pipedrive writes, in English and German. */
const PIPEDRIVE_ONLY: ReadonlySet<string> = new Set([
  'deal created',
  'won time',
  'lost time',
  'last stage change',
  'deal closed on',
  'deal erstellt',
  'datum des gewonnenen deals',
  'datum des verlorenen deals',
  'letzte phasenänderung',
  'deal abgeschlossen am',
]);
const DATE_ENTERED = /^date entered\s+(.+)$/;
/** HubSpot's "Deal Stage" column in the languages of its exports (a bare "Stage" is any CRM's). */
const HUBSPOT_STAGE_HEADERS: readonly string[] = ['deal-phase', 'dealphase', 'phase de la transaction', 'étape de la transaction', 'etapa del negocio', 'dealfase', 'affärsfas', 'fase della trattativa'];
/** A Salesforce column about the opportunity ("Opportunity Name", "Opportunity-Inhaber", "Nom de l'opportunité", "Nombre de la oportunidad"…). */
const OPPORTUNITY_WORD = /(^|[^a-z])(opportunit|oportunidad|verkoopkans|affärsmöjlighet)/;
/** The header names a format reads for a field (normalised). */
function headerOf(format: CsvFormat, field: FieldId): readonly string[] {
  return FORMAT_SPECS[format].fields.find((f) => f.field === field)?.headers ?? [];
}

export const FORMAT_SPECS: Record<CsvFormat, FormatSpec> = {
  pipedrive: {
    format: 'pipedrive',
    fields: [
      // English, then German (a Pipedrive account set to Deutsch exports "Deal - Titel", "Deal - Phase", …).
      { field: 'id', headers: ['id', 'deal id'] },
      { field: 'title', headers: ['title', 'deal title', 'titel'] },
      { field: 'owner', headers: ['owner', 'owner name', 'deal owner', 'besitzer'] },
      { field: 'value', headers: ['value', 'deal value', 'wert'] },
      { field: 'currency', headers: ['currency', 'currency of value', 'währung'] },
      { field: 'pipeline', headers: ['pipeline'] },
      { field: 'stage', headers: ['stage', 'phase'] },
      { field: 'status', headers: ['status'] },
      { field: 'createdAt', headers: ['deal created', 'add time', 'deal created on', 'created', 'deal erstellt'] },
      { field: 'wonAt', headers: ['won time', 'won on', 'datum des gewonnenen deals'] },
      { field: 'lostAt', headers: ['lost time', 'lost on', 'datum des verlorenen deals'] },
      { field: 'closedAt', headers: ['deal closed on', 'close time', 'closed on', 'deal abgeschlossen am'] },
      { field: 'lastStageChange', headers: ['last stage change', 'stage change time', 'last stage change time', 'letzte phasenänderung'] },
    ],
    required: [['title', 'id'], ['owner'], ['stage'], ['status'], ['createdAt']],
    signature: (headers) => (headers.some((h) => DEAL_PREFIX.test(h)) ? 4 : 0) + headers.filter((h) => PIPEDRIVE_ONLY.has(h.replace(DEAL_PREFIX, ''))).length,
    recognised: (headers) => headers.filter((h) => DEAL_PREFIX.test(h)).length >= 3 || headers.some((h) => PIPEDRIVE_ONLY.has(h.replace(DEAL_PREFIX, ''))),
    key: (header) => normalizeHeader(header).replace(DEAL_PREFIX, ''),
  },
  hubspot: {
    format: 'hubspot',
    // HubSpot writes the property labels of the exporting user's language: English first, then
    // German, French, Spanish, Dutch, Swedish and Italian as HubSpot's own UI names the default
    // deal properties (record ID, deal name, owner, amount, pipeline, stage, create and close date).
    fields: [
      { field: 'id', headers: ['record id', 'deal id', 'record id - deal', 'datensatz-id', 'id de fiche d\'informations', 'id de registro', 'record-id', 'post-id', 'id record'] },
      { field: 'title', headers: ['deal name', 'deal-name', 'dealname', 'nom de la transaction', 'nombre del negocio', 'dealnaam', 'affärens namn', 'affärsnamn', 'nome della trattativa'] },
      { field: 'owner', headers: ['deal owner', 'owner', 'hubspot owner', 'deal-inhaber', 'propriétaire de la transaction', 'propietario del negocio', 'deal-eigenaar', 'dealeigenaar', 'affärsägare', 'proprietario della trattativa'] },
      { field: 'value', headers: ['amount', 'amount in company currency', 'deal amount', 'betrag', 'betrag in firmenwährung', 'montant', 'montant dans la devise de l\'entreprise', 'importe', 'cantidad', 'bedrag', 'bedrag in bedrijfsvaluta', 'belopp', 'importo'] },
      { field: 'currency', headers: ['currency', 'deal currency code', 'währung', 'devise', 'moneda', 'valuta'] },
      { field: 'pipeline', headers: ['pipeline', 'deal pipeline', 'pipeline de la transaction', 'pipeline del negocio'] },
      { field: 'stage', headers: ['deal stage', 'stage', ...HUBSPOT_STAGE_HEADERS] },
      { field: 'createdAt', headers: ['create date', 'created date', 'deal create date', 'erstellungsdatum', 'erstelldatum', 'date de création', 'fecha de creación', 'aanmaakdatum', 'skapandedatum', 'skapad', 'data di creazione'] },
      { field: 'closedAt', headers: ['close date', 'closed date', 'abschlussdatum', 'date de fermeture', 'date de clôture', 'fecha de cierre', 'sluitingsdatum', 'stängningsdatum', 'data di chiusura'] },
      // HubSpot's own "when did it enter the stage it is in now" (no pipeline suffix, no quotes).
      { field: 'lastStageChange', headers: ['date entered current stage'] },
      { field: 'won', headers: ['is closed won', 'closed won'] },
      { field: 'closed', headers: ['is closed', 'is deal closed?', 'is deal closed'] },
    ],
    required: [['title', 'id'], ['owner'], ['stage'], ['createdAt']],
    signature: (headers) =>
      ['record id', 'deal name', 'deal stage', 'deal owner'].filter((h) => headers.includes(h)).length +
      (headers.some((h) => HUBSPOT_STAGE_HEADERS.includes(h)) ? 2 : 0) +
      (headers.some((h) => DATE_ENTERED.test(h)) ? 3 : 0),
    // A deal-stage column named the HubSpot way (not a bare "Stage", which every CRM has) beside
    // the record ID, create date or deal name, or HubSpot's stage-history columns.
    recognised: (headers) =>
      findStageColumns(headers).length > 0 ||
      ((headers.includes('deal stage') || headers.some((h) => HUBSPOT_STAGE_HEADERS.includes(h))) &&
        (['id', 'createdAt', 'title'] as const).some((field) => headerOf('hubspot', field).some((h) => headers.includes(h)))),
    key: normalizeHeader,
  },
  salesforce: {
    format: 'salesforce',
    // Report columns carry the field labels of the user's language: English, then German, French,
    // Spanish, Dutch, Swedish and Italian as Salesforce translates the standard opportunity fields.
    fields: [
      { field: 'id', headers: ['opportunity id', 'opportunity id 18', 'opportunity: opportunity id', 'opportunity id (18)', 'opportunity-id', 'id de l\'opportunité', 'id. de oportunidad', 'id de oportunidad', 'opportunity-id 18', 'affärsmöjlighets-id', 'id opportunità'] },
      { field: 'title', headers: ['opportunity name', 'opportunity: opportunity name', 'opportunity-name', 'nom de l\'opportunité', 'nombre de la oportunidad', 'naam verkoopkans', 'affärsmöjlighetens namn', 'affärsmöjlighetsnamn', 'nome opportunità'] },
      { field: 'owner', headers: ['opportunity owner', 'opportunity owner: full name', 'owner full name', 'owner', 'opportunity-inhaber', 'propriétaire de l\'opportunité', 'propietario de oportunidad', 'propietario de la oportunidad', 'eigenaar verkoopkans', 'affärsmöjlighetens ägare', 'affärsmöjlighetsägare', 'titolare opportunità'] },
      { field: 'value', headers: ['amount', 'opportunity amount', 'betrag', 'opportunity-betrag', 'montant', 'importe', 'bedrag', 'belopp', 'importo'] },
      { field: 'currency', headers: ['opportunity currency', 'amount currency', 'currency', 'opportunity-währung', 'währung', 'devise de l\'opportunité', 'devise', 'divisa de la oportunidad', 'divisa', 'valuta'] },
      { field: 'pipeline', headers: ['sales process', 'opportunity record type', 'record type', 'pipeline', 'datensatztyp der opportunity', 'datensatztyp', 'type d\'enregistrement de l\'opportunité', 'tipo de registro de la oportunidad'] },
      { field: 'fromStage', headers: ['from stage', 'from stage name', 'von phase', 'alte phase', 'étape précédente', 'de l\'étape', 'etapa anterior', 'desde la etapa'] },
      { field: 'toStage', headers: ['to stage', 'to stage name', 'zu phase', 'neue phase', 'nouvelle étape', 'à l\'étape', 'etapa nueva', 'hasta la etapa'] },
      { field: 'stage', headers: ['stage', 'opportunity stage', 'stage name', 'phase', 'étape', 'etapa', 'fase', 'fas', 'stadium'] },
      { field: 'changedAt', headers: ['stage change date', 'edit date', 'last modified', 'last modified date', 'date changed', 'last stage change date', 'bearbeitungsdatum', 'zuletzt geändert am', 'datum der letzten phasenänderung', 'date de modification', 'dernière modification', 'date de la dernière modification d\'étape', 'fecha de modificación', 'fecha de última modificación', 'fecha del último cambio de etapa', 'laatst gewijzigd', 'senast ändrad', 'data ultima modifica'] },
      { field: 'createdAt', headers: ['created date', 'create date', 'opportunity created date', 'erstelldatum', 'erstellt am', 'date de création', 'fecha de creación', 'aanmaakdatum', 'datum skapat', 'skapad den', 'data di creazione'] },
      { field: 'closedAt', headers: ['close date', 'schlusstermin', 'date de clôture', 'fecha de cierre', 'sluitingsdatum', 'slutdatum', 'data di chiusura'] },
      { field: 'won', headers: ['won', 'is won', 'gewonnen', 'gagnée', 'gagné', 'ganada', 'vunnen', 'vinta'] },
      { field: 'closed', headers: ['closed', 'is closed', 'geschlossen', 'fermée', 'fermé', 'cerrada', 'gesloten', 'stängd', 'chiusa'] },
      { field: 'probability', headers: ['probability (%)', 'probability %', 'probability', 'wahrscheinlichkeit (%)', 'wahrscheinlichkeit', 'probabilité (%)', 'probabilité', 'probabilidad (%)', 'probabilidad', 'waarschijnlijkheid (%)', 'sannolikhet (%)', 'probabilità (%)'] },
    ],
    required: [['id', 'title'], ['owner'], ['toStage', 'stage'], ['changedAt']],
    signature: (headers) =>
      (headers.some((h) => OPPORTUNITY_WORD.test(h)) ? 3 : 0) + ['from stage', 'to stage', 'stage change date', 'edit date', 'stage duration'].filter((h) => headers.includes(h)).length,
    // A column naming the opportunity (in any of the languages above) and a stage column.
    recognised: (headers) =>
      headers.some((h) => OPPORTUNITY_WORD.test(h)) && headers.some((h) => [...headerOf('salesforce', 'fromStage'), ...headerOf('salesforce', 'toStage'), ...headerOf('salesforce', 'stage')].includes(h)),
    key: normalizeHeader,
  },
};

/** A HubSpot `Date entered "<stage> (<pipeline>)"` column: when each deal entered that stage. */
export interface StageColumn {
  column: number;
  stage: string;
  /** The pipeline the column belongs to; null when the export does not say. */
  pipeline: string | null;
}

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
 * The `Date entered "<stage> (<pipeline>)"` columns; a trailing "(…)" is read as the pipeline only
 * when every such column has one. HubSpot quotes the stage; its other columns of the same family
 * are not stages: `Date entered current stage` (unquoted: when the deal entered the stage it is in
 * now, read as such), `Date exited "…"`, `Latest time in "…"`, `Cumulative time in "…"` (not read).
 * When any column is quoted only quoted ones count; an unquoted `Date entered X` (a hand-made
 * file) is a stage unless it is the current-stage column.
 */
export function findStageColumns(header: readonly string[]): StageColumn[] {
  const found: { column: number; text: string; quoted: boolean }[] = [];
  header.forEach((name, column) => {
    // The stage keeps its spelling (normalizeHeader would lower-case it).
    const m = /^date entered\s+(.+)$/i.exec(name.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' '));
    if (!m) return;
    const quoted = /^["“”'‘’]/.test(m[1]!) && /["“”'‘’]$/.test(m[1]!);
    const text = m[1]!.replace(/^["“”'‘’]+|["“”'‘’]+$/g, '').trim();
    if (!text || (!quoted && CURRENT_STAGE.test(text))) return;
    found.push({ column, text, quoted });
  });
  const stages = found.some((f) => f.quoted) ? found.filter((f) => f.quoted) : found;
  const QUALIFIED = /^(.*\S)\s*\(([^()]+)\)$/;
  const qualified = stages.length > 0 && stages.every((f) => QUALIFIED.test(f.text));
  return stages.map(({ column, text }) => {
    if (!qualified) return { column, stage: text, pipeline: null };
    const m = QUALIFIED.exec(text)!;
    return { column, stage: m[1]!.trim(), pipeline: m[2]!.trim() };
  });
}

const CURRENT_STAGE = /^current stage$/i;

const SAMPLE = 500;

function sampleColumn(table: CsvTable, column: number | null | undefined): string[] {
  if (column === null || column === undefined) return [];
  const out: string[] = [];
  for (const row of table.rows) {
    const cell = row.fields[column]?.trim();
    if (cell) out.push(cell);
    if (out.length >= SAMPLE) break;
  }
  return out;
}

/**
 * The mapping of a format over a table: each field's column by header name, the stage-history
 * columns, and the date order and decimal separator voted by a sample of the cells (when the
 * sample cannot tell: day first and decimal comma for `;` files, the US way otherwise).
 */
export function detectMapping(table: CsvTable, format: CsvFormat): ColumnMapping {
  const spec = FORMAT_SPECS[format];
  const keys = table.header.map(spec.key);
  const columns: ColumnMapping['columns'] = {};
  for (const field of spec.fields) columns[field.field] = fieldColumn(spec, field, keys);
  const stageColumns = format === 'hubspot' ? findStageColumns(table.header) : [];
  const european = table.delimiter === ';';

  const dateCells: string[] = [];
  for (const field of spec.fields) if (FIELD_KINDS[field.field] === 'date') dateCells.push(...sampleColumn(table, columns[field.field]));
  for (const stage of stageColumns) dateCells.push(...sampleColumn(table, stage.column));
  const amountCells = [...sampleColumn(table, columns.value), ...sampleColumn(table, columns.probability)];

  return {
    format,
    columns,
    stageColumns,
    dateOrder: detectDateOrder(dateCells) ?? (european ? 'dmy' : 'mdy'),
    decimal: detectDecimal(amountCells) ?? (european ? ',' : '.'),
  };
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
