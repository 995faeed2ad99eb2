import type { DetailNote } from '../model/detail-note';
import type { StoredHistory } from '../model/insights.schema';
import type { SyncedSource, SyncProvenance } from '../team-sync/source';
import { dealInBase, missingRates, type Money } from '../metrics/currency';
import { historyFromObserved, type ObservedData } from '../metrics/from-extension';
import { HistoryError, validateHistory, type History, type HistoryActivity, type HistoryChecklistRow, type HistoryDeal, type HistoryForecast } from '../metrics/history';
import { mergePipelines, type PipelineLabels } from '../metrics/pipeline-merge';

// One sales history from every source: what the team sync read from the CRM, what this browser
// observed, and the histories imported from files (the `histories` table, each row in the scorecard
// file format). Everything computed from it goes through computeFigures, so every view shows the
// `scorecard` command's figures.
//
// Merge rules:
// - Deals are matched by id: synced from the CRM wins over observed, which wins over imported;
//   between two imports, the later import (importedAt, then id) wins.
// - Adoption is measured on deals whose checklist is known (observed, or a v2 source with a checklist);
//   deals from a source without one are marked `untracked` and left out of it.
// - Activities and checklist rows follow their deal: kept only from the source whose deal was kept
//   (or, for activities, when no source has a deal with that id).
// - Forecast rows (owner + period) of one import are summed like the command does; a later import
//   replaces an earlier import's row for the same owner and period (observed rows, if any, win).
// - Pipelines and their stages are matched to the playbook's (by id, then name or alias): one
//   pipeline is one row and one funnel; what cannot be matched is kept once under its own name
//   (see ../metrics/pipeline-merge).
// - Money: every deal is converted to the base currency (see ../metrics/currency); deals without a
//   rate are left out of money figures and counted in `unpriced`.

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
  /** The error as a note the page says in its language. */
  note?: DetailNote;
}

export interface CombinedHistory {
  history: History;
  /** Ids of the deals taken from what the extension observed. */
  observedDealIds: ReadonlySet<string>;
  /** Ids of the deals taken from the team sync. */
  syncedDealIds: ReadonlySet<string>;
  /** Where the synced deals come from (null: the team was never synced). */
  synced: SyncProvenance | null;
  /** Stored rows that are not a valid history, left out (the UI names them). */
  rejected: RejectedImport[];
  /** Currency code → deals left out of money figures because it has no rate. */
  unpriced: Record<string, number>;
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
      rejected.push({ id: row.id, name: row.name, error: error.message, ...(error.note ? { note: error.note } : {}) });
    }
  }
  return { imported, rejected };
}

/**
 * Each source deal's combined form, with what the merge said of its pipeline when it was made: while
 * the merge says the same, the deal is not made again (a synced team of 200 000 deals is combined
 * again after every sync, each time mostly the same deals).
 */
const combinedDeals = new WeakMap<HistoryDeal, { said: string; deal: HistoryDeal }>();

/** The ids of a synced history's deals, found once per history. */
const dealIdsOf = new WeakMap<History, ReadonlySet<string>>();
function dealIds(history: History): ReadonlySet<string> {
  let ids = dealIdsOf.get(history);
  if (!ids) dealIdsOf.set(history, (ids = new Set(history.deals.map((d) => d.id))));
  return ids;
}

const EMPTY: History = { version: 2, pipelines: [], deals: [], activities: [], forecasts: [], checklist: [] };

/**
 * The sources → one history (rules above). `sources` are in precedence order: the first one that
 * has a deal id keeps that deal (and its forecast rows win). `labels` resolves pipeline names and
 * aliases to the playbook's ids; `primary` is the source whose pipelines are merged first;
 * `firstOwnsItsActivities`: every activity of the first source is of one of its deals.
 */
export function combineSources(sources: readonly History[], labels: PipelineLabels | null = null, primary = 0, firstOwnsItsActivities = false): History {
  const merged = mergePipelines(sources.map((s) => s.pipelines), labels, primary);
  /** deal id → [merged deal, source index, the deal's pipeline id in its source]. */
  const deals = new Map<string, [HistoryDeal, number, string]>();
  sources.forEach((source, s) => {
    const map = merged.maps[s]!;
    // A source without a checklist (a v1 file, the sync) says nothing about ticks: adoption leaves its deals out.
    const unknownChecklist = source.checklist === undefined;
    const saidOf = new Map<string, string>();
    for (const deal of source.deals) {
      if (deals.has(deal.id)) continue;
      let said = saidOf.get(deal.pipeline);
      if (said === undefined) saidOf.set(deal.pipeline, (said = JSON.stringify([map.pipeline.get(deal.pipeline) ?? null, [...(map.stages.get(deal.pipeline) ?? [])], unknownChecklist])));
      const known = combinedDeals.get(deal);
      if (known?.said === said) {
        deals.set(deal.id, [known.deal, s, deal.pipeline]);
        continue;
      }
      const pipeline = map.pipeline.get(deal.pipeline) ?? deal.pipeline;
      const stages = map.stages.get(deal.pipeline);
      const stageHistory = stages ? deal.stageHistory.map((h) => ({ stage: stages.get(h.stage) ?? h.stage, enteredAt: h.enteredAt })) : deal.stageHistory;
      const untracked = unknownChecklist && !deal.untracked;
      const same = pipeline === deal.pipeline && stageHistory === deal.stageHistory && !untracked;
      const combined = same ? deal : { ...deal, pipeline, stageHistory, ...(untracked ? { untracked: true as const } : {}) };
      combinedDeals.set(deal, { said, deal: combined });
      deals.set(deal.id, [combined, s, deal.pipeline]);
    }
  });
  const keptFrom = (dealId: string) => deals.get(dealId)?.[1];

  const activities: HistoryActivity[] = [];
  const checklist: HistoryChecklistRow[] = [];
  sources.forEach((source, s) => {
    // The first source's deals are all kept: when its activities are all of its own deals, so are they (no need to look each up).
    if (s === 0 && firstOwnsItsActivities) for (const activity of source.activities) activities.push(activity);
    else
      for (const activity of source.activities) {
        const from = keptFrom(activity.dealId);
        if (from === undefined || from === s) activities.push(activity);
      }
    const map = merged.maps[s]!;
    for (const row of source.checklist ?? []) {
      const kept = deals.get(row.dealId);
      if (!kept || kept[1] !== s) continue;
      const stage = map.stages.get(kept[2])?.get(row.stage) ?? row.stage;
      checklist.push({ ...row, stage });
    }
  });

  // Forecast rows: each source's rows summed; a higher-ranked source's row wins over a lower one's.
  const forecasts = new Map<string, HistoryForecast>();
  for (const source of sources) {
    const own = new Map<string, HistoryForecast>();
    for (const row of source.forecasts) addForecast(own, row);
    for (const [key, row] of own) if (!forecasts.has(key)) forecasts.set(key, row);
  }

  return {
    version: 2,
    pipelines: merged.pipelines,
    deals: [...deals.values()].map(([deal]) => deal),
    activities,
    forecasts: [...forecasts.values()],
    checklist,
  };
}

const forecastKey = (row: HistoryForecast) => JSON.stringify([row.owner, row.period]);

function addForecast(into: Map<string, HistoryForecast>, row: HistoryForecast): void {
  const key = forecastKey(row);
  const existing = into.get(key);
  into.set(key, existing ? { ...existing, amount: existing.amount + row.amount } : { ...row });
}

/** Imports, the latest first (importedAt, then id): a later import wins over an earlier one. */
const latestFirst = (imported: readonly ImportedHistory[]) =>
  [...imported].sort((a, b) => (a.importedAt === b.importedAt ? b.id.localeCompare(a.id) : b.importedAt.localeCompare(a.importedAt)));

export interface CombineOptions {
  /** The team as the team sync read it from the CRM (it wins over everything else); null: never synced. */
  synced?: SyncedSource | null;
  /** The team's base currency and rates; absent = values as given (one currency assumed). */
  money?: Money | null;
}

/** Synced (options.synced) + what the extension observed (null: no playbook yet) + the stored imports → one history. */
export function combinedHistory(observed: ObservedData | null, stored: readonly StoredHistory[], options: CombineOptions = {}): CombinedHistory {
  const fromObserved = observed ? historyFromObserved(observed).history : EMPTY;
  const { imported, rejected } = parseStoredHistories(stored);
  const synced = options.synced ? [options.synced.history] : [];
  const provenance = options.synced?.provenance ?? null;
  const labels = observed ? playbookLabels(observed) : null;
  // The observed history carries the playbook's pipelines: it goes first in pipeline order so the
  // playbook's ids and stage order win, while deal precedence stays synced > observed > imported.
  const sources = [...synced, fromObserved, ...latestFirst(imported).map((i) => i.history)];
  // The synced history's activities are all of its deals (lib/team-sync/to-history.ts).
  let history = combineSources(sources, labels, synced.length, synced.length > 0);
  if (options.money) history = { ...history, currency: options.money.base, deals: history.deals.map((d) => dealInBase(d, options.money!)) };
  const syncedIds = synced[0] ? dealIds(synced[0]) : new Set<string>();
  return {
    history,
    observedDealIds: new Set(fromObserved.deals.filter((d) => !syncedIds.has(d.id)).map((d) => d.id)),
    syncedDealIds: syncedIds,
    synced: provenance,
    rejected,
    unpriced: missingRates(history.deals),
  };
}

/** The playbook's pipeline names and aliases (every CRM's) → its pipeline id. */
function playbookLabels(observed: ObservedData): PipelineLabels {
  const pipelines = new Map<string, string>();
  for (const pipeline of observed.playbook.pipelines) {
    for (const label of [pipeline.name, ...Object.values(pipeline.aliases).flat()]) pipelines.set(label, pipeline.id);
  }
  return { pipelines };
}
