// The sales history of the metrics engine: types, validation and parsing live in
// ./history.schema (zod); this module keeps the established import path and writes histories back
// to the file format.
import type { History } from './history.schema';

export * from './history.schema';
export { parseInstant, periodRange } from './dates';

/** History → the file format (ISO dates), e.g. to run the `scorecard` command on what the extension saw. */
export function serializeHistory(history: History): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return JSON.stringify({
    version: 1,
    pipelines: history.pipelines,
    deals: history.deals.map((d) => ({
      ...d,
      createdAt: iso(d.createdAt),
      closedAt: d.closedAt === null ? null : iso(d.closedAt),
      stageHistory: d.stageHistory.map((h) => ({ stage: h.stage, enteredAt: iso(h.enteredAt) })),
    })),
    activities: history.activities.map((a) => ({ ...a, at: iso(a.at) })),
    forecasts: history.forecasts,
  });
}
