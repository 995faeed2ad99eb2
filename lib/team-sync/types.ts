// The team sync's own vocabulary: what it keeps of a CRM (already mapped to the scorecard history's
// terms, so no raw answer is ever held), where a run stands (so a stopped run resumes), and the
// store that a run writes each page into (memory for the command, IndexedDB for the extension).

import type { CrmId } from '../model/deal';
import type { ActivityType, DealStatus } from '../metrics/history.schema';
import type { CrmApiFailure, CrmApiResult } from '../crm/api/types';

/** A stage as the CRM lists it; closed stages only set a deal's status, they are not pipeline stages. */
export interface SyncedStage {
  id: string;
  name: string;
  /** 0–1. */
  probability: number;
  rotDays: number | null;
  /** null: an open stage. */
  closes: 'won' | 'lost' | null;
}

export interface SyncedPipeline {
  id: string;
  name: string;
  /** In the CRM's order. */
  stages: SyncedStage[];
}

/** A deal in the scorecard history's terms (epoch ms), plus what the sync needs to keep it current. */
export interface SyncedDeal {
  id: string;
  title: string;
  /** Display name. */
  owner: string;
  pipeline: string;
  value: number;
  currency: string | null;
  createdAt: number;
  status: DealStatus;
  /** closeMoment (lib/metrics/close-moment.ts); null for open deals. */
  closedAt: number | null;
  /** Open stages only, chronological, backward moves kept. */
  stageHistory: { stage: string; enteredAt: number }[];
  /** The lead channel the CRM records (HubSpot's original source, Pipedrive's channel or origin, Salesforce's LeadSource). */
  source?: string | null;
  /** The run that last saw the deal (a full run removes what it did not see). */
  seenIn: string;
  /** What the CRM's change history says of its forecast fields (absent: synced before it was read). Not indexed. */
  forecastHistory?: SyncedForecastHistory;
}

/** A field's value from `at` (epoch ms) until its next change. */
export interface FieldChange<T> {
  at: number;
  value: T;
}

/** A forecast category as the CRM records it (Salesforce ForecastCategory, HubSpot hs_forecast_category). */
export type CrmForecastCategory = 'pipeline' | 'bestCase' | 'commit' | 'closed' | 'omitted';

/**
 * A deal's forecast fields through time, from the CRM's change history, each list chronological.
 * `knownFrom`: the first moment from which every field's value is known — the deal's creation when
 * the history goes back to it, later when the CRM tracked a field only since, null when it keeps no
 * history of one at all (only today's value is known). Before it, the deal's past is not invented.
 */
export interface SyncedForecastHistory {
  /** The deal's amount, in its currency. */
  amount: FieldChange<number>[];
  /** The expected close date: epoch ms of its UTC day; null: none set. */
  closeDate: FieldChange<number | null>[];
  /** The CRM's own forecast category, where the CRM keeps one (absent: it does not). */
  category?: FieldChange<CrmForecastCategory | null>[];
  /** The CRM's own probability (0–1) per change, where its history keeps one (Salesforce). */
  probability?: FieldChange<number | null>[];
  knownFrom: number | null;
}

/** A checklist tick a rep shared with the team: the tick marker of a task Stagecraft wrote (lib/crm/marker.ts). */
export interface SyncedTick {
  playbookId: string;
  stageId: string;
  taskId: string;
  by: 'hand' | 'evidence';
}

export interface SyncedActivity {
  /** Unique across kinds ("call:123"). */
  id: string;
  dealId: string;
  owner: string;
  type: ActivityType;
  at: number;
  seenIn: string;
  /** A task carrying a tick marker: checklist evidence, not a sales activity (not indexed: no schema version needed). */
  tick?: SyncedTick;
}

/** What one page of answers changes; applied together with the run's new position. */
export interface SyncPage {
  /** Replaces every pipeline. */
  pipelines?: SyncedPipeline[];
  /** Owner id → display name (added to what is known). */
  owners?: Record<string, string>;
  /** Option labels of the CRM's fields (`channel:<id>` → "Website"), replacing what was known. */
  labels?: Record<string, string>;
  deals?: SyncedDeal[];
  removeDeals?: string[];
  activities?: SyncedActivity[];
  removeActivities?: string[];
  /** The CRM's company currency and its rates (1 key = rate company), replacing what was known. */
  currency?: SyncedCurrency;
}

/** The company currency and rates a CRM keeps; rates: 1 unit of the key = rate units of `company`. */
export interface SyncedCurrency {
  company: string;
  rates: Record<string, number>;
  /** Epoch ms read. */
  readAt: number;
}

/** Where a run stands, saved with every page: a stopped run picks up at `step` / `cursor`. */
export interface SyncRunState {
  runId: string;
  crm: CrmId;
  mode: 'full' | 'incremental';
  /** Epoch ms the run started (the next incremental run reads changes from here). */
  startedAt: number;
  /** Window start (epoch ms): deals created or closed since, and every open deal. */
  since: number;
  /** Incremental runs: changes since this moment. */
  changedSince: number | null;
  step: number;
  /** The step's paging cursor (null: its first page). */
  cursor: string | null;
  dealsRead: number;
  /** As the CRM counts them, when it says. */
  dealsTotal: number | null;
  requests: number;
  /** Requests left in the CRM's budget (its rate-limit headers), when it says. */
  requestsLeft: number | null;
}

/** The last complete run. */
export interface SyncMeta {
  crm: CrmId;
  /** Account the data is of (HubSpot: "hubspot", Pipedrive: company, Salesforce: instance host). */
  account: string;
  completedAt: number;
  startedAt: number;
  since: number;
  mode: 'full' | 'incremental';
  deals: number;
  activities: number;
  /** What a run reads of each deal (TEAM_SYNC_DATA_VERSION); absent: 1, before the forecast's history was read. */
  dataVersion?: number;
}

/** What a finished store holds, to build the history from. */
export interface SyncedData {
  pipelines: SyncedPipeline[];
  deals: Iterable<SyncedDeal>;
  activities: Iterable<SyncedActivity>;
  /** What the last run read of the CRM's money; absent when the CRM did not say. */
  currency?: SyncedCurrency;
}

export interface SyncPipelineLookups {
  pipelines: SyncedPipeline[];
  owners: Record<string, string>;
  /** Option labels of the CRM's fields (`channel:<id>` → "Website"). */
  labels: Record<string, string>;
}

export interface TeamSyncStore {
  /** The run under way (null: none) and the last complete one. */
  load(): Promise<{ run: SyncRunState | null; meta: SyncMeta | null }>;
  /** Pipelines and owners known so far (small). */
  lookups(): Promise<SyncPipelineLookups>;
  /** Deal ids held (incremental runs check whether an activity's deal is known). */
  hasDeal(id: string): Promise<boolean>;
  /** Applies a page and saves the run's new position, all or nothing. */
  commit(page: SyncPage, run: SyncRunState): Promise<void>;
  /** The run is complete: a full run removes what it did not see; the run state goes, `meta` stays. */
  complete(run: SyncRunState, meta: SyncMeta): Promise<void>;
  /** Forget the run under way (a new window or another CRM): the data it wrote stays until a full run completes. */
  abandon(): Promise<void>;
  /** Everything held, to build the history from. */
  data(): Promise<SyncedData>;
  /** Drops every synced row (another CRM or account connected). */
  clear(): Promise<void>;
}

/** A request answered with the parsed body (zod-validated), or a typed failure naming the request. */
export type SyncResult<T> = CrmApiResult<T>;
export type SyncFailure = CrmApiFailure & { request?: string };

export interface SyncProgress {
  phase: string;
  dealsRead: number;
  dealsTotal: number | null;
  requests: number;
  requestsLeft: number | null;
}
