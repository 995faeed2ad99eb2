// The synced team as a source of the team views: a history row like an imported file's (the
// scorecard file format), marked as synced so the combined history puts it first — for the same deal,
// synced from the CRM wins over what this browser observed, which wins over imported files — and
// where its figures come from ("synced from HubSpot 14 min ago · 18 412 deals").

import { serializeHistory } from '../metrics/history';
import type { CrmId } from '../model/deal';
import type { Playbook } from '../model/playbook.schema';
import type { History } from '../metrics/history.schema';
import { historyFromSynced } from './to-history';
import { teamChecklist } from './team-checklist';
import type { SyncedData, SyncMeta } from './types';

export const SYNCED_HISTORY_FORMAT = 'team-sync';
export const SYNCED_HISTORY_ID = 'team-sync';
/** The synced deals of reps who share no checklist ticks: a source without a checklist (left out of adoption). */
export const SYNCED_UNTRACKED_ID = 'team-sync:untracked';

/** Where the team's figures come from. */
export interface SyncProvenance {
  crm: CrmId;
  /** Epoch ms the last complete run finished. */
  syncedAt: number;
  deals: number;
}

export interface SyncedHistoryRow {
  id: string;
  name: string;
  format: string;
  importedAt: string;
  /** The scorecard file format; deal ids are the extension's deal keys (`crm:account:id`), so they meet observed deals. */
  history: unknown;
  provenance: SyncProvenance;
}

/**
 * The synced data (null: never synced) as history rows for combinedHistory. With the playbook, the
 * ticks the reps shared through the CRM become the checklist of their deals (./team-checklist.ts):
 * one row with a checklist for the reps who share, one without for the rest (their adoption is not
 * known, so it is left out rather than counted as zero).
 */
export function syncedHistoryRows(meta: SyncMeta | null, data: SyncedData | null, playbook: Playbook | null = null): SyncedHistoryRow[] {
  if (!meta || !data) return [];
  const activities = [...data.activities]; // read twice: the activities, then the ticks among them
  const history = historyFromSynced({ ...data, activities }, meta.since);
  const evidence = teamChecklist(history, activities, playbook);
  const key = (id: string) => `${meta.crm}:${meta.account.toLowerCase()}:${id}`;
  const provenance: SyncProvenance = { crm: meta.crm, syncedAt: meta.completedAt, deals: history.deals.length };
  const row = (id: string, part: History): SyncedHistoryRow => {
    const keyed = { ...part, deals: part.deals.map((d) => ({ ...d, id: key(d.id) })), activities: part.activities.map((a) => ({ ...a, dealId: key(a.dealId) })), checklist: (part.checklist ?? []).map((c) => ({ ...c, dealId: key(c.dealId) })) };
    return { id, name: `team-sync:${meta.crm}`, format: SYNCED_HISTORY_FORMAT, importedAt: new Date(meta.completedAt).toISOString(), history: JSON.parse(serializeHistory(keyed)) as unknown, provenance };
  };
  if (evidence.trackedOwners.size === 0) return [row(SYNCED_HISTORY_ID, history)];
  const tracked = (owner: string) => evidence.trackedOwners.has(owner);
  const part = (keep: boolean): History => {
    const deals = history.deals.filter((d) => tracked(d.owner) === keep);
    const ids = new Set(deals.map((d) => d.id));
    return { ...history, deals, activities: history.activities.filter((a) => ids.has(a.dealId)), checklist: keep ? evidence.checklist : [] };
  };
  return [row(SYNCED_HISTORY_ID, part(true)), row(SYNCED_UNTRACKED_ID, part(false))];
}

/** How many shared checklist ticks the last sync read, and how many it ignored (another playbook, or an older version of it). */
export function syncedTickSummary(meta: SyncMeta | null, data: SyncedData | null, playbook: Playbook | null): { shared: number; ignored: number } {
  if (!meta || !data) return { shared: 0, ignored: 0 };
  const activities = [...data.activities];
  const { shared, ignored } = teamChecklist(historyFromSynced({ ...data, activities }, meta.since), activities, playbook);
  return { shared, ignored };
}
