import { beforeEach, describe, expect, it } from 'vitest';
import { applyActivityWrite } from '@/lib/crm/api/writes/apply';
import { forgetPipedriveActivityTypes, pipedriveBody, pipedriveWriter } from '@/lib/crm/pipedrive/writer';
import type { ActivityWrite, CrmRecordRef } from '@/lib/crm/api/write-types';
import type { PipedriveCredentials } from '@/lib/crm/api/types';
import type { ActivityType } from '@/lib/model/activity';
import { fakeFetch, json, type FakeFetch } from './fake-fetch';

// Pipedrive's side of writing a logged activity: the exact requests on the company host, the
// answers as Pipedrive sends them, and every way a write can fail.

const NOW = new Date('2026-11-23T10:00:00.000Z');
const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const TOKEN_ONLY: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: TOKEN };
const SESSION_THEN_TOKEN: PipedriveCredentials = { ...TOKEN_ONLY, useSession: true };
const SESSION_ONLY: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: true };
const HOST = 'https://fjordline.pipedrive.com/api';
/** Activities live on API v2, notes on v1 (they have no v2). */
const ACTIVITIES = `${HOST}/v2/activities`;
const NOTES = `${HOST}/v1/notes`;

const activity = (change: Partial<ActivityWrite> = {}): ActivityWrite => ({
  activityId: 'act-1', dealId: '1482',
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

/** POST /v1/activities as Pipedrive answers it (trimmed of the many null fields). */
const createdActivity = (id: number, change: Record<string, unknown> = {}, status = 201) =>
  json(
    {
      success: true,
      data: {
        id,
        company_id: 7,
        user_id: 11,
        done: true,
        type: 'call',
        due_date: '2026-11-23',
        due_time: '09:30',
        duration: '',
        subject: 'Call · Connected',
        deal_id: 1482,
        person_id: null,
        org_id: null,
        note: 'Budget &lt;confirmed&gt; &amp; signed<br>by the CFO<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
        add_time: '2026-11-23 10:00:01',
        marked_as_done_time: '2026-11-23 10:00:01',
        active_flag: true,
        deal_title: 'Fjordline – onboarding package',
        owner_name: 'Kari Nordmann',
        ...change,
      },
      additional_data: { updates_story_id: 90817 },
      related_objects: { user: { '11': { id: 11, name: 'Kari Nordmann', email: 'kari@fjordline.no' } } },
    },
    status,
  );
const createdNote = (id: number, status = 201) =>
  json({ success: true, data: { id, user_id: 11, deal_id: 1482, content: '<b>Note</b>', add_time: '2026-11-23 10:00:01', active_flag: true, pinned_to_deal_flag: false } }, status);
const deleted = (id: number) => json({ success: true, data: { id } });
const pipedriveError = (status: number, error: string, headers: Record<string, string> = {}) =>
  json({ success: false, error, errorCode: status, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.' }, status, headers);

beforeEach(() => forgetPipedriveActivityTypes());

/** GET /v1/activityTypes of a company, as Pipedrive answers it (the built-in types, plus `extra`). */
const activityTypes = (...extra: { key_string: string; name: string; active_flag?: boolean }[]) =>
  json({
    success: true,
    data: [
      ...['call', 'meeting', 'task', 'deadline', 'email', 'lunch'].map((key, i) => ({ id: i + 1, order_nr: i + 1, name: key[0]!.toUpperCase() + key.slice(1), key_string: key, icon_key: key, active_flag: true, is_custom_flag: false })),
      ...extra.map((t, i) => ({ id: 100 + i, order_nr: 100 + i, icon_key: 'task', active_flag: true, is_custom_flag: true, ...t })),
    ],
  });
const posted = (fake: FakeFetch) => fake.calls.filter((c) => c.method === 'POST').map((c) => JSON.parse(c.body!) as Record<string, unknown>);

describe('creating', () => {
  it('posts a done activity on the deal: the token in a header (never the URL), JSON body, time in UTC, note as escaped HTML', async () => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, createdActivity(311));
    expect(await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity())).toEqual({ ok: true, value: { kind: 'activity', id: '311' } });
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: 'POST', url: `${ACTIVITIES}`, credentials: 'omit' });
    expect(call!.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-api-token': TOKEN });
    expect(call!.url).not.toContain(TOKEN);
    expect(call!.body).not.toContain(TOKEN);
    expect(sent(fake)).toEqual({
      subject: 'Call · Connected',
      type: 'call',
      deal_id: 1482,
      done: true,
      due_date: '2026-11-23',
      due_time: '09:30',
      note: 'Budget &lt;confirmed&gt; &amp; signed<br>by the CFO<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]',
    });
  });

  it('writes the time of day in UTC whatever offset the activity was logged with', () => {
    expect(pipedriveBody('main', activity({ at: '2026-11-24T00:15:00.000+01:00' }))).toMatchObject({ due_date: '2026-11-23', due_time: '23:15' });
  });

  it('the next step is an open task due on the rep’s day, without a time (all day)', async () => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, createdActivity(312, { done: false, type: 'task' }));
    expect(await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'nextStep', activity({ nextStep: NEXT }))).toEqual({ ok: true, value: { kind: 'activity', id: '312' } });
    expect(sent(fake)).toEqual({ subject: 'Send the proposal', type: 'task', deal_id: 1482, done: false, due_date: '2026-11-25', note: '[stagecraft:v1;kind=activity;id=act-1;role=nextStep]' });
  });

  it('west of UTC the due day stays the rep’s day, not the next UTC day', () => {
    // 23:59 in New York is 04:59 the next day in UTC.
    expect(pipedriveBody('nextStep', activity({ nextStep: { title: 'Call back', dueAt: '2026-11-25T23:59:59.999-05:00' } }))).toMatchObject({ due_date: '2026-11-25' });
  });

  it.each<[ActivityType, string]>([
    ['call', 'call'],
    ['email', 'email'],
    ['meeting', 'meeting'],
    ['demo', 'meeting'],
    ['proposal', 'task'],
    ['task', 'task'],
  ])('a %s is an activity of Pipedrive’s type %s (in a company with only the built-in types)', async (type, pipedriveType) => {
    const fake = fakeFetch().on('GET', '/api/v1/activityTypes', activityTypes()).on('POST', `${ACTIVITIES}`, createdActivity(5));
    await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ type, outcome: null }));
    expect(posted(fake)[0]).toMatchObject({ type: pipedriveType, done: true });
  });

  it('a company’s own Demo and Proposal types are used (by key or name; not when switched off), looked up once an hour', async () => {
    const fake = fakeFetch()
      .on('GET', '/api/v1/activityTypes', activityTypes({ key_string: 'demo', name: 'Demo' }, { key_string: 'proposal_sent', name: 'Proposal' }, { key_string: 'old_demo', name: 'Old demo', active_flag: false }))
      .on('POST', `${ACTIVITIES}`, createdActivity(5));
    await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ type: 'demo', outcome: 'held' }));
    await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ type: 'proposal', outcome: 'sent' }));
    await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ type: 'call' }));
    expect(posted(fake).map((body) => body.type)).toEqual(['demo', 'proposal_sent', 'call']);
    expect(fake.calls.filter((c) => c.method === 'GET')).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ url: 'https://fjordline.pipedrive.com/api/v1/activityTypes', headers: expect.objectContaining({ 'x-api-token': TOKEN }) });
  });

  it('when the types cannot be read, the write still goes, with the built-in type', async () => {
    const fake = fakeFetch().on('GET', '/api/v1/activityTypes', pipedriveError(500, 'Internal error')).on('POST', `${ACTIVITIES}`, createdActivity(5));
    expect(await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ type: 'demo', outcome: 'held' }))).toEqual({ ok: true, value: { kind: 'activity', id: '5' } });
    expect(posted(fake)[0]).toMatchObject({ type: 'meeting' });
  });

  it('a note becomes a deal note: the subject in bold, the text escaped', async () => {
    const fake = fakeFetch().on('POST', `${NOTES}`, createdNote(55));
    const note = activity({ type: 'note', outcome: null, subject: 'Note', note: 'Legal asks for <24h> SLA & a DPA\nNext: security review' });
    expect(await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', note)).toEqual({ ok: true, value: { kind: 'note', id: '55' } });
    expect(sent(fake)).toEqual({ content: '<b>Note</b><br>Legal asks for &lt;24h&gt; SLA &amp; a DPA<br>Next: security review<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]', deal_id: 1482 });
    expect(pipedriveBody('main', activity({ type: 'note', subject: 'A & B', note: '' }))).toEqual({ content: 'A &amp; B<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]', deal_id: 1482 });
  });

  it('bounds what goes out: subject 255 characters, note 10 000 before escaping', () => {
    const body = pipedriveBody('main', activity({ subject: 'S'.repeat(300), note: 'n'.repeat(12_000) }));
    expect(body.subject).toHaveLength(255);
    expect(String(body.subject).endsWith('…')).toBe(true);
    expect(body.note).toBe(`${'n'.repeat(10_000)}<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]`);
    const step = pipedriveBody('nextStep', activity({ nextStep: { title: 'T'.repeat(400), dueAt: NEXT.dueAt } }));
    expect(step.subject).toHaveLength(255);
  });

  it('a deal id that is not Pipedrive’s is never sent', async () => {
    const fake = fakeFetch();
    for (const dealId of ['0', '12a', '1/../../users', '']) {
      expect(await pipedriveWriter.create(ctx(fake), TOKEN_ONLY, 'main', activity({ dealId }))).toMatchObject({ ok: false, kind: 'notFound' });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('signing in', () => {
  it('uses the web session first (cookies, no token header) and the token only when the session is refused', async () => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, (request) => (request.credentials === 'include' ? pipedriveError(401, 'unauthorized access') : createdActivity(9)));
    expect(await pipedriveWriter.create(ctx(fake), SESSION_THEN_TOKEN, 'main', activity())).toEqual({ ok: true, value: { kind: 'activity', id: '9' } });
    expect(fake.calls.map((c) => [c.credentials, c.headers['x-api-token'] ?? null])).toEqual([
      ['include', null],
      ['omit', TOKEN],
    ]);
  });

  it('a 403 for the session also falls back to the token', async () => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, pipedriveError(403, 'You do not have permission'), createdActivity(9));
    expect(await pipedriveWriter.create(ctx(fake), SESSION_THEN_TOKEN, 'main', activity())).toMatchObject({ ok: true });
    expect(fake.calls).toHaveLength(2);
  });

  it.each([
    ['a server error', pipedriveError(502, 'Bad gateway'), 'network'],
    ['a timeout', () => Promise.reject(new DOMException('no answer', 'TimeoutError')), 'timeout'],
    ['a rate limit', pipedriveError(429, 'Request over limit'), 'rateLimited'],
  ] as const)('after %s the token is not tried: the session’s write may have gone through', async (_name, answer, kind) => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, answer);
    expect(await pipedriveWriter.create(ctx(fake), SESSION_THEN_TOKEN, 'main', activity())).toMatchObject({ ok: false, kind });
    expect(fake.calls).toHaveLength(1);
  });

  it('a refused session without a token is unauthorized; no way to sign in at all sends nothing', async () => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, pipedriveError(401, 'unauthorized access'));
    expect(await pipedriveWriter.create(ctx(fake), SESSION_ONLY, 'main', activity())).toMatchObject({ ok: false, kind: 'unauthorized', status: 401, detail: '401: unauthorized access' });
    const none = fakeFetch();
    expect(await applyActivityWrite(ctx(none), { crm: 'pipedrive', company: 'fjordline', useSession: false }, { op: 'create', activity: activity() })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(none.calls).toEqual([]);
  });
});

describe('updating and deleting', () => {
  const ACTIVITY: CrmRecordRef = { kind: 'activity', id: '311' };

  it('updates with PATCH on the record: the deal stays as it is, the rest is sent again', async () => {
    const fake = fakeFetch().on('PATCH', `${ACTIVITIES}/311`, createdActivity(311, { subject: 'Call · No answer' }, 200));
    expect(await pipedriveWriter.update(ctx(fake), TOKEN_ONLY, ACTIVITY, 'main', activity({ outcome: 'noAnswer', subject: 'Call · No answer', note: '' }))).toEqual({ ok: true, value: ACTIVITY });
    expect(fake.calls[0]).toMatchObject({ method: 'PATCH', url: `${ACTIVITIES}/311` });
    expect(sent(fake)).toEqual({ subject: 'Call · No answer', type: 'call', done: true, due_date: '2026-11-23', due_time: '09:30', note: '[stagecraft:v1;kind=activity;id=act-1;role=main]' });
  });

  it('an edited next step keeps whether the rep already ticked it off in Pipedrive', async () => {
    const fake = fakeFetch().on('PATCH', `${ACTIVITIES}/312`, createdActivity(312, {}, 200));
    await pipedriveWriter.update(ctx(fake), TOKEN_ONLY, { kind: 'activity', id: '312' }, 'nextStep', activity({ nextStep: { title: 'Send the revised proposal', dueAt: '2026-11-27T23:59:59.999+01:00' } }));
    expect(sent(fake)).toEqual({ subject: 'Send the revised proposal', type: 'task', due_date: '2026-11-27', note: '[stagecraft:v1;kind=activity;id=act-1;role=nextStep]' });
  });

  it('a note is updated through the notes API', async () => {
    const fake = fakeFetch().on('PUT', `${NOTES}/55`, createdNote(55, 200));
    await pipedriveWriter.update(ctx(fake), TOKEN_ONLY, { kind: 'note', id: '55' }, 'main', activity({ type: 'note', subject: 'Note', note: 'x' }));
    expect(sent(fake)).toEqual({ content: '<b>Note</b><br>x<br><br>[stagecraft:v1;kind=activity;id=act-1;role=main]' });
  });

  it.each([
    [404, pipedriveError(404, 'Activity not found')],
    [410, pipedriveError(410, 'Activity is deleted')],
  ])('an update answered %i is notFound: the record is gone and will be written anew', async (status, answer) => {
    const fake = fakeFetch().on('PATCH', `${ACTIVITIES}/311`, answer);
    expect(await pipedriveWriter.update(ctx(fake), TOKEN_ONLY, ACTIVITY, 'main', activity())).toMatchObject({ ok: false, kind: 'notFound', status });
  });

  it('deletes with DELETE; one already gone (404, 410) counts as deleted; a server error does not', async () => {
    const fake = fakeFetch()
      .on('DELETE', `${ACTIVITIES}/311`, deleted(311))
      .on('DELETE', `${ACTIVITIES}/312`, pipedriveError(404, 'Activity not found'))
      .on('DELETE', `${NOTES}/55`, pipedriveError(410, 'Note is deleted'))
      .on('DELETE', `${ACTIVITIES}/313`, pipedriveError(500, 'Internal error'));
    expect(await pipedriveWriter.remove(ctx(fake), TOKEN_ONLY, ACTIVITY)).toEqual({ ok: true, value: true });
    expect(await pipedriveWriter.remove(ctx(fake), TOKEN_ONLY, { kind: 'activity', id: '312' })).toEqual({ ok: true, value: true });
    expect(await pipedriveWriter.remove(ctx(fake), TOKEN_ONLY, { kind: 'note', id: '55' })).toEqual({ ok: true, value: true });
    expect(await pipedriveWriter.remove(ctx(fake), TOKEN_ONLY, { kind: 'activity', id: '313' })).toMatchObject({ ok: false, kind: 'network', status: 500 });
    expect(fake.calls.map((c) => [c.method, c.url.slice(HOST.length)])).toEqual([
      ['DELETE', '/v2/activities/311'],
      ['DELETE', '/v2/activities/312'],
      ['DELETE', '/v1/notes/55'],
      ['DELETE', '/v2/activities/313'],
    ]);
    expect(fake.calls.every((c) => c.body === undefined)).toBe(true);
  });

  it('refs that cannot be Pipedrive’s are never sent: an update says notFound, a delete has nothing to do', async () => {
    const fake = fakeFetch();
    for (const ref of [{ kind: 'activity', id: '../deals/1' }, { kind: 'calls', id: '311' }, { kind: 'note', id: '-1' }]) {
      expect(await pipedriveWriter.update(ctx(fake), TOKEN_ONLY, ref, 'main', activity())).toMatchObject({ ok: false, kind: 'notFound' });
      expect(await pipedriveWriter.remove(ctx(fake), TOKEN_ONLY, ref)).toEqual({ ok: true, value: true });
    }
    expect(fake.calls).toEqual([]);
  });
});

describe('a create that fails is a value, and claims nothing was written', () => {
  it.each([
    ['401', pipedriveError(401, 'unauthorized access'), { kind: 'unauthorized', status: 401, messageKey: 'connections.problem.unauthorized' }],
    ['403', pipedriveError(403, 'You do not have permission to add activities'), { kind: 'forbidden', status: 403 }],
    ['404 (the deal is gone)', pipedriveError(404, 'Deal not found'), { kind: 'notFound', status: 404 }],
    ['429 with Retry-After', pipedriveError(429, 'Request over limit', { 'retry-after': '7' }), { kind: 'rateLimited', retryAfter: 7 }],
    ['400 (a field it refuses)', pipedriveError(400, 'Type is not valid'), { kind: 'malformed', status: 400, detail: '400: Type is not valid' }],
    ['500', pipedriveError(500, 'Internal server error'), { kind: 'network', status: 500 }],
    ['HTML instead of JSON', new Response('<html>maintenance</html>', { status: 201 }), { kind: 'malformed', path: '$' }],
    ['an answer without an id', json({ success: true, data: { subject: 'x' } }, 201), { kind: 'malformed', path: 'data.id' }],
    ['an id that is no positive integer', json({ success: true, data: { id: '311' } }, 201), { kind: 'malformed', path: 'data.id' }],
    ['an id of 0', json({ success: true, data: { id: 0 } }, 201), { kind: 'malformed', path: 'data.id' }],
    ['success: false with 200', json({ success: false, error: 'x' }), { kind: 'malformed', path: 'success' }],
  ])('%s', async (_name, answer, expected) => {
    const fake = fakeFetch().on('POST', `${ACTIVITIES}`, answer);
    const outcome = await applyActivityWrite(ctx(fake), TOKEN_ONLY, { op: 'create', activity: activity({ nextStep: NEXT }) });
    expect(outcome).toMatchObject({ ok: false, ...expected });
    expect(outcome).not.toHaveProperty('refs');
    expect(fake.calls).toHaveLength(1); // no next step without its activity
  });

  it('a timeout and a network error', async () => {
    const slow = fakeFetch().on('POST', `${ACTIVITIES}`, () => Promise.reject(new DOMException('no answer within 10000 ms', 'TimeoutError')));
    expect(await pipedriveWriter.create(ctx(slow), TOKEN_ONLY, 'main', activity())).toMatchObject({ ok: false, kind: 'timeout', messageKey: 'connections.problem.timeout' });
    const down = fakeFetch().on('POST', `${ACTIVITIES}`, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await pipedriveWriter.create(ctx(down), TOKEN_ONLY, 'main', activity())).toMatchObject({ ok: false, kind: 'network', detail: 'Failed to fetch' });
  });
});
