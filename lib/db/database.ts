import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { Playbook } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, DealRecord, StageVisit } from '../model/records.schema';

// One owner: the extension origin (background and extension pages). A content script must never
// open this database — it would land in the CRM site's storage.

export interface StoredPlaybook {
  id: string;
  playbook: Playbook;
  /** `managed` playbooks come from browser policy and are read-only. */
  origin: 'local' | 'managed';
}

export interface StoredSettings {
  id: 'settings';
  value: unknown;
}

/** Which deal each browser tab shows; cleared when the browser starts (tab ids are per session). */
export interface TabBinding {
  tabId: number;
  dealKey: string | null;
  /** Why there is no deal, when dealKey is null: not a deal page, or the reader failed. */
  state: 'deal' | 'notDeal' | 'loading' | 'readError';
  url: string;
  detail: string | null;
  at: string;
}

export type StagecraftDb = Dexie & {
  playbooks: EntityTable<StoredPlaybook, 'id'>;
  deals: EntityTable<DealRecord, 'key'>;
  stageVisits: EntityTable<StageVisit, 'id'>;
  checklist: Table<ChecklistEntry, [string, string, string]>;
  activities: EntityTable<Activity, 'id'>;
  settings: EntityTable<StoredSettings, 'id'>;
  tabs: EntityTable<TabBinding, 'tabId'>;
};

export const DB_NAME = 'stagecraft';

/** One released schema version: its stores and the upgrade that brings data from the previous one. */
export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void> | void;
}

/**
 * Schema history. Never edit a released version: append a new one with an upgrade, and add a
 * fixture database of the previous version to test/fixtures/db/ (test/unit/db/migrations.test.ts
 * migrates every fixture to the current version and checks the data).
 */
export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      playbooks: '&id',
      deals: '&key, crm, lastSeenAt',
      stageVisits: '++id, dealKey, [dealKey+enteredAt]',
      checklist: '&[dealKey+stageId+taskId], dealKey',
      activities: '&id, dealKey, at',
      settings: '&id',
      tabs: '&tabId, dealKey',
    },
  },
];

export const CURRENT_SCHEMA_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version;

/** Declares the schema history up to `upTo` (tests build older databases with it). */
export function defineSchema(db: Dexie, upTo: number = CURRENT_SCHEMA_VERSION): void {
  for (const step of SCHEMA_HISTORY) {
    if (step.version > upTo) break;
    const version = db.version(step.version).stores(step.stores);
    if (step.upgrade) version.upgrade(step.upgrade);
  }
}

export function openDatabase(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]): StagecraftDb {
  const db = new Dexie(name, options) as StagecraftDb;
  defineSchema(db);
  return db;
}
