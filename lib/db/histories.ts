import type { ImportedHistoryInfo, StagecraftDb, StoredHistory } from './database';
import { serializeHistory, type History } from '../metrics/history';
import { storedHistorySchema } from '../metrics/stored-history';
import { infoOf } from './history-info';
import { refreshLearnedFromHistory } from './learned-rot';

// Imported histories in the `histories` table: one row per imported file, the history in the
// scorecard file format (ISO dates), validated with storedHistorySchema before it is written —
// so the team view and the `scorecard` command read exactly what was checked here.

export type ImportFormat = 'scorecard-json' | 'pipedrive-csv' | 'hubspot-csv' | 'salesforce-csv' | 'pipedrive-xlsx' | 'hubspot-xlsx' | 'salesforce-xlsx';

export interface SaveInput {
  /** The file name, shown in the list of imports (cut to 300 characters). */
  name: string;
  format: ImportFormat | string;
  history: History;
}

export type SaveResult = { ok: true; row: StoredHistory } | { ok: false; error: string };

export type ImportedHistorySummary = ImportedHistoryInfo;

const newId = () =>
  typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function' ? `import-${crypto.randomUUID()}` : `import-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** Stores one imported history as a new row; nothing is written when the row does not validate. */
export async function saveImportedHistory(db: StagecraftDb, input: SaveInput, now: Date): Promise<SaveResult> {
  const candidate = {
    id: newId(),
    name: input.name.slice(0, 300),
    format: input.format.slice(0, 40),
    importedAt: now.toISOString(),
    history: JSON.parse(serializeHistory(input.history)) as unknown,
  };
  const checked = storedHistorySchema.safeParse(candidate);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, error: `${issue?.path.join('.') || 'history'}: ${issue?.message ?? 'invalid'}` };
  }
  const row: StoredHistory = { ...checked.data, history: candidate.history };
  await db.transaction('rw', db.histories, db.historyInfo, async () => {
    await db.histories.add(row);
    await db.historyInfo.add(infoOf(row));
  });
  await refreshLearnedFromHistory(db);
  return { ok: true, row };
}

/** The imports, newest first, with their deal count (from the list beside the histories: no history is read). */
export async function listImportedHistories(db: StagecraftDb): Promise<ImportedHistorySummary[]> {
  return db.historyInfo.orderBy('importedAt').reverse().toArray();
}

export async function deleteImportedHistory(db: StagecraftDb, id: string): Promise<void> {
  await db.transaction('rw', db.histories, db.historyInfo, async () => {
    await db.histories.delete(id);
    await db.historyInfo.delete(id);
  });
  await refreshLearnedFromHistory(db);
}
