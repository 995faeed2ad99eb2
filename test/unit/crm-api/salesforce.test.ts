import { describe, expect, it } from 'vitest';
import { readSalesforceDeal, SALESFORCE_API_VERSION } from '@/lib/crm/salesforce/api';
import { salesforceInstanceHost, salesforceSessionCookie } from '@/lib/crm/salesforce/connection';
import type { CrmDealData, SalesforceCredentials } from '@/lib/crm/api/types';
import { fakeFetch, file, json, type FakeFetch } from './fake-fetch';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const now = () => NOW;
const CREDS: SalesforceCredentials = { crm: 'salesforce', instanceHost: 'acme.my.salesforce.com', sessionId: '00Dxx0000001gPL!AR8AQJXg5oK.session' };
const ID18 = '0065g00000AbCdEAAZ';
const ID15 = '0065g00000AbCdE';

/** A fake org answering every call of a full read. */
function org(overrides: (fake: FakeFetch) => void = () => {}): FakeFetch {
  const fake = fakeFetch();
  overrides(fake);
  return fake
    .on('GET', /FROM Opportunity WHERE/, file('salesforce/opportunity.json'))
    .on('GET', '/ui-api/object-info/Opportunity/picklist-values/0125g000000AbcdAAA/StageName', file('salesforce/picklist-stagename.json'))
    .on('GET', /FROM OpportunityStage /, file('salesforce/opportunity-stages.json'))
    .on('GET', /FROM OpportunityHistory /, file('salesforce/history.json'))
    .on('GET', /FROM Task /, file('salesforce/tasks.json'))
    .on('GET', /FROM Event /, file('salesforce/events.json'));
}

async function readOk(fake: FakeFetch, id = ID18): Promise<CrmDealData> {
  const result = await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, id);
  if (!result.ok) throw new Error(`expected a deal, got ${result.kind}: ${result.detail}`);
  return result.value;
}

describe('Salesforce org hosts', () => {
  it.each([
    ['acme.lightning.force.com', 'acme.my.salesforce.com'],
    ['acme--uat.sandbox.lightning.force.com', 'acme--uat.sandbox.my.salesforce.com'],
    ['acme-dev-ed.develop.lightning.force.com', 'acme-dev-ed.develop.my.salesforce.com'],
    ['acme', 'acme.my.salesforce.com'],
    ['acme--uat.sandbox', 'acme--uat.sandbox.my.salesforce.com'],
    ['ACME.Lightning.Force.com', 'acme.my.salesforce.com'],
  ])('%s → %s', (input, expected) => {
    expect(salesforceInstanceHost(input)).toBe(expected);
  });

  it.each(['evil.com', 'acme.lightning.force.com.evil.com', 'a b', '', 'acme.sandbox.sandbox', '-acme'])('refuses %j', (input) => {
    expect(salesforceInstanceHost(input)).toBeNull();
  });

  it('names the session cookie the background reads', () => {
    expect(salesforceSessionCookie('acme--uat.sandbox')).toEqual({ url: 'https://acme--uat.sandbox.my.salesforce.com', name: 'sid' });
    expect(salesforceSessionCookie('evil.com')).toBeNull();
  });
});

describe('reading an opportunity', () => {
  it('maps the opportunity, the record type’s ordered stages, the stage history and the activities', async () => {
    const fake = org();
    const deal = await readOk(fake);
    expect(deal).toEqual({
      crm: 'salesforce',
      dealId: ID18,
      title: 'Nordlys Logistics – fleet renewal',
      stage: { id: 'Needs Analysis', label: 'Needs Analysis' },
      stages: [
        { id: 'Prospecting', label: 'Prospecting', probability: 0.1, closed: false, won: false },
        { id: 'Needs Analysis', label: 'Needs Analysis', probability: 0.2, closed: false, won: false },
        { id: 'Proposal/Price Quote', label: 'Proposal/Price Quote', probability: 0.6, closed: false, won: false },
        { id: 'Negotiation/Review', label: 'Negotiation/Review', probability: 0.9, closed: false, won: false },
        { id: 'Closed Won', label: 'Closed Won', probability: 1, closed: true, won: true },
        { id: 'Closed Lost', label: 'Closed Lost', probability: 0, closed: true, won: false },
      ],
      value: 48000,
      currency: 'EUR',
      closeDate: '2025-06-30',
      owner: 'Ingrid Berg',
      status: 'open',
      // Same-stage rows (amount or date changes) are not new stage entries; +0000 becomes Z.
      stageHistory: [
        { stageLabel: 'Prospecting', enteredAt: '2025-01-10T09:12:00.000Z' },
        { stageLabel: 'Needs Analysis', enteredAt: '2025-02-03T08:45:10.000Z' },
      ],
      activities: [
        { id: 'event:00U5g00000E1aAAA', type: 'meeting', subject: 'Solution workshop', at: '2025-03-20T09:00:00.000Z', done: false },
        { id: 'task:00T5g00000T1aAAA', type: 'task', subject: 'Send pricing follow-up', at: '2025-03-18T12:00:00.000Z', done: false },
        { id: 'event:00U5g00000E1bAAA', type: 'meeting', subject: 'Discovery meeting', at: '2025-02-05T10:00:00.000Z', done: true },
        { id: 'task:00T5g00000T1bAAA', type: 'call', subject: 'Call: discovery with Ola', at: '2025-02-04T13:20:00.000Z', done: true },
        { id: 'task:00T5g00000T1cAAA', type: 'email', subject: 'Email: Intro deck', at: '2025-01-12T08:05:00.000Z', done: true },
      ],
      readAt: NOW.toISOString(),
    });
    expect(fake.unmatched).toEqual([]);
  });

  it('sends the session as a Bearer token to the org’s own host, without cookies, on the pinned API version', async () => {
    const fake = org();
    await readOk(fake);
    expect(fake.calls.length).toBeGreaterThanOrEqual(5);
    for (const call of fake.calls) {
      expect(new URL(call.url).host).toBe('acme.my.salesforce.com');
      expect(call.url).toContain(`/services/data/${SALESFORCE_API_VERSION}/`);
      expect(call.headers.authorization).toBe(`Bearer ${CREDS.sessionId}`);
      expect(call.credentials).toBe('omit');
      expect(call.url).not.toContain(CREDS.sessionId);
    }
    const opportunity = fake.calls.find((c) => c.decoded.includes('FROM Opportunity WHERE'))!;
    expect(opportunity.decoded).toContain(
      "SELECT Id, Name, StageName, Amount, CloseDate, Owner.Name, IsClosed, IsWon, Probability, ForecastCategoryName, CurrencyIsoCode, RecordTypeId FROM Opportunity WHERE Id = '0065g00000AbCdEAAZ'",
    );
    expect(fake.calls.find((c) => c.decoded.includes('FROM OpportunityHistory'))!.decoded).toContain("WHERE OpportunityId = '0065g00000AbCdEAAZ' ORDER BY CreatedDate DESC, Id DESC");
    expect(fake.calls.find((c) => c.decoded.includes('FROM Task'))!.decoded).toContain("WHERE WhatId = '0065g00000AbCdEAAZ'");
    expect(fake.calls.find((c) => c.decoded.includes('FROM Event'))!.decoded).toContain("WHERE WhatId = '0065g00000AbCdEAAZ'");
  });

  it('reads a 15-character id from the URL (the API answers with 18)', async () => {
    const deal = await readOk(org(), ID15);
    expect(deal.dealId).toBe(ID18);
  });

  it('retries without CurrencyIsoCode when the org has no multi-currency (INVALID_FIELD)', async () => {
    const fake = org((f) =>
      f
        .on('GET', /CurrencyIsoCode.* FROM Opportunity WHERE/, file('salesforce/invalid-field-currency.json', 400))
        .on('GET', /FROM Opportunity WHERE/, file('salesforce/opportunity-single-currency.json')),
    );
    const deal = await readOk(fake);
    expect(deal.currency).toBeUndefined();
    expect('currency' in deal).toBe(false);
    expect(deal.value).toBe(48000);
    const queries = fake.calls.filter((c) => c.decoded.includes('FROM Opportunity WHERE'));
    expect(queries).toHaveLength(2);
    expect(queries[1]!.decoded).not.toContain('CurrencyIsoCode');
    expect(queries[1]!.decoded).toContain('RecordTypeId');
  });

  it('falls back to the org’s active stages (OpportunityStage) when the UI API is not available', async () => {
    const fake = org((f) => f.on('GET', '/ui-api/', json([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }], 404)));
    const deal = await readOk(fake);
    expect(deal.stages.map((s) => s.label)).toEqual(['Prospecting', 'Needs Analysis', 'Proposal/Price Quote', 'Closed Won', 'Closed Lost']);
    expect(deal.stages.at(-2)).toEqual({ id: 'Closed Won', label: 'Closed Won', probability: 1, closed: true, won: true });
    expect(deal.partial).toBeUndefined();
  });

  it('uses the master record type when the org has none', async () => {
    const fake = org((f) =>
      f
        .on('GET', /FROM Opportunity WHERE/, json({ totalSize: 1, done: true, records: [{ Id: ID18, Name: 'X', StageName: 'Prospecting', Amount: null, CloseDate: null, Owner: null, IsClosed: false, IsWon: false, Probability: 10, ForecastCategoryName: 'Pipeline', RecordTypeId: null }] }))
        .on('GET', '/picklist-values/012000000000000AAA/StageName', file('salesforce/picklist-stagename.json')),
    );
    const deal = await readOk(fake);
    expect(deal.stages).toHaveLength(6);
    expect(deal.value).toBeUndefined();
    expect(deal.owner).toBeUndefined();
    expect(deal.closeDate).toBeUndefined();
  });

  it('reports won and lost opportunities', async () => {
    const record = (IsWon: boolean) => ({ totalSize: 1, done: true, records: [{ Id: ID18, Name: 'X', StageName: IsWon ? 'Closed Won' : 'Closed Lost', Amount: 1, CloseDate: '2025-03-01', Owner: { Name: 'A' }, IsClosed: true, IsWon, Probability: IsWon ? 100 : 0, RecordTypeId: '0125g000000AbcdAAA' }] });
    expect((await readOk(org((f) => f.on('GET', /FROM Opportunity WHERE/, json(record(true)))))).status).toBe('won');
    expect((await readOk(org((f) => f.on('GET', /FROM Opportunity WHERE/, json(record(false)))))).status).toBe('lost');
  });
});

describe('Salesforce failures', () => {
  it('an expired session is unauthorized, with the vendor’s code for support', async () => {
    const fake = fakeFetch().on('GET', '/query', file('salesforce/invalid-session.json', 401));
    const result = await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18);
    expect(result).toMatchObject({ ok: false, kind: 'unauthorized', status: 401, messageKey: 'connections.problem.unauthorized', detail: 'INVALID_SESSION_ID: Session expired or invalid' });
    expect(fake.calls).toHaveLength(1);
  });

  it('the org’s used-up API allowance (403 REQUEST_LIMIT_EXCEEDED) is a rate limit', async () => {
    const fake = fakeFetch().on('GET', '/query', file('salesforce/request-limit-exceeded.json', 403));
    expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18)).toMatchObject({ ok: false, kind: 'rateLimited', status: 403 });
  });

  it('an org without API access is forbidden', async () => {
    const fake = fakeFetch().on('GET', '/query', file('salesforce/insufficient-access.json', 403));
    expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18)).toMatchObject({ ok: false, kind: 'forbidden', messageKey: 'connections.problem.forbidden' });
  });

  it('no record (deleted or not shared) is notFound', async () => {
    const fake = fakeFetch().on('GET', '/query', file('salesforce/empty-query.json'));
    expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18)).toMatchObject({ ok: false, kind: 'notFound' });
  });

  it('an id that is not an Opportunity id is never put into SOQL', async () => {
    const fake = fakeFetch();
    for (const id of ["006' OR Name != '", '001000000000001', '0065g00000AbCdE!']) {
      expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, id)).toMatchObject({ ok: false, kind: 'notFound' });
    }
    expect(fake.calls).toEqual([]);
  });

  it('schema drift (Amount became a string) degrades to malformed with the bad path', async () => {
    const fake = org((f) => f.on('GET', /FROM Opportunity WHERE/, json({ totalSize: 1, done: true, records: [{ Id: ID18, Name: 'X', StageName: 'Prospecting', Amount: '48000', CloseDate: null, Owner: null, IsClosed: false, IsWon: false, Probability: 10, RecordTypeId: null }] })));
    expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18)).toMatchObject({ ok: false, kind: 'malformed', path: 'records[0].Amount' });
  });

  it('a broken history answer loses only the history, and says so', async () => {
    const fake = org((f) => f.on('GET', /FROM OpportunityHistory /, json('{"totalSize": 4, "records": [', 200)));
    const deal = await readOk(fake);
    expect(deal.stageHistory).toEqual([]);
    expect(deal.stages).toHaveLength(6);
    expect(deal.partial).toEqual([{ part: 'stageHistory', kind: 'malformed', detail: 'the answer is not JSON' }]);
  });

  it('a session that expires half-way fails the whole read', async () => {
    const fake = org((f) => f.on('GET', /FROM Task /, file('salesforce/invalid-session.json', 401)));
    expect(await readSalesforceDeal({ fetch: fake.fetch, now }, CREDS, ID18)).toMatchObject({ ok: false, kind: 'unauthorized' });
  });
});
