// The sales history of the metrics engine: types, validation and parsing live in
// ./history.schema (zod); this module keeps the established import path and writes histories back
// to the file format.
import type { History, HistoryDeal } from './history.schema';

export * from './history.schema';
export { parseInstant, periodRange } from './dates';

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
export function* streamHistoryPieces(history: HistoryFrame, deals: Iterable<HistoryDeal>): Generator<string> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const inBase = history.currency && !history.someUnpriced;
  const checklist = history.checklist ?? [];
  // Version 1 when nothing needs version 2, so a v1 history reads back exactly as it was.
  const v2 = inBase || checklist.length > 0 || history.pipelines.some((p) => p.stages.some((s) => s.requiredTasks?.length));
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
  const add = (value: unknown): boolean => {
    const text = JSON.stringify(value);
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
  for (const { unpriced: _unpriced, untracked, ...d } of deals) {
    const full = add({
      ...d,
      // Only a v2 file says which deals have no known checklist (v1 has no checklist at all).
      ...(untracked && v2 ? { untracked } : {}),
      currency: inBase ? history.currency : d.currency,
      createdAt: iso(d.createdAt),
      closedAt: d.closedAt === null ? null : iso(d.closedAt),
      stageHistory: d.stageHistory.map((h) => ({ stage: h.stage, enteredAt: iso(h.enteredAt) })),
    });
    if (full) yield flush();
  }
  parts.push('],"activities":[');
  first = true;
  for (const a of history.activities) if (add({ ...a, at: iso(a.at) })) yield flush();
  parts.push(`],"forecasts":${JSON.stringify(history.forecasts)}`);
  if (v2) {
    parts.push(',"checklist":[');
    first = true;
    for (const row of checklist) if (add({ ...row, doneAt: iso(row.doneAt) })) yield flush();
    parts.push(']');
  }
  parts.push('}');
  yield flush();
}
