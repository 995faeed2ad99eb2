import { describe, expect, it } from 'vitest';
import { readHubspotDeal } from '@/lib/crm/hubspot/api';
import type { CrmDealData, HubspotCredentials } from '@/lib/crm/api/types';
import { fakeFetch, file, fixtureJson, json, type FakeFetch } from './fake-fetch';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const now = () => NOW;
const TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';
const CREDS: HubspotCredentials & { portalId?: string } = { crm: 'hubspot', token: TOKEN, portalId: '4455667' };
const DEAL = '9876543210';

function portal(overrides: (fake: FakeFetch) => void = () => {}): FakeFetch {
  const fake = fakeFetch();
  overrides(fake);
  return fake
    .on('GET', '/crm/v3/pipelines/deals', file('hubspot/pipelines.json'))
    .on('GET', '/account-info/v3/details', file('hubspot/account.json'))
    .on('GET', `/crm/v3/objects/deals/${DEAL}?`, file('hubspot/deal.json'))
    .on('GET', '/crm/v3/owners/31415926', file('hubspot/owner.json'))
    .on('GET', `/associations/calls`, file('hubspot/associations-calls.json'))
    .on('GET', `/associations/emails`, file('hubspot/associations-empty.json'))
    .on('GET', `/associations/meetings`, file('hubspot/associations-meetings.json'))
    .on('GET', `/associations/notes`, file('hubspot/associations-notes.json'))
    .on('GET', `/associations/tasks`, file('hubspot/associations-tasks.json'))
    .on('POST', '/crm/v3/objects/calls/batch/read', file('hubspot/batch-calls.json'))
    .on('POST', '/crm/v3/objects/meetings/batch/read', file('hubspot/batch-meetings.json'))
    .on('POST', '/crm/v3/objects/notes/batch/read', file('hubspot/batch-notes.json', 207))
    .on('POST', '/crm/v3/objects/tasks/batch/read', file('hubspot/batch-tasks.json'));
}

async function readOk(fake: FakeFetch, creds = CREDS): Promise<CrmDealData> {
  const result = await readHubspotDeal({ fetch: fake.fetch, now }, creds, DEAL);
  if (!result.ok) throw new Error(`expected a deal, got ${result.kind}: ${result.detail}`);
  return result.value;
}

describe('reading a deal', () => {
  it('maps the deal, its pipeline’s stages in display order, the stage history, the owner and the engagements', async () => {
    const fake = portal();
    expect(await readOk(fake)).toEqual({
      crm: 'hubspot',
      dealId: DEAL,
      title: 'Brightwave – analytics rollout',
      pipeline: { id: 'default', label: 'Sales Pipeline' },
      stage: { id: 'presentationscheduled', label: 'Presentation Scheduled' },
      stages: [
        { id: 'appointmentscheduled', label: 'Appointment Scheduled', probability: 0.2, closed: false, won: false },
        { id: 'qualifiedtobuy', label: 'Qualified To Buy', probability: 0.4, closed: false, won: false },
        { id: 'presentationscheduled', label: 'Presentation Scheduled', probability: 0.6, closed: false, won: false },
        { id: 'decisionmakerboughtin', label: 'Decision Maker Bought-In', probability: 0.8, closed: false, won: false },
        { id: 'contractsent', label: 'Contract Sent', probability: 0.9, closed: false, won: false },
        { id: 'closedwon', label: 'Closed Won', probability: 1, closed: true, won: true },
        { id: 'closedlost', label: 'Closed Lost', probability: 0, closed: true, won: false },
      ],
      value: 36000,
      currency: 'EUR',
      closeDate: '2025-04-30',
      owner: 'Lotte de Vries',
      status: 'open',
      stageHistory: [
        { stageLabel: 'Appointment Scheduled', enteredAt: '2025-01-08T10:00:00.000Z' },
        { stageLabel: 'Qualified To Buy', enteredAt: '2025-01-21T09:30:00.000Z' },
        { stageLabel: 'Presentation Scheduled', enteredAt: '2025-02-18T13:45:00.000Z' },
      ],
      activities: [
        { id: 'meeting:60002', type: 'meeting', subject: 'Technical deep dive', at: '2025-03-25T09:00:00.000Z', done: false },
        { id: 'task:80001', type: 'task', subject: 'Send security questionnaire', at: '2025-03-17T09:00:00.000Z', done: false },
        { id: 'note:70001', type: 'note', subject: 'Budget confirmed for Q2 – needs sign-off from IT.', at: '2025-02-19T15:30:00.000Z', done: true },
        { id: 'meeting:60001', type: 'meeting', subject: 'Presentation to the board', at: '2025-02-19T14:00:00.000Z', done: true },
        { id: 'call:50001', type: 'call', subject: 'Discovery call with CFO', at: '2025-01-22T10:00:00.000Z', done: true },
      ],
      readAt: NOW.toISOString(),
    });
    expect(fake.unmatched).toEqual([]);
  });

  it('asks for the deal’s properties, the stage-entry dates of every stage and the dealstage history', async () => {
    const fake = portal();
    await readOk(fake);
    const url = new URL(fake.calls.find((c) => c.url.includes(`/objects/deals/${DEAL}?`))!.url);
    const properties = url.searchParams.get('properties')!.split(',');
    expect(properties).toEqual(expect.arrayContaining(['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'hubspot_owner_id', 'deal_currency_code', 'hs_is_closed_won', 'hs_is_closed']));
    expect(properties).toEqual(expect.arrayContaining(['hs_date_entered_appointmentscheduled', 'hs_date_entered_closedlost', 'hs_date_entered_123456781']));
    expect(url.searchParams.get('propertiesWithHistory')).toBe('dealstage');
    const batch = fake.calls.find((c) => c.url.endsWith('/crm/v3/objects/meetings/batch/read'))!;
    expect(JSON.parse(batch.body!)).toEqual({ properties: expect.arrayContaining(['hs_timestamp', 'hs_meeting_title']), inputs: [{ id: '60001' }, { id: '60002' }] });
    // No association: no batch read.
    expect(fake.calls.some((c) => c.url.includes('/objects/emails/batch/read'))).toBe(false);
  });

  it('sends the token as Bearer, to api.hubapi.com only, without cookies', async () => {
    const fake = portal();
    await readOk(fake);
    for (const call of fake.calls) {
      expect(new URL(call.url).host).toBe('api.hubapi.com');
      expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(call.credentials).toBe('omit');
      expect(call.url).not.toContain(TOKEN);
    }
  });

  it('without property history, stage entries come from hs_date_entered_<stage>', async () => {
    const deal = fixtureJson<Record<string, unknown>>('hubspot/deal.json');
    delete deal.propertiesWithHistory;
    const result = await readOk(portal((f) => f.on('GET', `/crm/v3/objects/deals/${DEAL}?`, json(deal))));
    expect(result.stageHistory).toEqual([
      { stageLabel: 'Appointment Scheduled', enteredAt: '2025-01-08T10:00:00.000Z' },
      { stageLabel: 'Qualified To Buy', enteredAt: '2025-01-21T09:30:00.000Z' },
      { stageLabel: 'Presentation Scheduled', enteredAt: '2025-02-18T13:45:00.000Z' },
    ]);
  });

  it('a closed-won deal is won; a deal in a closed stage with hs_is_closed is lost', async () => {
    const won = fixtureJson<{ properties: Record<string, string> }>('hubspot/deal.json');
    Object.assign(won.properties, { dealstage: 'closedwon', hs_is_closed: 'true', hs_is_closed_won: 'true' });
    expect((await readOk(portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, json(won))))).status).toBe('won');
    const lost = fixtureJson<{ properties: Record<string, string> }>('hubspot/deal.json');
    Object.assign(lost.properties, { dealstage: 'closedlost', hs_is_closed: 'true', hs_is_closed_won: 'false' });
    expect((await readOk(portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, json(lost))))).status).toBe('lost');
  });

  it('a deal without amount, currency or owner leaves those fields out', async () => {
    const deal = fixtureJson<{ properties: Record<string, string | null> }>('hubspot/deal.json');
    Object.assign(deal.properties, { amount: '', deal_currency_code: null, hubspot_owner_id: null });
    const result = await readOk(portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, json(deal))));
    expect(Object.keys(result)).not.toEqual(expect.arrayContaining(['value']));
    expect('value' in result || 'currency' in result || 'owner' in result).toBe(false);
  });
});

describe('HubSpot failures', () => {
  it('401 INVALID_AUTHENTICATION is unauthorized', async () => {
    const fake = fakeFetch().on('GET', '/', file('hubspot/unauthorized.json', 401));
    const result = await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL);
    expect(result).toMatchObject({ ok: false, kind: 'unauthorized', status: 401 });
    expect(result.ok === false && result.detail).toMatch(/^INVALID_AUTHENTICATION: Authentication credentials not found/);
  });

  it('missing scopes on the deal are forbidden', async () => {
    const fake = portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, file('hubspot/forbidden.json', 403)));
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL)).toMatchObject({ ok: false, kind: 'forbidden', detail: expect.stringContaining('MISSING_SCOPES') });
  });

  it('missing scopes for one kind of engagement lose only the activities of that kind', async () => {
    const fake = portal((f) => f.on('GET', '/associations/notes', file('hubspot/forbidden.json', 403)));
    const deal = await readOk(fake);
    expect(deal.activities.map((a) => a.id)).toEqual(['meeting:60002', 'task:80001', 'meeting:60001', 'call:50001']);
    expect(deal.partial).toEqual([{ part: 'activities', kind: 'forbidden', detail: expect.stringContaining('MISSING_SCOPES') }]);
  });

  it('a rate limit on any request fails the read with Retry-After', async () => {
    const fake = portal((f) => f.on('POST', '/crm/v3/objects/tasks/batch/read', file('hubspot/rate-limited.json', 429, { 'Retry-After': '2' })));
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL)).toMatchObject({ ok: false, kind: 'rateLimited', retryAfter: 2 });
  });

  it('a deleted deal is notFound', async () => {
    const fake = portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, file('hubspot/not-found.json', 404)));
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL)).toMatchObject({ ok: false, kind: 'notFound' });
  });

  it('a token of another HubSpot account is not used for this account’s deal', async () => {
    const fake = portal();
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, { ...CREDS, portalId: '1111111' }, DEAL)).toMatchObject({ ok: false, kind: 'notConnected', messageKey: 'connections.problem.portalMismatch' });
    // Nothing of the other portal is read, not even its pipelines.
    expect(fake.calls.map((c) => c.url)).toEqual(['https://api.hubapi.com/account-info/v3/details']);
  });

  it.each([
    ['503', json({ status: 'error', message: 'Service Unavailable', category: 'SERVICE_UNAVAILABLE' }, 503)],
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch'))],
  ] as const)('fails closed when the account check answers %s: nothing read, one line saying why', async (_name, answer) => {
    const fake = portal((f) => f.on('GET', '/account-info/v3/details', answer));
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL)).toMatchObject({ ok: false, kind: 'network', messageKey: 'connections.problem.portalUnknown' });
    expect(fake.calls.map((c) => c.url)).toEqual(['https://api.hubapi.com/account-info/v3/details']);
  });

  it('schema drift (stage metadata no longer an object) keeps the deal, without stages', async () => {
    const pipelines = fixtureJson<{ results: Array<{ stages: Array<Record<string, unknown>> }> }>('hubspot/pipelines.json');
    pipelines.results[0]!.stages[0]!.metadata = 'closed';
    const deal = await readOk(portal((f) => f.on('GET', '/crm/v3/pipelines/deals', json(pipelines))));
    expect(deal.stages).toEqual([]);
    expect(deal.partial).toEqual([{ part: 'stages', kind: 'malformed', detail: expect.any(String) }]);
    expect(deal.stage).toEqual({ id: 'presentationscheduled', label: 'presentationscheduled' });
  });

  it('schema drift in the deal (amount became a number) is malformed at properties.amount', async () => {
    const deal = fixtureJson<{ properties: Record<string, unknown> }>('hubspot/deal.json');
    deal.properties.amount = 36000;
    const fake = portal((f) => f.on('GET', `/objects/deals/${DEAL}?`, json(deal)));
    expect(await readHubspotDeal({ fetch: fake.fetch, now }, CREDS, DEAL)).toMatchObject({ ok: false, kind: 'malformed', path: 'properties.amount' });
  });
});
