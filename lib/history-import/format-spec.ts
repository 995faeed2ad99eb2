// The shape of a CRM export format: the fields a deal is read from, and how each CRM's export
// (lib/crm/<crm>/export-format.ts) names its columns and lays out its rows. Which CRM wrote a file
// and the mapping of its columns are worked out in ./formats.ts.

import type { CrmId } from '../model/deal';

export type CsvFormat = CrmId;

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

export interface FieldSpec {
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
  /**
   * How the export is laid out: one row per deal with a status column (`dealWithStatus`), one row per
   * deal with won/closed flags (`dealWithFlags`), or one row per stage change, grouped into deals by
   * id, whose stage order is the deals' consensus (`stageChanges`).
   */
  layout: 'dealWithStatus' | 'dealWithFlags' | 'stageChanges';
  /** Whether the export has `Date entered "<stage>"` columns, one per stage (each deal's stage history). */
  stageHistoryColumns: boolean;
}

/** The header names of `field` among `fields` (normalised). */
export function headersOf(fields: readonly FieldSpec[], field: FieldId): readonly string[] {
  return fields.find((f) => f.field === field)?.headers ?? [];
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

/** A HubSpot `Date entered "<stage> (<pipeline>)"` column: when each deal entered that stage. */
export interface StageColumn {
  column: number;
  stage: string;
  /** The pipeline the column belongs to; null when the export does not say. */
  pipeline: string | null;
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
