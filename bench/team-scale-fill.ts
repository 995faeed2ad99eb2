// Run inside the options page of the built extension by ./team-scale.ts (bundled there): a synced
// team of many deals, each with its stage history and activities, written into the extension's own
// database through the team sync's store — page by page, exactly as a sync commits them, so the deal
// rows the team pages read are written by the same code in the same transactions.
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

(globalThis as unknown as { stagecraftBench: unknown }).stagecraftBench = { fillTeam };
