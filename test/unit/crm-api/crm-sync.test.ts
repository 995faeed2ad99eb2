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
    client: { readDeal: async () => answer } as unknown as CrmApiClient,
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
});
