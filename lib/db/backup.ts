import type { StagecraftDb } from './database';
import { infoOf } from './history-info';
import { repairSettings } from '../model/settings.schema';
import type { AutomationLogEntry, AutomationRun, StoredAutomationRow } from '../model/automation';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupFile } from '../playbook-io/backup';

// A backup taken from the database and put back into it, all or nothing (the file format and its
// checks: lib/playbook-io/backup.ts).

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
      automation: await db.automation.toArray(),
      automationRuns: (await db.automationRuns.toArray()) as unknown as BackupFile['tables']['automationRuns'],
      automationLog: (await db.automationLog.toArray()) as unknown as BackupFile['tables']['automationLog'],
      automationHandled: await db.automationHandled.toArray(),
      praise: await db.praise.toArray(),
    },
  }));
}

const ALL_TABLES = (db: StagecraftDb) => [db.playbooks, db.deals, db.stageVisits, db.checklist, db.activities, db.settings, db.histories, db.historyInfo, db.forecastSnapshots, db.assessments, db.crmWrites, db.pauses, db.automation, db.automationRuns, db.automationLog, db.automationHandled, db.tickShares, db.praise];
/** What a restore or a clear replaces: every table above and the team pages' kept figures, worked out from them. */
const LOCAL_DATA_TABLES = (db: StagecraftDb) => [...ALL_TABLES(db), db.teamFigures];

/**
 * Replaces everything with the backup in one transaction over every table: if any write fails,
 * nothing changes. The managed playbook (from policy) and the tab bindings are kept.
 */
export async function restoreBackup(db: StagecraftDb, backup: BackupFile): Promise<void> {
  const { tables } = backup;
  await db.transaction('rw', LOCAL_DATA_TABLES(db), async () => {
    await deleteLocalData(db);
    await db.playbooks.bulkPut(tables.playbooks.map((row) => ({ id: row.id, playbook: row.playbook, origin: 'local' as const })));
    await db.deals.bulkPut(tables.deals);
    await db.stageVisits.bulkPut(tables.stageVisits);
    await db.checklist.bulkPut(tables.checklist);
    await db.activities.bulkPut(tables.activities);
    await db.settings.bulkPut(tables.settings.map((row) => ({ id: 'settings' as const, value: repairSettings(row.value) })));
    await db.histories.bulkPut(tables.histories.map((row) => ({ ...row, history: row.history })));
    await db.historyInfo.bulkPut(tables.histories.map((row) => infoOf({ ...row, history: row.history })));
    await db.forecastSnapshots.bulkPut(tables.forecastSnapshots);
    await db.assessments.bulkPut(tables.assessments);
    // A write that was on its way when the backup was made is sent again from the restored copy.
    // One that was under way may have reached the CRM: its creates look for their marker first.
    await db.crmWrites.bulkPut(tables.crmWrites.map((row) => ({ ...row, inFlight: null, unsure: row.unsure === true || row.inFlight !== null })));
    await db.pauses.bulkPut(tables.pauses);
    await db.automation.bulkPut(tables.automation as StoredAutomationRow[]);
    await db.automationRuns.bulkPut(tables.automationRuns as unknown as AutomationRun[]);
    await db.automationLog.bulkPut(tables.automationLog as unknown as AutomationLogEntry[]);
    await db.automationHandled.bulkPut(tables.automationHandled);
    await db.praise.bulkPut(tables.praise);
  });
}

async function deleteLocalData(db: StagecraftDb): Promise<void> {
  const local = await db.playbooks.filter((p) => p.origin === 'local').primaryKeys();
  await db.playbooks.bulkDelete(local);
  await Promise.all([db.deals.clear(), db.stageVisits.clear(), db.checklist.clear(), db.activities.clear(), db.settings.clear(), db.histories.clear(), db.historyInfo.clear(), db.forecastSnapshots.clear(), db.assessments.clear(), db.crmWrites.clear(), db.pauses.clear(), db.automation.clear(), db.automationRuns.clear(), db.automationLog.clear(), db.automationHandled.clear(), db.tickShares.clear(), db.praise.clear(), db.teamFigures.clear()]);
}

/** Clears all the user's data (not the managed playbook, not the open tabs' bindings), in one transaction. */
export async function clearAllData(db: StagecraftDb): Promise<void> {
  await db.transaction('rw', LOCAL_DATA_TABLES(db), () => deleteLocalData(db));
}
