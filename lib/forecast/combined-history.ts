import type { StoredHistory } from '../model/insights.schema';
import type { AdoptionInput } from '../metrics/adoption';
import { historyFromObserved, type ObservedData } from '../metrics/from-extension';
import { HistoryError, validateHistory, type History, type HistoryActivity, type HistoryDeal, type HistoryForecast, type HistoryPipeline } from '../metrics/history';
import { SYNCED_HISTORY_FORMAT, type SyncProvenance } from '../team-sync/source';

// One sales history from two sources: what the extension observed, plus the histories imported
// from files (the `histories` table, each row in the scorecard file format). Everything computed
// from it goes through computeScorecard, so the team view shows the `scorecard` command's figures.
//
// Merge rules:
// - Deals are matched by id. An observed deal always wins over an imported one with the same id;
//   between two imports, the later import (importedAt, then id) wins.
// - Activities follow their deal: an imported activity is kept only when its deal was kept from
//   that same import (or when no source has a deal with that id). Observed activities are kept.
// - Forecast rows (owner + period) of one import are summed like the command does; a later import
//   replaces an earlier import's row for the same owner and period (observed rows, if any, win).
// - Pipelines are matched by id. An imported pipeline with the id of one already present is shared
//   when its stage ids are the same in the same order; otherwise it is kept apart under a new id
//   (`<id>@<import id>`), so stage positions and conversions never mix two different processes.

export interface ImportedHistory {
  id: string;
  name: string;
  importedAt: string;
  history: History;
}

export interface RejectedImport {
  id: string;
  name: string;
  error: string;
}

export interface CombinedHistory {
  history: History;
  /** Where the synced deals come from (null: the team was never synced). */
  synced: SyncProvenance | null;
  /** Ids of the deals taken from the team synced from the CRM. */
  syncedDealIds: ReadonlySet<string>;
  /** Adoption is measured on observed deals only (imports carry no checklist). */
  adoption: AdoptionInput[];
  /** Ids of the deals taken from what the extension observed. */
  observedDealIds: ReadonlySet<string>;
  /** Stored rows that are not a valid history, left out (the UI names them). */
  rejected: RejectedImport[];
}

/** Parses the stored rows with validateHistory; rows that do not validate are reported, not thrown. */
export function parseStoredHistories(rows: readonly StoredHistory[]): { imported: ImportedHistory[]; rejected: RejectedImport[] } {
  const imported: ImportedHistory[] = [];
  const rejected: RejectedImport[] = [];
  for (const row of rows) {
    try {
      imported.push({ id: row.id, name: row.name, importedAt: row.importedAt, history: validateHistory(row.history) });
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      rejected.push({ id: row.id, name: row.name, error: error.message });
    }
  }
  return { imported, rejected };
}

const EMPTY: History = { version: 1, pipelines: [], deals: [], activities: [], forecasts: [] };

function sameStages(a: HistoryPipeline, b: HistoryPipeline): boolean {
  return a.stages.length === b.stages.length && a.stages.every((stage, i) => stage.id === b.stages[i]!.id);
}

/** Observed history + imported histories → one history (rules above). Pure; inputs are not changed. */
export function combineHistories(observed: History, imported: readonly ImportedHistory[]): History {
  const ordered = [...imported].sort((a, b) => (a.importedAt === b.importedAt ? a.id.localeCompare(b.id) : a.importedAt.localeCompare(b.importedAt)));
  const pipelines = new Map<string, HistoryPipeline>(observed.pipelines.map((p) => [p.id, p]));
  /** deal id → [deal, source] where source is -1 for observed, else the index in `ordered`. */
  const deals = new Map<string, [HistoryDeal, number]>();
  for (const deal of observed.deals) deals.set(deal.id, [deal, -1]);

  ordered.forEach((source, s) => {
    const rename = new Map<string, string>();
    for (const pipeline of source.history.pipelines) {
      const existing = pipelines.get(pipeline.id);
      if (!existing) {
        pipelines.set(pipeline.id, pipeline);
        continue;
      }
      if (sameStages(existing, pipeline)) continue;
      let id = `${pipeline.id}@${source.id}`;
      for (let n = 2; pipelines.has(id); n++) id = `${pipeline.id}@${source.id}#${n}`;
      rename.set(pipeline.id, id);
      pipelines.set(id, { ...pipeline, id });
    }
    for (const deal of source.history.deals) {
      if (deals.get(deal.id)?.[1] === -1) continue; // observed wins
      const pipeline = rename.get(deal.pipeline);
      deals.set(deal.id, [pipeline ? { ...deal, pipeline } : deal, s]);
    }
  });

  const activities: HistoryActivity[] = [...observed.activities];
  ordered.forEach((source, s) => {
    for (const activity of source.history.activities) {
      const owner = deals.get(activity.dealId);
      if (owner === undefined || owner[1] === s) activities.push(activity);
    }
  });

  const forecasts = new Map<string, HistoryForecast>();
  for (const row of observed.forecasts) addForecast(forecasts, row);
  const observedForecasts = new Set(forecasts.keys());
  for (const source of ordered) {
    const own = new Map<string, HistoryForecast>();
    for (const row of source.history.forecasts) addForecast(own, row);
    for (const [key, row] of own) if (!observedForecasts.has(key)) forecasts.set(key, row);
  }

  return {
    version: 1,
    pipelines: [...pipelines.values()],
    deals: [...deals.values()].map(([deal]) => deal),
    activities,
    forecasts: [...forecasts.values()],
  };
}

const forecastKey = (row: HistoryForecast) => JSON.stringify([row.owner, row.period]);

function addForecast(into: Map<string, HistoryForecast>, row: HistoryForecast): void {
  const key = forecastKey(row);
  const existing = into.get(key);
  into.set(key, existing ? { ...existing, amount: existing.amount + row.amount } : { ...row });
}

/**
 * The team synced from the CRM laid over the rest: for the same deal id the synced deal (and its
 * activities) wins over an observed or imported one. Its pipelines join like an import's.
 */
export function overlaySynced(base: History, synced: History): History {
  const syncedIds = new Set(synced.deals.map((d) => d.id));
  const pipelines = new Map(base.pipelines.map((p) => [p.id, p]));
  const rename = new Map<string, string>();
  for (const pipeline of synced.pipelines) {
    const existing = pipelines.get(pipeline.id);
    if (!existing) pipelines.set(pipeline.id, pipeline);
    else if (!sameStages(existing, pipeline)) {
      const id = `${pipeline.id}@${SYNCED_HISTORY_FORMAT}`;
      rename.set(pipeline.id, id);
      pipelines.set(id, { ...pipeline, id });
    }
  }
  return {
    version: 1,
    pipelines: [...pipelines.values()],
    deals: [...base.deals.filter((d) => !syncedIds.has(d.id)), ...synced.deals.map((d) => (rename.has(d.pipeline) ? { ...d, pipeline: rename.get(d.pipeline)! } : d))],
    activities: [...base.activities.filter((a) => !syncedIds.has(a.dealId)), ...synced.activities],
    forecasts: base.forecasts,
  };
}

/**
 * What the extension observed (null: no playbook yet) + the stored imports + the synced team (a row
 * of format SYNCED_HISTORY_FORMAT, see lib/team-sync/source.ts) → one history.
 */
export function combinedHistory(observed: ObservedData | null, stored: readonly StoredHistory[]): CombinedHistory {
  const fromObserved = observed ? historyFromObserved(observed) : { history: EMPTY, adoption: [] };
  const syncedRow = stored.find((row) => row.format === SYNCED_HISTORY_FORMAT);
  const { imported, rejected } = parseStoredHistories(stored.filter((row) => row !== syncedRow));
  let history = combineHistories(fromObserved.history, imported);
  let synced: SyncProvenance | null = null;
  let syncedDealIds: ReadonlySet<string> = new Set();
  if (syncedRow) {
    const parsed = parseStoredHistories([syncedRow]);
    rejected.push(...parsed.rejected);
    const syncedHistory = parsed.imported[0]?.history;
    if (syncedHistory) {
      history = overlaySynced(history, syncedHistory);
      syncedDealIds = new Set(syncedHistory.deals.map((d) => d.id));
      synced = (syncedRow as StoredHistory & { provenance?: SyncProvenance }).provenance ?? null;
    }
  }
  return {
    history,
    synced,
    syncedDealIds,
    adoption: fromObserved.adoption,
    observedDealIds: new Set(fromObserved.history.deals.map((d) => d.id).filter((id) => !syncedDealIds.has(id))),
    rejected,
  };
}
