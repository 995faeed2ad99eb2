import { z } from 'zod';
import { assessmentSchema, forecastSnapshotSchema, storedHistorySchema } from '../model/insights.schema';
import type { StagecraftDb } from '../db/database';
import { playbookSchema } from '../model/playbook.schema';
import { activitySchema, checklistEntrySchema, crmWriteSchema, dealPauseSchema, dealRecordSchema, stageVisitSchema } from '../model/records.schema';
import { repairSettings } from '../model/settings.schema';
import { dealPageUrl, isDealPageUrl } from '../crm/deal-url';
import { dealKeyOf } from '../model/deal';
import { checkEnvelope, fail, parseUntrustedJson, readFileText, validateAt, type IoResult } from './untrusted';

// Back up everything the user has (every table except `tabs`, which only says what the open tabs
// show right now) to one file, and restore it all or nothing.

export const BACKUP_FORMAT = 'stagecraft-backup';
export const BACKUP_VERSION = 1;
export const MAX_BACKUP_FILE_BYTES = 50 * 1024 * 1024;
const MAX_ROWS = 200_000;

export const BACKUP_TABLES = ['playbooks', 'deals', 'stageVisits', 'checklist', 'activities', 'settings', 'histories', 'forecastSnapshots', 'assessments', 'crmWrites', 'pauses'] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];

const playbookRowSchema = z.object({
  id: z.string().min(1).max(200),
  playbook: playbookSchema,
  origin: z.literal('local', 'expected "local" (managed playbooks come from policy, not from backups)'),
});
const settingsRowSchema = z.object({
  id: z.literal('settings'),
  value: z.record(z.string(), z.unknown()),
});

const rows = <S extends z.ZodType>(schema: S, max = MAX_ROWS) => z.array(schema).max(max, `expected at most ${max} records`);

export const backupTablesSchema = z
  .object({
    playbooks: rows(playbookRowSchema, 100),
    deals: rows(dealRecordSchema),
    stageVisits: rows(stageVisitSchema),
    checklist: rows(checklistEntrySchema),
    activities: rows(activitySchema),
    settings: rows(settingsRowSchema, 1),
    // Schema v2 stores; a backup made before them simply has none.
    histories: rows(storedHistorySchema, 100).default([]),
    forecastSnapshots: rows(forecastSnapshotSchema).default([]),
    assessments: rows(assessmentSchema, 1).default([]),
    // Schema v3: what the CRM has still to be told (a restored queue is sent, so nothing logged is lost).
    crmWrites: rows(crmWriteSchema).default([]),
    // Schema v4: paused deals, their reasons and wake days.
    pauses: rows(dealPauseSchema).default([]),
  })
  .strict();

export type BackupTables = z.infer<typeof backupTablesSchema>;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  tables: BackupTables;
}

/** Everything, read in one transaction so the backup is consistent. Managed playbooks are left out (policy restores them). */
export async function createBackup(db: StagecraftDb, now: Date): Promise<BackupFile> {
  return db.transaction('r', ALL_TABLES(db), async () => ({
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    tables: {
      playbooks: (await db.playbooks.toArray()).filter((p) => p.origin === 'local').map((p) => ({ id: p.id, playbook: p.playbook, origin: 'local' as const })),
      deals: await db.deals.toArray(),
      stageVisits: await db.stageVisits.toArray(),
      checklist: await db.checklist.toArray(),
      activities: await db.activities.toArray(),
      settings: (await db.settings.toArray()).map((row) => ({ id: 'settings' as const, value: repairSettings(row.value) as Record<string, unknown> })),
      histories: await db.histories.toArray(),
      forecastSnapshots: await db.forecastSnapshots.toArray(),
      assessments: await db.assessments.toArray(),
      crmWrites: await db.crmWrites.toArray(),
      pauses: await db.pauses.toArray(),
    },
  }));
}

export function serializeBackup(backup: BackupFile): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** Backup text → validated tables, or an error naming the exact place (`tables.activities[3].note: …`). */
export function parseBackupFile(text: string): IoResult<BackupFile> {
  if (text.length > MAX_BACKUP_FILE_BYTES) return fail('tooLarge', `the text is ${text.length} characters; the limit is ${MAX_BACKUP_FILE_BYTES}`);
  const json = parseUntrustedJson(text);
  if (!json.ok) return json;
  const envelope = checkEnvelope(json.value, BACKUP_FORMAT, BACKUP_VERSION);
  if (!envelope.ok) return envelope;
  const tables = validateAt(backupTablesSchema, envelope.value.tables, ['tables']);
  if (!tables.ok) return tables;
  // Playbook rows are keyed by id: the key must be the playbook's own id, once.
  const ids = new Set<string>();
  for (const [i, row] of tables.value.playbooks.entries()) {
    if (row.id !== row.playbook.id) return fail('invalid', `tables.playbooks[${i}].id: expected the playbook's id "${row.playbook.id}"`);
    if (ids.has(row.id)) return fail('invalid', `tables.playbooks[${i}].id: duplicate playbook id "${row.id}"`);
    ids.add(row.id);
  }
  const deal = checkDealLinks(tables.value.deals);
  if (!deal.ok) return deal;
  return { ok: true, value: { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: String(envelope.value.exportedAt), tables: tables.value } };
}

const CRM_NAMES = { pipedrive: 'Pipedrive', hubspot: 'HubSpot', salesforce: 'Salesforce' } as const;

/**
 * Every deal's key and link name that deal itself (the side panel opens the link): a backup with
 * a `data:`, `file:`, `chrome:` or phishing link, or one naming another deal, is refused.
 */
function checkDealLinks(deals: BackupTables['deals']): IoResult<true> {
  for (const [i, deal] of deals.entries()) {
    const key = dealKeyOf(deal);
    if (deal.key !== key) return fail('invalid', `tables.deals[${i}].key: expected "${key}" (the deal's crm:account:dealId), found ${JSON.stringify(deal.key.slice(0, 80))}`);
    if (!isDealPageUrl(deal.url, deal)) {
      return fail('invalid', `tables.deals[${i}].url: expected an https link to this deal's own ${CRM_NAMES[deal.crm]} page (${dealPageUrl(deal)}), found ${JSON.stringify(deal.url.slice(0, 80))}`);
    }
  }
  return { ok: true, value: true };
}

export async function readBackupFile(file: Pick<Blob, 'size' | 'text'>): Promise<IoResult<BackupFile>> {
  const text = await readFileText(file, MAX_BACKUP_FILE_BYTES);
  if (!text.ok) return text;
  return parseBackupFile(text.value);
}

const ALL_TABLES = (db: StagecraftDb) => [db.playbooks, db.deals, db.stageVisits, db.checklist, db.activities, db.settings, db.histories, db.forecastSnapshots, db.assessments, db.crmWrites, db.pauses];

/**
 * Replaces everything with the backup in one transaction over every table: if any write fails,
 * nothing changes. The managed playbook (from policy) and the tab bindings are kept.
 */
export async function restoreBackup(db: StagecraftDb, backup: BackupFile): Promise<void> {
  const { tables } = backup;
  await db.transaction('rw', ALL_TABLES(db), async () => {
    await deleteLocalData(db);
    await db.playbooks.bulkPut(tables.playbooks.map((row) => ({ id: row.id, playbook: row.playbook, origin: 'local' as const })));
    await db.deals.bulkPut(tables.deals);
    await db.stageVisits.bulkPut(tables.stageVisits);
    await db.checklist.bulkPut(tables.checklist);
    await db.activities.bulkPut(tables.activities);
    await db.settings.bulkPut(tables.settings.map((row) => ({ id: 'settings' as const, value: repairSettings(row.value) })));
    await db.histories.bulkPut(tables.histories.map((row) => ({ ...row, history: row.history })));
    await db.forecastSnapshots.bulkPut(tables.forecastSnapshots);
    await db.assessments.bulkPut(tables.assessments);
    // A write that was on its way when the backup was made is sent again from the restored copy.
    // One that was under way may have reached the CRM: its creates look for their marker first.
    await db.crmWrites.bulkPut(tables.crmWrites.map((row) => ({ ...row, inFlight: null, unsure: row.unsure === true || row.inFlight !== null })));
    await db.pauses.bulkPut(tables.pauses);
  });
}

async function deleteLocalData(db: StagecraftDb): Promise<void> {
  const local = await db.playbooks.filter((p) => p.origin === 'local').primaryKeys();
  await db.playbooks.bulkDelete(local);
  await Promise.all([db.deals.clear(), db.stageVisits.clear(), db.checklist.clear(), db.activities.clear(), db.settings.clear(), db.histories.clear(), db.forecastSnapshots.clear(), db.assessments.clear(), db.crmWrites.clear(), db.pauses.clear()]);
}

/** Clears all the user's data (not the managed playbook, not the open tabs' bindings), in one transaction. */
export async function clearAllData(db: StagecraftDb): Promise<void> {
  await db.transaction('rw', ALL_TABLES(db), () => deleteLocalData(db));
}
