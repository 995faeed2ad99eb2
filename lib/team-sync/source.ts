// The synced team as a source of the team views: a history row like an imported file's (the
// scorecard file format), marked as synced so the combined history puts it first — for the same deal,
// synced from the CRM wins over what this browser observed, which wins over imported files — and
// where its figures come from ("synced from HubSpot 14 min ago · 18 412 deals").

import { serializeHistory } from '../metrics/history';
import type { CrmId } from '../model/deal';
import type { Playbook } from '../model/playbook.schema';
import type { History } from '../metrics/history.schema';
import { historyFromRows, keptDealRows, syncedDealRows, type SyncedDealRow } from './to-history';
import { teamChecklist } from './team-checklist';
import type { SyncedData, SyncedPipeline, SyncMeta } from './types';

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

/** The synced team as one history, with what the reps shared of their checklists. */
export interface SyncedTeamHistory {
  /**
   * With a playbook, the ticks the reps shared through the CRM are its checklist (./team-checklist.ts),
   * each CRM stage matched to a playbook stage requires that stage's required tasks, and the deals of
   * reps who share nothing are `untracked` (their adoption is not known, so it is left out rather than
   * counted as zero). Without ticks the history has no checklist at all.
   */
  history: History;
  /** Ticks that became checklist rows. */
  shared: number;
  /** Ticks of another playbook, or of a stage or task it does not have (an older version of it). */
  ignored: number;
}

/** What the team views read of the synced team: the CRM's pipelines and a row per synced deal (./to-history.ts). */
export interface SyncedRows {
  pipelines: SyncedPipeline[];
  rows: Iterable<SyncedDealRow>;
}

/** The synced data as deal rows (the command's store keeps no rows; the extension's database does). */
export const rowsOfSynced = (data: SyncedData): SyncedRows => ({ pipelines: data.pipelines, rows: syncedDealRows(data) });

/**
 * The synced deals' rows → the team's history with its shared checklist: the one way both the
 * extension's sync (syncedHistoryRows) and the `team-sync` command (its `--playbook`) read the reps' ticks.
 */
export function syncedTeamHistory(data: SyncedData | SyncedRows, since: number | null, playbook: Playbook | null): SyncedTeamHistory {
  const { pipelines, rows } = 'rows' in data ? data : rowsOfSynced(data);
  const kept = keptDealRows(pipelines, rows, since);
  const history = historyFromRows(pipelines, kept, since);
  const evidence = teamChecklist(history, kept.flatMap((row) => row.ticks.map((t) => ({ dealId: row.id, at: t.at, tick: t.tick }))), playbook);
  const { shared, ignored } = evidence;
  if (evidence.trackedOwners.size === 0) return { history, shared, ignored };
  const historyPipelines = history.pipelines.map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, ...(evidence.requiredTasks.get(p.id)?.has(s.id) && { requiredTasks: evidence.requiredTasks.get(p.id)!.get(s.id)! }) })) }));
  const deals = history.deals.map((d) => (evidence.trackedOwners.has(d.owner) ? d : { ...d, untracked: true as const }));
  return { history: { ...history, version: 2, pipelines: historyPipelines, deals, checklist: evidence.checklist }, shared, ignored };
}

/**
 * The synced team (null: never synced) as history rows for combinedHistory (./syncedTeamHistory):
 * one row with a checklist for the reps who share, one without for the rest (their adoption is not
 * known, so it is left out rather than counted as zero).
 */
export function syncedHistoryRows(meta: SyncMeta | null, data: SyncedData | SyncedRows | null, playbook: Playbook | null = null): SyncedHistoryRow[] {
  if (!meta || !data) return [];
  const { history } = syncedTeamHistory(data, meta.since, playbook);
  const key = (id: string) => `${meta.crm}:${meta.account.toLowerCase()}:${id}`;
  const provenance: SyncProvenance = { crm: meta.crm, syncedAt: meta.completedAt, deals: history.deals.length };
  const row = (id: string, part: History): SyncedHistoryRow => {
    const keyed = { ...part, deals: part.deals.map((d) => ({ ...d, id: key(d.id) })), activities: part.activities.map((a) => ({ ...a, dealId: key(a.dealId) })), checklist: (part.checklist ?? []).map((c) => ({ ...c, dealId: key(c.dealId) })) };
    return { id, name: `team-sync:${meta.crm}`, format: SYNCED_HISTORY_FORMAT, importedAt: new Date(meta.completedAt).toISOString(), history: JSON.parse(serializeHistory(keyed)) as unknown, provenance };
  };
  if (history.checklist === undefined) return [row(SYNCED_HISTORY_ID, history)];
  const part = (tracked: boolean): History => {
    // The untracked part stays marked: it is a v2 file with required tasks, whose deals have no known checklist.
    const deals = history.deals.filter((d) => !d.untracked === tracked);
    const ids = new Set(deals.map((d) => d.id));
    return { ...history, deals, activities: history.activities.filter((a) => ids.has(a.dealId)), checklist: tracked ? history.checklist : [] };
  };
  return [row(SYNCED_HISTORY_ID, part(true)), row(SYNCED_UNTRACKED_ID, part(false))];
}

/** How many shared checklist ticks the last sync read, and how many it ignored (another playbook, or an older version of it). */
export function syncedTickSummary(meta: SyncMeta | null, data: SyncedData | SyncedRows | null, playbook: Playbook | null): { shared: number; ignored: number } {
  if (!meta || !data) return { shared: 0, ignored: 0 };
  const { shared, ignored } = syncedTeamHistory(data, meta.since, playbook);
  return { shared, ignored };
}
