import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { recordDealSeen, recordPageState, stageHistory } from '@/lib/background/deals';
import type { DealSnapshot } from '@/lib/model/deal';

let db: StagecraftDb;
let n = 0;
beforeEach(() => {
  db = openDatabase(`test-deals-${n++}`);
});
afterEach(async () => {
  await db.delete();
});

const snapshot = (stage: string, title = 'Acme rollout'): DealSnapshot => ({
  crm: 'pipedrive', dealId: '12', title, pipeline: 'Sales', stage, stages: [], value: 5000, currency: 'EUR', owner: 'Anna', closeDate: null, status: 'open',
});
const ref = { crm: 'pipedrive' as const, account: 'Acme', dealId: '12' };
const at = (iso: string) => new Date(iso);

describe('recording what a tab shows', () => {
  it('stores the latest snapshot and binds the tab to the deal', async () => {
    await recordDealSeen(db, { tabId: 3, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot('Qualified'), now: at('2026-11-01T10:00:00Z') });
    await recordDealSeen(db, { tabId: 3, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot('Qualified', 'Acme renamed'), now: at('2026-11-02T10:00:00Z') });
    const deal = await db.deals.get('pipedrive:acme:12');
    expect(deal?.snapshot.title).toBe('Acme renamed');
    expect(deal?.firstSeenAt).toBe('2026-11-01T10:00:00.000Z');
    expect(deal?.lastSeenAt).toBe('2026-11-02T10:00:00.000Z');
    expect(await db.tabs.get(3)).toMatchObject({ dealKey: 'pipedrive:acme:12', state: 'deal' });
  });

  it('records a stage visit only when the stage differs from the last one (history builds up, moves back included)', async () => {
    const seen = (stage: string, iso: string) =>
      recordDealSeen(db, { tabId: 1, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot(stage), now: at(iso) });
    expect((await seen('Qualified', '2026-11-01T10:00:00Z')).stageChanged).toBe(true);
    expect((await seen('Qualified', '2026-11-01T11:00:00Z')).stageChanged).toBe(false);
    await seen('Demo Scheduled', '2026-11-03T09:00:00Z');
    await seen('Qualified', '2026-11-04T09:00:00Z');
    const history = await stageHistory(db, 'pipedrive:acme:12');
    expect(history.map((v) => [v.stage, v.enteredAt, v.source])).toEqual([
      ['Qualified', '2026-11-01T10:00:00.000Z', 'observed'],
      ['Demo Scheduled', '2026-11-03T09:00:00.000Z', 'observed'],
      ['Qualified', '2026-11-04T09:00:00.000Z', 'observed'],
    ]);
  });

  it('a stage age the page shows dates the stay from the first visit on, and a later reading or move keeps the history straight', async () => {
    const seen = (stage: string, iso: string, stageDays: number | null) =>
      recordDealSeen(db, { tabId: 1, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot(stage), stageDays, now: at(iso) });
    await seen('Proposal Made', '2026-11-10T10:00:00Z', 5);
    await seen('Proposal Made', '2026-11-11T10:00:00Z', 6); // the same stay: nothing more
    await seen('Negotiations Started', '2026-11-14T10:00:00Z', 0);
    expect((await stageHistory(db, 'pipedrive:acme:12')).map((v) => [v.stage, v.enteredAt, v.source])).toEqual([
      ['Proposal Made', '2026-11-05T10:00:00.000Z', 'crm'],
      ['Proposal Made', '2026-11-10T10:00:00.000Z', 'observed'],
      ['Negotiations Started', '2026-11-14T10:00:00.000Z', 'observed'], // "0 days": what we saw says as much
    ]);
  });

  it('a page whose stage age reaches back before the stage we saw the deal in is not believed', async () => {
    const seen = (stage: string, iso: string, stageDays: number | null) =>
      recordDealSeen(db, { tabId: 1, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot(stage), stageDays, now: at(iso) });
    await seen('Qualified', '2026-11-10T10:00:00Z', null);
    await seen('Demo Scheduled', '2026-11-12T10:00:00Z', 4);
    expect((await stageHistory(db, 'pipedrive:acme:12')).map((v) => [v.stage, v.source])).toEqual([
      ['Qualified', 'observed'],
      ['Demo Scheduled', 'observed'],
    ]);
  });

  it('a tab that leaves the deal page shows why there is no deal', async () => {
    await recordDealSeen(db, { tabId: 4, url: 'https://acme.pipedrive.com/deal/12', ref, snapshot: snapshot('Qualified'), now: at('2026-11-01T10:00:00Z') });
    await recordPageState(db, { tabId: 4, url: 'https://acme.pipedrive.com/person/3', state: 'notDeal', detail: 'not a deal page', now: at('2026-11-01T10:01:00Z') });
    expect(await db.tabs.get(4)).toMatchObject({ dealKey: null, state: 'notDeal', detail: 'not a deal page' });
    expect(await db.deals.count()).toBe(1);
  });
});
