import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { recordDealSeen, stageHistory } from '@/lib/background/deals';
import { syncDealFromCrmApi, type ApiState, type CrmSyncDeps } from '@/lib/background/crm-sync';
import type { CrmApiClient } from '@/lib/crm/api/client';
import { failure, type CrmDealData } from '@/lib/crm/api/types';
import type { DealSnapshot } from '@/lib/model/deal';

// The background's merge of the page reading with the CRM's API answer, on a real (fake-indexeddb) database.

let db: StagecraftDb;
let n = 0;
const ref = { crm: 'hubspot' as const, account: '4455667', dealId: '42' };
const key = 'hubspot:4455667:42';
const now = new Date('2026-11-23T10:00:00Z');
const dom: DealSnapshot = { crm: 'hubspot', dealId: '42', title: 'Acme', pipeline: null, stage: 'Presentation scheduled', stages: [], value: 1000, currency: 'EUR', owner: null, closeDate: null, status: 'open' };
const apiDeal: CrmDealData = {
  crm: 'hubspot', dealId: '42', title: 'Acme', pipeline: { id: 'default', label: 'Sales Pipeline' }, stage: { id: 'presentationscheduled', label: 'Presentation scheduled' },
  stages: [
    { id: 'appointmentscheduled', label: 'Appointment scheduled', probability: 0.2, closed: false, won: false },
    { id: 'presentationscheduled', label: 'Presentation scheduled', probability: 0.6, closed: false, won: false },
    { id: 'closedwon', label: 'Closed won', probability: 1, closed: true, won: true },
  ],
  value: 1000, currency: 'EUR', owner: 'Maya Chen', status: 'open',
  stageHistory: [{ stageLabel: 'Appointment scheduled', enteredAt: '2026-10-01T09:00:00.000Z' }, { stageLabel: 'Presentation scheduled', enteredAt: '2026-11-11T09:00:00.000Z' }],
  activities: [{ id: 'call:1', type: 'call', subject: 'Intro call', at: '2026-11-12T09:00:00.000Z', done: true }],
  readAt: now.toISOString(),
} as CrmDealData;

function deps(answer: Awaited<ReturnType<CrmApiClient['readDeal']>>, connected = true): CrmSyncDeps {
  const stored: Record<string, unknown> = connected ? { 'crmApi.hubspot': { crm: 'hubspot', token: 'pat-eu1-0123456789abcdef0123', connectedAt: now.toISOString() } } : {};
  return {
    client: { readDeal: async () => answer, invalidate: () => {} } as unknown as CrmApiClient,
    credentials: { get: async (k) => stored[k], set: async () => {}, remove: async () => {} },
    salesforceSession: async () => null,
  };
}

beforeEach(async () => {
  db = openDatabase(`crm-sync-${n++}`);
  await recordDealSeen(db, { tabId: 1, url: 'https://app.hubspot.com/contacts/4455667/record/0-3/42', ref, snapshot: dom, now });
});
afterEach(async () => {
  await db.delete();
});

describe('reading the deal from the CRM API in the background', () => {
  it('stores the API’s fields, the CRM’s stage-entry times and its activities, and says where each came from', async () => {
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }));
    const record = await db.deals.get(key);
    expect(record?.snapshot).toMatchObject({ stages: ['Appointment scheduled', 'Presentation scheduled', 'Closed won'], owner: 'Maya Chen' });
    const api = record?.api as ApiState;
    expect(api.sources.owner).toBe('api');
    expect(api.activities.map((a) => a.subject)).toEqual(['Intro call']);
    const visits = await stageHistory(db, key);
    expect(visits.filter((v) => v.source === 'crm').map((v) => [v.stage, v.enteredAt])).toEqual([
      ['Appointment scheduled', '2026-10-01T09:00:00.000Z'],
      ['Presentation scheduled', '2026-11-11T09:00:00.000Z'],
    ]);
    // The page's own observation stays; syncing twice adds nothing.
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }));
    expect((await stageHistory(db, key)).length).toBe(3);
  });

  it('a failure keeps the page reading and records the problem', async () => {
    await syncDealFromCrmApi(db, ref, dom, now, deps(failure('unauthorized')));
    const record = await db.deals.get(key);
    expect(record?.snapshot).toEqual(dom);
    expect((record?.api as ApiState).apiProblem?.kind).toBe('unauthorized');
  });

  it('a CRM that is not connected is left alone', async () => {
    expect(await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }, false))).toBeNull();
    expect((await db.deals.get(key))?.api).toBeUndefined();
  });

  it('a later page reading with the CRM’s own label does not add a spurious visit', async () => {
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }));
    await recordDealSeen(db, { tabId: 1, url: 'https://app.hubspot.com/contacts/4455667/record/0-3/42', ref, snapshot: dom, now: new Date('2026-11-23T11:00:00Z') });
    expect((await stageHistory(db, key)).filter((v) => v.source === 'observed')).toHaveLength(1);
  });

  it('a cached answer older than the page reading does not turn a stage changed on the page back', async () => {
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }));
    // Five minutes later the rep moves the deal on the page; the client still holds the first answer.
    const later = new Date(now.getTime() + 5 * 60_000);
    const moved: DealSnapshot = { ...dom, stage: 'Closed won', status: 'won' };
    const { pageChanged } = await recordDealSeen(db, { tabId: 1, url: 'https://app.hubspot.com/contacts/4455667/record/0-3/42', ref, snapshot: moved, now: later });
    expect(pageChanged).toEqual(['stage', 'status']);
    await syncDealFromCrmApi(db, ref, moved, later, deps({ ok: true, value: apiDeal }));
    const record = await db.deals.get(key);
    expect(record?.snapshot).toMatchObject({ stage: 'Closed won', status: 'won', owner: 'Maya Chen', stages: ['Appointment scheduled', 'Presentation scheduled', 'Closed won'] });
    expect((record?.api as ApiState).sources).toMatchObject({ stage: 'dom', status: 'dom', owner: 'api', stages: 'api' });
    expect((record?.api as ApiState).readAt).toEqual({ dom: later.toISOString(), api: now.toISOString() });
  });

  it('an answer read after the page wins, and a newer page reading stored meanwhile is the one merged', async () => {
    const t1 = new Date(now.getTime() + 60_000);
    const t2 = new Date(now.getTime() + 120_000);
    // The sync began with the reading at `now`; before the answer came, the page was read again (t2).
    await recordDealSeen(db, { tabId: 1, url: 'https://app.hubspot.com/contacts/4455667/record/0-3/42', ref, snapshot: { ...dom, title: 'Acme (renamed)' }, now: t2 });
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: { ...apiDeal, title: 'Acme', readAt: t1.toISOString() } }));
    const record = await db.deals.get(key);
    expect(record?.snapshot.title).toBe('Acme (renamed)'); // t2's page beats the answer read at t1
    expect((record?.api as ApiState).readAt.dom).toBe(t2.toISOString());
    // A fresh answer read after t2 wins.
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: { ...apiDeal, title: 'Acme', readAt: new Date(t2.getTime() + 1_000).toISOString() } }));
    expect((await db.deals.get(key))?.snapshot.title).toBe('Acme');
  });

  it('a refetch that still answers the old stage does not turn the page’s change back; an answer with the change confirms it', async () => {
    await syncDealFromCrmApi(db, ref, dom, now, deps({ ok: true, value: apiDeal }));
    const later = new Date(now.getTime() + 60_000);
    const moved: DealSnapshot = { ...dom, stage: 'Closed won' };
    await recordDealSeen(db, { tabId: 1, url: 'https://app.hubspot.com/contacts/4455667/record/0-3/42', ref, snapshot: moved, now: later });
    expect((await db.deals.get(key))?.api).toMatchObject({ awaiting: ['stage'] });
    // The refetch, read after the page, still has the old stage.
    await syncDealFromCrmApi(db, ref, moved, later, deps({ ok: true, value: { ...apiDeal, readAt: new Date(later.getTime() + 500).toISOString() } }), { fresh: true });
    let record = await db.deals.get(key);
    expect(record?.snapshot.stage).toBe('Closed won');
    expect((record?.api as ApiState).awaiting).toEqual(['stage']);
    // The next answer has it: confirmed, and from then on the newer reading wins as usual.
    const caughtUp = { ...apiDeal, stage: { id: 'closedwon', label: 'Closed won' }, readAt: new Date(later.getTime() + 60_000).toISOString() };
    await syncDealFromCrmApi(db, ref, moved, later, deps({ ok: true, value: caughtUp }));
    record = await db.deals.get(key);
    expect(record?.snapshot.stage).toBe('Closed won');
    expect((record?.api as ApiState).awaiting).toEqual([]);
    expect((record?.api as ApiState).sources.stage).toBe('api');
  });

  it('fresh: drops the deal’s cached answer first and reads again', async () => {
    const calls: string[] = [];
    const client = {
      invalidate: (r: typeof ref) => calls.push(`invalidate ${r.dealId}`),
      readDeal: async (_r: typeof ref, _c: unknown, options?: { fresh?: boolean }) => {
        calls.push(`read fresh=${options?.fresh === true}`);
        return { ok: true, value: apiDeal };
      },
    } as unknown as CrmApiClient;
    await syncDealFromCrmApi(db, ref, dom, now, { ...deps({ ok: true, value: apiDeal }), client }, { fresh: true });
    await syncDealFromCrmApi(db, ref, dom, now, { ...deps({ ok: true, value: apiDeal }), client });
    expect(calls).toEqual(['invalidate 42', 'read fresh=true', 'read fresh=false']);
  });
});
