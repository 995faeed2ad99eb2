import { describe, expect, it } from 'vitest';
import { applyTickWrite } from '@/lib/crm/api/writes/ticks';
import type { TickWrite } from '@/lib/crm/api/write-types';
import type { HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from '@/lib/crm/api/types';
import { readMarker } from '@/lib/crm/marker';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

// A checklist tick shared with the team, as each CRM receives it: one completed task on the deal,
// "✓ <task title>", its body only the tick's marker; updated in place, removed on untick, and after
// an unknown outcome found by its marker instead of written twice.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ctx = (fake: FakeFetch) => ({ fetch: fake.fetch, now: () => NOW });
const tick = (dealId: string, change: Partial<TickWrite> = {}): TickWrite => ({
  dealId,
  playbookId: 'buyer-centric',
  stageId: 'demo-completed',
  taskId: 'map-decision-process',
  by: 'hand',
  title: 'Map the decision process',
  at: '2026-11-23T09:41:07.000Z',
  ...change,
});
const MARKER = '[stagecraft:v1;kind=tick;playbook=buyer-centric;stage=demo-completed;task=map-decision-process;by=hand]';
const body = (fake: FakeFetch, n: number) => JSON.parse(fake.calls[n]!.body!) as Record<string, unknown>;
const requests = (fake: FakeFetch) => fake.calls.map((c) => `${c.method} ${c.decoded}`);

describe('HubSpot: a completed to-do associated with the deal', () => {
  const TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';
  const HS: HubspotCredentials & { portalId: string } = { crm: 'hubspot', token: TOKEN, portalId: '4711' };
  const ACCOUNT_INFO = 'https://api.hubapi.com/account-info/v3/details';
  const TASKS = 'https://api.hubapi.com/crm/v3/objects/tasks';
  const account = json({ portalId: 4711, accountType: 'STANDARD', timeZone: 'Europe/Berlin', companyCurrency: 'EUR', utcOffset: '+01:00' });
  const task = (id: string, status = 201) => json({ id, properties: { hs_object_id: id, hs_task_status: 'COMPLETED' }, createdAt: NOW.toISOString(), archived: false }, status);

  it('creates it after checking the portal, and the marker reads back as the tick', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account).on('POST', TASKS, task('71001'));
    expect(await applyTickWrite(ctx(fake), HS, { op: 'put', tick: tick('9001'), ref: null })).toEqual({ ok: true, ref: { kind: 'tasks', id: '71001' } });
    expect(requests(fake)).toEqual([`GET ${ACCOUNT_INFO}`, `POST ${TASKS}`]);
    expect(fake.calls[1]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    expect(body(fake, 1)).toEqual({
      properties: { hs_timestamp: '2026-11-23T09:41:07.000Z', hs_task_subject: '✓ Map the decision process', hs_task_body: MARKER, hs_task_status: 'COMPLETED', hs_task_type: 'TODO' },
      associations: [{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
    });
    expect(readMarker((body(fake, 1).properties as Record<string, string>).hs_task_body)).toEqual({ status: 'ok', marker: { kind: 'tick', playbookId: 'buyer-centric', stageId: 'demo-completed', taskId: 'map-decision-process', by: 'hand' } });
  });

  it('updates the task it knows (a tick now done by evidence), and creates it again when it was deleted in HubSpot', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account).on('PATCH', `${TASKS}/71001`, task('71001', 200));
    expect(await applyTickWrite(ctx(fake), HS, { op: 'put', tick: tick('9001', { by: 'evidence' }), ref: { kind: 'tasks', id: '71001' } })).toEqual({ ok: true, ref: { kind: 'tasks', id: '71001' } });
    expect(requests(fake)).toEqual([`GET ${ACCOUNT_INFO}`, `PATCH ${TASKS}/71001`]);
    expect((body(fake, 1).properties as Record<string, string>).hs_task_body).toBe(MARKER.replace('by=hand', 'by=evidence'));

    const gone = fakeFetch().on('GET', ACCOUNT_INFO, account).on('PATCH', `${TASKS}/71001`, json({ status: 'error', message: 'Object not found', category: 'OBJECT_NOT_FOUND' }, 404)).on('POST', TASKS, task('71002'));
    expect(await applyTickWrite(ctx(gone), HS, { op: 'put', tick: tick('9001'), ref: { kind: 'tasks', id: '71001' } })).toEqual({ ok: true, ref: { kind: 'tasks', id: '71002' } });
    expect(requests(gone)).toEqual([`GET ${ACCOUNT_INFO}`, `PATCH ${TASKS}/71001`, `POST ${TASKS}`]);
  });

  it('after an unknown outcome finds its task by the marker (hand or evidence alike) and updates it instead of creating a second', async () => {
    const fake = fakeFetch()
      .on('GET', ACCOUNT_INFO, account)
      .on('GET', 'https://api.hubapi.com/crm/v4/objects/deals/9001/associations/tasks?limit=500', json({ results: [{ toObjectId: 71000 }, { toObjectId: 71001 }] }))
      .on('POST', `${TASKS}/batch/read`, json({ status: 'COMPLETE', results: [{ id: '71000', properties: { hs_task_body: `Call them [stagecraft:v1;kind=tick;playbook=buyer-centric;stage=demo-completed;task=run-demo;by=hand]` } }, { id: '71001', properties: { hs_task_body: `<p>${MARKER.replace('by=hand', 'by=evidence')}</p>` } }] }))
      .on('PATCH', `${TASKS}/71001`, task('71001', 200));
    expect(await applyTickWrite(ctx(fake), HS, { op: 'put', tick: tick('9001'), ref: null, lookFirst: true })).toEqual({ ok: true, ref: { kind: 'tasks', id: '71001' } });
    expect(requests(fake)).toEqual([`GET ${ACCOUNT_INFO}`, 'GET https://api.hubapi.com/crm/v4/objects/deals/9001/associations/tasks?limit=500', `POST ${TASKS}/batch/read`, `PATCH ${TASKS}/71001`]);
    expect(body(fake, 2)).toEqual({ properties: ['hs_task_body'], inputs: [{ id: '71000' }, { id: '71001' }] });
  });

  it('an untick deletes the task; gone already counts as done', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account).on('DELETE', `${TASKS}/71001`, new Response(null, { status: 404 }));
    expect(await applyTickWrite(ctx(fake), HS, { op: 'remove', tick: tick('9001'), ref: { kind: 'tasks', id: '71001' } })).toEqual({ ok: true, ref: null });
    expect(requests(fake)).toEqual([`GET ${ACCOUNT_INFO}`, `DELETE ${TASKS}/71001`]);
  });

  it('a refusal keeps what HubSpot holds and says why', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account).on('POST', TASKS, json({ status: 'error', message: 'This app hasn\'t been granted all required scopes to make this call.', category: 'MISSING_SCOPES' }, 403));
    expect(await applyTickWrite(ctx(fake), HS, { op: 'put', tick: tick('9001'), ref: null })).toMatchObject({ ok: false, kind: 'forbidden', status: 403, ref: null });
  });
});

describe('Pipedrive: a done task activity on the deal', () => {
  const PD: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: '0123456789abcdef0123456789abcdef01234567' };
  const ACTIVITIES = 'https://fjordline.pipedrive.com/api/v2/activities';
  const created = (id: number, status = 201) => json({ success: true, data: { id, subject: '✓ Map the decision process', type: 'task', done: true, deal_id: 1482 } }, status);

  it('creates it through API v2 with the marker as its note', async () => {
    const fake = fakeFetch().on('POST', ACTIVITIES, created(5501));
    expect(await applyTickWrite(ctx(fake), PD, { op: 'put', tick: tick('1482'), ref: null })).toEqual({ ok: true, ref: { kind: 'activity', id: '5501' } });
    expect(requests(fake)).toEqual([`POST ${ACTIVITIES}`]);
    expect(fake.calls[0]!.headers).toMatchObject({ 'x-api-token': PD.token });
    expect(body(fake, 0)).toEqual({ subject: '✓ Map the decision process', type: 'task', deal_id: 1482, done: true, due_date: '2026-11-23', due_time: '09:41', note: MARKER });
  });

  it('updates with PATCH (the deal stays), removes with DELETE', async () => {
    const fake = fakeFetch().on('PATCH', `${ACTIVITIES}/5501`, created(5501, 200)).on('DELETE', `${ACTIVITIES}/5501`, json({ success: true, data: { id: 5501 } }));
    expect(await applyTickWrite(ctx(fake), PD, { op: 'put', tick: tick('1482', { title: 'Map the <decision> process & "who signs"' }), ref: { kind: 'activity', id: '5501' } })).toEqual({ ok: true, ref: { kind: 'activity', id: '5501' } });
    expect(body(fake, 0)).toEqual({ subject: '✓ Map the <decision> process & "who signs"', type: 'task', done: true, due_date: '2026-11-23', due_time: '09:41', note: MARKER });
    expect(await applyTickWrite(ctx(fake), PD, { op: 'remove', tick: tick('1482'), ref: { kind: 'activity', id: '5501' } })).toEqual({ ok: true, ref: null });
    expect(requests(fake)).toEqual([`PATCH ${ACTIVITIES}/5501`, `DELETE ${ACTIVITIES}/5501`]);
  });

  it('an untick after an unknown outcome finds the task by its marker and deletes it; with none there nothing is sent', async () => {
    const list = `${ACTIVITIES}?deal_id=1482&limit=500&sort_by=add_time&sort_direction=desc`;
    const fake = fakeFetch()
      .on('GET', list, json({ success: true, data: [{ id: 5499, note: 'Agenda sent' }, { id: 5501, note: MARKER }] }), json({ success: true, data: [] }))
      .on('DELETE', `${ACTIVITIES}/5501`, json({ success: true, data: { id: 5501 } }));
    expect(await applyTickWrite(ctx(fake), PD, { op: 'remove', tick: tick('1482'), ref: null, lookFirst: true })).toEqual({ ok: true, ref: null });
    expect(requests(fake)).toEqual([`GET ${list}`, `DELETE ${ACTIVITIES}/5501`]);
    expect(await applyTickWrite(ctx(fake), PD, { op: 'remove', tick: tick('1482'), ref: null, lookFirst: true })).toEqual({ ok: true, ref: null });
    expect(requests(fake)).toEqual([`GET ${list}`, `DELETE ${ACTIVITIES}/5501`, `GET ${list}`]);
  });

  it('a failed search creates nothing (a blind create could double the task)', async () => {
    const fake = fakeFetch().on('GET', /\/v2\/activities\?deal_id=1482/, json({ success: false, error: 'Internal error' }, 500));
    expect(await applyTickWrite(ctx(fake), PD, { op: 'put', tick: tick('1482'), ref: null, lookFirst: true })).toMatchObject({ ok: false, kind: 'network', status: 500 });
    expect(fake.calls.map((c) => c.method)).not.toContain('POST');
  });
});

describe('Salesforce: a completed Task on the opportunity', () => {
  const SF: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'crestpoint.my.salesforce.com', sessionId: '00D5g000004xyzQ!AQ0AQHf1pL6.sessionvalue' };
  const SOBJECTS = 'https://crestpoint.my.salesforce.com/services/data/v60.0/sobjects';
  const OPP = '0065g00000TqV8mAAF';
  const TASK_ID = '00T5g00000AbCdEAAX';

  it('creates it with WhatId, Status Completed and the marker as Description', async () => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Task`, json({ id: TASK_ID, success: true, errors: [] }, 201));
    expect(await applyTickWrite(ctx(fake), SF, { op: 'put', tick: tick(OPP, { by: 'evidence' }), ref: null })).toEqual({ ok: true, ref: { kind: 'Task', id: TASK_ID } });
    expect(requests(fake)).toEqual([`POST ${SOBJECTS}/Task`]);
    expect(fake.calls[0]!.headers).toMatchObject({ authorization: `Bearer ${SF.sessionId}` });
    expect(body(fake, 0)).toEqual({ WhatId: OPP, Subject: '✓ Map the decision process', ActivityDate: '2026-11-23', Status: 'Completed', Description: MARKER.replace('by=hand', 'by=evidence'), TaskSubtype: 'Task' });
  });

  it('updates without WhatId or TaskSubtype; after an unknown outcome looks the marker up among the opportunity\'s tasks', async () => {
    const fake = fakeFetch()
      .on('GET', /\/query\?q=/, json({ totalSize: 1, done: true, records: [{ attributes: { type: 'Task' }, Id: TASK_ID, Description: MARKER }] }))
      .on('PATCH', `${SOBJECTS}/Task/${TASK_ID}`, new Response(null, { status: 204 }));
    expect(await applyTickWrite(ctx(fake), SF, { op: 'put', tick: tick(OPP), ref: null, lookFirst: true })).toEqual({ ok: true, ref: { kind: 'Task', id: TASK_ID } });
    expect(fake.calls[0]!.decoded).toContain(`SELECT Id, Description FROM Task WHERE WhatId = '${OPP}' ORDER BY CreatedDate DESC LIMIT 200`);
    expect(body(fake, 1)).toEqual({ Subject: '✓ Map the decision process', ActivityDate: '2026-11-23', Status: 'Completed', Description: MARKER });
  });

  it('a marker whose task is another one, or broken, is not adopted', async () => {
    const fake = fakeFetch()
      .on('GET', /\/query\?q=/, json({ totalSize: 2, done: true, records: [{ Id: '00T5g00000AbCdFAAX', Description: MARKER.replace('map-decision-process', 'run-demo') }, { Id: '00T5g00000AbCdGAAX', Description: '[stagecraft:v1;kind=tick;playbook=buyer-centric;stage=demo-completed]' }] }))
      .on('POST', `${SOBJECTS}/Task`, json({ id: TASK_ID, success: true, errors: [] }, 201));
    expect(await applyTickWrite(ctx(fake), SF, { op: 'put', tick: tick(OPP), ref: null, lookFirst: true })).toEqual({ ok: true, ref: { kind: 'Task', id: TASK_ID } });
    expect(fake.calls.map((c) => c.method)).toEqual(['GET', 'POST']);
  });
});
