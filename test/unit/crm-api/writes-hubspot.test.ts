import { describe, expect, it } from 'vitest';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import { CALL_DISPOSITIONS, DEAL_ASSOCIATION_TYPE, hubspotProperties, hubspotWriter } from '@/lib/crm/hubspot/writer';
import type { ActivityWrite, CrmRecordRef } from '@/lib/crm/api/write-types';
import type { HubspotCredentials } from '@/lib/crm/api/types';
import type { ActivityType } from '@/lib/model/activity';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

// HubSpot's side of writing a logged activity: one engagement object per type, associated with the
// deal on creation, the answers as HubSpot sends them, and every way a write can fail.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';
const HS: HubspotCredentials = { crm: 'hubspot', token: TOKEN };
const OBJECTS = 'https://api.hubapi.com/crm/v3/objects';
const ACCOUNT_INFO = 'https://api.hubapi.com/account-info/v3/details';

const activity = (change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-1', dealId: '9001',
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
const sent = (fake: FakeFetch, n = 0) => JSON.parse(fake.calls[n]!.body!) as { properties: Record<string, string>; associations?: unknown };

/** A created engagement as HubSpot answers it. */
const engagement = (id: string, properties: Record<string, string> = {}, status = 201) =>
  json(
    {
      id,
      properties: { hs_createdate: '2026-11-23T10:00:01.120Z', hs_lastmodifieddate: '2026-11-23T10:00:01.120Z', hs_object_id: id, hs_timestamp: '2026-11-23T09:30:00Z', ...properties },
      createdAt: '2026-11-23T10:00:01.120Z',
      updatedAt: '2026-11-23T10:00:01.120Z',
      archived: false,
    },
    status,
  );
const hubspotError = (status: number, category: string, message: string, headers: Record<string, string> = {}) =>
  json({ status: 'error', message, correlationId: '6c8e4b2a-1f0e-4a47-9d1e-3b5c2a1f0e9d', category }, status, headers);
const account = (portalId: number) => json({ portalId, accountType: 'STANDARD', timeZone: 'Europe/Berlin', companyCurrency: 'EUR', additionalCurrencies: [], utcOffset: '+01:00', utcOffsetMilliseconds: 3_600_000, uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' });

describe('creating', () => {
  it('posts a call with the token as Bearer, associated with the deal, HubSpot’s outcome and an escaped body', async () => {
    const fake = fakeFetch().on('POST', `${OBJECTS}/calls`, engagement('51001', { hs_call_status: 'COMPLETED' }));
    expect(await hubspotWriter.create(ctx(fake), HS, 'main', activity())).toEqual({ ok: true, value: { kind: 'calls', id: '51001' } });
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: 'POST', url: `${OBJECTS}/calls`, credentials: 'omit' });
    expect(call!.headers).toEqual({ authorization: `Bearer ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' });
    expect(call!.body).not.toContain(TOKEN);
    expect(sent(fake)).toEqual({
      properties: {
        hs_timestamp: '2026-11-23T09:30:00.000Z',
        hs_call_title: 'Call · Connected',
        hs_call_body: 'Budget &lt;confirmed&gt; &amp; signed<br>by the CFO<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
        hs_call_status: 'COMPLETED',
        hs_call_direction: 'OUTBOUND',
        hs_call_disposition: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
      },
      associations: [{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 206 }] }],
    });
  });

  it.each<[ActivityType, string, number]>([
    ['call', 'calls', 206],
    ['email', 'emails', 210],
    ['meeting', 'meetings', 212],
    ['demo', 'meetings', 212],
    ['note', 'notes', 214],
    ['task', 'tasks', 216],
    ['proposal', 'tasks', 216],
  ])('a %s is a HubSpot %s engagement with the deal association type %i', async (type, kind, typeId) => {
    const fake = fakeFetch().on('POST', `${OBJECTS}/${kind}`, engagement('7'));
    expect(await hubspotWriter.create(ctx(fake), HS, 'main', activity({ type, outcome: null }))).toEqual({ ok: true, value: { kind, id: '7' } });
    expect(sent(fake).associations).toEqual([{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }]);
    expect(DEAL_ASSOCIATION_TYPE[kind as keyof typeof DEAL_ASSOCIATION_TYPE]).toBe(typeId);
  });

  it.each([
    ['connected', 'f240bbac-87c9-4f6e-bf70-924b57d47db7'],
    ['leftVoicemail', 'b2cf5968-551e-4856-9783-52b3da59a7d0'],
    ['noAnswer', '73a0d17f-1163-4015-bdd5-ec830791da20'],
    ['wrongNumber', '17b47fee-58de-441e-a44c-c6300d46f273'],
  ])('the call outcome %s is HubSpot’s default disposition %s', (outcome, guid) => {
    expect(CALL_DISPOSITIONS[outcome]).toBe(guid);
    expect(hubspotProperties('main', activity({ outcome })).hs_call_disposition).toBe(guid);
  });

  it('an unknown or missing call outcome sends no disposition (nothing from the prototype either)', () => {
    for (const outcome of [null, 'busy', 'constructor', 'toString']) {
      expect(hubspotProperties('main', activity({ outcome }))).not.toHaveProperty('hs_call_disposition');
    }
  });

  it.each([
    ['held', 'COMPLETED'],
    ['noShow', 'NO_SHOW'],
    ['rescheduled', 'RESCHEDULED'],
  ])('a meeting %s is logged with the outcome %s, from its time for half an hour', (outcome, hubspotOutcome) => {
    expect(hubspotProperties('main', activity({ type: 'meeting', outcome, subject: 'Meeting · Held' }))).toEqual({
      hs_timestamp: '2026-11-23T09:30:00.000Z',
      hs_meeting_title: 'Meeting · Held',
      hs_meeting_body: 'Budget &lt;confirmed&gt; &amp; signed<br>by the CFO<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
      hs_meeting_start_time: '2026-11-23T09:30:00.000Z',
      hs_meeting_end_time: '2026-11-23T10:00:00.000Z',
      hs_meeting_outcome: hubspotOutcome,
    });
  });

  it('an email is a sent email with its text as plain text; replied is their incoming answer, bounced is bounced', () => {
    expect(hubspotProperties('main', activity({ type: 'email', outcome: 'sent', subject: 'Email · Sent' }))).toEqual({
      hs_timestamp: '2026-11-23T09:30:00.000Z',
      hs_email_subject: 'Email · Sent',
      hs_email_text: 'Budget <confirmed> & signed\nby the CFO\n\n[stagecraft:v1;kind=activity;id=act-1;role=main]',
      hs_email_direction: 'EMAIL',
      hs_email_status: 'SENT',
    });
    expect(hubspotProperties('main', activity({ type: 'email', outcome: 'replied' }))).toMatchObject({ hs_email_direction: 'INCOMING_EMAIL', hs_email_status: 'SENT' });
    expect(hubspotProperties('main', activity({ type: 'email', outcome: 'bounced' }))).toMatchObject({ hs_email_direction: 'EMAIL', hs_email_status: 'BOUNCED' });
  });

  it('a note is the subject and the escaped text; a proposal or task is a completed task', () => {
    expect(hubspotProperties('main', activity({ type: 'note', outcome: null, subject: 'Note', note: 'a < b\nc' }))).toEqual({ hs_timestamp: '2026-11-23T09:30:00.000Z', hs_note_body: 'Note<br>a &lt; b<br>c<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' });
    expect(hubspotProperties('main', activity({ type: 'note', subject: 'Q&A', note: '' }))).toEqual({ hs_timestamp: '2026-11-23T09:30:00.000Z', hs_note_body: 'Q&amp;A<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' });
    expect(hubspotProperties('main', activity({ type: 'proposal', outcome: 'accepted', subject: 'Proposal · Accepted', note: '' }))).toEqual({
      hs_timestamp: '2026-11-23T09:30:00.000Z',
      hs_task_subject: 'Proposal · Accepted',
      hs_task_body: '[stagecraft:v1;kind=activity;id=act-1;role=main]',
      hs_task_status: 'COMPLETED',
      hs_task_type: 'TODO',
    });
  });

  it('the next step is an open task due at the end of the rep’s day', async () => {
    const fake = fakeFetch().on('POST', `${OBJECTS}/tasks`, engagement('51002', { hs_task_status: 'NOT_STARTED' }));
    expect(await hubspotWriter.create(ctx(fake), HS, 'nextStep', activity({ nextStep: NEXT }))).toEqual({ ok: true, value: { kind: 'tasks', id: '51002' } });
    expect(sent(fake)).toEqual({
      properties: { hs_timestamp: '2026-11-25T22:59:59.999Z', hs_task_subject: 'Send the proposal', hs_task_body: 'Call · Connected<br><br>[stagecraft:v1;kind=activity;id=act-1;role=nextStep]', hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO' },
      associations: [{ to: { id: '9001' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }],
    });
  });

  it('bounds what goes out: titles 255 characters, the note 10 000 before escaping (under hs_note_body’s 65 536)', () => {
    const long = activity({ subject: 'S'.repeat(300), note: '<'.repeat(12_000) });
    const call = hubspotProperties('main', long);
    expect(call.hs_call_title).toHaveLength(255);
    expect(call.hs_call_body).toBe(`${'&lt;'.repeat(10_000)}<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]`);
    const note = hubspotProperties('main', { ...long, type: 'note', note: '"'.repeat(12_000) });
    expect(note.hs_note_body!.length).toBeLessThanOrEqual(65_536);
    expect(hubspotProperties('nextStep', activity({ nextStep: { title: 'T'.repeat(999), dueAt: NEXT.dueAt } })).hs_task_subject).toHaveLength(255);
  });

  it('a deal id that is not HubSpot’s is never sent', async () => {
    const fake = fakeFetch();
    for (const dealId of ['abc', '1/../../owners', '', '9'.repeat(21)]) {
      expect(await hubspotWriter.create(ctx(fake), HS, 'main', activity({ dealId }))).toMatchObject({ ok: false, kind: 'notFound' });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('updating and deleting', () => {
  const CALL: CrmRecordRef = { kind: 'calls', id: '51001' };

  it('updates with PATCH on the record: properties only (the association stays)', async () => {
    const fake = fakeFetch().on('PATCH', `${OBJECTS}/calls/51001`, engagement('51001', {}, 200));
    expect(await hubspotWriter.update(ctx(fake), HS, CALL, 'main', activity({ outcome: 'noAnswer', subject: 'Call · No answer', note: 'tried twice' }))).toEqual({ ok: true, value: CALL });
    expect(fake.calls[0]).toMatchObject({ method: 'PATCH', url: `${OBJECTS}/calls/51001`, headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) });
    expect(sent(fake)).toEqual({
      properties: {
        hs_timestamp: '2026-11-23T09:30:00.000Z',
        hs_call_title: 'Call · No answer',
        hs_call_body: 'tried twice<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
        hs_call_status: 'COMPLETED',
        hs_call_direction: 'OUTBOUND',
        hs_call_disposition: '73a0d17f-1163-4015-bdd5-ec830791da20',
      },
    });
  });

  it('an edited next step keeps its status: a task completed in HubSpot is not reopened', async () => {
    const fake = fakeFetch().on('PATCH', `${OBJECTS}/tasks/51002`, engagement('51002', {}, 200));
    await hubspotWriter.update(ctx(fake), HS, { kind: 'tasks', id: '51002' }, 'nextStep', activity({ nextStep: NEXT }));
    expect(sent(fake).properties).not.toHaveProperty('hs_task_status');
    expect(sent(fake).properties).toMatchObject({ hs_task_subject: 'Send the proposal', hs_timestamp: '2026-11-25T22:59:59.999Z' });
  });

  it.each([
    [404, hubspotError(404, 'OBJECT_NOT_FOUND', 'resource not found')],
    [410, hubspotError(410, 'OBJECT_ARCHIVED', 'object was archived')],
  ])('an update answered %i is notFound: gone, to be written anew', async (status, answer) => {
    const fake = fakeFetch().on('PATCH', `${OBJECTS}/calls/51001`, answer);
    expect(await hubspotWriter.update(ctx(fake), HS, CALL, 'main', activity())).toMatchObject({ ok: false, kind: 'notFound', status });
  });

  it('deletes with DELETE (204, no body); one already gone counts as deleted; a server error does not', async () => {
    const fake = fakeFetch()
      .on('DELETE', `${OBJECTS}/calls/51001`, new Response(null, { status: 204 }))
      .on('DELETE', `${OBJECTS}/tasks/51002`, hubspotError(404, 'OBJECT_NOT_FOUND', 'resource not found'))
      .on('DELETE', `${OBJECTS}/notes/51003`, hubspotError(503, 'SERVICE_UNAVAILABLE', 'Service unavailable'));
    expect(await hubspotWriter.remove(ctx(fake), HS, CALL)).toEqual({ ok: true, value: true });
    expect(await hubspotWriter.remove(ctx(fake), HS, { kind: 'tasks', id: '51002' })).toEqual({ ok: true, value: true });
    expect(await hubspotWriter.remove(ctx(fake), HS, { kind: 'notes', id: '51003' })).toMatchObject({ ok: false, kind: 'network', status: 503, detail: 'SERVICE_UNAVAILABLE: Service unavailable' });
    expect(fake.calls[0]).toMatchObject({ method: 'DELETE', body: undefined, headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/json' } });
  });

  it('refs that cannot be HubSpot’s are never sent', async () => {
    const fake = fakeFetch();
    for (const ref of [{ kind: 'deals', id: '9001' }, { kind: 'calls', id: '../deals/9001' }, { kind: 'constructor', id: '1' }]) {
      expect(await hubspotWriter.update(ctx(fake), HS, ref, 'main', activity())).toMatchObject({ ok: false, kind: 'notFound' });
      expect(await hubspotWriter.remove(ctx(fake), HS, ref)).toEqual({ ok: true, value: true });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('a create that fails is a value, and claims nothing was written', () => {
  it.each([
    ['401', hubspotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.'), { kind: 'unauthorized', status: 401, detail: 'INVALID_AUTHENTICATION: Authentication credentials not found.' }],
    ['403 (a missing scope)', hubspotError(403, 'MISSING_SCOPES', 'This app hasn’t been granted all required scopes'), { kind: 'forbidden', status: 403 }],
    ['429 with Retry-After', json({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }, 429, { 'retry-after': '2' }), { kind: 'rateLimited', retryAfter: 2 }],
    ['400 (an association it refuses)', hubspotError(400, 'VALIDATION_ERROR', 'One or more associations are invalid'), { kind: 'malformed', status: 400 }],
    ['500', hubspotError(500, 'INTERNAL_ERROR', 'internal error'), { kind: 'network', status: 500 }],
    ['not JSON', new Response('<html>Bad gateway</html>', { status: 201 }), { kind: 'malformed', path: '$' }],
    ['an answer without an id', json({ properties: {}, archived: false }, 201), { kind: 'malformed', path: 'id' }],
    ['an id that is not digits', json({ id: '../deals/1', properties: {} }, 201), { kind: 'malformed', path: 'id' }],
    ['a numeric id', json({ id: 51001, properties: {} }, 201), { kind: 'malformed', path: 'id' }],
  ])('%s', async (_name, answer, expected) => {
    const fake = fakeFetch().on('POST', `${OBJECTS}/calls`, answer);
    const outcome = await applyActivityWrite(ctx(fake), HS, { op: 'create', activity: activity({ nextStep: NEXT }) });
    expect(outcome).toMatchObject({ ok: false, ...expected });
    expect(outcome).not.toHaveProperty('refs');
    expect(fake.calls).toHaveLength(1);
  });

  it('a timeout', async () => {
    const fake = fakeFetch().on('POST', `${OBJECTS}/calls`, () => Promise.reject(new DOMException('no answer within 10000 ms', 'TimeoutError')));
    expect(await hubspotWriter.create(ctx(fake), HS, 'main', activity())).toMatchObject({ ok: false, kind: 'timeout' });
  });
});

describe('the token’s portal', () => {
  const PORTAL = { ...HS, portalId: '4711' };

  it('is checked first when the deal’s portal is known, then the write goes out', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account(4711)).on('POST', `${OBJECTS}/calls`, engagement('51001'));
    expect(await applyActivityWrite(ctx(fake), PORTAL, { op: 'create', activity: activity() })).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } });
    expect(fake.calls.map((c) => [c.method, c.url, c.headers.authorization])).toEqual([
      ['GET', ACCOUNT_INFO, `Bearer ${TOKEN}`],
      ['POST', `${OBJECTS}/calls`, `Bearer ${TOKEN}`],
    ]);
  });

  it('a token of another portal writes nothing, not even a delete', async () => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, account(999));
    expect(await applyActivityWrite(ctx(fake), PORTAL, { op: 'create', activity: activity() })).toMatchObject({ ok: false, kind: 'notConnected', detail: expect.stringContaining('999') });
    expect(await applyActivityWrite(ctx(fake), PORTAL, { op: 'delete', refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(fake.calls.map((c) => c.method)).toEqual(['GET', 'GET']);
  });

  it('an expired token or a rate limit stops the write with that reason', async () => {
    const expired = fakeFetch().on('GET', ACCOUNT_INFO, hubspotError(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired'));
    expect(await applyActivityWrite(ctx(expired), PORTAL, { op: 'create', activity: activity() })).toMatchObject({ ok: false, kind: 'unauthorized' });
    expect(expired.calls).toHaveLength(1);
    const limited = fakeFetch().on('GET', ACCOUNT_INFO, hubspotError(429, 'RATE_LIMITS', 'slow down', { 'retry-after': '9' }));
    expect(await applyActivityWrite(ctx(limited), PORTAL, { op: 'create', activity: activity() })).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 9 });
    expect(limited.calls).toHaveLength(1);
  });

  it.each([
    ['503', () => hubspotError(503, 'SERVICE_UNAVAILABLE', 'try later')],
    ['502', () => hubspotError(502, 'BAD_GATEWAY', 'bad gateway')],
    ['a timeout', () => Promise.reject(new DOMException('no answer within 10000 ms', 'TimeoutError'))],
    ['an answer without a portal', () => json({ accountType: 'STANDARD' })],
  ])('fails closed when the check answers %s: nothing is written, one line says why, the queue tries again later', async (_name, answer) => {
    const fake = fakeFetch().on('GET', ACCOUNT_INFO, answer).on('POST', `${OBJECTS}/calls`, engagement('51001')).on('DELETE', `${OBJECTS}/calls/51001`, new Response(null, { status: 204 }));
    const create = await applyActivityWrite(ctx(fake), PORTAL, { op: 'create', activity: activity() });
    expect(create).toMatchObject({ ok: false, messageKey: 'connections.problem.portalUnknown', detail: expect.stringMatching(/^could not confirm the token's HubSpot account: /) });
    expect(create.ok || ['network', 'timeout', 'malformed']).toContain(create.ok || create.kind);
    expect(await applyActivityWrite(ctx(fake), PORTAL, { op: 'delete', refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } })).toMatchObject({ ok: false, messageKey: 'connections.problem.portalUnknown' });
    expect(fake.calls.map((c) => [c.method, c.url])).toEqual([['GET', ACCOUNT_INFO], ['GET', ACCOUNT_INFO]]);
  });
});
