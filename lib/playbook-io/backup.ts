import { z } from 'zod';
import { assessmentSchema, forecastSnapshotSchema } from '../model/insights.schema';
import { storedHistorySchema } from '../metrics/stored-history';
import { playbookSchema } from '../model/playbook.schema';
import { activitySchema, checklistEntrySchema, crmWriteSchema, dealPauseSchema, dealRecordSchema, stageVisitSchema } from '../model/records.schema';
import { dealPageUrl, isDealPageUrl } from '../crm/deal-url';
import { crmName } from '../crm/index';
import { dealKeyOf } from '../model/deal';
import { canonicalSalesforceRows } from '../crm/salesforce/stored-ids';
import { AUTOMATION_ROW_IDS } from '../model/automation';
import { praiseSchema } from '../model/praise.schema';
import { note } from '../model/detail-note';
import { checkEnvelope, fail, parseUntrustedJson, readFileText, validateAt, type IoResult } from './untrusted';

// Back up everything the user has (every table except `tabs`, which only says what the open tabs
// show right now) to one file, and restore it all or nothing: the file format and its checks
// here, reading and writing the database in lib/db/backup.ts.

export const BACKUP_FORMAT = 'stagecraft-backup';
export const BACKUP_VERSION = 1;
export const MAX_BACKUP_FILE_BYTES = 50 * 1024 * 1024;
const MAX_ROWS = 200_000;

export const BACKUP_TABLES = ['playbooks', 'deals', 'stageVisits', 'checklist', 'activities', 'settings', 'histories', 'forecastSnapshots', 'assessments', 'crmWrites', 'pauses', 'automation', 'automationRuns', 'automationLog', 'automationHandled', 'praise'] as const;
export type BackupTable = (typeof BACKUP_TABLES)[number];
/**
 * Tables a backup leaves out on purpose: the tab bindings (they name this browser's tabs), the
 * team synced from the CRM — a copy of the CRM's own data that the next sync reads again in full —
 * and which CRM tasks carry the shared ticks: after a restore each done tick is shared again, its
 * task found by its marker instead of written twice; and the list of imports (historyInfo), which a
 * restore writes again from the histories themselves; and the team pages' figures as last worked
 * out (teamFigures), which the next opening works out again.
 */
export const NOT_BACKED_UP = ['tabs', 'syncedDeals', 'syncedActivities', 'teamDeals', 'teamDealRevisions', 'teamSync', 'tickShares', 'historyInfo', 'teamFigures'] as const;

const playbookRowSchema = z.object({
  id: z.string().min(1).max(200),
  playbook: playbookSchema,
  origin: z.literal('local', 'expected "local" (managed playbooks come from policy, not from backups)'),
});
const settingsRowSchema = z.object({
  id: z.literal('settings'),
  value: z.record(z.string(), z.unknown()),
});

const automationRowSchema = z.object({ id: z.enum(AUTOMATION_ROW_IDS), value: z.unknown() });
const counts = z.object({ applied: z.number().int().nonnegative(), skipped: z.number().int().nonnegative(), failed: z.number().int().nonnegative() });
const automationRunSchema = z.looseObject({ id: z.string().min(1).max(200), kind: z.enum(['assignment', 'undo', 'mailchimp']), trigger: z.enum(['manual', 'afterSync']), crm: z.string().max(40), at: z.number(), finishedAt: z.number().nullable(), counts });
const automationLogSchema = z.looseObject({ id: z.string().min(1).max(400), runId: z.string().min(1).max(200), kind: z.enum(['assign', 'undo', 'mailchimp']), dealId: z.string().min(1).max(200), at: z.number(), outcome: z.enum(['applied', 'skipped', 'failed']) });
const automationHandledSchema = z.object({ key: z.string().min(1).max(400), at: z.number(), runId: z.string().min(1).max(200) });

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
    // Schema v6: the automation's rules and turn, its runs and log, and the events it settled (so a
    // restored browser does not decide a deal again). Each stored value is checked where it is read.
    automation: rows(automationRowSchema, 10).default([]),
    automationRuns: rows(automationRunSchema).default([]),
    automationLog: rows(automationLogSchema).default([]),
    automationHandled: rows(automationHandledSchema).default([]),
    // Schema v9: the praise given (a restored browser never praises the same move twice).
    praise: rows(praiseSchema).default([]),
  })
  .strict();

export type BackupTables = z.infer<typeof backupTablesSchema>;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exportedAt: string;
  tables: BackupTables;
}

export function serializeBackup(backup: BackupFile): string {
  return `${JSON.stringify(backup, null, 2)}\n`;
}

/** Backup text → validated tables, or an error naming the exact place (`tables.activities[3].note: …`). */
export function parseBackupFile(text: string): IoResult<BackupFile> {
  if (text.length > MAX_BACKUP_FILE_BYTES) return fail('tooLarge', `the text is ${text.length} characters; the limit is ${MAX_BACKUP_FILE_BYTES}`, note('textTooLarge', { length: text.length, limit: MAX_BACKUP_FILE_BYTES }));
  const json = parseUntrustedJson(text);
  if (!json.ok) return json;
  const envelope = checkEnvelope(json.value, BACKUP_FORMAT, BACKUP_VERSION);
  if (!envelope.ok) return envelope;
  const tables = validateAt(backupTablesSchema, envelope.value.tables, ['tables']);
  if (!tables.ok) return tables;
  // Playbook rows are keyed by id: the key must be the playbook's own id, once.
  const ids = new Set<string>();
  for (const [i, row] of tables.value.playbooks.entries()) {
    const at = `tables.playbooks[${i}].id`;
    if (row.id !== row.playbook.id) return fail('invalid', `${at}: expected the playbook's id "${row.playbook.id}"`, note('playbookIdMismatch', { id: row.playbook.id }, at));
    if (ids.has(row.id)) return fail('invalid', `${at}: duplicate playbook id "${row.id}"`, note('duplicatePlaybookId', { id: row.id }, at));
    ids.add(row.id);
  }
  const keys = checkDealKeys(tables.value.deals);
  if (!keys.ok) return keys;
  // A backup from before the 18-character rule may hold a Salesforce opportunity under its 15-character id, or twice.
  const restored = { ...tables.value, ...canonicalSalesforceRows(tables.value) };
  const deal = checkDealLinks(restored.deals);
  if (!deal.ok) return deal;
  return { ok: true, value: { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: String(envelope.value.exportedAt), tables: restored } };
}

/** Every deal's key names that deal itself: a key naming another deal is refused. */
function checkDealKeys(deals: BackupTables['deals']): IoResult<true> {
  for (const [i, deal] of deals.entries()) {
    const key = dealKeyOf(deal);
    const found = JSON.stringify(deal.key.slice(0, 80));
    if (deal.key !== key) return fail('invalid', `tables.deals[${i}].key: expected "${key}" (the deal's crm:account:dealId), found ${found}`, note('dealKeyMismatch', { key, found }, `tables.deals[${i}].key`));
  }
  return { ok: true, value: true };
}

/**
 * Every deal's link names that deal itself (the side panel opens the link): a backup with a
 * `data:`, `file:`, `chrome:` or phishing link, or one naming another deal, is refused.
 */
function checkDealLinks(deals: BackupTables['deals']): IoResult<true> {
  for (const [i, deal] of deals.entries()) {
    if (!isDealPageUrl(deal.url, deal)) {
      const [crm, url, found] = [crmName(deal.crm), dealPageUrl(deal), JSON.stringify(deal.url.slice(0, 80))];
      return fail('invalid', `tables.deals[${i}].url: expected an https link to this deal's own ${crm} page (${url}), found ${found}`, note('dealUrlMismatch', { crm, url, found }, `tables.deals[${i}].url`));
    }
  }
  return { ok: true, value: true };
}

export async function readBackupFile(file: Pick<Blob, 'size' | 'text'>): Promise<IoResult<BackupFile>> {
  const text = await readFileText(file, MAX_BACKUP_FILE_BYTES);
  if (!text.ok) return text;
  return parseBackupFile(text.value);
}
