import { expect } from 'vitest';
import type { History } from '@/lib/metrics/history.schema';
import { createSyncHttp, historyFromSynced, memoryTeamSyncStore, runTeamSync, teamSyncPlan, type MemoryTeamSyncStore, type RunTeamSyncOptions, type TeamSyncTarget } from '@/lib/team-sync';
import type { CrmServer } from '../../support/crm-servers/server';

/** Histories compared as sets: the same pipelines, deals and activities whatever the order. */
export function canonical(history: History): History {
  const key = (v: unknown) => JSON.stringify(v);
  // What a history says, whichever file version carried it (a v2 file read back adds an empty checklist).
  return {
    version: 1,
    pipelines: history.pipelines,
    // `untracked` is what the combined history adds to deals of a source without a checklist.
    deals: [...history.deals].map(({ untracked: _untracked, ...deal }) => deal).sort((a, b) => (a.id < b.id ? -1 : 1)),
    activities: [...history.activities].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    forecasts: history.forecasts,
  };
}

export function expectSameHistory(actual: History, expected: History): void {
  const a = canonical(actual);
  const e = canonical(expected);
  expect(a.pipelines).toEqual(e.pipelines);
  expect(a.deals.length).toBe(e.deals.length);
  // Deal by deal first: a failure names the deal.
  for (let i = 0; i < e.deals.length; i++) expect(a.deals[i], `deal ${e.deals[i]!.id}`).toEqual(e.deals[i]);
  expect(a.activities.length).toBe(e.activities.length);
  expect(a).toEqual(e);
}

export interface SyncRun {
  store: MemoryTeamSyncStore;
  sleeps: number[];
  result: Awaited<ReturnType<typeof runTeamSync>>;
}

/** One run against a test server, with a recorded (instant) sleep and a fixed clock. */
export async function syncOnce(server: CrmServer, target: TeamSyncTarget, options: { store?: MemoryTeamSyncStore; now: number; since: number } & Partial<Pick<RunTeamSyncOptions, 'mode' | 'shouldStop' | 'onProgress'>>): Promise<SyncRun> {
  const store = options.store ?? memoryTeamSyncStore();
  const sleeps: number[] = [];
  const now = () => new Date(options.now);
  const http = createSyncHttp({ fetch: server.fetch, now, sleep: async (ms) => void sleeps.push(ms) });
  const result = await runTeamSync({ plan: teamSyncPlan(target), store, http, now, since: options.since, mode: options.mode, shouldStop: options.shouldStop, onProgress: options.onProgress });
  return { store, sleeps, result };
}

export async function historyOf(store: MemoryTeamSyncStore, since: number): Promise<History> {
  return historyFromSynced(await store.data(), since);
}
