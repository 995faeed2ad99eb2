import { describe, expect, it, vi } from 'vitest';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import type { ActivityWrite, CrmWriteRefs, WriteOutcome } from '@/lib/crm/api/write-types';
import type { HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from '@/lib/crm/api/types';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

// One logged activity's write as a whole: its main record, then its next step; an edit that adds,
// changes or drops the next step or changes the record's kind; a delete of both. Every failure is a
// value that says what the CRM has now, so the retry never writes a record twice.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const HS: HubspotCredentials = { crm: 'hubspot', token: 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab' };
const PD: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: '0123456789abcdef0123456789abcdef01234567' };
const SF: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'crestpoint.my.salesforce.com', sessionId: '00D5g000004xyzQ!AQ0AQsession' };
const HS_API = 'https://api.hubapi.com/crm/v3/objects';

const activity = (change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-1', dealId: '9001',
  type: 'call',
  outcome: 'connected',
  subject: 'Call · Connected',
  note: 'Budget confirmed',
  at: '2026-11-23T09:30:00.000Z',
  nextStep: null,
  ...change,
});
const NEXT = { title: 'Send the proposal', dueAt: '2026-11-25T23:59:59.999+01:00' };
const ctx = (fake: FakeFetch) => ({ fetch: fake.fetch, now: () => NOW });
const created = (id: string) => json({ id, properties: { hs_object_id: id }, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), archived: false }, 201);
const patched = (id: string) => json({ id, properties: { hs_object_id: id }, archived: false });
const gone = () => json({ status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' }, 404);
const refused = () => json({ status: 'error', message: 'This app hasn’t been granted all required scopes', category: 'MISSING_SCOPES' }, 403);
const down = () => json({ status: 'error', message: 'Service unavailable', category: 'SERVICE_UNAVAILABLE' }, 503);
const noContent = () => new Response(null, { status: 204 });
const requests = (fake: FakeFetch) => fake.calls.map((c) => `${c.method} ${c.url.replace(/^https:\/\/[^/]+/, '')}`);

const CALL_ONLY: CrmWriteRefs = { main: { kind: 'calls', id: '51001' }, nextStep: null };
const CALL_AND_STEP: CrmWriteRefs = { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51002' } };

describe('create', () => {
  it('writes the main record, then the next step, and answers what now exists', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/calls`, created('51001')).on('POST', `${HS_API}/tasks`, created('51002'));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity({ nextStep: NEXT }) })).toEqual({ ok: true, refs: CALL_AND_STEP });
    expect(requests(fake)).toEqual(['POST /crm/v3/objects/calls', 'POST /crm/v3/objects/tasks']);
  });

  it('without a next step writes one record', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/calls`, created('51001'));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity() })).toEqual({ ok: true, refs: CALL_ONLY });
    expect(fake.calls).toHaveLength(1);
  });

  it('the main record written, the next step refused: the failure names the main record', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/calls`, created('51001')).on('POST', `${HS_API}/tasks`, refused());
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity({ nextStep: NEXT }) })).toEqual({
      ok: false,
      kind: 'forbidden',
      messageKey: 'connections.problem.forbidden',
      status: 403,
      detail: 'MISSING_SCOPES: This app hasn’t been granted all required scopes',
      refs: CALL_ONLY,
    });
  });

  it('the retry of that create, sent as an update with those refs, finishes it without a second call', async () => {
    const fake = fakeFetch()
      .on('POST', `${HS_API}/calls`, created('51001'))
      .on('POST', `${HS_API}/tasks`, refused(), created('51003'))
      .on('PATCH', `${HS_API}/calls/51001`, patched('51001'));
    const first = await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity({ nextStep: NEXT }) });
    const refs = (first as { refs: CrmWriteRefs }).refs;
    const retry = await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs });
    expect(retry).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: { kind: 'tasks', id: '51003' } } });
    expect(requests(fake)).toEqual(['POST /crm/v3/objects/calls', 'POST /crm/v3/objects/tasks', 'PATCH /crm/v3/objects/calls/51001', 'POST /crm/v3/objects/tasks']);
  });

  it('the same for Pipedrive and Salesforce: partial progress reported, the retry creates only what is missing', async () => {
    const pd = fakeFetch()
      .on('POST', '/api/v2/activities', json({ success: true, data: { id: 311 } }, 201), json({ success: false, error: 'Internal error', errorCode: 500 }, 500), json({ success: true, data: { id: 313 } }, 201))
      .on('PATCH', '/api/v2/activities/311', json({ success: true, data: { id: 311 } }));
    const pdFirst = await applyActivityWrite(ctx(pd), PD, { op: 'create', activity: activity({ dealId: '1482', nextStep: NEXT }) });
    expect(pdFirst).toMatchObject({ ok: false, kind: 'network', refs: { main: { kind: 'activity', id: '311' }, nextStep: null } });
    const pdRetry = await applyActivityWrite(ctx(pd), PD, { op: 'update', activity: activity({ dealId: '1482', nextStep: NEXT }), refs: (pdFirst as { refs: CrmWriteRefs }).refs });
    expect(pdRetry).toEqual({ ok: true, refs: { main: { kind: 'activity', id: '311' }, nextStep: { kind: 'activity', id: '313' } } });
    expect(requests(pd)).toEqual(['POST /api/v2/activities', 'POST /api/v2/activities', 'PATCH /api/v2/activities/311', 'POST /api/v2/activities']);

    const opp = '0065g00000TqV8mAAF';
    const sf = fakeFetch()
      .on('POST', '/sobjects/Event', json({ id: '00U5g00000XyZaBEAV', success: true, errors: [] }, 201))
      .on('POST', '/sobjects/Task', json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403), json({ id: '00T5g00000AbCdFAAX', success: true, errors: [] }, 201))
      .on('PATCH', '/sobjects/Event/00U5g00000XyZaBEAV', noContent());
    const meeting = activity({ dealId: opp, type: 'meeting', outcome: 'held', nextStep: NEXT });
    const sfFirst = await applyActivityWrite(ctx(sf), SF, { op: 'create', activity: meeting });
    expect(sfFirst).toMatchObject({ ok: false, kind: 'rateLimited', refs: { main: { kind: 'Event', id: '00U5g00000XyZaBEAV' }, nextStep: null } });
    expect(await applyActivityWrite(ctx(sf), SF, { op: 'update', activity: meeting, refs: (sfFirst as { refs: CrmWriteRefs }).refs })).toEqual({
      ok: true,
      refs: { main: { kind: 'Event', id: '00U5g00000XyZaBEAV' }, nextStep: { kind: 'Task', id: '00T5g00000AbCdFAAX' } },
    });
    expect(sf.calls.filter((c) => c.method === 'POST' && c.url.endsWith('/Event'))).toHaveLength(1);
  });
});

describe('update', () => {
  it('updates both records in place', async () => {
    const fake = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('PATCH', `${HS_API}/tasks/51002`, patched('51002'));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: { ...NEXT, title: 'Send the revised proposal' } }), refs: CALL_AND_STEP })).toEqual({ ok: true, refs: CALL_AND_STEP });
    expect(requests(fake)).toEqual(['PATCH /crm/v3/objects/calls/51001', 'PATCH /crm/v3/objects/tasks/51002']);
  });

  it('a next step that appeared is created; one that disappeared is deleted', async () => {
    const added = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('POST', `${HS_API}/tasks`, created('51002'));
    expect(await applyActivityWrite(ctx(added), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_ONLY })).toEqual({ ok: true, refs: CALL_AND_STEP });
    expect(requests(added)).toEqual(['PATCH /crm/v3/objects/calls/51001', 'POST /crm/v3/objects/tasks']);

    const dropped = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('DELETE', `${HS_API}/tasks/51002`, noContent());
    expect(await applyActivityWrite(ctx(dropped), HS, { op: 'update', activity: activity(), refs: CALL_AND_STEP })).toEqual({ ok: true, refs: CALL_ONLY });
    expect(requests(dropped)).toEqual(['PATCH /crm/v3/objects/calls/51001', 'DELETE /crm/v3/objects/tasks/51002']);
  });

  it('a next step deleted in the CRM meanwhile is created again', async () => {
    const fake = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('PATCH', `${HS_API}/tasks/51002`, gone()).on('POST', `${HS_API}/tasks`, created('51009'));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_AND_STEP })).toEqual({
      ok: true,
      refs: { main: CALL_AND_STEP.main, nextStep: { kind: 'tasks', id: '51009' } },
    });
  });

  it('a next step that cannot be updated, created or deleted: the failure says what exists', async () => {
    const update = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('PATCH', `${HS_API}/tasks/51002`, down());
    expect(await applyActivityWrite(ctx(update), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_AND_STEP })).toMatchObject({ ok: false, kind: 'network', refs: CALL_AND_STEP });
    const create = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('POST', `${HS_API}/tasks`, down());
    expect(await applyActivityWrite(ctx(create), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_ONLY })).toMatchObject({ ok: false, kind: 'network', refs: CALL_ONLY });
    const remove = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, patched('51001')).on('DELETE', `${HS_API}/tasks/51002`, down());
    expect(await applyActivityWrite(ctx(remove), HS, { op: 'update', activity: activity(), refs: CALL_AND_STEP })).toMatchObject({ ok: false, kind: 'network', refs: CALL_AND_STEP });
  });

  it('the main record deleted in the CRM: notFound with nothing left (its next step removed), so the queue writes it anew', async () => {
    const fake = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, gone()).on('DELETE', `${HS_API}/tasks/51002`, noContent());
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_AND_STEP })).toMatchObject({ ok: false, kind: 'notFound', status: 404, refs: null });
    expect(requests(fake)).toEqual(['PATCH /crm/v3/objects/calls/51001', 'DELETE /crm/v3/objects/tasks/51002']);
  });

  it('…but while that next step cannot be removed, nothing changed: not notFound, no refs, the retry tries again', async () => {
    const fake = fakeFetch().on('PATCH', `${HS_API}/calls/51001`, gone()).on('DELETE', `${HS_API}/tasks/51002`, down(), noContent());
    const first = await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_AND_STEP });
    expect(first).toMatchObject({ ok: false, kind: 'network', status: 503 });
    expect(first).not.toHaveProperty('refs');
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: NEXT }), refs: CALL_AND_STEP })).toMatchObject({ ok: false, kind: 'notFound', refs: null });
  });

  it('a type that needs another kind of record: the new one is written, then the old one removed', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/meetings`, created('61')).on('DELETE', `${HS_API}/calls/51001`, noContent()).on('PATCH', `${HS_API}/tasks/51002`, patched('51002'));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ type: 'meeting', outcome: 'held', nextStep: NEXT }), refs: CALL_AND_STEP })).toEqual({
      ok: true,
      refs: { main: { kind: 'meetings', id: '61' }, nextStep: CALL_AND_STEP.nextStep },
    });
    expect(requests(fake)).toEqual(['POST /crm/v3/objects/meetings', 'DELETE /crm/v3/objects/calls/51001', 'PATCH /crm/v3/objects/tasks/51002']);
  });

  it('…the new one cannot be written: nothing changed', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/meetings`, refused());
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ type: 'meeting' }), refs: CALL_ONLY });
    expect(outcome).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(outcome).not.toHaveProperty('refs');
    expect(fake.calls).toHaveLength(1);
  });

  it('…the old one cannot be removed: the new one is taken back, so the activity never has two records', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/meetings`, created('61')).on('DELETE', `${HS_API}/calls/51001`, down()).on('DELETE', `${HS_API}/meetings/61`, noContent());
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ type: 'meeting' }), refs: CALL_ONLY });
    expect(outcome).toMatchObject({ ok: false, kind: 'network', status: 503 });
    expect(outcome).not.toHaveProperty('refs'); // the CRM is as before: the retry starts from the old refs
    expect(requests(fake)).toEqual(['POST /crm/v3/objects/meetings', 'DELETE /crm/v3/objects/calls/51001', 'DELETE /crm/v3/objects/meetings/61']);
  });

  it('…and if that fails too, the failure names the new record (the activity as it now is)', async () => {
    const fake = fakeFetch().on('POST', `${HS_API}/meetings`, created('61')).on('DELETE', /\/(calls\/51001|meetings\/61)$/, down());
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ type: 'meeting' }), refs: CALL_AND_STEP })).toMatchObject({
      ok: false,
      kind: 'network',
      refs: { main: { kind: 'meetings', id: '61' }, nextStep: CALL_AND_STEP.nextStep },
    });
  });

  it('Pipedrive: a call that became a note moves from the activities to the notes API', async () => {
    const fake = fakeFetch()
      .on('POST', '/api/v1/notes', json({ success: true, data: { id: 55 } }, 201))
      .on('DELETE', '/api/v2/activities/311', json({ success: true, data: { id: 311 } }));
    expect(await applyActivityWrite(ctx(fake), PD, { op: 'update', activity: activity({ dealId: '1482', type: 'note' }), refs: { main: { kind: 'activity', id: '311' }, nextStep: null } })).toEqual({
      ok: true,
      refs: { main: { kind: 'note', id: '55' }, nextStep: null },
    });
  });
});

describe('delete', () => {
  it('removes the next step, then the main record', async () => {
    const fake = fakeFetch().on('DELETE', `${HS_API}/tasks/51002`, noContent()).on('DELETE', `${HS_API}/calls/51001`, noContent());
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'delete', refs: CALL_AND_STEP })).toEqual({ ok: true, refs: null });
    expect(requests(fake)).toEqual(['DELETE /crm/v3/objects/tasks/51002', 'DELETE /crm/v3/objects/calls/51001']);
  });

  it('records already gone (404, 410) count as deleted', async () => {
    const fake = fakeFetch().on('DELETE', `${HS_API}/tasks/51002`, gone()).on('DELETE', `${HS_API}/calls/51001`, json({ status: 'error', category: 'OBJECT_ARCHIVED' }, 410));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'delete', refs: CALL_AND_STEP })).toEqual({ ok: true, refs: null });
  });

  it('the next step cannot be removed: nothing changed, the main record is left alone', async () => {
    const fake = fakeFetch().on('DELETE', `${HS_API}/tasks/51002`, refused());
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'delete', refs: CALL_AND_STEP });
    expect(outcome).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(outcome).not.toHaveProperty('refs');
    expect(fake.calls).toHaveLength(1);
  });

  it('the next step removed but not the main record: the failure names what is left', async () => {
    const fake = fakeFetch().on('DELETE', `${HS_API}/tasks/51002`, noContent()).on('DELETE', `${HS_API}/calls/51001`, json({ status: 'error' }, 429, { 'retry-after': '10' }));
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'delete', refs: CALL_AND_STEP })).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 10, refs: CALL_ONLY });
  });
});

describe('never throws, never sends what it should not', () => {
  it('an activity with a date that is not one fails before anything is sent', async () => {
    const fake = fakeFetch();
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity({ at: 'yesterday' }) })).toMatchObject({ ok: false, kind: 'malformed', detail: 'not a date: at' });
    expect(await applyActivityWrite(ctx(fake), HS, { op: 'update', activity: activity({ nextStep: { title: 'x', dueAt: '2026-13-45' } }), refs: CALL_ONLY })).toMatchObject({ ok: false, kind: 'malformed', detail: 'not a date: nextStep.dueAt' });
    expect(fake.calls).toEqual([]);
  });

  it('a fetch that throws anything, or a clock that throws, is a failure value', async () => {
    const weird = fakeFetch().on('POST', `${HS_API}/calls`, () => Promise.reject('not even an Error'));
    expect(await applyActivityWrite(ctx(weird), HS, { op: 'create', activity: activity() })).toMatchObject({ ok: false, kind: 'network' });
    const fake = fakeFetch().on('POST', `${HS_API}/calls`, json({ status: 'error' }, 429, { 'retry-after': 'Mon, 23 Nov 2026 10:01:00 GMT' }));
    const broken = { fetch: fake.fetch, now: () => { throw new Error('no clock'); } };
    const outcome: WriteOutcome = await applyActivityWrite(broken, HS, { op: 'create', activity: activity() });
    expect(outcome).toMatchObject({ ok: false, kind: 'malformed', detail: 'no clock' });
  });

  it('through the client’s guarded fetch a write never reaches another host', async () => {
    const raw = vi.fn<typeof fetch>();
    const guarded = createCrmApiClient({ fetch: raw, now: () => NOW }).fetchFor(HS);
    // HubSpot's guard, Pipedrive's request: refused before the network.
    const outcome = await applyActivityWrite({ fetch: guarded, now: () => NOW }, PD, { op: 'create', activity: activity({ dealId: '1482' }) });
    expect(outcome).toMatchObject({ ok: false, kind: 'malformed', detail: 'refused to send credentials to fjordline.pipedrive.com' });
    expect(raw).not.toHaveBeenCalled();
  });
});
