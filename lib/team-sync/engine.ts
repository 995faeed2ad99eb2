// Runs a CRM's sync plan step by step, page by page. Each page's mapped facts are committed to the
// store together with the run's new position, so a run stopped anywhere (a service worker put to
// sleep, a cut connection, a failure) resumes from the last committed page and counts nothing twice
// (everything is keyed by the CRM's ids). A failed run keeps what the store held before: a full run
// removes deals it did not see only once it has completed.

import type { CrmId } from '../model/deal';
import { inWindow } from './deal-facts';
import type { SyncHttp } from './http';
import type { SyncFailure, SyncMeta, SyncPage, SyncPipelineLookups, SyncProgress, SyncResult, SyncRunState, TeamSyncStore } from './types';

export interface StepContext {
  http: SyncHttp;
  run: SyncRunState;
  lookups: SyncPipelineLookups;
  store: TeamSyncStore;
}

export interface StepPage {
  page: SyncPage;
  /** The next page's cursor; null when the step is done. */
  next: string | null;
  /** The CRM's count of the deals this run reads, when it says. */
  dealsTotal?: number;
}

export interface SyncStep {
  /** Shown as the phase in progress ("deals", "calls", …). */
  name: string;
  page(cursor: string | null, ctx: StepContext): Promise<SyncResult<StepPage>>;
}

export interface SyncPlan {
  crm: CrmId;
  /** Whose data it is (a sync of another account starts from scratch). */
  account: string;
  full: SyncStep[];
  incremental: SyncStep[];
}

export interface RunTeamSyncOptions {
  plan: SyncPlan;
  store: TeamSyncStore;
  http: SyncHttp;
  now: () => Date;
  /** Window start (epoch ms). */
  since: number;
  /** `full` reads everything again; `auto` reads only changes when a complete run of the same account and window exists. */
  mode?: 'auto' | 'full';
  /** Changes are read from this long before the last run started (clocks differ). Default 5 min. */
  overlapMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Asked before every page: true stops the run where it is (it resumes next time). */
  shouldStop?: () => boolean;
  newRunId?: () => string;
}

export type RunTeamSyncResult =
  | { status: 'complete'; meta: SyncMeta; run: SyncRunState }
  | { status: 'stopped'; run: SyncRunState }
  | { status: 'failed'; failure: SyncFailure; run: SyncRunState };

/**
 * What a run reads of each deal: 2 adds the forecast fields' history. Data held from an older version
 * is read again in full once (an incremental run would re-read only the deals that changed).
 */
export const TEAM_SYNC_DATA_VERSION = 2;

const randomRunId = () => `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export async function runTeamSync(options: RunTeamSyncOptions): Promise<RunTeamSyncResult> {
  const { plan, store, http, now } = options;
  const overlapMs = options.overlapMs ?? 5 * 60_000;
  let { run, meta } = await store.load();

  const sameAccount = (m: { crm: CrmId; account?: string } | null) => m !== null && m.crm === plan.crm && (m.account === undefined || m.account === plan.account);
  if (meta && !sameAccount(meta)) {
    await store.clear();
    meta = null;
    run = null;
  }
  if (run && (run.crm !== plan.crm || run.since !== options.since || (options.mode === 'full' && run.mode !== 'full'))) {
    await store.abandon();
    run = null;
  }
  if (!run) {
    // Incremental only when the held data covers the window (it may be wider: the history is cut to the window).
    const incremental = options.mode !== 'full' && meta !== null && meta.since <= options.since && (meta.dataVersion ?? 1) >= TEAM_SYNC_DATA_VERSION;
    const startedAt = now().getTime();
    run = {
      runId: (options.newRunId ?? randomRunId)(),
      crm: plan.crm,
      mode: incremental ? 'incremental' : 'full',
      startedAt,
      since: options.since,
      changedSince: incremental ? meta!.startedAt - overlapMs : null,
      step: 0,
      cursor: null,
      dealsRead: 0,
      dealsTotal: null,
      requests: 0,
      requestsLeft: null,
    };
  }

  const steps = run.mode === 'full' ? plan.full : plan.incremental;
  const requestsBefore = run.requests - http.requests;
  const progress = (r: SyncRunState): SyncProgress => ({ phase: steps[r.step]?.name ?? 'done', dealsRead: r.dealsRead, dealsTotal: r.dealsTotal, requests: r.requests, requestsLeft: r.requestsLeft });
  options.onProgress?.(progress(run));

  while (run.step < steps.length) {
    if (options.shouldStop?.()) return { status: 'stopped', run };
    const step = steps[run.step]!;
    const lookups = await store.lookups();
    const result = await step.page(run.cursor, { http, run, lookups, store });
    if (!result.ok) {
      const failed = { ...run, requests: requestsBefore + http.requests, requestsLeft: http.requestsLeft ?? run.requestsLeft };
      return { status: 'failed', failure: result as SyncFailure, run: failed };
    }
    const { next, dealsTotal } = result.value;
    // Deals outside the window are not kept (a changed deal may have left it).
    let page = result.value.page;
    if (page.deals?.some((d) => !inWindow(d, run!.since))) {
      page = { ...page, deals: page.deals.filter((d) => inWindow(d, run!.since)), removeDeals: [...(page.removeDeals ?? []), ...page.deals.filter((d) => !inWindow(d, run!.since)).map((d) => d.id)] };
    }
    const advanced: SyncRunState = {
      ...run,
      step: next === null ? run.step + 1 : run.step,
      cursor: next,
      dealsRead: run.dealsRead + (result.value.page.deals?.length ?? 0),
      dealsTotal: dealsTotal ?? run.dealsTotal,
      requests: requestsBefore + http.requests,
      requestsLeft: http.requestsLeft ?? run.requestsLeft,
    };
    await store.commit(page, advanced);
    run = advanced;
    options.onProgress?.(progress(run));
  }

  const held = await store.data();
  let deals = 0;
  let activities = 0;
  for (const _ of held.deals) deals++;
  for (const _ of held.activities) activities++;
  const completed: SyncMeta = { crm: plan.crm, account: plan.account, completedAt: now().getTime(), startedAt: run.startedAt, since: run.since, mode: run.mode, deals, activities, dataVersion: TEAM_SYNC_DATA_VERSION };
  await store.complete(run, completed);
  return { status: 'complete', meta: completed, run };
}
