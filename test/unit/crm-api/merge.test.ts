import { describe, expect, it } from 'vitest';
import { mergeDeal, MERGED_FIELDS, pageChanges, syncCrmStageVisits, type CrmStageVisit } from '@/lib/crm/api/merge';
import { describeApiProblem } from '@/lib/crm/api/problem';
import { failure, type CrmDealData } from '@/lib/crm/api/types';
import { dealSnapshotSchema } from '@/lib/model/deal.schema';
import type { DealSnapshot } from '@/lib/model/deal';
import type { StageVisit } from '@/lib/model/records.schema';
import { createTranslator } from '@/lib/i18n';

const NOW = new Date('2025-03-14T10:00:00.000Z');

const dom: DealSnapshot = {
  crm: 'salesforce',
  dealId: '0065g00000AbCdE',
  title: 'Nordlys Logistics',
  pipeline: null,
  stage: 'Needs Analysis',
  stages: ['Prospecting', 'Needs Analysis', 'Proposal/Price Quote', 'Closed'],
  value: 45000,
  currency: 'EUR',
  owner: 'Ingrid Berg',
  closeDate: '2025-06-01',
  status: 'open',
};

const api: CrmDealData = {
  crm: 'salesforce',
  dealId: '0065g00000AbCdEAAZ',
  title: 'Nordlys Logistics – fleet renewal',
  stage: { id: 'Proposal/Price Quote', label: 'Proposal/Price Quote' },
  stages: [
    { id: 'Prospecting', label: 'Prospecting', probability: 0.1, closed: false, won: false },
    { id: 'Needs Analysis', label: 'Needs Analysis', probability: 0.2, closed: false, won: false },
    { id: 'Proposal/Price Quote', label: 'Proposal/Price Quote', probability: 0.6, closed: false, won: false },
    { id: 'Closed Won', label: 'Closed Won', probability: 1, closed: true, won: true },
    { id: 'Closed Lost', label: 'Closed Lost', probability: 0, closed: true, won: false },
  ],
  value: 48000,
  closeDate: '2025-06-30',
  status: 'open',
  stageHistory: [
    { stageLabel: 'Prospecting', enteredAt: '2025-01-10T09:12:00.000Z' },
    { stageLabel: 'Needs Analysis', enteredAt: '2025-02-03T08:45:10.000Z' },
    { stageLabel: 'Proposal/Price Quote', enteredAt: '2025-03-12T15:00:00.000Z' },
  ],
  activities: [{ id: 'task:1', type: 'call', subject: 'Discovery', at: '2025-02-04T13:20:00.000Z', done: true }],
  readAt: '2025-03-14T10:00:02.000Z', // read right after the page
};

describe('mergeDeal', () => {
  it('an API answer read after the page wins field by field when both answer for the same deal (Salesforce: 15 = first 15 of 18)', () => {
    const merged = mergeDeal(dom, api, NOW);
    expect(merged.snapshot).toEqual({
      crm: 'salesforce',
      dealId: '0065g00000AbCdE', // the page's id: the deal key stays the same
      title: 'Nordlys Logistics – fleet renewal',
      pipeline: null,
      stage: 'Proposal/Price Quote',
      stages: ['Prospecting', 'Needs Analysis', 'Proposal/Price Quote', 'Closed Won', 'Closed Lost'],
      value: 48000,
      currency: 'EUR', // the API did not say (single-currency org): the page's value stays
      owner: 'Ingrid Berg',
      closeDate: '2025-06-30',
      status: 'open',
    });
    expect(merged.sources).toEqual({
      title: 'api',
      pipeline: 'dom',
      stage: 'api',
      stages: 'api',
      value: 'api',
      currency: 'dom',
      owner: 'dom',
      closeDate: 'api',
      status: 'api',
    });
    expect(merged.readAt).toEqual({ dom: NOW.toISOString(), api: '2025-03-14T10:00:02.000Z' });
    expect(merged.stageVisits).toEqual([
      { stage: 'Prospecting', enteredAt: '2025-01-10T09:12:00.000Z', source: 'crm' },
      { stage: 'Needs Analysis', enteredAt: '2025-02-03T08:45:10.000Z', source: 'crm' },
      { stage: 'Proposal/Price Quote', enteredAt: '2025-03-12T15:00:00.000Z', source: 'crm' },
    ]);
    expect(merged.activities).toEqual(api.activities);
    expect(merged.apiProblem).toBeUndefined();
    expect(merged.awaiting).toEqual([]);
    expect(dealSnapshotSchema.safeParse(merged.snapshot).success).toBe(true);
  });

  it('an API answer older than the page reading (cached) loses the fields the page shows, and fills the rest', () => {
    // The rep moved the deal to Proposal/Price Quote on the page; the cached answer is five minutes old.
    const page: DealSnapshot = { ...dom, stage: 'Proposal/Price Quote', stages: [], owner: null };
    const cached: CrmDealData = { ...api, stage: { id: 'Needs Analysis', label: 'Needs Analysis' }, owner: 'Ingrid Berg', readAt: '2025-03-14T09:55:00.000Z' };
    const merged = mergeDeal(page, cached, NOW);
    expect(merged.snapshot).toEqual({
      ...page,
      stage: 'Proposal/Price Quote', // the page's, newer than the answer
      title: 'Nordlys Logistics', // the page's
      value: 45000,
      closeDate: '2025-06-01',
      stages: ['Prospecting', 'Needs Analysis', 'Proposal/Price Quote', 'Closed Won', 'Closed Lost'], // the page hides it: the API's
      owner: 'Ingrid Berg', // the page hides it: the API's
    });
    expect(merged.sources).toEqual({ title: 'dom', pipeline: 'dom', stage: 'dom', stages: 'api', value: 'dom', currency: 'dom', owner: 'api', closeDate: 'dom', status: 'dom' });
    expect(merged.readAt).toEqual({ dom: NOW.toISOString(), api: '2025-03-14T09:55:00.000Z' });
    // The CRM's history and activities are still the API's (the page has none).
    expect(merged.stageVisits).toHaveLength(3);
    expect(merged.activities).toEqual(api.activities);
  });

  it('an API answer read at the same instant as the page counts as the newer one', () => {
    const merged = mergeDeal(dom, { ...api, readAt: NOW.toISOString() }, NOW);
    expect(merged.snapshot.stage).toBe('Proposal/Price Quote');
    expect(merged.sources.stage).toBe('api');
  });

  it('a change seen on the page stays until an answer has it, even an answer read after the page', () => {
    // The rep moved the deal to Proposal/Price Quote; the CRM still answers Needs Analysis for a moment.
    const page: DealSnapshot = { ...dom, stage: 'Proposal/Price Quote' };
    const lagging: CrmDealData = { ...api, stage: { id: 'Needs Analysis', label: 'Needs Analysis' } };
    const merged = mergeDeal(page, lagging, NOW, { awaiting: ['stage'] });
    expect(merged.snapshot.stage).toBe('Proposal/Price Quote');
    expect(merged.sources.stage).toBe('dom');
    expect(merged.snapshot.title).toBe('Nordlys Logistics – fleet renewal'); // what did not change on the page: the newer answer's
    expect(merged.awaiting).toEqual(['stage']);
    // The CRM catches up (written its own way): the answer agrees, the page's change is confirmed.
    const caughtUp = mergeDeal(page, { ...api, stage: { id: 'x', label: 'proposal/price  quote' } }, NOW, { awaiting: ['stage'] });
    expect(caughtUp.awaiting).toEqual([]);
    expect(caughtUp.sources.stage).toBe('api');
    // A failed read confirms nothing.
    expect(mergeDeal(page, failure('network'), NOW, { awaiting: ['stage'] }).awaiting).toEqual(['stage']);
  });

  it('keeps the page’s reading when the ids disagree, and reports it', () => {
    const merged = mergeDeal(dom, { ...api, dealId: '0065g00000ZzZzZAAZ' }, NOW);
    expect(merged.snapshot).toEqual(dom);
    expect(Object.values(merged.sources).every((s) => s === 'dom')).toBe(true);
    expect(merged.stageVisits).toEqual([]);
    expect(merged.readAt).toEqual({ dom: NOW.toISOString() });
    expect(merged.apiProblem).toMatchObject({ kind: 'mismatch', messageKey: 'connections.problem.mismatch' });
  });

  it('Salesforce ids are case-sensitive; other CRMs compare the whole id', () => {
    expect(mergeDeal(dom, { ...api, dealId: '0065g00000ABCDEAAZ' }, NOW).apiProblem?.kind).toBe('mismatch');
    const pd: DealSnapshot = { ...dom, crm: 'pipedrive', dealId: '1234', stages: [] };
    expect(mergeDeal(pd, { ...api, crm: 'pipedrive', dealId: '1234' }, NOW).apiProblem).toBeUndefined();
    expect(mergeDeal(pd, { ...api, crm: 'pipedrive', dealId: '12345' }, NOW).apiProblem?.kind).toBe('mismatch');
    expect(mergeDeal(pd, { ...api, crm: 'hubspot', dealId: '1234' }, NOW).apiProblem?.kind).toBe('mismatch');
  });

  it('keeps the page’s reading when the API failed, with the failure’s message', () => {
    const merged = mergeDeal(dom, failure('rateLimited', { status: 429, retryAfter: 30 }), NOW);
    expect(merged.snapshot).toBe(dom);
    expect(merged.sources.stage).toBe('dom');
    expect(merged.apiProblem).toEqual({ kind: 'rateLimited', messageKey: 'connections.problem.rateLimited', retryAfter: 30 });
    expect(mergeDeal(dom, failure('unauthorized'), NOW).apiProblem?.messageKey).toBe('connections.problem.unauthorized');
  });

  it('without a connection (null) keeps the page’s reading and reports nothing', () => {
    const merged = mergeDeal(dom, null, NOW);
    expect(merged.snapshot).toBe(dom);
    expect(merged.apiProblem).toBeUndefined();
    expect(MERGED_FIELDS.every((f) => merged.sources[f] === 'dom')).toBe(true);
  });

  it('an API value the snapshot cannot hold keeps the page’s value', () => {
    const merged = mergeDeal(dom, { ...api, value: -5, currency: 'euro', stages: [], title: '' }, NOW);
    expect(merged.snapshot.value).toBe(45000);
    expect(merged.snapshot.currency).toBe('EUR');
    expect(merged.snapshot.stages).toEqual(dom.stages);
    expect(merged.snapshot.title).toBe(dom.title);
    expect(merged.sources).toMatchObject({ value: 'dom', currency: 'dom', stages: 'dom', title: 'dom' });
    expect(dealSnapshotSchema.safeParse(merged.snapshot).success).toBe(true);
  });

  it('fills fields the page did not show', () => {
    const bare: DealSnapshot = { ...dom, title: null, stage: null, stages: [], value: null, owner: null, closeDate: null, status: null };
    const merged = mergeDeal(bare, { ...api, owner: 'Ingrid Berg', pipeline: { id: '1', label: 'Enterprise' } }, NOW);
    expect(merged.snapshot).toMatchObject({ title: 'Nordlys Logistics – fleet renewal', stage: 'Proposal/Price Quote', value: 48000, owner: 'Ingrid Berg', pipeline: 'Enterprise', status: 'open' });
    expect(merged.sources).toMatchObject({ title: 'api', owner: 'api', pipeline: 'api', value: 'api' });
  });
});

describe('pageChanges', () => {
  it('lists the fields the page shows differently from its previous reading', () => {
    expect(pageChanges(dom, { ...dom, stage: 'Proposal/Price Quote', value: 50000 })).toEqual(['stage', 'value']);
    expect(pageChanges(dom, { ...dom, status: 'won' })).toEqual(['status']);
    expect(pageChanges(dom, { ...dom, stages: ['Prospecting', 'Closed'] })).toEqual(['stages']);
  });

  it('a field the page stopped showing, the same reading, or no previous reading is no change', () => {
    expect(pageChanges(dom, { ...dom, stage: null, owner: '  ', stages: [] })).toEqual([]);
    expect(pageChanges(dom, { ...dom })).toEqual([]);
    expect(pageChanges(undefined, dom)).toEqual([]);
  });
});

describe('syncCrmStageVisits', () => {
  const KEY = 'salesforce:acme:0065g00000AbCdE';
  const visits: CrmStageVisit[] = [
    { stage: 'Prospecting', enteredAt: '2025-01-10T09:12:00.000Z', source: 'crm' },
    { stage: 'Needs Analysis', enteredAt: '2025-02-03T08:45:10.000Z', source: 'crm' },
  ];

  it('adds new CRM visits, removes stale ones, keeps unchanged ones and never touches observed visits', () => {
    const existing: StageVisit[] = [
      { id: 1, dealKey: KEY, stage: 'Needs Analysis', enteredAt: '2025-02-05T10:00:00.000Z', source: 'observed' },
      { id: 2, dealKey: KEY, stage: 'Prospecting', enteredAt: '2025-01-10T09:12:00.000Z', source: 'crm' },
      { id: 3, dealKey: KEY, stage: 'Qualification', enteredAt: '2025-01-01T00:00:00.000Z', source: 'crm' },
      { id: 4, dealKey: 'other', stage: 'Prospecting', enteredAt: '2025-01-01T00:00:00.000Z', source: 'crm' },
    ];
    expect(syncCrmStageVisits(existing, KEY, visits)).toEqual({
      remove: [3],
      add: [{ dealKey: KEY, stage: 'Needs Analysis', enteredAt: '2025-02-03T08:45:10.000Z', source: 'crm' }],
    });
  });

  it('changes nothing when the history is already stored', () => {
    const existing: StageVisit[] = visits.map((v, i) => ({ ...v, id: i + 1, dealKey: KEY }));
    expect(syncCrmStageVisits(existing, KEY, visits)).toEqual({ remove: [], add: [] });
  });
});

describe('describeApiProblem', () => {
  it('names the CRM and, when known, the wait', () => {
    const en = createTranslator('en');
    expect(describeApiProblem(en, { kind: 'rateLimited', messageKey: 'connections.problem.rateLimited', retryAfter: 30 }, 'hubspot')).toBe(
      'HubSpot asked Stagecraft to slow down. It uses what the page shows and tries again in 30 s.',
    );
    expect(describeApiProblem(en, { kind: 'rateLimited', messageKey: 'connections.problem.rateLimited' }, 'hubspot')).toBe('HubSpot asked Stagecraft to slow down. It uses what the page shows and tries again later.');
    expect(describeApiProblem(createTranslator('sv'), failure('unauthorized'), 'salesforce')).toContain('Logga in i Salesforce');
  });
});
