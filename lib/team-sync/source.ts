// The synced team as a source of the team views: a history row like an imported file's (the
// scorecard file format), marked as synced so the combined history puts it first — for the same deal,
// synced from the CRM wins over what this browser observed, which wins over imported files — and
// where its figures come from ("synced from HubSpot 14 min ago · 18 412 deals").

import { serializeHistory } from '../metrics/history';
import type { CrmId } from '../model/deal';
import { historyFromSynced } from './to-history';
import type { SyncedData, SyncMeta } from './types';

export const SYNCED_HISTORY_FORMAT = 'team-sync';
export const SYNCED_HISTORY_ID = 'team-sync';

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

/** The synced data (null: never synced) as a history row for combinedHistory. */
export function syncedHistoryRow(meta: SyncMeta | null, data: SyncedData | null): SyncedHistoryRow | null {
  if (!meta || !data) return null;
  const history = historyFromSynced(data, meta.since);
  const key = (id: string) => `${meta.crm}:${meta.account.toLowerCase()}:${id}`;
  const keyed = { ...history, deals: history.deals.map((d) => ({ ...d, id: key(d.id) })), activities: history.activities.map((a) => ({ ...a, dealId: key(a.dealId) })) };
  return {
    id: SYNCED_HISTORY_ID,
    name: `team-sync:${meta.crm}`,
    format: SYNCED_HISTORY_FORMAT,
    importedAt: new Date(meta.completedAt).toISOString(),
    history: JSON.parse(serializeHistory(keyed)) as unknown,
    provenance: { crm: meta.crm, syncedAt: meta.completedAt, deals: history.deals.length },
  };
}
