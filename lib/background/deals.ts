import type { StagecraftDb } from '../db/database';
import { dealKeyOf, type DealRef, type DealSnapshot } from '../model/deal';
import type { DealRecord } from '../model/records.schema';
import type { PageStateKind } from '../messaging/protocol';
import { safeDealUrl } from '../crm/deal-url';
import { stageHistory } from '../db/stage-visits';
import { stageEntryFromPage } from '../playbook/stage-age';
import { derivedStateTables, storeDerivedState } from '../db/derived';
import { pageChanges, type MergedField } from '../crm/api/merge';
import type { ApiState } from './crm-sync';

export { stageHistory } from '../db/stage-visits';

// What the background does with a page reading. Takes the database and the clock, so it runs the
// same in vitest and in the service worker.

export interface DealSeen {
  tabId: number;
  url: string;
  ref: DealRef;
  snapshot: DealSnapshot;
  /** Whole days in the current stage, where the page says so. */
  stageDays?: number | null;
  now: Date;
}

export interface DealSeenResult {
  dealKey: string;
  stageChanged: boolean;
  /** Fields the page shows differently from its previous reading: a cached API answer is out of date. */
  pageChanged: MergedField[];
}

/**
 * Stores the deal's latest snapshot, records a stage visit when the stage changed, binds the tab,
 * and stores what follows from the reading (evidence ticks, goal skips) in the same transaction.
 */
export async function recordDealSeen(db: StagecraftDb, seen: DealSeen): Promise<DealSeenResult> {
  const key = dealKeyOf(seen.ref);
  const at = seen.now.toISOString();
  return db.transaction('rw', [...derivedStateTables(db), db.tabs], async () => {
    const previous = await db.deals.get(key);
    const pageChanged = pageChanges(previous?.page ?? previous?.snapshot, seen.snapshot);
    const record: DealRecord = {
      key,
      crm: seen.ref.crm,
      account: seen.ref.account,
      dealId: seen.ref.dealId,
      snapshot: seen.snapshot,
      // Only ever the deal's own CRM page (the tab's URL is, unless something is badly off).
      url: safeDealUrl({ ...seen.ref, url: seen.url }),
      firstSeenAt: previous?.firstSeenAt ?? at,
      lastSeenAt: at,
      closedAt: closedAtOf(previous, seen.snapshot, at),
      ...(previous?.api === undefined ? {} : { api: withAwaiting(previous.api as ApiState, pageChanged) }),
      page: seen.snapshot,
    };
    await db.deals.put(record);
    const stageChanged = await recordStageIfChanged(db, key, seen.snapshot.stage, at);
    const stated = stageEntryFromPage(await stageHistory(db, key), seen.snapshot.stage, seen.stageDays ?? null, seen.now);
    if (stated) await db.stageVisits.add({ dealKey: key, ...stated });
    await db.tabs.put({ tabId: seen.tabId, dealKey: key, state: 'deal', url: seen.url, detail: null, at });
    await storeDerivedState(db, key, seen.now);
    return { dealKey: key, stageChanged, pageChanged };
  });
}

/** The API state with the page's new changes added to what the API has yet to confirm. */
function withAwaiting(api: ApiState, changed: readonly MergedField[]): ApiState {
  if (changed.length === 0) return api;
  return { ...api, awaiting: [...new Set([...(api.awaiting ?? []), ...changed])] };
}

/** The moment a deal was first seen closed; reopening clears it. */
function closedAtOf(previous: DealRecord | undefined, snapshot: DealSnapshot, at: string): string | null {
  const closed = snapshot.status === 'won' || snapshot.status === 'lost';
  if (!closed) return null;
  const wasClosed = previous?.snapshot.status === 'won' || previous?.snapshot.status === 'lost';
  return wasClosed && previous?.snapshot.status === snapshot.status ? (previous.closedAt ?? previous.lastSeenAt) : at;
}

/** A new visit whenever the deal is seen in a stage other than its last one. */
async function recordStageIfChanged(db: StagecraftDb, dealKey: string, stage: string | null, at: string): Promise<boolean> {
  if (!stage) return false;
  // Compare with what the page showed last: visits the CRM's API reported keep their own labels.
  const last = (await stageHistory(db, dealKey)).filter((v) => v.source === 'observed').at(-1);
  if (last && last.stage === stage) return false;
  await db.stageVisits.add({ dealKey, stage, enteredAt: at, source: 'observed' });
  return true;
}

/** The tab shows no readable deal: keep that visible to the side panel. */
export async function recordPageState(
  db: StagecraftDb,
  state: { tabId: number; url: string; state: PageStateKind; detail: string | null; now: Date },
): Promise<void> {
  await db.tabs.put({ tabId: state.tabId, dealKey: null, state: state.state, url: state.url, detail: state.detail, at: state.now.toISOString() });
}

export async function forgetTab(db: StagecraftDb, tabId: number): Promise<void> {
  await db.tabs.delete(tabId);
}
