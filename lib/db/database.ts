import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { Playbook } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, CrmWrite, DealPause, DealRecord, StageVisit, TickShare } from '../model/records.schema';
import type { SyncedActivity, SyncedDeal } from '../team-sync/types';
import type { SyncedDealRow } from '../team-sync/to-history';
import { deriveTeamDeals } from './team-deal-rows';
import type { ForecastSnapshot, ImportedHistoryInfo, StoredHistory } from '../model/insights.schema';
import { describeStoredHistories } from './history-info';
import { mergeSalesforceDealIds } from './salesforce-ids';
import { stampPraiseSince } from './praise-since';
import type { Praise } from '../model/praise.schema';
import type { AutomationHandled, AutomationLogEntry, AutomationRun, StoredAutomationRow } from '../model/automation';

// The record types live in lib/model (the domain reads them without reaching into storage).
export type { ForecastSnapshot, ImportedHistoryInfo, StoredHistory } from '../model/insights.schema';

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
  histories: EntityTable<StoredHistory, 'id'>;
  historyInfo: EntityTable<ImportedHistoryInfo, 'id'>;
  forecastSnapshots: Table<ForecastSnapshot, [string, string, string]>;
  assessments: EntityTable<StoredAssessment, 'id'>;
  crmWrites: EntityTable<CrmWrite, 'activityId'>;
  pauses: EntityTable<DealPause, 'id'>;
  syncedDeals: EntityTable<SyncedDeal, 'id'>;
  syncedActivities: EntityTable<SyncedActivity, 'id'>;
  teamSync: EntityTable<StoredTeamSyncRow, 'id'>;
  automation: EntityTable<StoredAutomationRow, 'id'>;
  automationRuns: EntityTable<AutomationRun, 'id'>;
  automationLog: EntityTable<AutomationLogEntry, 'id'>;
  automationHandled: EntityTable<AutomationHandled, 'key'>;
  tickShares: Table<TickShare, [string, string, string]>;
  praise: EntityTable<Praise, 'id'>;
  teamDeals: EntityTable<SyncedDealRow, 'id'>;
  teamFigures: EntityTable<StoredTeamFigures, 'key'>;
  teamDealRevisions: EntityTable<TeamDealRevision, 'id'>;
};

/**
 * The revision of the synced team at which a deal's row (`teamDeals`) was last written or removed
 * (lib/db/team-deals.ts): the team figures worker reads the rows changed since the revision it holds.
 */
export interface TeamDealRevision {
  /** The synced deal's id (its row's). */
  id: string;
  rev: number;
}

/**
 * A team page's figures as last worked out (lib/db/team-figures.ts): shown at once when the page
 * opens, while the worker brings them up to date. `figures` is checked when read (an older version
 * may have written it).
 */
export interface StoredTeamFigures {
  /** The ask without its clock (lib/team-figures/stored.ts). */
  key: string;
  figures: unknown;
  /** Epoch ms they were worked out. */
  computedAt: number;
}

/**
 * The team sync's small rows: `pipelines`, `owners`, the run under way (`run`: where it stands, so a
 * stopped worker resumes), the last complete run (`meta`), what the options page shows (`status`) and
 * the CRM's company currency and rates (`currency`) and its fields' option labels (`labels`), and
 * the weeks of forecast reconstructed from the CRM's history with the reps' weeks it could not
 * (`forecast`, lib/db/forecast-history.ts), and the revision the deals' rows are at (`revision`,
 * lib/db/team-deals.ts).
 */
export interface StoredTeamSyncRow {
  id: 'pipelines' | 'owners' | 'labels' | 'run' | 'meta' | 'status' | 'currency' | 'forecast' | 'revision';
  value: unknown;
}

/** The process-maturity questionnaire answers. */
export interface StoredAssessment {
  id: 'maturity';
  answers: Record<string, number>;
  answeredAt: string;
}

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
  {
    // v2: imported sales histories (scorecards from day one), weekly forecast snapshots per rep,
    // and the process-maturity questionnaire. New stores only: v1 data is kept as it is.
    version: 2,
    stores: {
      histories: '&id, importedAt',
      forecastSnapshots: '&[owner+period+week], period, week',
      assessments: '&id',
    },
  },
  {
    // v3: writing logged activities back to the CRM. A queue with one entry per activity, due by
    // `nextAttemptAt`; activities get an index on `sync` (how many are not in the CRM yet) and
    // `crmRefs`. Activities a v2 build left `pending` or `failed` are queued, so none is lost.
    version: 3,
    stores: {
      activities: '&id, dealKey, at, sync',
      crmWrites: '&activityId, dealKey, nextAttemptAt',
    },
    upgrade: async (tx) => {
      const queued: CrmWrite[] = [];
      await tx
        .table('activities')
        .toCollection()
        .modify((activity: Activity & { crmRefs?: Activity['crmRefs'] }) => {
          activity.crmRefs ??= null;
          if (activity.sync !== 'pending' && activity.sync !== 'failed') return;
          activity.sync = 'pending';
          queued.push({
            activityId: activity.id,
            dealKey: activity.dealKey,
            op: 'create',
            refs: null,
            queuedAt: activity.at,
            nextAttemptAt: activity.at,
            attempts: 0,
            lastAttemptAt: null,
            lastError: null,
            revision: 0,
            inFlight: null,
          });
        });
      if (queued.length) await tx.table('crmWrites').bulkPut(queued);
    },
  },
  {
    // v4: pausing a deal with a reason and a wake day. A new store only, indexed by deal (running
    // pauses have `endedAt: null`, which IndexedDB does not index: the store is small, it is
    // filtered); nothing earlier changes.
    version: 4,
    stores: {
      pauses: '++id, dealKey',
    },
  },
  {
    // v5: the team synced from the CRM's API (every deal the user can see, with its stage history,
    // and the activities on them), and where the sync stands. New stores only: v4 data is kept.
    version: 5,
    stores: {
      syncedDeals: '&id',
      syncedActivities: '&id, dealId',
      teamSync: '&id',
    },
  },
  {
    // v6: automation from the playbook. Its settings and state (`automation`: the assignment rules,
    // the round-robin turn, the last dry run, the CRM's reps, the Mailchimp lists by stage), one row
    // per run, the log of every change a run made (or could not make), and the events already
    // handled (so a deal is decided once). New stores; the upgrade starts the round-robin state.
    version: 6,
    stores: {
      automation: '&id',
      automationRuns: '&id, at',
      automationLog: '&id, runId, dealId, at',
      automationHandled: '&key, at',
    },
    upgrade: async (tx) => {
      await tx.table('automation').put({ id: 'state', value: { rotation: {}, lastRunAt: null } });
    },
  },
  {
    // v7: checklist ticks shared with the team through the CRM. One row per checklist item that the
    // CRM has heard of or must hear of, due by `nextAttemptAt` (absent once the CRM has it: not in
    // the index). A new store only: ticks done before are shared when the worker starts with
    // sharing on, so nothing earlier changes here.
    version: 7,
    stores: {
      tickShares: '&[dealKey+stageId+taskId], dealKey, nextAttemptAt',
    },
  },
  {
    // v8: one Salesforce opportunity is one deal. Deals stored under a 15-character id move to the
    // 18-character key the readers give since; one stored under both becomes one deal, nothing lost.
    // No store changes.
    version: 8,
    stores: {},
    upgrade: mergeSalesforceDealIds,
  },
  {
    // v9: praise for the rep. One row per thing praised (a deal moved past a hard stage, a milestone),
    // its id saying what, so nothing is praised twice; indexed by deal (the side panel's line) and by
    // when it happened. The upgrade marks where praise begins, so data kept from before is history.
    version: 9,
    stores: {
      praise: '&id, dealKey, at',
    },
    upgrade: (tx) => stampPraiseSince(tx),
  },
  {
    // v10: the list of imported histories reads a small row per import (name, format, date, deal
    // count) instead of every history whole; the upgrade describes the imports already stored.
    version: 10,
    stores: {
      historyInfo: '&id, importedAt',
    },
    upgrade: describeStoredHistories,
  },
  {
    // v11: forecast snapshots say how they came about — `live` (taken by the browser that week) or
    // `reconstructed` (worked out afterwards from the CRM's change history by a team sync). Every
    // snapshot stored before was taken live. No store changes; nothing else is touched (locked).
    version: 11,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table('forecastSnapshots')
        .toCollection()
        .modify((row: { basis?: string }) => {
          row.basis ??= 'live';
        });
    },
  },
  {
    // v12: the team pages read a compact row per synced deal (its activities and shared ticks with
    // it) instead of every synced activity; each sync page's commit keeps the rows of the deals it
    // touched (lib/db/team-deals.ts). The upgrade derives a row for every deal synced before.
    version: 12,
    stores: {
      teamDeals: '&id',
    },
    upgrade: deriveTeamDeals,
  },
  {
    // v13: each team page's figures as last worked out, so a page opens on them at once while the
    // worker reads a large team again (lib/db/team-figures.ts). A new, empty table.
    version: 13,
    stores: {
      teamFigures: '&key, computedAt',
    },
  },
  {
    // v14: every write of the synced deals' rows counts a revision of the synced team, kept with the
    // revision of each deal's last change (`teamDealRevisions`, indexed by it) in the transaction that
    // writes the rows (lib/db/team-deals.ts), so the team figures worker reads only the deals changed
    // since the revision it holds instead of the whole team. A new table, empty: a team synced before
    // is at revision 0, which the worker reads whole once, as it did every time before.
    version: 14,
    stores: {
      teamDealRevisions: '&id, rev',
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
