import type { Transaction } from 'dexie';
import type { ImportedHistoryInfo, StoredHistory } from '../model/insights.schema';

// The list of imports is kept beside the imported histories (the `historyInfo` table, derived from
// `histories` and written in the same transaction), so showing it never reads a history whole.

/** A stored history's line in the list: its deal count read defensively (a restored row may be anything). */
export function infoOf(row: StoredHistory): ImportedHistoryInfo {
  const history = row.history as { deals?: unknown } | null;
  return {
    id: row.id,
    name: row.name,
    format: row.format,
    importedAt: row.importedAt,
    deals: history && typeof history === 'object' && Array.isArray(history.deals) ? history.deals.length : 0,
  };
}

/** Schema v9's upgrade: a line for every history imported before. */
export async function describeStoredHistories(tx: Transaction): Promise<void> {
  const infos: ImportedHistoryInfo[] = [];
  await tx.table<StoredHistory, string>('histories').each((row) => {
    infos.push(infoOf(row));
  });
  await tx.table<ImportedHistoryInfo, string>('historyInfo').bulkPut(infos);
}
