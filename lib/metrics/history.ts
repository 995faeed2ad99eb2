// The sales history of the metrics engine: types, validation and parsing live in
// ./history.schema (zod); this module keeps the established import path and writes histories back
// to the file format.
import type { History, HistoryDeal } from './history.schema';

export * from './history.schema';
export { parseInstant, periodRange } from './dates';
import { isoInstant } from './iso-instant';

/**
 * History → the file format (ISO dates; version 2 with each stage's required tasks and the checklist
 * when it has any, else version 1), e.g.
 * to run the `scorecard` command on what the extension saw. Values are written as they are in the
 * history; when they were converted to a base currency the file says so (`currency.base`, no rates
 * needed) — unless some deals had no rate, whose values are not in the base: then no currency block.
 */
export function serializeHistory(history: History): string {
  return [...historyPieces(history)].join('');
}

/**
 * serializeHistory's text in pieces of about 64 kB, for a file larger than one string may be
 * (a million deals is 1.2 GB): joined, exactly the same text. Pieces this small die young (a string
 * of a megabyte is a large object the engine frees only in a full collection, so a writer of many
 * of them grew by hundreds of megabytes).
 */
export function historyPieces(history: History): Generator<string> {
  const { deals, ...frame } = history;
  return streamHistoryPieces({ ...frame, someUnpriced: deals.some((d) => d.unpriced) }, deals);
}

/** A history without its deals, and whether any of them is unpriced (which decides the file's head). */
export type HistoryFrame = Omit<History, 'deals'> & { someUnpriced: boolean };

/**
 * The same text with the deals coming one by one (a history being converted as it is written, never
 * whole in memory): historyPieces of the same history gives exactly these pieces.
 */
export function streamHistoryPieces(history: HistoryFrame, deals: Iterable<HistoryDeal>): Generator<string> {
  const text = historyText(history);
  return text.pieces(mapped(deals, text.deal));
}

function* mapped<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** A deal as the file has it: the element's value and its JSON text. */
export interface DealElement {
  value: Record<string, unknown>;
  text: string;
  /** JSON.parse(text) gives back exactly `value` (strings, finite numbers and null in the usual keys), so `value` can be checked for the text. */
  exact: boolean;
}

/** A history file's text in two steps: each deal's element, then the pieces of the file around given elements. */
export interface HistoryText {
  /** The deal's element, its value beside its text. */
  element(deal: HistoryDeal): DealElement;
  /** The deal's element's text. */
  deal(deal: HistoryDeal): string;
  /** The file's text in pieces of about 64 kB with these deal elements (each from `deal`), in this order. */
  pieces(dealTexts: Iterable<string>): Generator<string>;
  /** JSON.parse of the file's text with deal elements of these values. */
  document(dealValues: unknown[]): Record<string, unknown>;
}

/** A deal's keys in the order a converted deal has them: such a deal's element is written without JSON.stringify of a spread copy. */
const USUAL_KEYS = ['id', 'title', 'owner', 'pipeline', 'value', 'currency', 'createdAt', 'closedAt', 'status', 'stageHistory'];

/** Whether a deal has exactly the usual keys, in their order, each with a plain value of its type. */
function usual(d: HistoryDeal): boolean {
  let k = 0;
  for (const key in d) if (key !== USUAL_KEYS[k++]) return false;
  if (k !== USUAL_KEYS.length) return false;
  if (typeof d.id !== 'string' || typeof d.title !== 'string' || typeof d.owner !== 'string' || typeof d.pipeline !== 'string' || typeof d.status !== 'string') return false;
  if (typeof d.value !== 'number' || !Number.isFinite(d.value) || !(d.currency === null || typeof d.currency === 'string')) return false;
  if (!Number.isInteger(d.createdAt) || !(d.closedAt === null || Number.isInteger(d.closedAt)) || !Array.isArray(d.stageHistory)) return false;
  for (const h of d.stageHistory) if (typeof h.stage !== 'string' || !Number.isInteger(h.enteredAt)) return false;
  return true;
}

/** What JSON.stringify escapes in a string: a quote, a backslash, a control character, a surrogate (a lone one is escaped). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
/** JSON.stringify of a string or null, without its work for a string that needs no escape (most of them). */
const str = (text: string | null) => (text !== null && !ESCAPED.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * How a history is written, split so that a writer can hold each deal's text (to check it, say)
 * before it goes into the file: `pieces(deals.map(deal))` is streamHistoryPieces' text.
 */
export function historyText(history: HistoryFrame): HistoryText {
  const inBase = !!history.currency && !history.someUnpriced;
  const checklist = history.checklist ?? [];
  // Version 1 when nothing needs version 2, so a v1 history reads back exactly as it was.
  const v2 = inBase || checklist.length > 0 || history.pipelines.some((p) => p.stages.some((s) => s.requiredTasks?.length));
  const element = (deal: HistoryDeal): DealElement => {
    if (usual(deal)) {
      // The same value and text as below, written out (a spread copy and its JSON.stringify were a
      // fifth of the import command's time).
      const currency = inBase ? history.currency! : deal.currency;
      const createdAt = isoInstant(deal.createdAt);
      const closedAt = deal.closedAt === null ? null : isoInstant(deal.closedAt);
      const stageHistory: { stage: string; enteredAt: string }[] = [];
      let entries = '';
      for (const h of deal.stageHistory) {
        const entry = { stage: h.stage, enteredAt: isoInstant(h.enteredAt) };
        stageHistory.push(entry);
        entries += `${entries ? ',' : ''}{"stage":${str(entry.stage)},"enteredAt":"${entry.enteredAt}"}`;
      }
      // -0 is written 0, and read back 0.
      const value = { id: deal.id, title: deal.title, owner: deal.owner, pipeline: deal.pipeline, value: deal.value === 0 ? 0 : deal.value, currency, createdAt, closedAt, status: deal.status, stageHistory };
      const text =
        `{"id":${str(deal.id)},"title":${str(deal.title)},"owner":${str(deal.owner)},"pipeline":${str(deal.pipeline)},"value":${JSON.stringify(deal.value)},` +
        `"currency":${str(currency)},"createdAt":"${createdAt}","closedAt":${closedAt === null ? 'null' : `"${closedAt}"`},"status":${str(deal.status)},"stageHistory":[${entries}]}`;
      return { value, text, exact: true };
    }
    const { unpriced: _unpriced, untracked, ...d } = deal;
    const value = {
      ...d,
      // Only a v2 file says which deals have no known checklist (v1 has no checklist at all).
      ...(untracked && v2 ? { untracked } : {}),
      currency: inBase ? history.currency : d.currency,
      createdAt: isoInstant(d.createdAt),
      closedAt: d.closedAt === null ? null : isoInstant(d.closedAt),
      stageHistory: d.stageHistory.map((h) => ({ stage: h.stage, enteredAt: isoInstant(h.enteredAt) })),
    };
    return { value, text: JSON.stringify(value), exact: false };
  };
  const deal = (d: HistoryDeal): string => element(d).text;
  let empty: Record<string, unknown> | null = null;
  const document = (dealValues: unknown[]) => {
    empty ??= JSON.parse([...pieces([])].join('')) as Record<string, unknown>;
    return { ...empty, deals: dealValues };
  };
  function* pieces(dealTexts: Iterable<string>): Generator<string> {
    const head = JSON.stringify({
      version: v2 ? 2 : 1,
      ...(inBase ? { currency: { base: history.currency, rates: {} } } : {}),
      pipelines: history.pipelines.map((p) => ({ ...p, stages: p.stages.map(({ requiredTasks, ...s }) => (requiredTasks?.length ? { ...s, requiredTasks } : s)) })),
    });
    // Elements gathered and joined once about 64 kB is there (one string per piece, no string grown
    // element by element).
    let parts: string[] = [`${head.slice(0, -1)},"deals":[`];
    let size = 0;
    let first = true;
    const add = (text: string): boolean => {
      parts.push(first ? text : `,${text}`);
      first = false;
      size += text.length;
      return size >= 1 << 16;
    };
    const flush = (): string => {
      const piece = parts.join('');
      parts = [];
      size = 0;
      return piece;
    };
    for (const text of dealTexts) if (add(text)) yield flush();
    parts.push('],"activities":[');
    first = true;
    for (const a of history.activities) if (add(JSON.stringify({ ...a, at: isoInstant(a.at) }))) yield flush();
    parts.push(`],"forecasts":${JSON.stringify(history.forecasts)}`);
    if (v2) {
      parts.push(',"checklist":[');
      first = true;
      for (const row of checklist) if (add(JSON.stringify({ ...row, doneAt: isoInstant(row.doneAt) }))) yield flush();
      parts.push(']');
    }
    parts.push('}');
    yield flush();
  }
  return { element, deal, pieces, document };
}
