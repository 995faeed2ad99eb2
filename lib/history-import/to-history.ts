import { note, type DetailNote } from '../model/detail-note';
import { HistoryError, serializeHistory, validateHistory, type History, type HistoryDeal, type HistoryPipeline, type HistoryStage } from '../metrics/history';
import { closeMoment } from '../metrics/close-moment';
import { UNKNOWN_OWNER } from '../metrics/from-extension';
import type { Pipeline, Playbook, Stage } from '../model/playbook.schema';
import { matchStageIn } from '../playbook/match';
import { FORBIDDEN_KEYS, parseUntrustedJson } from '../playbook-io/untrusted';
import { yieldToEventLoop, type CsvRecord, type CsvTable } from './csv';
import { connectorOf } from '../crm/connectors';
import { FIELD_KINDS, FORMAT_SPECS, missingFields, type ColumnMapping, type CsvFormat, type FieldId, type FormatSpec, type StageColumn } from './formats';
import { consensusOrder, fillProbabilities, labelKey, outcomeOfLabel, parseStatus, slugId } from './stages';
import { parseAmountCell, parseDateCell, parseFlagCell, parsePercentCell } from './values';

// A CRM export (or the scorecard JSON file) → a sales History the scorecard reads.
//
// All or nothing: every row is checked, and every problem is listed with its line and reason
// (`line 14: Deal - Value "12,5k" is not a number`); while any problem remains there is no
// history to import. What comes out has passed validateHistory, like the `scorecard` command.
//
// Pipelines and stage order come from the file — the order of the `Date entered` columns
// (HubSpot), the order deals went through the stages (Salesforce), the order stages first appear
// (Pipedrive, whose export has no stage history) — unless the team's playbook has a pipeline of
// that name (or alias): then the playbook's stages give order, ids, probability and rot days,
// and stages it does not know keep their place in the file's order. Closed-won / closed-lost
// stages are outcomes, not stages (a playbook's won stage is kept, as the extension does).

export type ProblemCode =
  | 'fieldCount'
  | 'missingValue'
  | 'notANumber'
  | 'negativeNumber'
  | 'badDate'
  | 'badStatus'
  | 'badFlag'
  | 'badPercent'
  | 'notAllowed'
  | 'duplicateId'
  | 'noCloseDate'
  | 'closedBeforeCreated'
  | 'unknownOutcome'
  | 'unknownStageOrder';

/** One bad row: its line, a code for the localised text with its parameters, and the same in English. */
export interface RowProblem {
  line: number;
  code: ProblemCode;
  params: Record<string, string | number>;
  message: string;
}

export type FileProblemCode =
  | 'tooLarge'
  | 'empty'
  | 'unreadable'
  | 'invalidJson'
  | 'truncated'
  | 'forbiddenKey'
  | 'tooDeep'
  | 'notHistory'
  | 'csvSyntax'
  | 'noRows'
  | 'unknownFormat'
  | 'tooManyStages'
  | 'invalidHistory';

/** A file that cannot be imported at all: a code for the localised headline and an exact, technical detail. */
export interface FileProblem {
  code: FileProblemCode;
  detail: string;
  /** The detail as a note the page says in its language (lib/model/detail-note.ts). */
  note?: DetailNote;
}

export interface ImportSummary {
  deals: number;
  open: number;
  won: number;
  lost: number;
  owners: string[];
  pipelines: { name: string; stages: string[] }[];
  /** Earliest and latest date in the history (epoch ms), null without deals. */
  from: number | null;
  to: number | null;
  /** Deals left out on purpose (Pipedrive's deleted deals). */
  skipped: number;
}

export interface ConversionReport {
  /** The history to store; null while anything is wrong. */
  history: History | null;
  summary: ImportSummary | null;
  /** Required fields no column feeds (each entry: any one of these). */
  missing: FieldId[][];
  /** The first MAX_LISTED_PROBLEMS problems, in line order. */
  problems: RowProblem[];
  problemCount: number;
  fileProblem: FileProblem | null;
}

export interface ConvertOptions {
  /** The team's playbook: a pipeline of the same name (or alias) gives stage order, ids, probability and rot days. */
  playbook?: Playbook | null;
  /** Rot days of working stages that have none (the team setting), else they never stall. */
  defaultRotDays?: number | null;
  chunkRows?: number;
  /** Rows checked so far, of `total`. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  yieldToLoop?: () => Promise<void>;
}

export const MAX_LISTED_PROBLEMS = 1000;
export const MAX_STAGES_PER_PIPELINE = 100;
export const MAX_PIPELINES = 50;


const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/**
 * A copy of a cell that a deal keeps. Engines cut a substring as a view of the text it came from, so
 * a kept title would keep the whole piece of the file it was read in alive (the whole file, once
 * every deal keeps one); concatenating and cutting again makes a string of its own.
 */
const detached = (text: string) => (text.length < 16 ? text : `${text} `.slice(0, -1));

function describe(code: ProblemCode, p: Record<string, string | number>): string {
  switch (code) {
    case 'fieldCount':
      return `${p.found} fields, the header has ${p.expected}`;
    case 'missingValue':
      return `${p.column} is empty`;
    case 'notANumber':
      return `${p.column} "${p.value}" is not a number`;
    case 'negativeNumber':
      return `${p.column} "${p.value}" is negative`;
    case 'badDate':
      return `${p.column} "${p.value}" is not a date`;
    case 'badStatus':
      return `${p.column} "${p.value}" is not open, won or lost`;
    case 'badFlag':
      return `${p.column} "${p.value}" is not yes or no`;
    case 'badPercent':
      return `${p.column} "${p.value}" is not a percentage from 0 to 100`;
    case 'notAllowed':
      return `${p.column} "${p.value}" is not allowed`;
    case 'duplicateId':
      return `${p.column} "${p.value}" is also on line ${p.other}`;
    case 'noCloseDate':
      return `the deal is ${p.status} but has no close date (${p.column})`;
    case 'closedBeforeCreated':
      return `closed on ${p.closed}, before it was created on ${p.created}`;
    case 'unknownOutcome':
      return `the deal is closed but neither won nor lost (${p.column} "${p.value}")`;
    case 'unknownStageOrder':
      return `${p.column} "${p.value}" has no stage-history column, so its place in pipeline "${p.pipeline}" is unknown`;
  }
}

export class Problems {
  list: RowProblem[] = [];
  count = 0;
  add(line: number, code: ProblemCode, params: Record<string, string | number>): void {
    this.count++;
    if (this.list.length < MAX_LISTED_PROBLEMS) this.list.push({ line, code, params, message: `line ${line}: ${describe(code, params)}` });
  }
  sorted(): RowProblem[] {
    return [...this.list].sort((a, b) => a.line - b.line);
  }
}

/** What one deal looks like after its rows are read, before stages are resolved. */
interface RawDeal {
  line: number;
  id: string;
  title: string;
  owner: string;
  pipelineLabel: string | null;
  value: number;
  currency: string | null;
  createdAt: number;
  /** The close date the file gives (for a closed deal). */
  closedAt: number | null;
  /** When the deal entered its closed stage, where the file says it outside the stage history (Pipedrive's Won time / Lost time). */
  closedStageAt: number | null;
  closedColumn: string;
  /** Known from a status column or flags; null: from the stage label. */
  status: 'open' | 'won' | 'lost' | null;
  /** Closed (from a flag) but won or lost not said. */
  closedUnknown: boolean;
  entries: { label: string; at: number }[];
  current: string | null;
  currentColumn: string;
  lastStageChange: number | null;
}

/** Whether a cell after the header's last column is filled. */
function beyond(fields: readonly string[], width: number): boolean {
  for (let i = width; i < fields.length; i++) if (fields[i]!.trim() !== '') return true;
  return false;
}

/** Reads one row's cells by field, collecting problems. */
class RowReader {
  constructor(
    private readonly headerNames: readonly string[],
    public mapping: ColumnMapping,
    private readonly problems: Problems,
  ) {}
  row!: CsvRecord;
  bad = false;
  /** One copy of each label (owners, pipelines, stages, currencies): a deal keeps no piece of the file. */
  private readonly labels = new Map<string, string>();

  /** A value a deal keeps, as its own copy (see detached); a label once for all deals. */
  keep(value: string, label = false): string {
    if (!label) return detached(value);
    let known = this.labels.get(value);
    if (known === undefined) this.labels.set(value, (known = detached(value)));
    return known;
  }

  column(field: FieldId): number | null {
    const c = this.mapping.columns[field];
    return c === undefined || c === null || c >= this.headerNames.length ? null : c;
  }
  header(field: FieldId): string {
    const c = this.column(field);
    return c === null ? field : this.headerNames[c] || `column ${c + 1}`;
  }
  has(field: FieldId): boolean {
    return this.column(field) !== null;
  }
  problem(code: ProblemCode, params: Record<string, string | number>): void {
    this.bad = true;
    this.problems.add(this.row.line, code, params);
  }
  raw(field: FieldId): string {
    const c = this.column(field);
    return c === null ? '' : (this.row.fields[c] ?? '').trim();
  }
  text(field: FieldId, required = false): string | null {
    const value = this.raw(field);
    if (value === '') {
      if (required) this.problem('missingValue', { column: this.header(field) });
      return null;
    }
    return value;
  }
  /** A label that becomes a key somewhere (owner, stage, pipeline): never a prototype key. */
  label(field: FieldId, required = false): string | null {
    const value = this.text(field, required);
    if (value !== null && FORBIDDEN_KEYS.has(value)) {
      this.problem('notAllowed', { column: this.header(field), value });
      return null;
    }
    return value === null ? null : this.keep(value, true);
  }
  date(field: FieldId, required = false): number | null {
    const value = this.text(field, required);
    if (value === null) return null;
    const ms = parseDateCell(value, this.mapping.dateOrder);
    if (ms === null) this.problem('badDate', { column: this.header(field), value });
    return ms;
  }
  /** A stage-history cell (HubSpot `Date entered …`), named by its header. */
  dateAt(column: number): number | null {
    const name = this.headerNames[column] ?? `column ${column + 1}`;
    const value = (this.row.fields[column] ?? '').trim();
    if (value === '') return null;
    const ms = parseDateCell(value, this.mapping.dateOrder);
    if (ms === null) {
      this.bad = true;
      this.problems.add(this.row.line, 'badDate', { column: name, value });
    }
    return ms;
  }
  amount(field: FieldId): { value: number; currency: string | null } | null {
    const value = this.text(field);
    if (value === null) return null;
    const parsed = parseAmountCell(value, this.mapping.decimal);
    if (parsed === null) this.problem('notANumber', { column: this.header(field), value });
    else if (parsed.value < 0) this.problem('negativeNumber', { column: this.header(field), value });
    return parsed && parsed.value >= 0 ? parsed : null;
  }
  flag(field: FieldId): boolean | null {
    const value = this.text(field);
    if (value === null) return null;
    const parsed = parseFlagCell(value);
    if (parsed === undefined) {
      this.problem('badFlag', { column: this.header(field), value });
      return null;
    }
    return parsed;
  }
  percent(field: FieldId): number | null {
    const value = this.text(field);
    if (value === null) return null;
    const parsed = parsePercentCell(value, this.mapping.decimal);
    if (parsed === null) this.problem('badPercent', { column: this.header(field), value });
    return parsed;
  }
}

/** The playbook pipeline a file pipeline is: its name or an alias for this CRM; the first pipeline when the file has no pipelines. */
function playbookPipeline(playbook: Playbook | null | undefined, crm: CsvFormat, label: string | null): Pipeline | null {
  if (!playbook || playbook.pipelines.length === 0) return null;
  if (label === null) return playbook.pipelines[0]!;
  const wanted = labelKey(label);
  return (
    playbook.pipelines.find((p) => p.aliases[crm].some((alias) => labelKey(alias) === wanted)) ??
    playbook.pipelines.find((p) => labelKey(p.name) === wanted) ??
    null
  );
}

/**
 * Converts rows as they come (a table's, or a file's as it is read): each row is checked and read
 * into what its deal needs until every row is in (RawDeal; a stage-change row kept until its
 * deal's rows are all read), since the pipelines' stage order comes from the whole file.
 * `resolve` then gives the pipelines and the deals one by one.
 */
export class DealConverter {
  readonly problems = new Problems();
  private readonly reader: RowReader;
  private readonly width: number;
  private readonly format: CsvFormat;
  private readonly layout: FormatSpec['layout'];
  private readonly raw = new Map<string, RawDeal>();
  private readonly stageChangeRows = new Map<string, StageChangeRow[]>();
  private readonly stageProbability = new Map<string, number>();
  /** Deals left out on purpose (Pipedrive's deleted deals). */
  skipped = 0;
  /** Rows read. */
  rows = 0;

  constructor(
    header: readonly string[],
    mapping: ColumnMapping,
    private readonly options: ConvertOptions = {},
  ) {
    this.reader = new RowReader(header, mapping, this.problems);
    this.width = header.length;
    this.format = mapping.format;
    this.layout = FORMAT_SPECS[mapping.format].layout;
  }

  /** The mapping the next rows are read with (the same columns; the date order or decimal separator settled). */
  set mapping(mapping: ColumnMapping) {
    this.reader.mapping = mapping;
  }
  get mapping(): ColumnMapping {
    return this.reader.mapping;
  }

  add(row: CsvRecord): void {
    const reader = this.reader;
    this.rows++;
    reader.row = row;
    reader.bad = false;
    const width = this.width;
    if (row.fields.length < width || beyond(row.fields, width)) {
      reader.problem('fieldCount', { found: row.fields.length, expected: width });
      return;
    }
    if (this.layout === 'stageChanges') {
      const read = readStageChangeRow(reader, this.stageProbability);
      if (!read) return;
      let rows = this.stageChangeRows.get(read.key);
      if (!rows) this.stageChangeRows.set(read.key, (rows = []));
      rows.push(read);
      return;
    }
    const deal = this.layout === 'dealWithStatus' ? readDealWithStatus(reader) : readDealWithFlags(reader, reader.mapping.stageColumns);
    if (deal === 'deleted') {
      this.skipped++;
      return;
    }
    if (!deal) return;
    const other = this.raw.get(deal.id);
    if (other !== undefined) {
      reader.problem('duplicateId', { column: reader.header('id'), value: deal.id, other: other.line });
      return;
    }
    this.raw.set(deal.id, deal);
  }

  /** Every row is in: the pipelines with their stages, and the deals to finish (or why the file has none). */
  resolve(): ResolvedHistory | { fileProblem: FileProblem } {
    if (this.layout === 'stageChanges') {
      for (const [key, rows] of this.stageChangeRows) this.raw.set(key, dealOfStageChanges(rows));
      this.stageChangeRows.clear();
    }
    return resolveHistory(this.format, this.raw, this.reader.mapping, this.options, this.problems, this.stageProbability);
  }
}

/** The pipelines of a converted file and its deals, finished one by one (a deal with a problem adds it to the problems and is left out). */
export interface ResolvedHistory {
  pipelines: HistoryPipeline[];
  /** How many deals `deals` goes through (those with a problem included). */
  count: number;
  deals(): Generator<HistoryDeal>;
}

/** Converts a parsed CSV table with a mapping. Never throws for bad data: everything wrong is in the report. */
export async function convertTable(table: CsvTable, mapping: ColumnMapping, options: ConvertOptions = {}): Promise<ConversionReport> {
  const missing = missingFields(mapping);
  if (table.header.length === 0 || table.rows.length === 0) return emptyReport({ missing, fileProblem: { code: 'noRows', detail: 'the file has no rows below its header', note: note('headerOnly') } });
  if (missing.length > 0) return emptyReport({ missing });

  const converter = new DealConverter(table.header, mapping, options);
  const pause = options.yieldToLoop ?? yieldToEventLoop;
  const chunkRows = Math.max(1, options.chunkRows ?? 1000);
  // Progress in three equal parts: reading the rows, building the deals, validating them.
  const rowCount = table.rows.length;
  const total = rowCount * 3;
  const tick = async (done: number) => {
    options.onProgress?.(Math.min(Math.round(done), total), total);
    await pause();
    options.signal?.throwIfAborted();
  };

  for (let i = 0; i < rowCount; i++) {
    if (i > 0 && i % chunkRows === 0) await tick(i);
    converter.add(table.rows[i]!);
  }
  await tick(rowCount);

  const resolved = converter.resolve();
  if ('fileProblem' in resolved) return emptyReport({ fileProblem: resolved.fileProblem });
  const scale = resolved.count ? rowCount / resolved.count : 0;
  const deals: HistoryDeal[] = [];
  let done = 0;
  for (const deal of resolved.deals()) {
    deals.push(deal);
    if (++done % chunkRows === 0) await tick(rowCount + done * scale);
  }
  const problems = converter.problems;
  if (problems.count > 0) return emptyReport({ problems: problems.sorted(), problemCount: problems.count });
  const history: History = { version: 1, pipelines: resolved.pipelines, deals, activities: [], forecasts: [] };
  const checked = await checkHistory(history, chunkRows, (k) => tick(2 * rowCount + k * scale));
  options.onProgress?.(total, total);
  if ('fileProblem' in checked) return emptyReport({ fileProblem: checked.fileProblem });
  return emptyReport({ history: checked.history, summary: summarize(checked.history, converter.skipped) });
}

/** A report with nothing in it but what is given. */
export const emptyReport = (over: Partial<ConversionReport> = {}): ConversionReport => ({ history: null, summary: null, missing: [], problems: [], problemCount: 0, fileProblem: null, ...over });

/** A deal per row with a status column (Pipedrive's export): deleted deals are skipped. */
function readDealWithStatus(r: RowReader): RawDeal | 'deleted' | null {
  const statusText = r.text('status', true);
  const status = statusText === null ? null : parseStatus(statusText);
  if (statusText !== null && status === null) r.problem('badStatus', { column: r.header('status'), value: statusText });
  if (status === 'deleted') return 'deleted';
  const deal = commonFields(r);
  const stage = r.label('stage', true);
  const wonAt = r.date('wonAt');
  const lostAt = r.date('lostAt');
  const closedAt = r.date('closedAt');
  const lastStageChange = r.date('lastStageChange');
  if (r.bad || !deal || !stage || !status) return null;
  const closedStageAt = status === 'won' ? wonAt : status === 'lost' ? lostAt : null;
  const closedColumn = status === 'won' && r.has('wonAt') ? r.header('wonAt') : status === 'lost' && r.has('lostAt') ? r.header('lostAt') : r.header('closedAt');
  return rawDeal(deal, {
    closedAt: status === 'open' ? null : closedAt,
    closedStageAt,
    closedColumn,
    status,
    closedUnknown: false,
    entries: [{ label: stage, at: Math.max(deal.createdAt, lastStageChange ?? deal.createdAt) }],
    current: stage,
    currentColumn: r.header('stage'),
    lastStageChange,
  });
}

/** A deal per row with won/closed flags and stage-history columns (HubSpot's export). */
function readDealWithFlags(r: RowReader, stageColumns: readonly StageColumn[]): RawDeal | null {
  const deal = commonFields(r);
  const stage = r.label('stage', true);
  const closeDate = r.date('closedAt');
  const won = r.flag('won');
  const closed = r.flag('closed');
  const enteredCurrentStage = r.date('lastStageChange');
  const pipelineKey = deal?.pipelineLabel ? labelKey(deal.pipelineLabel) : null;
  const entries: { label: string; at: number }[] = [];
  for (const column of stageColumns) {
    if (column.pipeline !== null && pipelineKey !== null && labelKey(column.pipeline) !== pipelineKey) continue;
    const at = r.dateAt(column.column);
    if (at !== null) entries.push({ label: column.stage, at });
  }
  if (r.bad || !deal || !stage) return null;
  const status = won === true ? 'won' : closed === false ? 'open' : closed === true && won === false ? 'lost' : null;
  return rawDeal(deal, {
    closedAt: closeDate,
    closedStageAt: null,
    closedColumn: r.header('closedAt'),
    status,
    closedUnknown: closed === true && status === null,
    entries,
    current: stage,
    currentColumn: r.header('stage'),
    lastStageChange: enteredCurrentStage,
  });
}

type CommonFields = Pick<RawDeal, 'line' | 'id' | 'title' | 'owner' | 'pipelineLabel' | 'value' | 'currency' | 'createdAt'>;

/**
 * A deal as kept until every row is read, written out field by field: an object spread with more
 * fields added takes more than twice the memory (≈ 900 bytes instead of 400), which is 400 MB more
 * on a 700 000-deal export.
 */
function rawDeal(c: CommonFields, rest: Omit<RawDeal, keyof CommonFields>): RawDeal {
  return {
    line: c.line,
    id: c.id,
    title: c.title,
    owner: c.owner,
    pipelineLabel: c.pipelineLabel,
    value: c.value,
    currency: c.currency,
    createdAt: c.createdAt,
    closedAt: rest.closedAt,
    closedStageAt: rest.closedStageAt,
    closedColumn: rest.closedColumn,
    status: rest.status,
    closedUnknown: rest.closedUnknown,
    entries: rest.entries,
    current: rest.current,
    currentColumn: rest.currentColumn,
    lastStageChange: rest.lastStageChange,
  };
}

/** id, title, owner, pipeline, value, currency, created: the same in every format. */
function commonFields(r: RowReader): CommonFields | null {
  const id = r.text('id');
  const title = r.text('title');
  const owner = r.label('owner');
  const pipelineLabel = r.label('pipeline');
  const amount = r.amount('value');
  const currency = r.text('currency');
  const createdAt = r.date('createdAt', true);
  if (createdAt === null) return null;
  return {
    line: r.row.line,
    id: id === null ? `line-${r.row.line}` : r.keep(id),
    title: title === null ? '' : r.keep(title),
    owner: owner ?? UNKNOWN_OWNER,
    pipelineLabel,
    value: amount?.value ?? 0,
    currency: currency === null ? (amount?.currency ?? null) : r.keep(currency, true),
    createdAt,
  };
}

/** One stage change of a deal (a row of Salesforce's opportunity history report). */
interface StageChangeRow {
  key: string;
  line: number;
  id: string | null;
  title: string | null;
  owner: string | null;
  pipelineLabel: string | null;
  amount: { value: number; currency: string | null } | null;
  currency: string | null;
  createdAt: number | null;
  closedAt: number | null;
  won: boolean | null;
  closed: boolean | null;
  from: string | null;
  to: string | null;
  stage: string | null;
  changedAt: number;
  headers: { closedAt: string; stage: string };
}

function readStageChangeRow(r: RowReader, stageProbability: Map<string, number>): StageChangeRow | null {
  const id = r.text('id');
  const title = r.text('title');
  if (id === null && title === null) r.problem('missingValue', { column: r.header(r.has('id') ? 'id' : 'title') });
  const owner = r.label('owner');
  const pipelineLabel = r.label('pipeline');
  const amount = r.amount('value');
  const currency = r.text('currency');
  const createdAt = r.date('createdAt');
  const closedAt = r.date('closedAt');
  const won = r.flag('won');
  const closed = r.flag('closed');
  const from = r.label('fromStage');
  const to = r.label('toStage');
  const stage = r.label('stage');
  if (to === null && stage === null) r.problem('missingValue', { column: r.header(r.has('toStage') ? 'toStage' : 'stage') });
  const changedAt = r.date('changedAt', true);
  const probability = r.percent('probability');
  if (r.bad || changedAt === null) return null;
  const entered = to ?? stage!;
  if (probability !== null) stageProbability.set(labelKey(entered), probability);
  return {
    key: id === null ? `name:${title}` : r.keep(id),
    line: r.row.line,
    id: id === null ? null : r.keep(id),
    title: title === null ? null : r.keep(title),
    owner,
    pipelineLabel,
    amount,
    currency: currency === null ? null : r.keep(currency, true),
    createdAt,
    closedAt,
    won,
    closed,
    from,
    to,
    stage,
    changedAt,
    headers: { closedAt: r.header('closedAt'), stage: r.header(r.has('toStage') ? 'toStage' : 'stage') },
  };
}

/** One opportunity from its history rows: the stages entered in time order; the latest row says what it is now. */
function dealOfStageChanges(rows: StageChangeRow[]): RawDeal {
  rows.sort((a, b) => a.changedAt - b.changedAt || a.line - b.line);
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const latest = <T>(pick: (row: StageChangeRow) => T | null): T | null => {
    for (let i = rows.length - 1; i >= 0; i--) {
      const value = pick(rows[i]!);
      if (value !== null) return value;
    }
    return null;
  };
  const createdColumn = rows.map((row) => row.createdAt).find((at) => at !== null) ?? null;
  const createdAt = Math.min(createdColumn ?? first.changedAt, first.changedAt);
  const entries: { label: string; at: number }[] = [];
  // The stage it was in before the first change in the report, when the report starts mid-way.
  if (first.from && first.to && createdColumn !== null && createdColumn < first.changedAt) entries.push({ label: first.from, at: createdColumn });
  for (const row of rows) entries.push({ label: (row.to ?? row.stage)!, at: row.changedAt });
  const won = latest((row) => row.won);
  const closed = latest((row) => row.closed);
  const status = won === true ? 'won' : closed === false ? 'open' : closed === true && won === false ? 'lost' : null;
  const amount = latest((row) => row.amount);
  return {
    line: first.line,
    id: last.id ?? `line-${first.line}`,
    title: latest((row) => row.title) ?? '',
    owner: latest((row) => row.owner) ?? UNKNOWN_OWNER,
    pipelineLabel: latest((row) => row.pipelineLabel),
    value: amount?.value ?? 0,
    currency: latest((row) => row.currency) ?? amount?.currency ?? null,
    createdAt,
    closedAt: latest((row) => row.closedAt),
    closedStageAt: null,
    closedColumn: last.headers.closedAt,
    status,
    closedUnknown: closed === true && status === null,
    entries,
    current: last.stage ?? last.to,
    currentColumn: last.headers.stage,
    lastStageChange: null,
  };
}

interface LabelInfo {
  key: string;
  label: string;
  playbookStage: Stage | null;
  outcome: 'won' | 'lost' | null;
}

interface PipelineGroup {
  key: string;
  label: string | null;
  playbook: Pipeline | null;
  deals: RawDeal[];
}

/** Stages resolved for one pipeline: label key → stage id (working stages, and the won stage when the playbook has one). */
interface ResolvedPipeline {
  pipeline: HistoryPipeline;
  stageOf: Map<string, string>;
  outcomeOf: Map<string, 'won' | 'lost' | null>;
}

function resolveHistory(
  format: CsvFormat,
  raw: ReadonlyMap<string, RawDeal>,
  mapping: ColumnMapping,
  options: ConvertOptions,
  problems: Problems,
  stageProbability: ReadonlyMap<string, number>,
): ResolvedHistory | { fileProblem: FileProblem } {
  // Pipelines: file pipelines that are the same playbook pipeline become one.
  const groups = new Map<string, PipelineGroup>();
  const playbookOf = new Map<string | null, Pipeline | null>();
  for (const deal of raw.values()) {
    let pb = playbookOf.get(deal.pipelineLabel);
    if (pb === undefined) playbookOf.set(deal.pipelineLabel, (pb = playbookPipeline(options.playbook, format, deal.pipelineLabel)));
    const key = pb ? `playbook:${pb.id}` : `file:${deal.pipelineLabel === null ? '' : labelKey(deal.pipelineLabel)}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label: deal.pipelineLabel, playbook: pb, deals: [] }));
    group.deals.push(deal);
  }
  if (groups.size > MAX_PIPELINES) {
    return { fileProblem: { code: 'tooManyStages', detail: `${groups.size} different pipelines (at most ${MAX_PIPELINES}): is the right column mapped to the pipeline?`, note: note('tooManyPipelines', { count: groups.size, max: MAX_PIPELINES }) } };
  }

  const pipelineIds = new Set<string>(options.playbook?.pipelines.map((p) => p.id) ?? []);
  const resolved = new Map<string, ResolvedPipeline>();
  for (const group of groups.values()) {
    const result = resolvePipeline(format, group, mapping.stageColumns, options, problems, stageProbability, pipelineIds);
    if ('fileProblem' in result) return result;
    resolved.set(group.key, result);
  }

  return {
    pipelines: [...groups.values()].map((group) => resolved.get(group.key)!.pipeline),
    count: raw.size,
    *deals() {
      for (const group of groups.values()) {
        const pipeline = resolved.get(group.key)!;
        for (const deal of group.deals) {
          const made = finishDeal(format, deal, pipeline, problems);
          if (made) yield made;
        }
      }
    },
  };
}

function resolvePipeline(
  format: CsvFormat,
  group: PipelineGroup,
  stageColumns: readonly StageColumn[],
  options: ConvertOptions,
  problems: Problems,
  stageProbability: ReadonlyMap<string, number>,
  pipelineIds: Set<string>,
): ResolvedPipeline | { fileProblem: FileProblem } {
  const pb = group.playbook;
  const name = pb?.name ?? group.label ?? connectorOf(format).name;
  const labels = new Map<string, LabelInfo>();
  const info = (label: string): LabelInfo => {
    const key = labelKey(label);
    let found = labels.get(key);
    if (!found) {
      const playbookStage = pb ? matchStageIn(pb, format, label, {}, '') : null;
      const builtIn = outcomeOfLabel(label);
      // A playbook stage of that name decides; a CRM's closed stage it does not know is still an outcome.
      const outcome = playbookStage ? playbookStage.outcome : builtIn;
      labels.set(key, (found = { key, label, playbookStage, outcome }));
    }
    return found;
  };

  // The file's order of working stages.
  const groupKey = group.label === null ? null : labelKey(group.label);
  const ownColumns = FORMAT_SPECS[format].stageHistoryColumns ? stageColumns.filter((c) => c.pipeline === null || groupKey === null || labelKey(c.pipeline) === groupKey || (pb !== null && playbookPipeline(options.playbook, format, c.pipeline)?.id === pb.id)) : [];
  const firstSeen: string[] = [];
  const see = (label: string | null) => {
    if (label === null) return;
    const item = info(label);
    if (!firstSeen.includes(item.key)) firstSeen.push(item.key);
  };
  let fileOrder: string[];
  if (ownColumns.length > 0) {
    for (const column of ownColumns) see(column.stage);
    const columnKeys = new Set(firstSeen);
    for (const deal of group.deals) {
      if (deal.current === null) continue;
      const item = info(deal.current);
      if (item.outcome === null && !item.playbookStage && !columnKeys.has(item.key)) {
        problems.add(deal.line, 'unknownStageOrder', { column: deal.currentColumn, value: deal.current, pipeline: group.label ?? name });
      }
    }
    fileOrder = firstSeen.filter((key) => labels.get(key)!.outcome === null);
  } else {
    for (const deal of group.deals) {
      for (const entry of deal.entries) see(entry.label);
      see(deal.current);
    }
    const working = firstSeen.filter((key) => labels.get(key)!.outcome === null);
    fileOrder =
      FORMAT_SPECS[format].layout === 'stageChanges'
        ? consensusOrder(
            group.deals.map((deal) => deal.entries.map((e) => labelKey(e.label))),
            working,
          )
        : working;
  }
  if (fileOrder.length > MAX_STAGES_PER_PIPELINE) {
    return { fileProblem: { code: 'tooManyStages', detail: `pipeline "${name}" has ${fileOrder.length} different stages (at most ${MAX_STAGES_PER_PIPELINE}): is the right column mapped to the stage?`, note: note('tooManyStages', { name, count: fileOrder.length, max: MAX_STAGES_PER_PIPELINE }) } };
  }

  // Final stage list: the playbook's (without its lost stage), file-only stages after the stage before them in the file.
  type Draft = { id: string | null; key: string | null; name: string; probability: number | null; rotDays: number | null; outcome: 'won' | 'lost' | null };
  const defaultRot = options.defaultRotDays ?? null;
  const drafts: Draft[] = (pb?.stages ?? [])
    .filter((stage) => stage.outcome !== 'lost')
    .map((stage) => ({ id: stage.id, key: null, name: stage.name, probability: stage.probability, rotDays: stage.outcome ? null : (stage.rotDays ?? defaultRot), outcome: stage.outcome }));
  const wonAt = () => {
    const i = drafts.findIndex((d) => d.outcome === 'won');
    return i === -1 ? drafts.length : i;
  };
  let insertAt = 0;
  for (const key of fileOrder) {
    const item = labels.get(key)!;
    if (item.playbookStage) {
      insertAt = drafts.findIndex((d) => d.id === item.playbookStage!.id) + 1;
      continue;
    }
    const at = Math.min(insertAt, wonAt());
    const probability = stageProbability.get(key) ?? null;
    drafts.splice(at, 0, { id: null, key, name: item.label, probability, rotDays: defaultRot, outcome: null });
    insertAt = at + 1;
  }
  const probabilities = fillProbabilities(drafts.map((d) => d.probability));
  const stageIds = new Set<string>(drafts.flatMap((d) => (d.id ? [d.id] : [])));
  const stages: HistoryStage[] = drafts.map((draft, i) => ({
    id: draft.id ?? slugId(draft.name, stageIds, 'stage'),
    name: draft.name,
    probability: probabilities[i]!,
    rotDays: draft.rotDays,
  }));

  const stageOf = new Map<string, string>();
  const outcomeOf = new Map<string, 'won' | 'lost' | null>();
  const wonStage = drafts.findIndex((d) => d.outcome === 'won');
  for (const item of labels.values()) {
    outcomeOf.set(item.key, item.outcome);
    if (item.playbookStage && item.outcome !== 'lost') stageOf.set(item.key, item.playbookStage.id);
    else if (item.outcome === 'won' && wonStage !== -1) stageOf.set(item.key, stages[wonStage]!.id);
  }
  drafts.forEach((draft, i) => {
    if (draft.key !== null) stageOf.set(draft.key, stages[i]!.id);
  });

  const id = pb ? pb.id : slugId(group.label ?? connectorOf(format).name, pipelineIds, 'pipeline');
  pipelineIds.add(id);
  return { pipeline: { id, name, stages }, stageOf, outcomeOf };
}

function finishDeal(format: CsvFormat, deal: RawDeal, pipeline: ResolvedPipeline, problems: Problems): HistoryDeal | null {
  const currentKey = deal.current === null ? null : labelKey(deal.current);
  const labelOutcome = currentKey === null ? null : (pipeline.outcomeOf.get(currentKey) ?? null);
  let status = deal.status;
  if (status === null) {
    if (deal.closedUnknown && labelOutcome === null) {
      problems.add(deal.line, 'unknownOutcome', { column: deal.currentColumn, value: deal.current ?? '' });
      return null;
    }
    status = labelOutcome ?? 'open';
  }

  const ordered = [...deal.entries].sort((a, b) => a.at - b.at);
  let closedAt: number | null = null;
  if (status !== 'open') {
    // closeMoment, the team sync's rule: when it (last) entered its closed stage by the file's
    // stage history, else the close date at 00:00 UTC.
    const enteredClosed = deal.closedStageAt ?? ordered.findLast((e) => pipeline.outcomeOf.get(labelKey(e.label)) === status)?.at ?? null;
    closedAt = closeMoment(enteredClosed, deal.closedAt);
    if (closedAt === null) {
      problems.add(deal.line, 'noCloseDate', { status, column: deal.closedColumn });
      return null;
    }
    if (closedAt < deal.createdAt && day(closedAt) < day(deal.createdAt)) {
      problems.add(deal.line, 'closedBeforeCreated', { closed: day(closedAt), created: day(deal.createdAt) });
      return null;
    }
    // A close date without a time (end of the day in the CRM) on the day the deal was created.
    closedAt = Math.max(closedAt, deal.createdAt);
  }

  const stageHistory: { stage: string; enteredAt: number }[] = [];
  for (const entry of ordered) {
    const stage = pipeline.stageOf.get(labelKey(entry.label));
    if (stage === undefined || stageHistory.at(-1)?.stage === stage) continue;
    stageHistory.push({ stage, enteredAt: entry.at });
  }
  // The current stage, when the history does not end there (a stage column left empty, a deal
  // moved back, a won deal whose won stage has no date): entered after everything else known.
  const current = currentKey === null ? undefined : pipeline.stageOf.get(currentKey);
  if (current !== undefined && stageHistory.at(-1)?.stage !== current) {
    const last = stageHistory.at(-1)?.enteredAt ?? deal.createdAt;
    const enteredAt = labelOutcome === 'won' && closedAt !== null ? Math.max(last, closedAt) : Math.max(last, deal.lastStageChange ?? deal.createdAt);
    stageHistory.push({ stage: current, enteredAt });
  }

  return {
    id: `${format}:${deal.id}`,
    title: deal.title,
    owner: deal.owner,
    pipeline: pipeline.pipeline.id,
    value: deal.value,
    currency: deal.currency,
    createdAt: deal.createdAt,
    closedAt,
    status,
    stageHistory,
  };
}

/**
 * Runs the scorecard's own validateHistory on the file form of some deals (serializeHistory, as
 * stored) with the pipelines; `start` is the first one's place among all the deals, for the path of a
 * problem. validateHistory checks the pipelines, then each deal on its own against them, so slices
 * of the deals together check exactly what the whole would.
 */
export function validateDeals(pipelines: HistoryPipeline[], deals: HistoryDeal[], start: number): { history: History } | { fileProblem: FileProblem } {
  return validateHistoryFile(serializeHistory({ version: 1, pipelines, deals, activities: [], forecasts: [] }), start);
}

/** validateDeals on the file's text of the deals (the text written is the text checked). */
export function validateHistoryFile(text: string, start: number, keep = true): { history: History } | { fileProblem: FileProblem } {
  return validateHistoryValue(JSON.parse(text), start, keep);
}

/** validateDeals on the value of the file's text of the deals (JSON.parse's, or one known to be the same); `keep: false` keeps no deal in the history given back. */
export function validateHistoryValue(value: unknown, start: number, keep = true): { history: History } | { fileProblem: FileProblem } {
  try {
    return { history: validateHistory(value, { deals: keep ? 'keep' : 'check' }) };
  } catch (error) {
    if (!(error instanceof HistoryError)) throw error;
    const path = error.path.replace(/^deals\[(\d+)\]/, (_, i: string) => `deals[${Number(i) + start}]`);
    return { fileProblem: { code: 'invalidHistory', detail: new HistoryError(path, error.reason).message, ...(error.note ? { note: { ...error.note, at: path } } : {}) } };
  }
}

/**
 * The history as validateDeals gives it back, never what it would reject; over slices of `chunk`
 * deals with a yield between them, so 100 000 deals never block the page.
 */
async function checkHistory(history: History, chunk: number, tick: (done: number) => Promise<void>): Promise<{ history: History } | { fileProblem: FileProblem }> {
  const deals: HistoryDeal[] = [];
  let pipelines: HistoryPipeline[] | null = null;
  for (let start = 0; start === 0 || start < history.deals.length; start += chunk) {
    const checked = validateDeals(history.pipelines, history.deals.slice(start, start + chunk), start);
    if ('fileProblem' in checked) return checked;
    pipelines ??= checked.history.pipelines;
    for (const deal of checked.history.deals) deals.push(deal);
    if (start + chunk < history.deals.length) await tick(start + chunk);
  }
  return { history: { version: 1, pipelines: pipelines!, deals, activities: [], forecasts: [] } };
}

export function summarize(history: History, skipped = 0): ImportSummary {
  const owners = new Set<string>();
  let open = 0;
  let won = 0;
  let lost = 0;
  let from = Infinity;
  let to = -Infinity;
  for (const deal of history.deals) {
    owners.add(deal.owner);
    if (deal.status === 'open') open++;
    else if (deal.status === 'won') won++;
    else lost++;
    from = Math.min(from, deal.createdAt);
    to = Math.max(to, deal.createdAt, deal.closedAt ?? -Infinity, deal.stageHistory.at(-1)?.enteredAt ?? -Infinity);
    for (const entry of deal.stageHistory) from = Math.min(from, entry.enteredAt);
  }
  const names = new Map(history.pipelines.map((p) => [p.id, p]));
  return {
    deals: history.deals.length,
    open,
    won,
    lost,
    owners: [...owners].sort((a, b) => a.localeCompare(b)),
    pipelines: [...names.values()].map((p) => ({ name: p.name || p.id, stages: p.stages.map((s) => s.name || s.id) })),
    from: history.deals.length ? from : null,
    to: history.deals.length ? to : null,
    skipped,
  };
}

/**
 * The first owner, pipeline or stage id that is a prototype key (`__proto__`, `constructor`,
 * `prototype`): the scorecard groups by these names, so such a file is refused as the CSV path
 * refuses such a cell — `deals[3].owner: "__proto__" is not allowed`.
 */
export function forbiddenName(history: History): string | null {
  const bad = (path: string, value: string) => (FORBIDDEN_KEYS.has(value) ? `${path}: ${JSON.stringify(value)} is not allowed` : null);
  for (const [p, pipeline] of history.pipelines.entries()) {
    const found = bad(`pipelines[${p}].id`, pipeline.id) ?? pipeline.stages.map((stage, s) => bad(`pipelines[${p}].stages[${s}].id`, stage.id)).find((x) => x !== null);
    if (found) return found;
  }
  for (const [i, deal] of history.deals.entries()) {
    const found = bad(`deals[${i}].owner`, deal.owner);
    if (found) return found;
  }
  for (const [i, activity] of history.activities.entries()) {
    const found = bad(`activities[${i}].owner`, activity.owner);
    if (found) return found;
  }
  for (const [i, forecast] of history.forecasts.entries()) {
    const found = bad(`forecasts[${i}].owner`, forecast.owner);
    if (found) return found;
  }
  return null;
}

/**
 * The scorecard JSON file itself: parsed as untrusted JSON (prototype keys, nesting, truncation),
 * then validated exactly as the `scorecard` command does (validateHistory, the error naming the path).
 */
export function importHistoryJson(text: string): ConversionReport {
  const base: ConversionReport = { history: null, summary: null, missing: [], problems: [], problemCount: 0, fileProblem: null };
  const parsed = parseUntrustedJson(text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    const code = parsed.error.code;
    const known: FileProblemCode = code === 'empty' || code === 'invalidJson' || code === 'truncated' || code === 'forbiddenKey' || code === 'tooDeep' ? code : 'notHistory';
    return { ...base, fileProblem: { code: known, detail: parsed.error.detail, ...(parsed.error.note ? { note: parsed.error.note } : {}) } };
  }
  try {
    const history = validateHistory(parsed.value);
    const forbidden = forbiddenName(history);
    if (forbidden) return { ...base, fileProblem: { code: 'notHistory', detail: forbidden } };
    return { ...base, history, summary: summarize(history) };
  } catch (error) {
    if (error instanceof HistoryError) return { ...base, fileProblem: { code: 'notHistory', detail: error.message, ...(error.note ? { note: error.note } : {}) } };
    throw error;
  }
}
