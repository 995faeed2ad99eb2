// A TeamSyncStore in memory: the `team-sync` command's (one process, one run) and the tests'. Holds
// the mapped facts only (never raw answers), keyed by id.

import type { SyncedActivity, SyncedCurrency, SyncedData, SyncedDeal, SyncMeta, SyncPage, SyncPipelineLookups, SyncRunState, TeamSyncStore } from './types';

export interface MemoryTeamSyncStore extends TeamSyncStore {
  readonly deals: Map<string, SyncedDeal>;
  readonly activities: Map<string, SyncedActivity>;
  /** How many commits were applied (tests cut a run after N). */
  readonly commits: number;
}

export function memoryTeamSyncStore(): MemoryTeamSyncStore {
  let pipelines: SyncPipelineLookups['pipelines'] = [];
  let owners: Record<string, string> = {};
  let labels: Record<string, string> = {};
  let currency: SyncedCurrency | undefined;
  const deals = new Map<string, SyncedDeal>();
  const activities = new Map<string, SyncedActivity>();
  let run: SyncRunState | null = null;
  let meta: SyncMeta | null = null;
  let commits = 0;
  const copy = <T>(value: T): T => structuredClone(value);

  return {
    deals,
    activities,
    get commits() {
      return commits;
    },
    async load() {
      return { run: run && copy(run), meta: meta && copy(meta) };
    },
    async lookups() {
      return { pipelines, owners, labels };
    },
    async hasDeal(id) {
      return deals.has(id);
    },
    async commit(page: SyncPage, next: SyncRunState) {
      if (page.pipelines) pipelines = copy(page.pipelines);
      if (page.owners) owners = { ...owners, ...page.owners };
      if (page.labels) labels = { ...page.labels };
      if (page.currency) currency = copy(page.currency);
      for (const deal of page.deals ?? []) deals.set(deal.id, deal);
      for (const id of page.removeDeals ?? []) deals.delete(id);
      for (const activity of page.activities ?? []) activities.set(activity.id, activity);
      for (const id of page.removeActivities ?? []) activities.delete(id);
      run = copy(next);
      commits++;
    },
    async complete(done, completed) {
      if (done.mode === 'full') {
        for (const [id, deal] of deals) if (deal.seenIn !== done.runId) deals.delete(id);
        for (const [id, activity] of activities) if (activity.seenIn !== done.runId) activities.delete(id);
      }
      run = null;
      meta = copy(completed);
    },
    async abandon() {
      run = null;
    },
    async data(): Promise<SyncedData> {
      return { pipelines, deals: deals.values(), activities: activities.values(), ...(currency && { currency: copy(currency) }) };
    },
    async clear() {
      pipelines = [];
      owners = {};
      labels = {};
      currency = undefined;
      deals.clear();
      activities.clear();
      run = null;
      meta = null;
    },
  };
}
