import type { z } from 'zod';
import { parseInstant } from './dates';
import { kindOf, note, type DetailNote } from '../model/detail-note';
import { issueNote } from '../model/issue-note';
import {
  activitySchema,
  checklistRowSchema,
  compareDocumentOrder,
  dealSchema,
  formatPath,
  historyFileSchema,
  historyFileV2Schema,
  HistoryError,
  isRecord,
  type ActivityType,
  type DealStatus,
  type History,
  type HistoryActivity,
  type HistoryChecklistRow,
  type HistoryDeal,
  type IssuePath,
} from './history-file';
import { isActivityShape, isChecklistRowShape, isDealShape } from './history-shapes';
import { JsonSyntaxError, TopLevelReader, type TopLevelHandler } from './json-top-level';

// Reading a history document in ONE pass: each element of `deals`, `activities` and `checklist` is
// checked as it arrives (a fast shape test; zod only for an element that fails it, for the message
// of the contract), its instants parsed once, its cross-references resolved, and it is added to the
// history being built — or, once a problem is found, only checked on (the first problem in document
// order is what is reported, as `<path>: <reason>`). The same pass serves a parsed value
// (validateHistory), a whole text (parseHistoryText) and a file read piece by piece (readHistory).
//
// A document written in the usual order (version, currency, pipelines, deals, …, checklist — as the
// app and the team sync write it) is read once. When something a streamed array needs comes after it
// (the version or the pipelines after the deals, a v2 currency after the deals, the checklist before
// the deals), or a top-level key is repeated (the last one counts, as in JSON.parse), the first pass
// learns those facts and a second pass reads the document again with them.

export interface ReadOptions {
  /**
   * 'count': activities are checked and counted per owner (History.activityCounts) but not kept —
   * what the scorecard needs. 'keep' (default): every activity in History.activities.
   */
  activities?: 'keep' | 'count';
  /** 'check': every deal is checked but none kept (History.deals stays empty) — for a writer that checks what it writes. 'keep' (default). */
  deals?: 'keep' | 'check';
  /**
   * Sees each top-level value, and each element of `deals`, `activities` and `checklist`, as the
   * text is read (`index` null for a top-level value) — for a reader with checks of its own (the
   * history import's for hostile structure). Text only; a document read twice is seen twice.
   */
  onValue?: (key: string, index: number | null, value: unknown) => void;
}

export const STREAMED: ReadonlySet<string> = new Set(['deals', 'activities', 'checklist']);
const KNOWN = new Set(['version', 'currency', 'pipelines', 'deals', 'activities', 'forecasts', 'checklist']);

/** What a first pass learnt, for a second pass over a document in an unusual order. */
export interface Preamble {
  ordinals: Map<string, number>;
  occurrences: Map<string, number>;
  version: unknown;
  /** The last occurrence's value, when it was not a streamed array. */
  values: Map<string, unknown>;
  /** Every deal id → its pipeline as written (first occurrence). */
  dealPipelines: Map<string, unknown>;
}

interface Found {
  ordinal: number;
  /** Element index within a streamed array; -1 for a whole top-level value. */
  index: number;
  node: unknown;
  rel: IssuePath;
  key: string;
  message: string;
  /** The same as a note the page says in its language (its place is added when thrown). */
  note: Omit<DetailNote, 'at'>;
}

type Mode = 'process' | 'ids' | 'skip';

/** A zod issue's note without its place (the element's place in the file is added when thrown). */
const withoutPlace = ({ at: _at, ...rest }: DetailNote): Omit<DetailNote, 'at'> => rest;

/** One pass over a document's events (exported for ./history-split, which runs one on each side). */
export class HistoryBuilder implements TopLevelHandler {
  private readonly ordinals: Map<string, number>;
  private readonly occurrences = new Map<string, number>();
  private readonly values = new Map<string, unknown>();
  private version: unknown;
  private versionSeen = false;
  private best: Found | null = null;
  private building = true;
  againNeeded = false;
  private mode: Mode = 'skip';
  private notObject = false;

  private pipelinesReady = false;
  private stagesOf = new Map<string, Set<string>>();
  private base: string | null = null;
  private rates: Record<string, unknown> = {};
  private money = false;
  private currencyUsed = false;

  private deals: HistoryDeal[] = [];
  private dealsDone = false;
  private dealStages = new Map<string, { pipeline: unknown; stages: Set<string> | undefined }>();
  private readonly dealPipelines = new Map<string, unknown>();
  private activities: HistoryActivity[] = [];
  private counts = { total: 0, byOwner: new Map<string, number>() };
  private checklist: HistoryChecklistRow[] = [];
  private checklistSeen = new Map<string, number>();
  private streamedArrays = new Set<string>();
  /** One copy of each short repeated string (owners, pipelines, stages, currencies). */
  private readonly interned = new Map<string, string>();

  constructor(
    private readonly options: ReadOptions,
    private readonly pre: Preamble | null,
  ) {
    this.ordinals = pre ? pre.ordinals : new Map();
    if (pre) {
      this.version = pre.version;
      this.versionSeen = pre.occurrences.has('version');
    }
  }

  // ---- the document's top level ----------------------------------------------------------------

  /** Counts an occurrence of `key`; true when it is the one that counts (the last, as JSON.parse keeps). */
  private arrive(key: string): boolean {
    const seen = (this.occurrences.get(key) ?? 0) + 1;
    this.occurrences.set(key, seen);
    if (this.pre) return seen === (this.pre.occurrences.get(key) ?? 0);
    if (!this.ordinals.has(key)) this.ordinals.set(key, this.ordinals.size);
    if (seen > 1 && KNOWN.has(key)) this.again();
    return true;
  }

  private again(): void {
    this.againNeeded = true;
    this.building = false;
  }

  notAnObject(): void {
    this.notObject = true;
  }

  /** Something is wrong already, or a second pass is needed: this pass's history will not count. */
  get troubled(): boolean {
    return this.best !== null || this.againNeeded || this.notObject;
  }

  value(key: string, value: unknown): void {
    if (!this.arrive(key)) return;
    this.values.set(key, value);
    this.streamedArrays.delete(key);
    if (key === 'version' && !this.pre) {
      this.version = value;
      this.versionSeen = true;
    }
    if (key === 'currency' && this.currencyUsed && this.version === 2) this.again();
  }

  begin(key: string): void {
    const counts = this.arrive(key);
    this.values.delete(key);
    this.mode = 'skip';
    if (!counts) return;
    this.streamedArrays.add(key);
    const version = this.version;
    const versionKnown = version === 1 || version === 2;
    if (this.versionSeen && !versionKnown) return; // judged by the version alone
    if (key === 'activities') this.mode = 'process';
    else if (key === 'deals') {
      this.dealPipelines.clear();
      if (!versionKnown || !(this.values.has('pipelines') || this.pre?.values.has('pipelines'))) {
        if (!this.pre) this.again();
        this.mode = 'ids';
        if (!this.pre || !versionKnown) return;
      }
      this.preparePipelines();
      this.mode = 'process';
    } else if (key === 'checklist') {
      if (!versionKnown) {
        if (!this.pre) this.again();
        return;
      }
      if (version !== 2) return;
      if (!this.dealsDone && !this.pre) {
        this.again();
        return;
      }
      if (!this.dealsDone) this.dealStagesFromPreamble();
      this.mode = 'process';
    }
  }

  items(key: string, index: number, items: unknown[]): void {
    const mode = this.mode;
    if (mode === 'skip') return;
    if (key === 'deals') {
      if (mode === 'ids') {
        for (const d of items) if (isRecord(d) && typeof d.id === 'string' && !this.dealPipelines.has(d.id)) this.dealPipelines.set(d.id, d.pipeline);
        return;
      }
      for (let k = 0; k < items.length; k++) this.deal(items[k], index + k);
    } else if (key === 'activities') {
      for (let k = 0; k < items.length; k++) this.activity(items[k], index + k);
    } else if (key === 'checklist') {
      for (let k = 0; k < items.length; k++) this.checklistRow(items[k], index + k);
    }
  }

  /** The array that began last is complete (called before the next key, and at the end). */
  endArray(key: string): void {
    if (key === 'deals' && this.mode === 'process') this.dealsDone = true;
  }

  // ---- problems ---------------------------------------------------------------------------------

  private report(key: string, index: number, node: unknown, rel: IssuePath, message: string, note: Omit<DetailNote, 'at'>): void {
    const found: Found = { ordinal: this.ordinals.get(key) ?? Number.POSITIVE_INFINITY, index, node, rel, key, message, note };
    const best = this.best;
    if (!best || found.ordinal < best.ordinal || (found.ordinal === best.ordinal && (found.index < best.index || (found.index === best.index && compareDocumentOrder(node, rel, best.rel) < 0)))) {
      this.best = found;
    }
    if (this.building) {
      this.building = false;
      this.deals = [];
      this.activities = [];
      this.checklist = [];
    }
  }

  private zodIssues(key: string, index: number, node: unknown, schema: z.ZodType): boolean {
    const result = schema.safeParse(node);
    if (result.success) return true;
    for (const issue of result.error.issues) this.report(key, index, node, issue.path, issue.message, withoutPlace(issueNote(issue, node)));
    return false;
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size < 100_000) this.interned.set(text, text);
    return text;
  }

  // ---- pipelines and currency (small values, checked when the deals need them or at the end) ----

  private preparePipelines(): void {
    if (this.pipelinesReady) return;
    this.pipelinesReady = true;
    const version = this.version as 1 | 2;
    const raw = this.values.has('pipelines') ? this.values.get('pipelines') : this.pre?.values.get('pipelines');
    const shape = version === 2 ? historyFileV2Schema.shape : historyFileSchema.shape;
    this.zodIssues('pipelines', -1, raw, shape.pipelines);
    const list = Array.isArray(raw) ? raw : [];
    list.forEach((pipeline: unknown, p) => {
      if (!isRecord(pipeline) || typeof pipeline.id !== 'string') return;
      if (this.stagesOf.has(pipeline.id)) {
        this.report('pipelines', -1, raw, [p, 'id'], `duplicate pipeline id "${pipeline.id}"`, note('duplicateId', { value: pipeline.id }));
        return;
      }
      const ids = new Set<string>();
      (Array.isArray(pipeline.stages) ? pipeline.stages : []).forEach((stage: unknown, s) => {
        if (!isRecord(stage) || typeof stage.id !== 'string') return;
        if (ids.has(stage.id)) this.report('pipelines', -1, raw, [p, 'stages', s, 'id'], `duplicate stage id "${stage.id}"`, note('duplicateId', { value: stage.id }));
        ids.add(stage.id);
        if (version === 2) {
          const tasks = new Set<string>();
          (Array.isArray(stage.requiredTasks) ? stage.requiredTasks : []).forEach((task: unknown, t) => {
            if (typeof task !== 'string') return;
            if (tasks.has(task)) this.report('pipelines', -1, raw, [p, 'stages', s, 'requiredTasks', t], `duplicate task "${task}"`, note('duplicateTask', { value: task }));
            tasks.add(task);
          });
        }
      });
      this.stagesOf.set(pipeline.id, ids);
    });
    // v2 currency: the rate of a deal's currency to the base (the base itself, and no currency, are 1).
    this.currencyUsed = true;
    if (version !== 2) return;
    const currency = this.values.has('currency') ? this.values.get('currency') : this.pre?.values.get('currency');
    const present = this.values.has('currency') || !!this.pre?.values.has('currency');
    if (present) this.zodIssues('currency', -1, currency, historyFileV2Schema.shape.currency);
    if (isRecord(currency)) {
      this.money = true;
      this.base = typeof currency.base === 'string' ? currency.base : null;
      this.rates = isRecord(currency.rates) ? currency.rates : {};
    }
  }

  private rateOf(currency: unknown): number | null {
    if (!this.money || currency === null || currency === undefined || currency === this.base) return 1;
    if (typeof currency !== 'string' || !Object.hasOwn(this.rates, currency)) return null;
    const rate = this.rates[currency];
    return typeof rate === 'number' ? rate : null;
  }

  private dealStagesFromPreamble(): void {
    for (const [id, pipeline] of this.pre!.dealPipelines) this.dealStages.set(id, { pipeline, stages: typeof pipeline === 'string' ? this.stagesOf.get(pipeline) : undefined });
  }

  // ---- the streamed elements ---------------------------------------------------------------------

  /** Epoch ms of an instant; NaN if it is not one (a problem when it is a string — other types are the schema's). */
  private when(key: string, index: number, node: unknown, value: unknown, rel: IssuePath): number {
    if (typeof value !== 'string') return Number.NaN;
    const ms = parseInstant(value);
    if (ms !== null) return ms;
    this.report(key, index, node, rel, 'invalid date', note('invalidDateTime'));
    return Number.NaN;
  }

  private deal(d: unknown, i: number): void {
    const shaped = isDealShape(d) || this.zodIssues('deals', i, d, dealSchema);
    if (!isRecord(d)) return;
    let stages: Set<string> | undefined;
    if (typeof d.pipeline === 'string') {
      stages = this.stagesOf.get(d.pipeline);
      if (!stages) this.report('deals', i, d, ['pipeline'], `unknown pipeline "${d.pipeline}"`, note('unknownPipeline', { value: d.pipeline }));
    }
    if (typeof d.id === 'string' && !this.dealStages.has(d.id)) this.dealStages.set(d.id, { pipeline: d.pipeline, stages });
    const rate = this.rateOf(d.currency);
    if (rate === null && typeof d.currency === 'string') this.report('deals', i, d, ['currency'], `no rate for ${JSON.stringify(d.currency)}`, note('noRate', { currency: d.currency }));
    const createdAt = this.when('deals', i, d, d.createdAt, ['createdAt']);
    const closedAt = d.closedAt == null ? null : this.when('deals', i, d, d.closedAt, ['closedAt']);
    const rawHistory = Array.isArray(d.stageHistory) ? (d.stageHistory as unknown[]) : [];
    const build = this.building && shaped && this.options.deals !== 'check';
    const stageHistory: HistoryDeal['stageHistory'] = [];
    for (let h = 0; h < rawHistory.length; h++) {
      const entry = rawHistory[h];
      if (!isRecord(entry)) continue;
      if (stages && typeof entry.stage === 'string' && !stages.has(entry.stage))
        this.report('deals', i, d, ['stageHistory', h, 'stage'], `"${entry.stage}" is not a stage of pipeline "${d.pipeline as string}"`, note('notAStageOf', { stage: entry.stage, pipeline: d.pipeline as string }));
      const enteredAt = this.when('deals', i, d, entry.enteredAt, ['stageHistory', h, 'enteredAt']);
      if (build) stageHistory.push({ stage: this.intern(entry.stage as string), enteredAt });
    }
    if (!build || !this.building) return;
    const currency = d.currency as string | null | undefined;
    const deal: HistoryDeal = {
      id: d.id as string,
      title: (d.title as string | null | undefined) ?? '',
      owner: this.intern(d.owner as string),
      pipeline: this.intern(d.pipeline as string),
      value: (d.value as number) * (rate ?? 1),
      currency: this.base ?? (currency == null ? null : this.intern(currency)),
      createdAt,
      closedAt,
      status: d.status as DealStatus,
      stageHistory,
    };
    if (typeof d.source === 'string') deal.source = d.source;
    if (typeof d.product === 'string') deal.product = d.product;
    // v2: a deal whose checklist is not known (its rep shares none) is left out of adoption.
    if (d.untracked === true && this.version === 2) deal.untracked = true;
    this.deals.push(deal);
  }

  private activity(a: unknown, i: number): void {
    const shaped = isActivityShape(a) || this.zodIssues('activities', i, a, activitySchema);
    if (!isRecord(a)) return;
    const at = this.when('activities', i, a, a.at, ['at']);
    if (!this.building || !shaped) return;
    const owner = this.intern(a.owner as string);
    if (this.options.activities === 'count') {
      this.counts.total++;
      this.counts.byOwner.set(owner, (this.counts.byOwner.get(owner) ?? 0) + 1);
    } else this.activities.push({ dealId: a.dealId as string, owner, type: a.type as ActivityType, at });
  }

  private checklistRow(row: unknown, i: number): void {
    const shaped = isChecklistRowShape(row) || this.zodIssues('checklist', i, row, checklistRowSchema);
    if (!isRecord(row)) return;
    if (typeof row.dealId === 'string') {
      const deal = this.dealStages.get(row.dealId);
      if (!deal) this.report('checklist', i, row, ['dealId'], `unknown deal ${JSON.stringify(row.dealId)}`, note('unknownDeal', { value: row.dealId }));
      else if (deal.stages && typeof row.stage === 'string' && !deal.stages.has(row.stage))
        this.report('checklist', i, row, ['stage'], `"${row.stage}" is not a stage of pipeline "${deal.pipeline as string}"`, note('notAStageOf', { stage: row.stage, pipeline: deal.pipeline as string }));
    }
    const doneAt = this.when('checklist', i, row, row.doneAt, ['doneAt']);
    if (typeof row.dealId === 'string' && typeof row.stage === 'string' && typeof row.task === 'string') {
      const key = `${row.dealId}\u0000${row.stage}\u0000${row.task}`;
      const first = this.checklistSeen.get(key);
      if (first !== undefined) this.report('checklist', i, row, [], `duplicate of checklist[${first}]`, note('duplicateOf', { other: `checklist[${first}]` }));
      else this.checklistSeen.set(key, i);
    }
    if (this.building && shaped) this.checklist.push({ dealId: row.dealId as string, stage: this.intern(row.stage as string), task: row.task as string, doneAt });
  }

  // ---- the end -----------------------------------------------------------------------------------

  /** What a second pass needs, when this (first) pass found it needs one. */
  preamble(): Preamble | null {
    if (!this.againNeeded || this.pre || !(this.version === 1 || this.version === 2)) return null;
    const values = new Map<string, unknown>();
    for (const [key, value] of this.values) values.set(key, value);
    return { ordinals: this.ordinals, occurrences: this.occurrences, version: this.version, values, dealPipelines: this.dealPipelines.size ? this.dealPipelines : this.idsOfDeals() };
  }

  private idsOfDeals(): Map<string, unknown> {
    const ids = new Map<string, unknown>();
    for (const [id, deal] of this.dealStages) ids.set(id, deal.pipeline);
    return ids;
  }

  /** The history, or throws the first problem in document order. */
  finish(): History {
    if (this.notObject) throw new HistoryError('', 'expected an object', note('notAnObject', { found: { kind: 'other' } }));
    const version = this.version;
    if (version !== 1 && version !== 2) throw new HistoryError('version', 'expected 1 or 2', note('oneOf', { values: { list: ['1', '2'] } }, 'version'));
    this.preparePipelines();
    const shape = version === 2 ? historyFileV2Schema.shape : historyFileSchema.shape;
    // Streamed keys whose value was not an array, and `deals` missing: the schema's message.
    if (!this.streamedArrays.has('deals')) this.zodIssues('deals', -1, this.values.get('deals'), shape.deals);
    if (this.values.has('activities')) this.zodIssues('activities', -1, this.values.get('activities'), shape.activities);
    const forecastsRaw = this.values.get('forecasts');
    this.zodIssues('forecasts', -1, forecastsRaw, shape.forecasts);
    if (version === 2 && this.values.has('checklist')) this.zodIssues('checklist', -1, this.values.get('checklist'), historyFileV2Schema.shape.checklist);

    const best = this.best;
    if (best) {
      const at = formatPath(best.index >= 0 ? [best.key, best.index, ...best.rel] : [best.key, ...best.rel]);
      throw new HistoryError(at, best.message, { ...best.note, ...(at ? { at } : {}) });
    }

    const forecasts = (Array.isArray(forecastsRaw) ? forecastsRaw : []).map((f) => {
      const row = f as { owner?: string | null; period: string; amount: number };
      return { owner: row.owner ?? '', period: row.period, amount: row.amount };
    });
    const rawPipelines = (this.values.has('pipelines') ? this.values.get('pipelines') : this.pre?.values.get('pipelines')) as {
      id: string;
      name?: string | null;
      stages: { id: string; name?: string | null; probability: number; rotDays?: number | null; requiredTasks?: string[] }[];
    }[];
    const pipelines = rawPipelines.map((p) => ({
      id: p.id,
      name: p.name ?? '',
      stages: p.stages.map((st) => ({ id: st.id, name: st.name ?? '', probability: st.probability, rotDays: st.rotDays ?? null, ...(version === 2 && st.requiredTasks ? { requiredTasks: st.requiredTasks } : {}) })),
    }));
    const counted = this.options.activities === 'count';
    // v2-only keys only where a v2 file gave them, so a v1 history reads back exactly as it was written.
    return {
      version,
      ...(this.base ? { currency: this.base } : {}),
      pipelines,
      deals: this.deals,
      activities: this.activities,
      forecasts,
      ...(version === 2 ? { checklist: this.checklist } : {}),
      ...(counted ? { activityCounts: this.counts } : {}),
    };
  }
}

// ---- the three ways in ---------------------------------------------------------------------------

/** Runs one pass of `feed` through a builder; returns the history or the preamble of a second pass. */
function pass(options: ReadOptions, pre: Preamble | null, feed: (builder: HistoryBuilder) => void): History | Preamble {
  const builder = new HistoryBuilder(options, pre);
  feed(builder);
  const again = builder.preamble();
  return again ?? builder.finish();
}

const isHistory = (result: History | Preamble): result is History => !(result instanceof Object && 'ordinals' in result);

/** Validates a parsed JSON value; throws HistoryError naming the first bad path in document order. */
export function validateHistory(input: unknown, options: ReadOptions = {}): History {
  if (!isRecord(input)) throw new HistoryError('', 'expected an object', note('notAnObject', { found: { kind: kindOf(input) } }));
  const feed = (builder: HistoryBuilder) => {
    for (const key of Object.keys(input)) {
      const value = input[key];
      if (STREAMED.has(key) && Array.isArray(value)) {
        builder.begin(key);
        builder.items(key, 0, value);
        builder.endArray(key);
      } else builder.value(key, value);
    }
  };
  const first = pass(options, null, feed);
  return isHistory(first) ? first : (pass(options, first, feed) as History);
}

/** A reader of JSON text pieces into a builder; closes each streamed array as the next key begins. */
function textReader(builder: HistoryBuilder, onValue?: ReadOptions['onValue']): TopLevelReader {
  let open: string | null = null;
  const close = () => {
    if (open !== null) builder.endArray(open);
    open = null;
  };
  return new TopLevelReader(
    {
      value: (key, value) => {
        close();
        onValue?.(key, null, value);
        builder.value(key, value);
      },
      begin: (key) => {
        close();
        open = key;
        builder.begin(key);
      },
      items: (key, index, items) => {
        if (onValue) for (let k = 0; k < items.length; k++) onValue(key, index + k, items[k]);
        builder.items(key, index, items);
      },
      notAnObject: () => builder.notAnObject(),
    },
    STREAMED,
  );
}

const PIECE = 1 << 20;

function syntaxError(name: string, error: unknown): never {
  if (error instanceof JsonSyntaxError) throw new HistoryError(name, `not valid JSON (${error.message})`, note('invalidJson', undefined, name));
  throw error;
}

/** JSON text → History; throws HistoryError (a text that is not JSON is reported as `<name>: not valid JSON (…)`). */
export function parseHistoryText(text: string, fileName = 'file', options: ReadOptions = {}): History {
  const feed = (builder: HistoryBuilder) => {
    const reader = textReader(builder, options.onValue);
    try {
      for (let at = 0; at < text.length; at += PIECE) reader.feed(text.slice(at, at + PIECE));
      reader.end();
    } catch (error) {
      syntaxError(fileName, error);
    }
  };
  const first = pass(options, null, feed);
  return isHistory(first) ? first : (pass(options, first, feed) as History);
}

/**
 * A history file of any size, read piece by piece: `open` gives the text from the start each time it
 * is called (a second time only for a document in an unusual order). Memory: the history built, one
 * piece and one element — never the whole text.
 */
export async function readHistory(open: () => AsyncIterable<string>, fileName: string, options: ReadOptions = {}): Promise<History> {
  const run = async (pre: Preamble | null): Promise<History | Preamble> => {
    const builder = new HistoryBuilder(options, pre);
    const reader = textReader(builder, options.onValue);
    try {
      for await (const piece of open()) reader.feed(piece);
      reader.end();
    } catch (error) {
      syntaxError(fileName, error);
    }
    return builder.preamble() ?? builder.finish();
  };
  const first = await run(null);
  return isHistory(first) ? first : ((await run(first)) as History);
}
