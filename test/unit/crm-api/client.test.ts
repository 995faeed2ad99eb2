import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCrmApiClient, type CrmApiClientOptions } from '@/lib/crm/api/client';
import { isAllowedApiUrl } from '@/lib/crm/api/hosts';
import { ForeignHostError, parseRetryAfter } from '@/lib/crm/api/http';
import type { CrmCredentials, HubspotCredentials, PipedriveCredentials, SalesforceCredentials } from '@/lib/crm/api/types';
import type { DealRef } from '@/lib/model/deal';
import { fakeFetch, file, fixture, json, pipedriveDealReads, type FakeFetch } from './fake-fetch';

const START = Date.parse('2025-03-14T10:00:00.000Z');
const PD_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const HS_TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';
const SF_SID = '00Dxx0000001gPL!AR8AQJXg5oK.session';
const PIPEDRIVE: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: PD_TOKEN };
const HUBSPOT: HubspotCredentials = { crm: 'hubspot', token: HS_TOKEN };
const SALESFORCE: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'acme.my.salesforce.com', sessionId: SF_SID };
const PD_REF: DealRef = { crm: 'pipedrive', account: 'fjordline', dealId: '1234' };
const SF_REF: DealRef = { crm: 'salesforce', account: 'acme', dealId: '0065g00000AbCdE' };

/** A clock that only moves when the client sleeps or the test says so. */
function clock() {
  let t = START;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    advance: (ms: number) => void (t += ms),
    sleeps,
  };
}

function pipedrive(overrides: (fake: FakeFetch) => void = () => {}): FakeFetch {
  const fake = fakeFetch();
  overrides(fake);
  return pipedriveDealReads(fake);
}

const dealCalls = (fake: FakeFetch) => fake.calls.filter((c) => c.url.includes('/api/v2/deals/1234')).length;

function client(fake: FakeFetch, c = clock(), options: Partial<CrmApiClientOptions> = {}) {
  return createCrmApiClient({ fetch: fake.fetch, now: c.now, sleep: c.sleep, random: () => 0.5, ...options });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Retry-After', () => {
  it.each([
    ['7', 7],
    ['0', 0],
    ['Fri, 14 Mar 2025 10:00:05 GMT', 5],
    ['Fri, 14 Mar 2025 09:00:00 GMT', 0],
    ['soon', undefined],
    ['-3', undefined],
    ['1.5', undefined],
  ])('%j → %s s', (header, seconds) => {
    expect(parseRetryAfter(header, new Date(START))).toBe(seconds);
  });
});

describe('back-off on 429', () => {
  it('waits as long as Retry-After says, then tries again', async () => {
    const c = clock();
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', file('pipedrive/rate-limited.json', 429, { 'Retry-After': '3' }), file('pipedrive/deal.json')));
    const result = await client(fake, c).readDeal(PD_REF, PIPEDRIVE);
    expect(result.ok).toBe(true);
    expect(c.sleeps).toEqual([3_000]);
    expect(dealCalls(fake)).toBe(2);
  });

  it('honours a Retry-After date against the injected clock', async () => {
    const c = clock();
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', json('{}', 429, { 'Retry-After': 'Fri, 14 Mar 2025 10:00:05 GMT' }), file('pipedrive/deal.json')));
    expect((await client(fake, c).readDeal(PD_REF, PIPEDRIVE)).ok).toBe(true);
    expect(c.sleeps).toEqual([5_000]);
  });

  it('without Retry-After backs off exponentially with jitter, and stops after maxAttempts', async () => {
    const c = clock();
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/rate-limited.json', 429));
    const result = await client(fake, c, { maxAttempts: 4, baseDelayMs: 1_000 }).readDeal(PD_REF, PIPEDRIVE);
    expect(result).toMatchObject({ ok: false, kind: 'rateLimited', messageKey: 'connections.problem.rateLimited' });
    // step/2 + random·step/2 with random = 0.5: 750, 1500, 3000.
    expect(c.sleeps).toEqual([750, 1_500, 3_000]);
    expect(dealCalls(fake)).toBe(4);
  });

  it('the jitter comes from the injected random source', async () => {
    const c = clock();
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', json('{}', 429));
    await client(fake, c, { maxAttempts: 3, random: () => 0 }).readDeal(PD_REF, PIPEDRIVE);
    expect(c.sleeps).toEqual([500, 1_000]);
  });

  it('does not wait for a long Retry-After: fails at once, then leaves the account alone until it has passed', async () => {
    const c = clock();
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', file('pipedrive/rate-limited.json', 429, { 'Retry-After': '120' }), file('pipedrive/deal.json')));
    const api = client(fake, c);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 120 });
    expect(c.sleeps).toEqual([]);
    expect(dealCalls(fake)).toBe(1);

    // No retry storm: other deals of the account wait too, without a request.
    c.advance(100_000);
    expect(await api.readDeal({ ...PD_REF, dealId: '99' }, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 20 });
    expect(fake.calls).toHaveLength(1);

    c.advance(20_000);
    expect((await api.readDeal(PD_REF, PIPEDRIVE)).ok).toBe(true);
    expect(dealCalls(fake)).toBe(2);
  });
});

describe('timeout', () => {
  it('gives up on a fetch that never answers, aborting it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    const never = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      signal = init?.signal ?? undefined;
      return new Promise<Response>(() => {});
    }) as typeof fetch;
    const api = createCrmApiClient({ fetch: never, now: () => new Date(START) });
    const pending = api.readDeal(PD_REF, PIPEDRIVE);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ ok: false, kind: 'timeout', messageKey: 'connections.problem.timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('also times out a body that never ends, with a configurable limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const stalled = (async () => new Response(new ReadableStream({ start() {} }), { status: 200 })) as typeof fetch;
    const api = createCrmApiClient({ fetch: stalled, now: () => new Date(START), timeoutMs: 2_000 });
    const pending = api.readDeal(PD_REF, PIPEDRIVE);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await pending).toMatchObject({ ok: false, kind: 'timeout' });
  });
});

describe('cache', () => {
  it('reuses a read for the TTL (default 5 minutes), then reads again', async () => {
    const c = clock();
    const fake = pipedrive();
    const api = client(fake, c);
    const first = await api.readDeal(PD_REF, PIPEDRIVE);
    const calls = fake.calls.length;
    c.advance(5 * 60_000 - 1);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toEqual(first);
    expect(fake.calls).toHaveLength(calls);
    c.advance(1);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(2);
  });

  it('is per deal (crm + account + id), with a configurable TTL, skipped by fresh reads and cleared on request', async () => {
    const c = clock();
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/77', json({ success: false, error: 'Deal not found', errorCode: 404 }, 404)));
    const api = client(fake, c, { cacheTtlMs: 1_000 });
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(await api.readDeal({ ...PD_REF, dealId: '77' }, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'notFound' });
    await api.readDeal(PD_REF, PIPEDRIVE, { fresh: true });
    expect(dealCalls(fake)).toBe(2);
    api.invalidate(PD_REF);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(3);
    api.clear('pipedrive');
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(4);
    c.advance(1_000);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(5);
  });

  it('failures are not cached', async () => {
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', json('nope', 500), file('pipedrive/deal.json')));
    const api = client(fake);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'network', status: 500 });
    expect((await api.readDeal(PD_REF, PIPEDRIVE)).ok).toBe(true);
  });

  it('a change seen on the page drops the read in flight too: the next read is its own, and the earlier one is not cached', async () => {
    let release = () => {};
    const held = new Promise<Response>((resolve) => (release = () => resolve(json(fixture('pipedrive/deal.json')))));
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', () => held, file('pipedrive/deal.json'), file('pipedrive/deal.json')));
    const api = client(fake);
    const before = api.readDeal(PD_REF, PIPEDRIVE);
    await vi.waitFor(() => expect(dealCalls(fake)).toBe(1));
    api.invalidate(PD_REF);
    const after = await api.readDeal(PD_REF, PIPEDRIVE, { fresh: true });
    expect(after.ok).toBe(true);
    expect(dealCalls(fake)).toBe(2); // not joined to the read begun before the change
    release();
    expect((await before).ok).toBe(true);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toEqual(after); // the cache holds the read begun after the change
    expect(dealCalls(fake)).toBe(2);
  });

  it('shares a read in flight instead of starting a second one', async () => {
    const fake = pipedrive();
    const api = client(fake);
    const [a, b] = await Promise.all([api.readDeal(PD_REF, PIPEDRIVE), api.readDeal(PD_REF, PIPEDRIVE)]);
    expect(a).toEqual(b);
    expect(dealCalls(fake)).toBe(1);
  });
});

describe('credentials go only to the CRM’s own API host', () => {
  it.each<[string, CrmCredentials, string]>([
    ['another host', HUBSPOT, 'https://evil.example/crm/v3/objects/deals/1'],
    ['a look-alike host', HUBSPOT, 'https://api.hubapi.com.evil.example/crm/v3/objects/deals/1'],
    ['plain http', HUBSPOT, 'http://api.hubapi.com/crm/v3/objects/deals/1'],
    ['another port', HUBSPOT, 'https://api.hubapi.com:8443/crm/v3/objects/deals/1'],
    ['user info', HUBSPOT, 'https://user:pw@api.hubapi.com/crm/v3/objects/deals/1'],
    ['another Pipedrive company', PIPEDRIVE, 'https://othercorp.pipedrive.com/api/v2/deals/1'],
    ['a Pipedrive page outside /api/', PIPEDRIVE, 'https://fjordline.pipedrive.com/deal/1'],
    ['another Salesforce org', SALESFORCE, 'https://other.my.salesforce.com/services/data/v60.0/query'],
    ['the Lightning host', SALESFORCE, 'https://acme.lightning.force.com/services/data/v60.0/query'],
    ['a relative URL', HUBSPOT, '/crm/v3/objects/deals/1'],
  ])('refuses %s without calling fetch', async (_name, credentials, url) => {
    const raw = vi.fn<typeof fetch>();
    const guarded = createCrmApiClient({ fetch: raw }).fetchFor(credentials);
    await expect(guarded(url, { headers: { Authorization: 'Bearer secret' } })).rejects.toBeInstanceOf(ForeignHostError);
    expect(raw).not.toHaveBeenCalled();
    expect(isAllowedApiUrl(credentials, url)).toBe(false);
  });

  it('lets the expected host through, never following redirects', async () => {
    const fake = fakeFetch().on('GET', 'api.hubapi.com', json({}));
    const guarded = createCrmApiClient({ fetch: fake.fetch }).fetchFor(HUBSPOT);
    expect((await guarded('https://api.hubapi.com/crm/v3/owners/1')).status).toBe(200);
    expect(fake.calls[0]!.redirect).toBe('error');
  });

  it('credentials that name a foreign host are refused before any request', async () => {
    const fake = pipedrive();
    const api = client(fake);
    expect(await api.readDeal(SF_REF, { ...SALESFORCE, instanceHost: 'evil.example' })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.readDeal(SF_REF, { ...SALESFORCE, instanceHost: 'other.my.salesforce.com' })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.readDeal(PD_REF, { ...PIPEDRIVE, company: 'evil.example/x' })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.readDeal({ ...PD_REF, account: 'othercorp' }, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.readDeal(PD_REF, HUBSPOT)).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(fake.calls).toEqual([]);
  });

  it('every request of a full read carries the token to the expected host only', async () => {
    const fake = pipedrive();
    await client(fake).readDeal(PD_REF, PIPEDRIVE);
    expect(fake.calls.length).toBeGreaterThan(3);
    for (const call of fake.calls) {
      expect(new URL(call.url).origin).toBe('https://fjordline.pipedrive.com');
      expect(call.redirect).toBe('error');
    }
  });
});

describe('other failures through the client', () => {
  it('a network error is network', async () => {
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await client(fake).readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'network', detail: 'Failed to fetch', messageKey: 'connections.problem.network' });
  });

  it('a 401 is not retried', async () => {
    const c = clock();
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/unauthorized.json', 401));
    expect(await client(fake, c).readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'unauthorized' });
    expect(fake.calls).toHaveLength(1);
    expect(c.sleeps).toEqual([]);
  });

  it('a Salesforce read goes to the org’s my.salesforce.com host', async () => {
    const fake = fakeFetch()
      .on('GET', /FROM Opportunity WHERE/, file('salesforce/opportunity.json'))
      .on('GET', '/ui-api/', file('salesforce/picklist-stagename.json'))
      .on('GET', /FROM OpportunityHistory /, file('salesforce/history.json'))
      .on('GET', /FROM Task /, file('salesforce/tasks.json'))
      .on('GET', /FROM Event /, file('salesforce/events.json'));
    const result = await client(fake).readDeal(SF_REF, SALESFORCE);
    expect(result).toMatchObject({ ok: true, value: { dealId: '0065g00000AbCdEAAZ', stage: { label: 'Needs Analysis' } } });
    expect(new Set(fake.calls.map((c) => new URL(c.url).host))).toEqual(new Set(['acme.my.salesforce.com']));
  });
});

describe('check (Check connection)', () => {
  it('reads one cheap thing per CRM, through the same guard', async () => {
    const fake = fakeFetch()
      .on('GET', 'SELECT Id FROM Opportunity LIMIT 1', json({ totalSize: 1, done: true, records: [{ Id: '0065g00000AbCdEAAZ' }] }))
      .on('GET', '/api/v1/users/me', file('pipedrive/user.json'))
      .on('GET', '/crm/v3/pipelines/deals', file('hubspot/pipelines.json'));
    const api = client(fake);
    expect(await api.check(SALESFORCE)).toEqual({ ok: true, value: true });
    expect(await api.check(PIPEDRIVE)).toEqual({ ok: true, value: true });
    expect(await api.check(HUBSPOT)).toEqual({ ok: true, value: true });
    expect(fake.calls.map((c) => new URL(c.url).host)).toEqual(['acme.my.salesforce.com', 'fjordline.pipedrive.com', 'api.hubapi.com']);
    expect(fake.calls.every((c) => c.redirect === 'error')).toBe(true);
  });

  it('reports the problem as data', async () => {
    const fake = fakeFetch()
      .on('GET', '/crm/v3/pipelines/deals', file('hubspot/forbidden.json', 403))
      .on('GET', '/api/v1/users/me', (request) => (request.credentials === 'include' ? json({ success: false, error: 'unauthorized access', errorCode: 401 }, 401) : json(fixture('pipedrive/user.json'))));
    const api = client(fake);
    expect(await api.check(HUBSPOT)).toMatchObject({ ok: false, kind: 'forbidden', messageKey: 'connections.problem.forbidden' });
    // The session is refused, the token works.
    expect(await api.check({ ...PIPEDRIVE, useSession: true })).toEqual({ ok: true, value: true });
    expect(await api.check({ ...SALESFORCE, instanceHost: 'evil.example' })).toMatchObject({ ok: false, kind: 'notConnected' });
  });
});

describe('writeActivity', () => {
  type WriteOp = Parameters<ReturnType<typeof createCrmApiClient>['writeActivity']>[2];
  type Logged = Extract<WriteOp, { op: 'create' }>['activity'];
  const logged = (dealId: string): Logged => ({ activityId: 'act-1', dealId, type: 'call', outcome: 'connected', subject: 'Call · Connected', note: 'Budget confirmed', at: '2025-03-14T09:30:00.000Z', nextStep: null });
  const create = (dealId: string): WriteOp => ({ op: 'create', activity: logged(dealId) });
  const pdCreated = (id: number) => json({ success: true, data: { id } }, 201);
  const posts = (fake: FakeFetch) => fake.calls.filter((c) => c.method === 'POST').length;
  const HS_REF: DealRef = { crm: 'hubspot', account: '4711', dealId: '9001' };

  it('drops the deal’s cached read after every write, also a failed one, so the next read shows the CRM as it now is', async () => {
    const fake = pipedrive((f) => f.on('POST', '/api/v2/activities', pdCreated(311), json({ success: false, error: 'Internal error', errorCode: 500 }, 500)));
    const api = client(fake);
    await api.readDeal(PD_REF, PIPEDRIVE);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(1);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toEqual({ ok: true, refs: { main: { kind: 'activity', id: '311' }, nextStep: null } });
    await api.readDeal(PD_REF, PIPEDRIVE);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(2);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: false, kind: 'network', status: 500 });
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(3);
  });

  /** A deal read whose answer is held back until `release()`, already sent when this returns. */
  async function readHeldBeforeWrite() {
    let release = () => {};
    const held = new Promise<Response>((resolve) => (release = () => resolve(json(fixture('pipedrive/deal.json')))));
    const fake = pipedrive((f) => f.on('GET', '/api/v2/deals/1234', () => held, file('pipedrive/deal.json')).on('POST', '/api/v2/activities', pdCreated(311)));
    const api = client(fake);
    const before = api.readDeal(PD_REF, PIPEDRIVE);
    await vi.waitFor(() => expect(dealCalls(fake)).toBe(1));
    return { fake, api, before, release };
  }

  it('a read begun before a write is not cached after it, and a read after the write does not join it', async () => {
    const { fake, api, before, release } = await readHeldBeforeWrite();
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: true });
    const after = await api.readDeal(PD_REF, PIPEDRIVE);
    expect(after.ok).toBe(true);
    expect(dealCalls(fake)).toBe(2); // its own request, not the one in flight
    release();
    expect((await before).ok).toBe(true); // its caller still gets an answer
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toEqual(after); // the cache holds the read begun after the write
    expect(dealCalls(fake)).toBe(2);
  });

  it('…and alone, that earlier read leaves nothing cached', async () => {
    const { fake, api, before, release } = await readHeldBeforeWrite();
    await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'));
    release();
    await before;
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(dealCalls(fake)).toBe(2);
  });

  it('is never cached: the same write sent twice reaches the CRM twice', async () => {
    const fake = fakeFetch().on('POST', '/api/v2/activities', pdCreated(311), pdCreated(312));
    const api = client(fake);
    await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'));
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toEqual({ ok: true, refs: { main: { kind: 'activity', id: '312' }, nextStep: null } });
    expect(posts(fake)).toBe(2);
  });

  it('after a write’s 429 the account is left alone, reads included, until Retry-After has passed', async () => {
    const c = clock();
    const fake = pipedrive((f) => f.on('POST', '/api/v2/activities', file('pipedrive/rate-limited.json', 429, { 'Retry-After': '120' }), pdCreated(311)));
    const api = client(fake, c);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 120 });
    expect(fake.calls).toHaveLength(1); // a Retry-After beyond maxWaitMs is not waited for
    c.advance(60_000);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 60 });
    expect(await api.writeActivity({ ...PD_REF, dealId: '99' }, PIPEDRIVE, create('99'))).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 60 });
    expect(fake.calls).toHaveLength(1);
    c.advance(60_000);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: true });
  });

  it('a read’s 429 holds writes back too; a short Retry-After is waited for within the write', async () => {
    const c = clock();
    const fake = pipedrive((f) =>
      f.on('GET', '/api/v2/deals/1234', file('pipedrive/rate-limited.json', 429, { 'Retry-After': '120' })).on('POST', '/api/v2/activities', json({ success: false }, 429, { 'Retry-After': '2' }), pdCreated(311)),
    );
    const api = client(fake, c);
    await api.readDeal(PD_REF, PIPEDRIVE);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 120 });
    expect(posts(fake)).toBe(0);
    c.advance(120_000);
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, create('1234'))).toMatchObject({ ok: true });
    expect(c.sleeps).toEqual([2_000]);
    expect(posts(fake)).toBe(2);
  });

  it('credentials of another account, or naming a foreign host, are refused before any request', async () => {
    const fake = fakeFetch();
    const api = client(fake);
    expect(await api.writeActivity({ ...PD_REF, account: 'othercorp' }, PIPEDRIVE, create('1234'))).toMatchObject({ ok: false, kind: 'notConnected', messageKey: 'connections.problem.notConnected' });
    expect(await api.writeActivity(PD_REF, { ...PIPEDRIVE, company: 'evil.example/x' }, create('1234'))).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.writeActivity(SF_REF, { ...SALESFORCE, instanceHost: 'other.my.salesforce.com' }, create(SF_REF.dealId))).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.writeActivity(SF_REF, { ...SALESFORCE, instanceHost: 'evil.example' }, { op: 'delete', refs: { main: { kind: 'Task', id: '00T5g00000AbCdEAAX' }, nextStep: null } })).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await api.writeActivity(PD_REF, HUBSPOT, create('1234'))).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(fake.calls).toEqual([]);
  });

  it('every request of a write goes to the CRM’s own API host with its credentials, never following a redirect', async () => {
    const fake = fakeFetch().on('POST', '/sobjects/Task', json({ id: '00T5g00000AbCdEAAX', success: true, errors: [] }, 201), json({ id: '00T5g00000AbCdFAAX', success: true, errors: [] }, 201));
    const write: WriteOp = { op: 'create', activity: { ...logged(SF_REF.dealId), nextStep: { title: 'Send the proposal', dueAt: '2025-03-18T23:59:59.999+01:00' } } };
    expect(await client(fake).writeActivity(SF_REF, SALESFORCE, write)).toMatchObject({ ok: true, refs: { nextStep: { kind: 'Task', id: '00T5g00000AbCdFAAX' } } });
    expect(fake.calls).toHaveLength(2);
    for (const call of fake.calls) {
      expect(new URL(call.url).origin).toBe('https://acme.my.salesforce.com');
      expect(call.redirect).toBe('error');
      expect(call.headers.authorization).toBe(`Bearer ${SF_SID}`);
    }
  });

  it('HubSpot: the token must belong to the deal’s portal, or nothing is written', async () => {
    const other = fakeFetch().on('GET', '/account-info/v3/details', json({ ...JSON.parse(fixture('hubspot/account.json')), portalId: 999 })).on('POST', '/crm/v3/objects/calls', json({ id: '51001' }, 201));
    expect(await client(other).writeActivity(HS_REF, HUBSPOT, create('9001'))).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(other.calls.map((c) => c.method)).toEqual(['GET']);
    const own = fakeFetch().on('GET', '/account-info/v3/details', json({ ...JSON.parse(fixture('hubspot/account.json')), portalId: 4711 })).on('POST', '/crm/v3/objects/calls', json({ id: '51001' }, 201));
    expect(await client(own).writeActivity(HS_REF, HUBSPOT, create('9001'))).toEqual({ ok: true, refs: { main: { kind: 'calls', id: '51001' }, nextStep: null } });
    expect(own.calls.map((c) => new URL(c.url).host)).toEqual(['api.hubapi.com', 'api.hubapi.com']);
  });

  it('a write that never gets an answer times out, as a value', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const never = (async () => new Promise<Response>(() => {})) as typeof fetch;
    const pending = createCrmApiClient({ fetch: never, now: () => new Date(START) }).writeActivity(PD_REF, PIPEDRIVE, create('1234'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await pending).toMatchObject({ ok: false, kind: 'timeout', messageKey: 'connections.problem.timeout' });
  });
});
