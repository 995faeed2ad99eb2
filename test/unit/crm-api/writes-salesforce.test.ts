import { describe, expect, it } from 'vitest';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import { salesforceFields, salesforceWriter } from '@/lib/crm/salesforce/writer';
import type { ActivityWrite, CrmRecordRef } from '@/lib/crm/api/write-types';
import type { SalesforceCredentials } from '@/lib/crm/api/types';
import type { ActivityType } from '@/lib/model/activity';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

// Salesforce's side of writing a logged activity: Tasks and Events on the opportunity with the
// rep's session, the answers as Salesforce sends them (201 with an id, 204 without a body, error
// arrays), and every way a write can fail.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const SID = '00D5g000004xyzQ!AQ0AQHf1pL6.sessionvalue';
const SF: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'crestpoint.my.salesforce.com', sessionId: SID };
const SOBJECTS = 'https://crestpoint.my.salesforce.com/services/data/v60.0/sobjects';
const OPP = '0065g00000TqV8mAAF';
const TASK_ID = '00T5g00000AbCdEAAX';
const EVENT_ID = '00U5g00000XyZaBEAV';

const activity = (change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-1', dealId: OPP,
  type: 'call',
  outcome: 'connected',
  subject: 'Call · Connected',
  note: 'Budget <confirmed> & signed\nby the CFO',
  at: '2026-11-23T09:30:00.000Z',
  nextStep: null,
  ...change,
});
const NEXT = { title: 'Send the proposal', dueAt: '2026-11-25T23:59:59.999+01:00' };
const ctx = (fake: FakeFetch) => ({ fetch: fake.fetch, now: () => NOW });
const sent = (fake: FakeFetch, n = 0) => JSON.parse(fake.calls[n]!.body!) as Record<string, unknown>;
const created = (id: string) => json({ id, success: true, errors: [] }, 201);
const noContent = () => new Response(null, { status: 204 });
const sfError = (status: number, errorCode: string, message: string, fields: string[] = []) => json([{ message, errorCode, fields }], status);

describe('creating', () => {
  it('posts a completed Task on the opportunity with the session as Bearer and no cookies', async () => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Task`, created(TASK_ID));
    expect(await salesforceWriter.create(ctx(fake), SF, 'main', activity())).toEqual({ ok: true, value: { kind: 'Task', id: TASK_ID } });
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: 'POST', url: `${SOBJECTS}/Task`, credentials: 'omit' });
    expect(call!.headers).toEqual({ authorization: `Bearer ${SID}`, accept: 'application/json', 'content-type': 'application/json' });
    expect(call!.url).not.toContain(SID);
    // Plain text: Salesforce's Description is not HTML.
    expect(sent(fake)).toEqual({ WhatId: OPP, Subject: 'Call · Connected', ActivityDate: '2026-11-23', Status: 'Completed', Description: 'Budget <confirmed> & signed\nby the CFO\n\n[stagecraft:v1;kind=activity;id=act-1;role=main]', TaskSubtype: 'Call' });
  });

  it.each<[ActivityType, string]>([
    ['call', 'Call'],
    ['email', 'Email'],
    ['proposal', 'Task'],
    ['note', 'Task'],
    ['task', 'Task'],
  ])('a %s is a completed Task of subtype %s', (type, subtype) => {
    expect(salesforceFields('main', activity({ type }), true)).toMatchObject({ Status: 'Completed', TaskSubtype: subtype });
  });

  it.each<ActivityType>(['meeting', 'demo'])('a %s is an Event at its time, half an hour long', async (type) => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Event`, created(EVENT_ID));
    expect(await salesforceWriter.create(ctx(fake), SF, 'main', activity({ type, outcome: 'held', subject: 'Demo · Held' }))).toEqual({ ok: true, value: { kind: 'Event', id: EVENT_ID } });
    expect(sent(fake)).toEqual({ WhatId: OPP, Subject: 'Demo · Held', StartDateTime: '2026-11-23T09:30:00.000Z', DurationInMinutes: 30, Description: 'Budget <confirmed> & signed\nby the CFO\n\n[stagecraft:v1;kind=activity;id=act-1;role=main]' });
  });

  it('the next step is a Task "Not Started" due on the rep’s day, also west of UTC', async () => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Task`, created('00T5g00000AbCdFAAX'));
    expect(await salesforceWriter.create(ctx(fake), SF, 'nextStep', activity({ nextStep: NEXT }))).toEqual({ ok: true, value: { kind: 'Task', id: '00T5g00000AbCdFAAX' } });
    expect(sent(fake)).toEqual({ WhatId: OPP, Subject: 'Send the proposal', ActivityDate: '2026-11-25', Description: 'Call · Connected\n\n[stagecraft:v1;kind=activity;id=act-1;role=nextStep]', Status: 'Not Started', TaskSubtype: 'Task' });
    expect(salesforceFields('nextStep', activity({ nextStep: { title: 'x', dueAt: '2026-11-25T23:59:59.999-08:00' } }), true)).toMatchObject({ ActivityDate: '2026-11-25' });
  });

  it('bounds what goes out: Subject 255 characters, Description 32 000', () => {
    const fields = salesforceFields('main', activity({ subject: 'S'.repeat(256), note: 'n'.repeat(40_000) }), true);
    expect(fields.Subject).toHaveLength(255);
    expect(fields.Description).toHaveLength(32_000);
  });

  it('accepts 15- and 18-character ids only, both as the opportunity and in the answer', async () => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Task`, created('00T5g00000AbCdE'));
    expect(await salesforceWriter.create(ctx(fake), SF, 'main', activity({ dealId: '0065g00000TqV8m' }))).toEqual({ ok: true, value: { kind: 'Task', id: '00T5g00000AbCdE' } });
    const none = fakeFetch();
    for (const dealId of ['0065g00000TqV8mAA', "0065g00000TqV8m' OR Id != '", '']) {
      expect(await salesforceWriter.create(ctx(none), SF, 'main', activity({ dealId }))).toMatchObject({ ok: false, kind: 'notFound' });
    }
    expect(none.calls).toEqual([]);
  });
});

describe('updating and deleting', () => {
  const TASK: CrmRecordRef = { kind: 'Task', id: TASK_ID };

  it('updates with PATCH and reads the empty 204; the create-only fields are left out', async () => {
    const fake = fakeFetch().on('PATCH', `${SOBJECTS}/Task/${TASK_ID}`, noContent());
    expect(await salesforceWriter.update(ctx(fake), SF, TASK, 'main', activity({ outcome: 'noAnswer', subject: 'Call · No answer', note: '' }))).toEqual({ ok: true, value: TASK });
    expect(fake.calls[0]).toMatchObject({ method: 'PATCH', url: `${SOBJECTS}/Task/${TASK_ID}`, headers: expect.objectContaining({ authorization: `Bearer ${SID}` }) });
    expect(sent(fake)).toEqual({ Subject: 'Call · No answer', ActivityDate: '2026-11-23', Status: 'Completed', Description: '[stagecraft:v1;kind=activity;id=act-1;role=main]' });
  });

  it('an edited next step keeps its status: a task completed in Salesforce is not reopened', async () => {
    const fake = fakeFetch().on('PATCH', `${SOBJECTS}/Task/00T5g00000AbCdFAAX`, noContent());
    await salesforceWriter.update(ctx(fake), SF, { kind: 'Task', id: '00T5g00000AbCdFAAX' }, 'nextStep', activity({ nextStep: NEXT }));
    expect(sent(fake)).toEqual({ Subject: 'Send the proposal', ActivityDate: '2026-11-25', Description: 'Call · Connected\n\n[stagecraft:v1;kind=activity;id=act-1;role=nextStep]' });
  });

  it('an update of a deleted record is notFound (gone, to be written anew)', async () => {
    const fake = fakeFetch().on('PATCH', `${SOBJECTS}/Event/${EVENT_ID}`, sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted'));
    expect(await salesforceWriter.update(ctx(fake), SF, { kind: 'Event', id: EVENT_ID }, 'main', activity({ type: 'meeting' }))).toMatchObject({
      ok: false,
      kind: 'notFound',
      status: 404,
      detail: 'ENTITY_IS_DELETED: entity is deleted',
    });
  });

  it('deletes with DELETE (204); one already deleted counts as deleted; a refusal does not', async () => {
    const fake = fakeFetch()
      .on('DELETE', `${SOBJECTS}/Task/${TASK_ID}`, noContent())
      .on('DELETE', `${SOBJECTS}/Event/${EVENT_ID}`, sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted'))
      .on('DELETE', `${SOBJECTS}/Task/00T5g00000AbCdFAAX`, sfError(403, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on object id'));
    expect(await salesforceWriter.remove(ctx(fake), SF, TASK)).toEqual({ ok: true, value: true });
    expect(await salesforceWriter.remove(ctx(fake), SF, { kind: 'Event', id: EVENT_ID })).toEqual({ ok: true, value: true });
    expect(await salesforceWriter.remove(ctx(fake), SF, { kind: 'Task', id: '00T5g00000AbCdFAAX' })).toMatchObject({ ok: false, kind: 'forbidden', detail: 'INSUFFICIENT_ACCESS_OR_READONLY: insufficient access rights on object id' });
    expect(fake.calls.map((c) => [c.method, c.body])).toEqual([
      ['DELETE', undefined],
      ['DELETE', undefined],
      ['DELETE', undefined],
    ]);
  });

  it('refs that cannot be Salesforce’s are never sent', async () => {
    const fake = fakeFetch();
    for (const ref of [{ kind: 'Opportunity', id: OPP }, { kind: 'Task', id: '../Opportunity/x' }, { kind: 'Task', id: '00T' }]) {
      expect(await salesforceWriter.update(ctx(fake), SF, ref, 'main', activity())).toMatchObject({ ok: false, kind: 'notFound' });
      expect(await salesforceWriter.remove(ctx(fake), SF, ref)).toEqual({ ok: true, value: true });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('a create that fails is a value, and claims nothing was written', () => {
  it.each([
    ['401 (session expired)', sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid'), { kind: 'unauthorized', status: 401, detail: 'INVALID_SESSION_ID: Session expired or invalid' }],
    ['403 (no access)', sfError(403, 'INSUFFICIENT_ACCESS_OR_READONLY', 'insufficient access rights on cross-reference id'), { kind: 'forbidden', status: 403 }],
    ['403 (the org’s daily API limit)', sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), { kind: 'rateLimited', status: 403 }],
    ['404', sfError(404, 'NOT_FOUND', 'The requested resource does not exist'), { kind: 'notFound', status: 404 }],
    ['429 with Retry-After', json([{ message: 'slow down', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 429, { 'retry-after': '30' }), { kind: 'rateLimited', retryAfter: 30 }],
    ['400 (a required field)', sfError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Custom__c]', ['Custom__c']), { kind: 'malformed', status: 400, detail: 'REQUIRED_FIELD_MISSING: Required fields are missing: [Custom__c]' }],
    ['500', sfError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred'), { kind: 'network', status: 500 }],
    ['not JSON (a login page)', new Response('<html><head><title>Login</title></head></html>', { status: 201 }), { kind: 'malformed', path: '$' }],
    ['an answer without an id', json({ success: true, errors: [] }, 201), { kind: 'malformed', path: 'id' }],
    ['an id that is not Salesforce’s', json({ id: '00T/../x', success: true, errors: [] }, 201), { kind: 'malformed', path: 'id' }],
    ['success: false', json({ id: TASK_ID, success: false, errors: [{ statusCode: 'X' }] }, 201), { kind: 'malformed', path: 'success' }],
  ])('%s', async (_name, answer, expected) => {
    const fake = fakeFetch().on('POST', `${SOBJECTS}/Task`, answer);
    const outcome = await applyActivityWrite(ctx(fake), SF, { op: 'create', activity: activity({ nextStep: NEXT }) });
    expect(outcome).toMatchObject({ ok: false, ...expected });
    expect(outcome).not.toHaveProperty('refs');
    expect(fake.calls).toHaveLength(1);
  });

  it('a timeout, and an update that times out', async () => {
    const fake = fakeFetch()
      .on('POST', `${SOBJECTS}/Task`, () => Promise.reject(new DOMException('no answer', 'TimeoutError')))
      .on('PATCH', `${SOBJECTS}/Task/${TASK_ID}`, () => Promise.reject(new DOMException('aborted', 'AbortError')));
    expect(await salesforceWriter.create(ctx(fake), SF, 'main', activity())).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await salesforceWriter.update(ctx(fake), SF, { kind: 'Task', id: TASK_ID }, 'main', activity())).toMatchObject({ ok: false, kind: 'timeout' });
  });
});
