// The synced team as a source of the team views: a history like an imported file's (the scorecard
// history), handed to the combined history as the synced source so it goes first — for the same deal,
// synced from the CRM wins over what this browser observed, which wins over imported files — and
// where its figures come from ("synced from HubSpot 14 min ago · 18 412 deals").

import type { CrmId } from '../model/deal';
import type { Playbook } from '../model/playbook.schema';
import type { History, HistoryDeal } from '../metrics/history.schema';
import { historyFromKept, keptDealRows, syncedDealRows, type SyncedDealRow } from './to-history';
import { teamChecklist } from './team-checklist';
import type { SyncedData, SyncedPipeline, SyncMeta } from './types';

/** Where the team's figures come from. */
export interface SyncProvenance {
  crm: CrmId;
  /** Epoch ms the last complete run finished. */
  syncedAt: number;
  deals: number;
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
 * extension's sync (syncedSource) and the `team-sync` command (its `--playbook`) read the reps' ticks.
 * `key` names each deal in the history (the extension: `crm:account:id`; the command: the CRM's id).
 */
export function syncedTeamHistory(data: SyncedData | SyncedRows, since: number | null, playbook: Playbook | null, key: (id: string) => string = (id) => id): SyncedTeamHistory {
  const { pipelines, rows } = 'rows' in data ? data : rowsOfSynced(data);
  const kept = keptDealRows(pipelines, rows, since);
  return withSharedTicks(historyFromKept(pipelines, kept, key), kept, playbook, key);
}

/**
 * The history of the kept rows (in its deals' order) with the ticks the reps shared on them read by
 * the playbook (rules above). `untracked` marks a deal of a rep who shares no tick (a copy; the team
 * held in memory keeps its copies, ./held-team.ts).
 */
export function withSharedTicks(history: History, kept: readonly SyncedDealRow[], playbook: Playbook | null, key: (id: string) => string, untracked: (deal: HistoryDeal) => HistoryDeal = (d) => ({ ...d, untracked: true })): SyncedTeamHistory {
  const ticks: { dealId: string; at: number; tick: SyncedDealRow['ticks'][number]['tick'] }[] = [];
  for (const row of kept) for (const t of row.ticks) ticks.push({ dealId: key(row.id), at: t.at, tick: t.tick });
  const evidence = teamChecklist(history, ticks, playbook);
  const { shared, ignored } = evidence;
  if (evidence.trackedOwners.size === 0) return { history, shared, ignored };
  const historyPipelines = history.pipelines.map((p) => ({ ...p, stages: p.stages.map((s) => ({ ...s, ...(evidence.requiredTasks.get(p.id)?.has(s.id) && { requiredTasks: evidence.requiredTasks.get(p.id)!.get(s.id)! }) })) }));
  const deals = history.deals.map((d) => (evidence.trackedOwners.has(d.owner) ? d : untracked(d)));
  return { history: { ...history, version: 2, pipelines: historyPipelines, deals, checklist: evidence.checklist }, shared, ignored };
}

/** The synced team as combinedHistory reads it: its history, handed over in memory, and where it comes from. */
export interface SyncedSource {
  /** Deal ids are the extension's deal keys (`crm:account:id`), so they meet observed deals. */
  history: History;
  provenance: SyncProvenance;
  /** The checklist ticks the reps shared: read as checklist rows, and ignored (another or an older playbook). */
  ticks: { shared: number; ignored: number };
}

/**
 * The synced team (null: never synced) for combinedHistory (./syncedTeamHistory). It is built here
 * from the rows our own sync wrote (every CRM answer was checked when it arrived), so it goes over as
 * it is: never written out as a file and read back, which at 200 000 deals cost most of a team
 * page's wait. The deals of reps who share no ticks stay marked `untracked` (their adoption is not known).
 */
export function syncedSource(meta: SyncMeta | null, data: SyncedData | SyncedRows | null, playbook: Playbook | null = null): SyncedSource | null {
  if (!meta || !data) return null;
  const prefix = dealKeyPrefix(meta);
  return sourceOf(meta, syncedTeamHistory(data, meta.since, playbook, (id) => prefix + id));
}

/** What goes before a synced deal's id in its extension key (`crm:account:`). */
export const dealKeyPrefix = (meta: SyncMeta): string => `${meta.crm}:${meta.account.toLowerCase()}:`;

/** The synced team's history as the source combinedHistory reads. */
export function sourceOf(meta: SyncMeta, { history, shared, ignored }: SyncedTeamHistory): SyncedSource {
  return { history, provenance: { crm: meta.crm, syncedAt: meta.completedAt, deals: history.deals.length }, ticks: { shared, ignored } };
}
