// A create whose earlier attempt's outcome is unknown looks for the record carrying its marker on
// the deal first, and adopts it: the exact requests each CRM gets.
import { describe, expect, it } from 'vitest';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import type { ActivityWrite } from '@/lib/crm/api/write-types';
import type { HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from '@/lib/crm/api/types';
import { formatMarker } from '@/lib/crm/marker';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ctx = (fake: FakeFetch) => ({ fetch: fake.fetch, now: () => NOW });
const MAIN = formatMarker({ kind: 'activity', activityId: 'act-7', role: 'main' });
const NEXT = formatMarker({ kind: 'activity', activityId: 'act-7', role: 'nextStep' });
const OTHER = formatMarker({ kind: 'activity', activityId: 'act-8', role: 'main' });
const activity = (dealId: string, change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-7', dealId, type: 'call', outcome: 'connected', subject: 'Call · Connected', note: 'Budget confirmed', at: '2026-11-23T09:30:00.000Z', nextStep: null, ...change,
});
const calls = (fake: FakeFetch) => fake.calls.map((c) => `${c.method} ${c.decoded}`);

describe('HubSpot', () => {
  const HS: HubspotCredentials = { crm: 'hubspot', token: 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab' };
  const API = 'https://api.hubapi.com';

  it('finds the call the timed-out create made, brings it up to date and creates nothing', async () => {
    const fake = fakeFetch()
      .on('GET', '/crm/v4/objects/deals/9001/associations/calls', json({ results: [{ toObjectId: 51000 }, { toObjectId: 51001 }] }))
      .on('POST', '/crm/v3/objects/calls/batch/read', json({ results: [
        { id: '51000', properties: { hs_call_body: `Older call<br><br>${OTHER}` } },
        { id: '51001', properties: { hs_call_body: `<p>Budget confirmed<br><br>${MAIN}</p>` } },
      ] }))
      .on('PATCH', '/crm/v3/objects/calls/51001', json({ id: '51001', properties: {} }));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity('9001'), lookFirst: true })).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } });
    expect(calls(fake)).toEqual([
      `GET ${API}/crm/v4/objects/deals/9001/associations/calls?limit=500`,
      `POST ${API}/crm/v3/objects/calls/batch/read`,
      `PATCH ${API}/crm/v3/objects/calls/51001`,
    ]);
    expect(JSON.parse(fake.calls[1]!.body!)).toEqual({ properties: ['hs_call_body'], inputs: [{ id: '51000' }, { id: '51001' }] });
  });

  it('creates the record when the deal has none with its marker; the next step looks for its own', async () => {
    const fake = fakeFetch()
      .on('GET', '/associations/calls', json({ results: [] }))
      .on('GET', '/associations/tasks', json({ results: [{ toObjectId: 61001 }] }))
      .on('POST', '/crm/v3/objects/tasks/batch/read', json({ results: [{ id: '61001', properties: { hs_task_body: `Call · Connected<br><br>${NEXT}` } }] }))
      .on('POST', '/crm/v3/objects/calls', json({ id: '51002' }, 201))
      .on('PATCH', '/crm/v3/objects/tasks/61001', json({ id: '61001' }));
    const write = activity('9001', { nextStep: { title: 'Send pricing', dueAt: '2026-11-25T23:59:59.999+01:00' } });
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: write, lookFirst: true })).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51002' }, nextStep: { kind: 'tasks', id: '61001' } } });
    expect(calls(fake)).toEqual([
      `GET ${API}/crm/v4/objects/deals/9001/associations/calls?limit=500`,
      `POST ${API}/crm/v3/objects/calls`,
      `GET ${API}/crm/v4/objects/deals/9001/associations/tasks?limit=500`,
      `POST ${API}/crm/v3/objects/tasks/batch/read`,
      `PATCH ${API}/crm/v3/objects/tasks/61001`,
    ]);
  });

  it('creates nothing while the search fails: the retry searches again', async () => {
    const fake = fakeFetch().on('GET', '/associations/calls', json({ status: 'error', message: 'down' }, 503)).on('POST', '/crm/v3/objects/calls', json({ id: '51003' }, 201));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity('9001'), lookFirst: true })).toMatchObject({ ok: false, kind: 'network', status: 503 });
    expect(fake.calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('a first attempt (outcome known) creates without looking', async () => {
    const fake = fakeFetch().on('POST', '/crm/v3/objects/calls', json({ id: '51004' }, 201));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity('9001') })).toMatchObject({ ok: true });
    expect(calls(fake)).toEqual([`POST ${API}/crm/v3/objects/calls`]);
  });
});

describe('Pipedrive', () => {
  const PD: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: '0123456789abcdef0123456789abcdef01234567' };
  const HOST = 'https://fjordline.pipedrive.com/api';

  it('finds the activity by the marker in its note among the deal’s newest, and adopts it', async () => {
    const fake = fakeFetch()
      .on('GET', '/v2/activities?deal_id=1482', json({ success: true, data: [{ id: 9, note: `hand-written ${MAIN} in the middle` }, { id: 10, note: `Budget confirmed<br><br>${MAIN}` }] }))
      .on('PATCH', '/v2/activities/10', json({ success: true, data: { id: 10 } }));
    expect(await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: activity('1482'), lookFirst: true })).toEqual({ ok: true, refs: { main: { kind: 'activity', id: '10' }, nextStep: null } });
    expect(calls(fake)).toEqual([`GET ${HOST}/v2/activities?deal_id=1482&limit=500&sort_by=add_time&sort_direction=desc`, `PATCH ${HOST}/v2/activities/10`]);
    expect(fake.calls[0]!.headers['x-api-token']).toBe(PD.token);
  });

  it('a note is looked for among the deal’s notes', async () => {
    const fake = fakeFetch()
      .on('GET', '/v1/notes?deal_id=1482', json({ success: true, data: [] }))
      .on('POST', '/v1/notes', json({ success: true, data: { id: 77 } }, 201));
    expect(await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: activity('1482', { type: 'note', outcome: null, subject: 'Note' }), lookFirst: true })).toEqual({ ok: true, refs: { main: { kind: 'note', id: '77' }, nextStep: null } });
    expect(calls(fake)).toEqual([`GET ${HOST}/v1/notes?deal_id=1482&limit=500&sort=add_time DESC`, `POST ${HOST}/v1/notes`]);
  });
});

describe('Salesforce', () => {
  const SF: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'crestpoint.my.salesforce.com', sessionId: '00D5g000000abcd!AQcAQH0dMHZfz972Szmpkb58urFRkgeBGsxL_QJWwYMfAbUeeG7c1E6LYUfiDUkWe6H34r1AAwOR8B8fLEz6n04NPGRrq0FM' };
  const OPP = '0065g00000TqV8mAAF';

  it('queries the opportunity’s newest tasks with their Description and adopts the marked one', async () => {
    const fake = fakeFetch()
      .on('GET', '/query?q=', json({ totalSize: 1, done: true, records: [{ Id: '00T5g00000AbCdEAAA', Description: `Budget confirmed\n\n${MAIN}` }] }))
      .on('PATCH', '/sobjects/Task/00T5g00000AbCdEAAA', new Response(null, { status: 204 }));
    expect(await applyActivityWrite(ctx(fake), SF, { op: 'create', activity: activity(OPP), lookFirst: true })).toEqual({ ok: true, refs: { main: { kind: 'Task', id: '00T5g00000AbCdEAAA' }, nextStep: null } });
    expect(calls(fake)).toEqual([
      `GET https://crestpoint.my.salesforce.com/services/data/v60.0/query?q=SELECT Id, Description FROM Task WHERE WhatId = '${OPP}' ORDER BY CreatedDate DESC LIMIT 200`,
      'PATCH https://crestpoint.my.salesforce.com/services/data/v60.0/sobjects/Task/00T5g00000AbCdEAAA',
    ]);
  });
});
