// The synced team data → the scorecard history (lib/metrics/history.schema.ts), the file the
// `scorecard` command reads and the team views compute from. Closed stages are left out of the
// pipelines (they only set a deal's status); deals outside the window and activities of deals that
// are not kept are left out.

import type { ActivityType, History, HistoryActivity, HistoryDeal, HistoryPipeline } from '../metrics/history.schema';
import { dealInBase, missingRates } from '../metrics/currency';
import { inWindow } from './deal-facts';
import type { SyncedActivity, SyncedCurrency, SyncedData, SyncedDeal, SyncedPipeline, SyncedTick } from './types';

/** A tick shared on a deal, as its row keeps it: matched to the playbook only when read (the playbook may change). */
export interface SyncedDealTick {
  at: number;
  tick: SyncedTick;
}

/**
 * One synced deal as the team views read it (the database's `teamDeals`, kept by each sync page's
 * commit in its transaction): the deal in the history's terms, its sales activities in columns (the
 * same index is one activity: compact to store and to read) and the checklist ticks shared on it.
 * What depends on the sync window, the pipelines or the playbook is applied when read.
 */
export interface SyncedDealRow {
  id: string;
  deal: HistoryDeal;
  activities: { owner: string[]; type: ActivityType[]; at: number[] };
  ticks: SyncedDealTick[];
}

/** A deal and its activities (in the order the store keeps them) → its row. */
export function syncedDealRow(d: SyncedDeal, activities: Iterable<SyncedActivity>): SyncedDealRow {
  const deal: HistoryDeal = { id: d.id, title: d.title, owner: d.owner, pipeline: d.pipeline, value: d.value, currency: d.currency, createdAt: d.createdAt, closedAt: d.closedAt, status: d.status, stageHistory: d.stageHistory.map((h) => ({ stage: h.stage, enteredAt: h.enteredAt })), ...(d.source ? { source: d.source } : {}) };
  const row: SyncedDealRow = { id: d.id, deal, activities: { owner: [], type: [], at: [] }, ticks: [] };
  for (const a of activities) {
    // A shared checklist tick is evidence for the checklist (./team-checklist.ts), not a sales activity.
    if (a.tick) row.ticks.push({ at: a.at, tick: a.tick });
    else {
      row.activities.owner.push(a.owner);
      row.activities.type.push(a.type);
      row.activities.at.push(a.at);
    }
  }
  return row;
}

/** Every synced deal's row, its activities in the order given (activities of no synced deal have none). */
export function syncedDealRows(data: Pick<SyncedData, 'deals' | 'activities'>): SyncedDealRow[] {
  const byDeal = new Map<string, SyncedActivity[]>();
  for (const a of data.activities) {
    const list = byDeal.get(a.dealId);
    if (list) list.push(a);
    else byDeal.set(a.dealId, [a]);
  }
  return [...data.deals].map((d) => syncedDealRow(d, byDeal.get(d.id) ?? []));
}

/** Whether a deal's row is kept by the rules above: in a known pipeline (`known`: their ids) and in the sync window. */
export function keepsRow(known: ReadonlySet<string>, since: number | null, row: SyncedDealRow): boolean {
  return known.has(row.deal.pipeline) && (since === null || inWindow(row.deal, since));
}

/** Rows by id, the order of the history's deals. */
export const byRowId = (a: SyncedDealRow, b: SyncedDealRow): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The deals' rows kept by the rules above, by id. */
export function keptDealRows(pipelines: readonly SyncedPipeline[], rows: Iterable<SyncedDealRow>, since: number | null): SyncedDealRow[] {
  const known = new Set(pipelines.map((p) => p.id));
  const kept: SyncedDealRow[] = [];
  for (const row of rows) if (keepsRow(known, since, row)) kept.push(row);
  return kept.sort(byRowId);
}

/** The history's pipelines: the CRM's, without their closed stages. */
export function historyPipelinesOf(pipelines: readonly SyncedPipeline[]): HistoryPipeline[] {
  return pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    stages: p.stages.filter((s) => s.closes === null).map((s) => ({ id: s.id, name: s.name, probability: s.probability, rotDays: s.rotDays })),
  }));
}

/** The history's order of activities: by time, then deal, then type (a sort keeping the order given for the rest). */
export const byActivityOrder = (a: HistoryActivity, b: HistoryActivity): number => a.at - b.at || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

/** One kept row's deal in the history, named `dealId`, and its activities in the row's order pushed onto `into`. */
export function rowInHistory(row: SyncedDealRow, dealId: string, into: HistoryActivity[]): HistoryDeal {
  const { owner, type, at } = row.activities;
  for (let i = 0; i < at.length; i++) into.push({ dealId, owner: owner[i]!, type: type[i]!, at: at[i]! });
  return dealId === row.deal.id ? row.deal : { ...row.deal, id: dealId };
}

/**
 * Rows already kept (keptDealRows) → the history (rules above), each deal id given by `key` (the extension keys
 * them `crm:account:id` as it builds them, instead of copying two million activities to rename them).
 */
export function historyFromKept(pipelines: readonly SyncedPipeline[], kept: readonly SyncedDealRow[], key: (id: string) => string = (id) => id): History {
  const deals: HistoryDeal[] = [];
  const activities: HistoryActivity[] = [];
  for (const row of kept) deals.push(rowInHistory(row, key(row.id), activities));
  activities.sort(byActivityOrder);
  return { version: 1, pipelines: historyPipelinesOf(pipelines), deals, activities, forecasts: [] };
}

export function historyFromSynced(data: SyncedData, since: number | null): History {
  return historyFromKept(data.pipelines, keptDealRows(data.pipelines, syncedDealRows(data), since));
}

/**
 * The history in the CRM's company currency at the CRM's rates (value × rate, see lib/metrics/currency.ts),
 * or, when some deal's currency has no rate, the history unchanged and the currencies missing a rate
 * with how many deals each: values are never half converted.
 */
export function inCompanyCurrency(history: History, currency: SyncedCurrency | undefined): { history: History; missing: Record<string, number> } {
  if (!currency) return { history, missing: {} };
  const money = { base: currency.company, rates: currency.rates };
  const deals = history.deals.map((d) => dealInBase(d, money));
  const missing = missingRates(deals);
  if (Object.keys(missing).length > 0) return { history, missing };
  return { history: { ...history, currency: currency.company, deals }, missing };
}
