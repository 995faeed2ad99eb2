import { describe, expect, it } from 'vitest';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import { CALL_DISPOSITIONS, DEAL_ASSOCIATION_TYPE } from '@/lib/crm/hubspot/writer';
import type { ActivityWrite, CrmWriteRefs } from '@/lib/crm/api/write-types';
import type { HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from '@/lib/crm/api/types';
import type { DealRef } from '@/lib/model/deal';
import { fakeFetch, json, pipedriveDealReads, type FakeFetch } from './fake-fetch';

// Writing a logged activity to each CRM: the exact requests each one receives, their answers
// parsed, every way it can fail, and a write that fails partway reporting what it managed.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const HS: HubspotCredentials = { crm: 'hubspot', token: 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab' };
const PD: PipedriveCredentials = { crm: 'pipedrive', company: 'acme', useSession: false, token: '0123456789abcdef0123456789abcdef01234567' };
const PD_SESSION: PipedriveCredentials = { ...PD, useSession: true };
const SF: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'crestpoint.my.salesforce.com', sessionId: '00D5g000004xyz!AQ0AQsessionvalue' };
const SF_OPP = '0065g00000TqV8mAAF';

const call = (change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-1', dealId: '9001', type: 'call', outcome: 'connected', subject: 'Call — connected', note: 'Budget <confirmed> & signed\nnext week', at: '2026-11-23T09:30:00.000Z', nextStep: null, ...change,
});
const NEXT = { title: 'Send the proposal', dueAt: '2026-11-25T23:59:59.999+01:00' };
const ctx = (fake: FakeFetch) => ({ fetch: fake.fetch, now: () => NOW });
const body = (fake: FakeFetch, n: number) => JSON.parse(fake.calls[n]!.body!) as Record<string, unknown>;

describe('HubSpot', () => {
  it('creates a call associated with the deal, with HubSpot’s own outcome, and an open task for the next step', async () => {
    const fake = fakeFetch()
      .on('POST', 'https://api.hubapi.com/crm/v3/objects/calls', json({ id: '51001', properties: {}, archived: false }, 201))
      .on('POST', 'https://api.hubapi.com/crm/v3/objects/tasks', json({ id: '51002', properties: {}, archived: false }, 201));
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ nextStep: NEXT }) });
    expect(outcome).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51002' } } });
    expect(fake.calls.map((c) => [c.method, c.url, c.headers.authorization])).toEqual([
      ['POST', 'https://api.hubapi.com/crm/v3/objects/calls', `Bearer ${HS.token}`],
      ['POST', 'https://api.hubapi.com/crm/v3/objects/tasks', `Bearer ${HS.token}`],
    ]);
    expect(body(fake, 0)).toEqual({
      properties: {
        hs_timestamp: '2026-11-23T09:30:00.000Z', hs_call_title: 'Call — connected', hs_call_body: 'Budget &lt;confirmed&gt; &amp; signed<br>next week<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
        hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_disposition: CALL_DISPOSITIONS.connected,
      },
      associations: [{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: DEAL_ASSOCIATION_TYPE.calls }] }],
    });
    expect(body(fake, 1)).toMatchObject({
      properties: { hs_task_subject: 'Send the proposal', hs_task_status: 'NOT_STARTED', hs_timestamp: '2026-11-25T22:59:59.999Z' },
      associations: [{ to: { id: '9001' }, types: [{ associationTypeId: 216 }] }],
    });
  });

  it('writes each type as its own engagement: meeting with its outcome and end, email, note, proposal as a completed task', async () => {
    const fake = fakeFetch().on('POST', /objects\/(meetings|emails|notes|tasks)$/, json({ id: '7' }, 201));
    await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ type: 'demo', outcome: 'noShow', subject: 'Demo — no-show' }) });
    await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ type: 'email', outcome: 'replied', subject: 'Email — replied' }) });
    await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ type: 'note', outcome: null, subject: 'Note' }) });
    await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ type: 'proposal', outcome: 'sent', subject: 'Proposal — sent' }) });
    expect(fake.calls.map((c) => c.url.split('/').pop())).toEqual(['meetings', 'emails', 'notes', 'tasks']);
    expect(body(fake, 0).properties).toMatchObject({ hs_meeting_outcome: 'NO_SHOW', hs_meeting_start_time: '2026-11-23T09:30:00.000Z', hs_meeting_end_time: '2026-11-23T10:00:00.000Z' });
    expect(body(fake, 1).properties).toMatchObject({ hs_email_direction: 'INCOMING_EMAIL', hs_email_status: 'SENT', hs_email_text: 'Budget <confirmed> & signed\nnext week\n\n[stagecraft:v1;kind=activity;id=act-1;role=main]' });
    expect(body(fake, 2).properties).toMatchObject({ hs_note_body: 'Note<br>Budget &lt;confirmed&gt; &amp; signed<br>next week<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' });
    expect(body(fake, 3).properties).toMatchObject({ hs_task_subject: 'Proposal — sent', hs_task_status: 'COMPLETED' });
    expect((body(fake, 3).associations as { types: { associationTypeId: number }[] }[])[0]!.types[0]!.associationTypeId).toBe(216);
  });

  it('an update patches the records in place; a next step removed is deleted; a changed type is re-created as its new kind', async () => {
    const refs: CrmWriteRefs = { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51002' } };
    const fake = fakeFetch()
      .on('PATCH', '/crm/v3/objects/calls/51001', json({ id: '51001', properties: {} }))
      .on('DELETE', '/crm/v3/objects/tasks/51002', new Response(null, { status: 204 }));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: call({ note: 'edited' }), refs })).toEqual({ ok: true, refs: { main: refs.main, nextStep: null } });
    expect(body(fake, 0)).toEqual({ properties: expect.objectContaining({ hs_call_body: 'edited<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' }) });

    const typed = fakeFetch()
      .on('POST', '/crm/v3/objects/meetings', json({ id: '61' }, 201))
      .on('DELETE', '/crm/v3/objects/calls/51001', new Response(null, { status: 204 }));
    expect(await applyActivityWrite(ctx(typed), HS, { op: 'update', activity: call({ type: 'meeting', outcome: 'held' }), refs: { main: refs.main, nextStep: null } }))
      .toEqual({ ok: true, refs: { main: { kind: 'meetings', id: '61' }, nextStep: null } });
    expect(typed.calls.map((c) => c.method)).toEqual(['POST', 'DELETE']);
  });

  it('a delete removes the next step and the record; one already gone counts as deleted', async () => {
    const fake = fakeFetch()
      .on('DELETE', '/tasks/51002', json({ status: 'error', message: 'not found' }, 404))
      .on('DELETE', '/calls/51001', new Response(null, { status: 204 }));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'delete', refs: { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51002' } } })).toEqual({ ok: true, refs: null });
  });

  it('the call written but its next step refused: the failure says the call exists, and the retry does not write it again', async () => {
    const fake = fakeFetch()
      .on('POST', '/objects/calls', json({ id: '51001' }, 201))
      .on('POST', '/objects/tasks', json({ status: 'error', message: 'This app hasn\'t been granted all required scopes', category: 'MISSING_SCOPES' }, 403), json({ id: '51003' }, 201))
      .on('PATCH', '/objects/calls/51001', json({ id: '51001' }));
    const first = await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ nextStep: NEXT }) });
    expect(first).toMatchObject({ ok: false, kind: 'forbidden', status: 403, refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } });
    expect(first.ok ? '' : first.detail).toContain('MISSING_SCOPES');
    const retry = await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: call({ nextStep: NEXT }), refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } });
    expect(retry).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51003' } } });
    expect(fake.calls.filter((c) => c.url.endsWith('/objects/calls'))).toHaveLength(1);
  });

  it('a record deleted in HubSpot meanwhile: the update reports notFound with nothing left, so it is written again as new', async () => {
    const fake = fakeFetch()
      .on('PATCH', '/calls/51001', json({ status: 'error', message: 'Object not found' }, 404))
      .on('DELETE', '/tasks/51002', new Response(null, { status: 204 }));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: call(), refs: { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51002' } } }))
      .toMatchObject({ ok: false, kind: 'notFound', refs: null });
    expect(fake.calls.map((c) => c.method)).toEqual(['PATCH', 'DELETE']); // its orphaned next step goes too
  });

  it.each([
    ['an answer without an id', json({ properties: {} }, 201), { kind: 'malformed', path: 'id' }],
    ['an id that is not HubSpot’s', json({ id: '../deals/1' }, 201), { kind: 'malformed', path: 'id' }],
    ['not JSON', new Response('<html>', { status: 201 }), { kind: 'malformed', path: '$' }],
    ['401', json({ status: 'error', message: 'expired', category: 'EXPIRED_AUTHENTICATION' }, 401), { kind: 'unauthorized', status: 401 }],
    ['429 with Retry-After', json({ status: 'error' }, 429, { 'retry-after': '12' }), { kind: 'rateLimited', retryAfter: 12 }],
    ['500', json({ status: 'error' }, 500), { kind: 'network', status: 500 }],
  ])('a create answered with %s fails as a value and claims nothing was written', async (_name, response, expected) => {
    const fake = fakeFetch().on('POST', '/objects/calls', response);
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call() });
    expect(outcome).toMatchObject({ ok: false, ...expected });
    expect('refs' in outcome ? outcome.refs : undefined).toBeUndefined();
  });

  it('a deal id that is not HubSpot’s is never sent', async () => {
    const fake = fakeFetch();
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: call({ dealId: '1/../../owners' }) })).toMatchObject({ ok: false, kind: 'notFound' });
    expect(fake.calls).toEqual([]);
  });
});

describe('Pipedrive', () => {
  it('creates a done activity on the deal (note as escaped HTML, time in UTC) and an open task for the next step, with the token in a header', async () => {
    const fake = fakeFetch().on('POST', 'https://acme.pipedrive.com/api/v2/activities', json({ success: true, data: { id: 311, subject: 'x' } }, 201), json({ success: true, data: { id: 312 } }, 201));
    const outcome = await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: call({ dealId: '1482', nextStep: NEXT }) });
    expect(outcome).toEqual({ ok: true, refs: { main: { kind: 'activity', id: '311' }, nextStep: { kind: 'activity', id: '312' } } });
    expect(fake.calls[0]).toMatchObject({ headers: expect.objectContaining({ 'x-api-token': PD.token }), credentials: 'omit' });
    expect(fake.calls[0]!.url).not.toContain(PD.token);
    expect(body(fake, 0)).toEqual({ subject: 'Call — connected', type: 'call', deal_id: 1482, done: true, due_date: '2026-11-23', due_time: '09:30', note: 'Budget &lt;confirmed&gt; &amp; signed<br>next week<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' });
    expect(body(fake, 1)).toEqual({ subject: 'Send the proposal', type: 'task', deal_id: 1482, done: false, due_date: '2026-11-25', note: '[stagecraft:v1;kind=activity;id=act-1;role=nextStep]' }); // the rep's day, not UTC's
  });

  it('a note becomes a deal note; demo a meeting; proposal a task', async () => {
    const fake = fakeFetch().on('POST', '/api/', json({ success: true, data: { id: 5 } }, 201));
    await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: call({ dealId: '1482', type: 'note', outcome: null, subject: 'Note', note: 'a < b' }) });
    await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: call({ dealId: '1482', type: 'demo', outcome: 'held' }) });
    await applyActivityWrite(ctx(fake), PD, { op: 'create', activity: call({ dealId: '1482', type: 'proposal', outcome: 'sent' }) });
    const posts = fake.calls.filter((c) => c.method === 'POST');
    expect(posts.map((c) => c.url.split('/api/')[1])).toEqual(['v1/notes', 'v2/activities', 'v2/activities']);
    expect(JSON.parse(posts[0]!.body!)).toEqual({ content: '<b>Note</b><br>a &lt; b<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]', deal_id: 1482 });
    expect(posts.slice(1).map((c) => (JSON.parse(c.body!) as { type: string }).type)).toEqual(['meeting', 'task']); // the company has no own types
  });

  it('tries the session first and the token only when the session is refused', async () => {
    const fake = fakeFetch().on('POST', '/api/v2/activities', json({ success: false, error: 'unauthorized' }, 401), json({ success: true, data: { id: 9 } }, 201));
    expect(await applyActivityWrite(ctx(fake), PD_SESSION, { op: 'create', activity: call({ dealId: '1482' }) })).toMatchObject({ ok: true });
    expect(fake.calls.map((c) => [c.credentials, c.headers['x-api-token'] ?? null])).toEqual([['include', null], ['omit', PD.token]]);
  });

  it('a server error is not retried with the token (it may have been written)', async () => {
    const fake = fakeFetch().on('POST', '/api/v2/activities', json({ success: false }, 502));
    expect(await applyActivityWrite(ctx(fake), PD_SESSION, { op: 'create', activity: call({ dealId: '1482' }) })).toMatchObject({ ok: false, kind: 'network' });
    expect(fake.calls).toHaveLength(1);
  });

  it('updates with PATCH (the deal stays), deletes with DELETE, and a deleted one that is gone is fine', async () => {
    const fake = fakeFetch()
      .on('PATCH', '/api/v2/activities/311', json({ success: true, data: { id: 311 } }))
      .on('DELETE', '/api/v2/activities/311', json({ success: false, error: 'Activity not found' }, 404));
    const refs: CrmWriteRefs = { main: { kind: 'activity', id: '311' }, nextStep: null };
    expect(await applyActivityWrite(ctx(fake), PD, { op: 'update', activity: call({ dealId: '1482', outcome: 'noAnswer', subject: 'Call — no answer' }), refs })).toEqual({ ok: true, refs });
    expect(body(fake, 0)).not.toHaveProperty('deal_id');
    expect(body(fake, 0)).toMatchObject({ subject: 'Call — no answer' });
    expect(await applyActivityWrite(ctx(fake), PD, { op: 'delete', refs })).toEqual({ ok: true, refs: null });
  });
});

describe('Salesforce', () => {
  it('creates a completed Task on the opportunity with the session as Bearer, and a Task "Not Started" for the next step', async () => {
    const fake = fakeFetch().on('POST', '/services/data/v60.0/sobjects/Task', json({ id: '00T5g00000AbCdEAAX', success: true, errors: [] }, 201), json({ id: '00T5g00000AbCdFAAX', success: true, errors: [] }, 201));
    const outcome = await applyActivityWrite(ctx(fake), SF, { op: 'create', activity: call({ dealId: SF_OPP, nextStep: NEXT }) });
    expect(outcome).toEqual({ ok: true, refs: { main: { kind: 'Task', id: '00T5g00000AbCdEAAX' }, nextStep: { kind: 'Task', id: '00T5g00000AbCdFAAX' } } });
    expect(fake.calls[0]).toMatchObject({ url: 'https://crestpoint.my.salesforce.com/services/data/v60.0/sobjects/Task', headers: expect.objectContaining({ authorization: `Bearer ${SF.sessionId}` }) });
    expect(body(fake, 0)).toEqual({ WhatId: SF_OPP, Subject: 'Call — connected', ActivityDate: '2026-11-23', Status: 'Completed', Description: 'Budget <confirmed> & signed\nnext week\n\n[stagecraft:v1;kind=activity;id=act-1;role=main]', TaskSubtype: 'Call' });
    expect(body(fake, 1)).toMatchObject({ WhatId: SF_OPP, Subject: 'Send the proposal', ActivityDate: '2026-11-25', Status: 'Not Started' });
  });

  it('a meeting is an Event at its time; an update PATCHes without the create-only fields and reads the empty 204', async () => {
    const fake = fakeFetch()
      .on('POST', '/sobjects/Event', json({ id: '00U5g00000XyZaBEAV', success: true, errors: [] }, 201))
      .on('PATCH', '/sobjects/Event/00U5g00000XyZaBEAV', new Response(null, { status: 204 }));
    const created = await applyActivityWrite(ctx(fake), SF, { op: 'create', activity: call({ dealId: SF_OPP, type: 'meeting', outcome: 'held' }) });
    expect(body(fake, 0)).toMatchObject({ StartDateTime: '2026-11-23T09:30:00.000Z', DurationInMinutes: 30 });
    const refs = created.ok ? created.refs! : null;
    expect(await applyActivityWrite(ctx(fake), SF, { op: 'update', activity: call({ dealId: SF_OPP, type: 'meeting', note: 'moved' }), refs: refs! })).toEqual({ ok: true, refs });
    expect(body(fake, 1)).not.toHaveProperty('WhatId');
    expect(body(fake, 1)).not.toHaveProperty('TaskSubtype');
  });

  it('an expired session is unauthorized with Salesforce’s own code for support', async () => {
    const fake = fakeFetch().on('POST', '/sobjects/Task', json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401));
    expect(await applyActivityWrite(ctx(fake), SF, { op: 'create', activity: call({ dealId: SF_OPP }) })).toMatchObject({ ok: false, kind: 'unauthorized', detail: 'INVALID_SESSION_ID: Session expired or invalid' });
  });
});

describe('client.writeActivity', () => {
  const REF: DealRef = { crm: 'hubspot', account: '4711', dealId: '9001' };

  it('drops the deal’s cached read after a write, so the next read shows the new activity', async () => {
    const fake = pipedriveDealReads().on('POST', '/api/v2/activities', json({ success: true, data: { id: 1 } }, 201));
    const client = createCrmApiClient({ fetch: fake.fetch, now: () => NOW, sleep: async () => {} });
    const ref: DealRef = { crm: 'pipedrive', account: 'acme', dealId: '1234' };
    const reads = () => fake.calls.filter((c) => c.url.includes('/api/v2/deals/1234')).length;
    expect(await client.readDeal(ref, PD)).toMatchObject({ ok: true });
    await client.readDeal(ref, PD);
    expect(reads()).toBe(1); // cached
    await client.writeActivity(ref, PD, { op: 'create', activity: call({ dealId: '1234' }) });
    await client.readDeal(ref, PD);
    expect(reads()).toBe(2);
  });

  it('never sends a write with another account’s credentials, and never to a foreign host', async () => {
    const fake = fakeFetch();
    const client = createCrmApiClient({ fetch: fake.fetch, now: () => NOW });
    expect(await client.writeActivity({ crm: 'pipedrive', account: 'other', dealId: '1' }, PD, { op: 'create', activity: call({ dealId: '1' }) })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await client.writeActivity(REF, PD, { op: 'create', activity: call() })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(fake.calls).toEqual([]);
  });

  it('after a 429 the account is left alone until Retry-After has passed', async () => {
    let t = NOW.getTime();
    const fake = fakeFetch()
      .on('GET', '/account-info/v3/details', json({ portalId: 4711 }))
      .on('POST', '/objects/calls', json({ status: 'error' }, 429, { 'retry-after': '120' }));
    const client = createCrmApiClient({ fetch: fake.fetch, now: () => new Date(t), sleep: async () => {}, maxWaitMs: 1_000 });
    expect(await client.writeActivity(REF, HS, { op: 'create', activity: call() })).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 120 });
    const sent = fake.calls.length;
    t += 60_000;
    expect(await client.writeActivity(REF, HS, { op: 'create', activity: call() })).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 60 });
    expect(fake.calls).toHaveLength(sent);
  });
});
