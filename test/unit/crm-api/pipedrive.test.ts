import { describe, expect, it } from 'vitest';
import { readPipedriveDeal } from '@/lib/crm/pipedrive/api';
import { pipedriveCompany } from '@/lib/crm/pipedrive/connection';
import type { CrmDealData, PipedriveCredentials } from '@/lib/crm/api/types';
import { fakeFetch, file, fixtureJson, json, pipedriveDealReads, type FakeFetch } from './fake-fetch';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const now = () => NOW;
const TOKEN = '0123456789abcdef0123456789abcdef01234567';
const TOKEN_ONLY: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: TOKEN };
const SESSION_THEN_TOKEN: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: true, token: TOKEN };
const SESSION_ONLY: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: true };

function company(overrides: (fake: FakeFetch) => void = () => {}): FakeFetch {
  const fake = fakeFetch();
  overrides(fake);
  return pipedriveDealReads(fake);
}

async function readOk(fake: FakeFetch, creds: PipedriveCredentials = TOKEN_ONLY): Promise<CrmDealData> {
  const result = await readPipedriveDeal({ fetch: fake.fetch, now }, creds, '1234');
  if (!result.ok) throw new Error(`expected a deal, got ${result.kind}: ${result.detail}`);
  return result.value;
}

describe('Pipedrive companies', () => {
  it.each([
    ['fjordline', 'fjordline'],
    ['Fjordline.pipedrive.com', 'fjordline'],
    ['https://fjordline.pipedrive.com/deal/1234', 'fjordline'],
    [' acme-2 ', 'acme-2'],
  ])('%j → %s', (input, expected) => expect(pipedriveCompany(input)).toBe(expected));

  it.each(['api', 'www', 'evil.com', 'a.b', 'https://evil.com/x', '', '-x'])('refuses %j', (input) => expect(pipedriveCompany(input)).toBeNull());
});

describe('reading a deal', () => {
  it('maps the deal, its pipeline, the stages in pipeline order, the stage changes and the activities', async () => {
    const fake = company();
    expect(await readOk(fake)).toEqual({
      crm: 'pipedrive',
      dealId: '1234',
      title: 'Fjordline – onboarding package',
      pipeline: { id: '1', label: 'New business' },
      stage: { id: '3', label: 'Demo scheduled' },
      stages: [
        { id: '1', label: 'Qualified', probability: 0.1, closed: false, won: false },
        { id: '2', label: 'Contact made', probability: 0.2, closed: false, won: false },
        { id: '3', label: 'Demo scheduled', probability: 0.4, closed: false, won: false },
        { id: '4', label: 'Proposal made', probability: 0.6, closed: false, won: false },
        { id: '5', label: 'Negotiations started', probability: 0.8, closed: false, won: false },
      ],
      value: 12500.5,
      currency: 'NOK',
      closeDate: '2025-05-15',
      owner: 'Kari Nordmann',
      status: 'open',
      // The first stage since the deal was added; then each stage_id change at its log time (UTC).
      stageHistory: [
        { stageLabel: 'Qualified', enteredAt: '2025-01-06T08:30:00.000Z' },
        { stageLabel: 'Contact made', enteredAt: '2025-01-20T08:00:00.000Z' },
        { stageLabel: 'Demo scheduled', enteredAt: '2025-02-26T10:15:00.000Z' },
      ],
      activities: [
        { id: '803', type: 'task', subject: 'Send proposal', at: '2025-03-21T12:00:00.000Z', done: false },
        { id: '801', type: 'call', subject: 'Demo follow-up call', at: '2025-03-18T09:30:00.000Z', done: false },
        { id: '802', type: 'meeting', subject: 'Product demo', at: '2025-02-27T10:00:00.000Z', done: true },
      ],
      readAt: NOW.toISOString(),
    });
    expect(fake.unmatched).toEqual([]);
    expect(fake.calls.find((c) => c.url.includes('/flow'))!.url).toContain('items=dealChange');
  });

  it('sends the token in the x-api-token header (never in the URL), to the company host only, without cookies', async () => {
    const fake = company();
    await readOk(fake);
    for (const call of fake.calls) {
      expect(new URL(call.url).host).toBe('fjordline.pipedrive.com');
      expect(new URL(call.url).pathname.startsWith('/api/')).toBe(true);
      expect(call.headers['x-api-token']).toBe(TOKEN);
      expect(call.credentials).toBe('omit');
      expect(call.url).not.toContain(TOKEN);
      expect(call.url).not.toContain('api_token');
    }
  });

  it('uses the web session (same-origin cookies, no token header) when allowed', async () => {
    const fake = company();
    await readOk(fake, SESSION_ONLY);
    for (const call of fake.calls) {
      expect(call.credentials).toBe('include');
      expect(call.headers['x-api-token']).toBeUndefined();
    }
  });

  it('falls back to the token when the session is refused, and keeps using the token', async () => {
    const fake = company((f) =>
      f.on('GET', '/api/v2/deals/1234', (request) =>
        request.credentials === 'include' ? json(fixtureJson('pipedrive/unauthorized.json'), 401) : json(fixtureJson('pipedrive/deal.json')),
      ),
    );
    const deal = await readOk(fake, SESSION_THEN_TOKEN);
    expect(deal.title).toBe('Fjordline – onboarding package');
    expect(fake.calls[0]!.credentials).toBe('include');
    expect(fake.calls.slice(1).every((c) => c.headers['x-api-token'] === TOKEN && c.credentials === 'omit')).toBe(true);
  });

  it('with no stage change recorded, the deal has been in its stage since stage_change_time', async () => {
    const fake = company((f) => f.on('GET', '/flow', json({ success: true, data: [], additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } } })));
    expect((await readOk(fake)).stageHistory).toEqual([{ stageLabel: 'Demo scheduled', enteredAt: '2025-02-26T10:15:00.000Z' }]);
  });

  it('follows the flow’s pages (bounded)', async () => {
    const flow = fixtureJson<{ data: unknown[] }>('pipedrive/flow.json');
    const page1 = { success: true, data: flow.data.slice(0, 2), additional_data: { pagination: { start: 0, limit: 2, more_items_in_collection: true, next_start: 2 } } };
    const page2 = { success: true, data: flow.data.slice(2), additional_data: { pagination: { start: 2, limit: 2, more_items_in_collection: false } } };
    const fake = company((f) => f.on('GET', '/flow?items=dealChange&start=0', json(page1)).on('GET', '/flow?items=dealChange&start=2', json(page2)));
    expect((await readOk(fake)).stageHistory.map((e) => e.stageLabel)).toEqual(['Qualified', 'Contact made', 'Demo scheduled']);
  });

  it('a stage of another pipeline keeps the name the flow recorded', async () => {
    const flow = fixtureJson<{ data: Array<{ data: Record<string, unknown> }> }>('pipedrive/flow.json');
    flow.data[2]!.data = { ...flow.data[2]!.data, old_value: '42', additional_data: { old_value_formatted: 'Renewal due', new_value_formatted: 'Contact made' } };
    const fake = company((f) => f.on('GET', '/flow', json(flow)));
    expect((await readOk(fake)).stageHistory[0]).toEqual({ stageLabel: 'Renewal due', enteredAt: '2025-01-06T08:30:00.000Z' });
  });

  it('won and lost come from the deal status', async () => {
    const deal = fixtureJson<{ data: Record<string, unknown> }>('pipedrive/deal.json');
    deal.data.status = 'won';
    expect((await readOk(company((f) => f.on('GET', '/api/v2/deals/1234', json(deal)))))).toMatchObject({ status: 'won' });
  });
});

describe('Pipedrive failures', () => {
  it('401 with Pipedrive’s error body is unauthorized', async () => {
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/unauthorized.json', 401));
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({
      ok: false,
      kind: 'unauthorized',
      status: 401,
      messageKey: 'connections.problem.unauthorized',
      detail: '401: unauthorized access',
    });
  });

  it('403 is forbidden and 404 notFound', async () => {
    const forbidden = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/forbidden.json', 403));
    expect(await readPipedriveDeal({ fetch: forbidden.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({ ok: false, kind: 'forbidden' });
    const missing = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/not-found.json', 404));
    expect(await readPipedriveDeal({ fetch: missing.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({ ok: false, kind: 'notFound' });
  });

  it('429 is rateLimited with the Retry-After seconds', async () => {
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', file('pipedrive/rate-limited.json', 429, { 'Retry-After': '7' }));
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 7, messageKey: 'connections.problem.rateLimited' });
  });

  it('an answer that is not JSON is malformed at $', async () => {
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', new Response('<html>Maintenance</html>', { status: 200 }));
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({ ok: false, kind: 'malformed', path: '$' });
  });

  it('schema drift (value became a string) is malformed, naming the field', async () => {
    const deal = fixtureJson<{ data: Record<string, unknown> }>('pipedrive/deal.json');
    deal.data.value = '12500.50';
    const fake = fakeFetch().on('GET', '/api/v2/deals/1234', json(deal));
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, TOKEN_ONLY, '1234')).toMatchObject({ ok: false, kind: 'malformed', path: 'data.value' });
  });

  it('a changed stages answer loses only the stage list', async () => {
    const fake = company((f) => f.on('GET', '/api/v2/stages', json({ success: true, data: { items: [] } })));
    const deal = await readOk(fake);
    expect(deal.stages).toEqual([]);
    expect(deal.stage).toBeUndefined();
    expect(deal.partial).toEqual([{ part: 'stages', kind: 'malformed', detail: expect.any(String) }]);
    // Without stage names the history keeps the names Pipedrive recorded in the flow.
    expect(deal.stageHistory.map((e) => e.stageLabel)).toEqual(['Qualified', 'Contact made', 'Demo scheduled']);
  });

  it('without session or token it does not call Pipedrive at all', async () => {
    const fake = fakeFetch();
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, { crm: 'pipedrive', company: 'fjordline', useSession: false }, '1234')).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(await readPipedriveDeal({ fetch: fake.fetch, now }, TOKEN_ONLY, '12/../34')).toMatchObject({ ok: false, kind: 'notFound' });
    expect(fake.calls).toEqual([]);
  });
});
