// The synced team data → the scorecard history (lib/metrics/history.schema.ts), the file the
// `scorecard` command reads and the team views compute from. Closed stages are left out of the
// pipelines (they only set a deal's status); deals outside the window and activities of deals that
// are not kept are left out.

import type { History, HistoryActivity, HistoryDeal, HistoryPipeline } from '../metrics/history.schema';
import { dealInBase, missingRates } from '../metrics/currency';
import { inWindow } from './deal-facts';
import type { SyncedCurrency, SyncedData } from './types';

export function historyFromSynced(data: SyncedData, since: number | null): History {
  const pipelines: HistoryPipeline[] = data.pipelines.map((p) => ({
    id: p.id,
    name: p.name,
    stages: p.stages.filter((s) => s.closes === null).map((s) => ({ id: s.id, name: s.name, probability: s.probability, rotDays: s.rotDays })),
  }));
  const known = new Set(pipelines.map((p) => p.id));
  const deals: HistoryDeal[] = [];
  for (const d of data.deals) {
    if (!known.has(d.pipeline)) continue;
    if (since !== null && !inWindow(d, since)) continue;
    deals.push({ id: d.id, title: d.title, owner: d.owner, pipeline: d.pipeline, value: d.value, currency: d.currency, createdAt: d.createdAt, closedAt: d.closedAt, status: d.status, stageHistory: d.stageHistory.map((h) => ({ ...h })), ...(d.source ? { source: d.source } : {}) });
  }
  deals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(deals.map((d) => d.id));
  const activities: HistoryActivity[] = [];
  // A shared checklist tick is evidence for the checklist (./team-checklist.ts), not a sales activity.
  for (const a of data.activities) if (kept.has(a.dealId) && !a.tick) activities.push({ dealId: a.dealId, owner: a.owner, type: a.type, at: a.at });
  activities.sort((a, b) => a.at - b.at || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { version: 1, pipelines, deals, activities, forecasts: [] };
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
