// Run inside the options page of the built extension by ./team-scale.ts (bundled there): a synced
// team of many deals, each with its stage history and activities, written into the extension's own
// database through the team sync's store — page by page, exactly as a sync commits them, so the deal
// rows the team pages read are written by the same code in the same transactions.
import './zod-jitless';
import { openDatabase } from '../lib/db/database';
import { dexieTeamSyncStore } from '../lib/db/team-sync';
import { ACTIVITY_TYPES } from '../lib/metrics/history-file';
import { prng } from '../lib/random/prng';
import type { SyncedActivity, SyncedDeal, SyncMeta, SyncRunState } from '../lib/team-sync/types';

const DAY = 86_400_000;
const STAGES = ['qualified', 'discovery', 'demo', 'proposal', 'negotiation'];
const CHANNELS = ['Website', 'Referral', 'Event', 'Outbound', ''];

export interface FillOptions {
  deals: number;
  activitiesPerDeal: number;
  reps: number;
  /** Deals per committed page. */
  page: number;
  now: number;
}

export async function fillTeam(options: FillOptions): Promise<{ seconds: number }> {
  const started = performance.now();
  const db = openDatabase();
  const store = dexieTeamSyncStore(db);
  const u = prng(20);
  const since = options.now - 730 * DAY;
  const run: SyncRunState = { runId: 'bench', crm: 'hubspot', mode: 'full', startedAt: options.now, since, changedSince: null, step: 0, cursor: null, dealsRead: 0 } as SyncRunState;
  await store.commit({ pipelines: [{ id: 'sales', name: 'Sales Pipeline', stages: [...STAGES.map((id, i) => ({ id, name: id[0]!.toUpperCase() + id.slice(1), probability: (i + 1) / 6, rotDays: null, closes: null })), { id: 'won', name: 'Closed won', probability: 1, rotDays: null, closes: 'won' as const }, { id: 'lost', name: 'Closed lost', probability: 0, rotDays: null, closes: 'lost' as const }] }] }, run);
  for (let first = 0; first < options.deals; first += options.page) {
    const deals: SyncedDeal[] = [];
    const activities: SyncedActivity[] = [];
    for (let i = first; i < Math.min(options.deals, first + options.page); i++) {
      const owner = `Rep ${String(1 + Math.floor(u() * options.reps)).padStart(3, '0')}`;
      const createdAt = Math.floor(since + u() * 720 * DAY);
      const stageHistory: SyncedDeal['stageHistory'] = [];
      let at = createdAt;
      let status: SyncedDeal['status'] = 'open';
      for (const stage of STAGES) {
        if (at >= options.now) break;
        stageHistory.push({ stage, enteredAt: at });
        at += Math.floor((3 + u() * 25) * DAY);
        const roll = u();
        if (roll < 0.25) status = 'lost';
        else if (roll > 0.9) status = 'won';
        if (status !== 'open') break;
      }
      if (status === 'open' && at < options.now && u() < 0.6) status = u() < 0.5 ? 'won' : 'lost';
      const closedAt = status === 'open' ? null : Math.min(at, options.now - 1);
      const source = CHANNELS[Math.floor(u() * CHANNELS.length)];
      deals.push({ id: String(1_000_000 + i), title: `Deal ${i}`, owner, pipeline: 'sales', value: Math.round(2000 + u() * 48_000), currency: 'EUR', createdAt, status, closedAt, stageHistory, ...(source ? { source } : {}), seenIn: 'bench' });
      const end = closedAt ?? options.now;
      for (let k = 0; k < options.activitiesPerDeal; k++) {
        activities.push({ id: `a${i}-${k}`, dealId: String(1_000_000 + i), owner, type: ACTIVITY_TYPES[Math.floor(u() * ACTIVITY_TYPES.length)]!, at: Math.floor(createdAt + u() * (end - createdAt)), seenIn: 'bench' });
      }
    }
    await store.commit({ deals, activities }, run);
  }
  const meta: SyncMeta = { crm: 'hubspot', account: 'bench', completedAt: options.now, startedAt: options.now, since, mode: 'full', deals: options.deals, activities: options.deals * options.activitiesPerDeal };
  await db.teamSync.put({ id: 'meta', value: meta });
  await db.teamSync.delete('run');
  db.close();
  return { seconds: (performance.now() - started) / 1000 };
}

export interface SmallSyncOptions {
  /** How many deals fillTeam wrote. */
  deals: number;
  /** Deals that move on a stage (or close), spread over the team. */
  changed: number;
  /** New deals, each with its activities. */
  added: number;
  activitiesPerDeal: number;
  now: number;
}

/**
 * A run of the changes since, as a team sync writes it after fillTeam: one page of deals that moved
 * on (or closed) and new deals with their activities, then the run completed (its meta, and the
 * forecast's weeks worked out again, as every run does). Returns when each write was committed (epoch ms).
 */
export async function syncSome(options: SmallSyncOptions): Promise<{ startedAt: number; committedAt: number; completedAt: number }> {
  const startedAt = Date.now();
  const db = openDatabase();
  const store = dexieTeamSyncStore(db);
  const u = prng(21);
  const since = options.now - 730 * DAY;
  const run: SyncRunState = { runId: 'bench-small', crm: 'hubspot', mode: 'incremental', startedAt: options.now, since, changedSince: options.now - 3_600_000, step: 0, cursor: null, dealsRead: 0 } as SyncRunState;
  const step = Math.floor(options.deals / options.changed);
  const stored = await db.syncedDeals.bulkGet(Array.from({ length: options.changed }, (_, k) => String(1_000_000 + k * step)));
  const deals: SyncedDeal[] = stored.flatMap((deal) => {
    if (!deal) return [];
    const last = deal.stageHistory.at(-1)?.stage;
    const next = STAGES[STAGES.indexOf(last ?? '') + 1];
    if (deal.status === 'open' && next) return [{ ...deal, stageHistory: [...deal.stageHistory, { stage: next, enteredAt: options.now - 60_000 }], seenIn: run.runId }];
    return [{ ...deal, status: 'won' as const, closedAt: options.now - 60_000, seenIn: run.runId }];
  });
  const activities: SyncedActivity[] = [];
  for (let i = 0; i < options.added; i++) {
    const id = String(3_000_000 + i);
    const owner = `Rep ${String(1 + Math.floor(u() * 200)).padStart(3, '0')}`;
    const createdAt = options.now - Math.floor((1 + u() * 20) * DAY);
    deals.push({ id, title: `New deal ${i}`, owner, pipeline: 'sales', value: Math.round(2000 + u() * 48_000), currency: 'EUR', createdAt, status: 'open', closedAt: null, stageHistory: [{ stage: STAGES[0]!, enteredAt: createdAt }], seenIn: run.runId });
    for (let k = 0; k < options.activitiesPerDeal; k++) activities.push({ id: `n${i}-${k}`, dealId: id, owner, type: ACTIVITY_TYPES[Math.floor(u() * ACTIVITY_TYPES.length)]!, at: Math.floor(createdAt + u() * (options.now - createdAt)), seenIn: run.runId });
  }
  await store.commit({ deals, activities }, run);
  const committedAt = Date.now();
  const total = await db.syncedDeals.count();
  await store.complete(run, { crm: 'hubspot', account: 'bench', completedAt: options.now, startedAt: options.now, since, mode: 'incremental', deals: total, activities: await db.syncedActivities.count() });
  const completedAt = Date.now();
  db.close();
  return { startedAt, committedAt, completedAt };
}

(globalThis as unknown as { stagecraftBench: unknown }).stagecraftBench = { fillTeam, syncSome };
