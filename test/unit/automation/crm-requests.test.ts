import { describe, expect, it } from 'vitest';
import { pipedriveAutomation } from '@/lib/crm/pipedrive/assignment';
import { salesforceAutomation } from '@/lib/crm/salesforce/assignment';
import { candidateDeals, newDealKey, stageEntryKey, syncFreshness } from '@/lib/automation/candidates';
import { createSyncHttp } from '@/lib/team-sync/http';
import type { SyncedDeal } from '@/lib/team-sync/types';
import { crmServer, json } from '../../support/crm-servers/server';

// The exact requests each CRM gets: Pipedrive's owner_id PATCH (API v2), Salesforce's OwnerId PATCH
// (a 204 without a body) with a SOQL read whose fields are checked first; and which synced deals a
// run looks at.

const http = (fetch: typeof globalThis.fetch) => createSyncHttp({ fetch, now: () => new Date(Date.UTC(2026, 11, 7)), sleep: async () => {} });

describe('Pipedrive', () => {
  it('reads the deal (custom fields by key) and changes owner_id and pipeline with a PATCH on API v2', async () => {
    const deal = { id: 7, title: 'Fjord Freight', owner_id: 3, pipeline_id: 1, stage_id: 2, value: 45000, person_id: 55, origin: 'Web', custom_fields: { a1b2c3: 'Norway' } };
    const server = crmServer((r) => {
      if (r.line === 'GET /api/v2/deals/7') return json({ success: true, data: deal });
      if (r.line === 'PATCH /api/v2/deals/7') return json({ success: true, data: { ...deal, ...(r.body as object) } });
      if (r.line === 'GET /api/v2/persons/55') return json({ success: true, data: { id: 55, first_name: 'Kari', last_name: 'Nordmann', emails: [{ value: 'kari@other.example', primary: false }, { value: 'Kari@Fjord.example', primary: true }] } });
      if (r.line === 'GET /api/v1/users') return json({ success: true, data: [{ id: 3, name: 'Ingrid Dahl', active_flag: true }, { id: 4, name: 'Gone Rep', active_flag: false }] });
      return json({ success: false }, 404);
    });
    const crm = pipedriveAutomation(http(server.fetch), { company: 'nordic', token: 'x'.repeat(40) });
    expect(await crm.reps()).toEqual({ ok: true, value: [{ id: '3', name: 'Ingrid Dahl' }] });
    expect(await crm.readDeal('7', ['a1b2c3', 'origin'])).toEqual({ ok: true, value: { id: '7', title: 'Fjord Freight', ownerId: '3', pipeline: '1', stage: '2', value: 45000, fields: { a1b2c3: 'Norway', origin: 'Web' } } });
    expect(await crm.setOwner('7', '4', { pipeline: '2', stage: '9' })).toEqual({ ok: true, value: true });
    expect(await crm.contacts('7')).toEqual({ ok: true, value: [{ email: 'Kari@Fjord.example', firstName: 'Kari', lastName: 'Nordmann' }] });
    const patch = server.log.find((r) => r.method === 'PATCH')!;
    expect(patch.url.origin).toBe('https://nordic.pipedrive.com');
    expect(patch.body).toEqual({ owner_id: 4, pipeline_id: 2, stage_id: 9 });
    expect(patch.headers.get('x-api-token')).toBe('x'.repeat(40));
  });
});

describe('Salesforce', () => {
  it('reads the opportunity with SOQL (related fields too) and PATCHes OwnerId, a 204 without a body', async () => {
    const server = crmServer((r) => {
      if (r.method === 'GET' && r.url.pathname === '/services/data/v60.0/query') {
        const q = r.url.searchParams.get('q')!;
        if (q.startsWith('SELECT Id, Name FROM User')) return json({ totalSize: 1, done: true, records: [{ Id: '005000000000001AAA', Name: 'Ingrid Dahl' }] });
        if (q.includes('FROM OpportunityContactRole')) return json({ totalSize: 1, done: true, records: [{ Contact: { Email: 'kari@fjord.example', FirstName: 'Kari', LastName: null } }, { Contact: { Email: null, FirstName: 'No', LastName: 'Mail' } }] });
        return json({ totalSize: 1, done: true, records: [{ Id: '006000000000001AAA', Name: 'Fjord Freight', OwnerId: '005000000000002AAA', StageName: 'Prospecting', Amount: 45000, Account: { BillingCountry: 'Norway' }, LeadSource: 'Web' }] });
      }
      if (r.method === 'PATCH') return new Response(null, { status: 204 });
      return json([{ errorCode: 'NOT_FOUND' }], 404);
    });
    const crm = salesforceAutomation(http(server.fetch), { instance: 'nordic.my.salesforce.com', token: 'session' });
    const read = await crm.readDeal('006000000000001AAA', ['Account.BillingCountry', 'LeadSource']);
    expect(read).toEqual({ ok: true, value: { id: '006000000000001AAA', title: 'Fjord Freight', ownerId: '005000000000002AAA', pipeline: 'opportunities', stage: 'Prospecting', value: 45000, fields: { 'Account.BillingCountry': 'Norway', LeadSource: 'Web' } } });
    expect(server.log[0]!.line).toBe("GET /services/data/v60.0/query?q=SELECT Id, Name, OwnerId, StageName, Amount, Account.BillingCountry, LeadSource FROM Opportunity WHERE Id = '006000000000001AAA'");
    expect(await crm.setOwner('006000000000001AAA', '005000000000001AAA', null)).toEqual({ ok: true, value: true });
    const patch = server.log.at(-1)!;
    expect([patch.line, patch.body]).toEqual(['PATCH /services/data/v60.0/sobjects/Opportunity/006000000000001AAA', { OwnerId: '005000000000001AAA' }]);
    expect(await crm.contacts('006000000000001AAA')).toEqual({ ok: true, value: [{ email: 'kari@fjord.example', firstName: 'Kari', lastName: null }] });
    // An id that is not one never reaches a query.
    const before = server.log.length;
    expect(await crm.readDeal("x' OR Name != '", [])).toMatchObject({ ok: false, kind: 'notFound' });
    expect(server.log.length).toBe(before);
  });
});

describe('which deals a run looks at', () => {
  const T = Date.UTC(2026, 11, 7, 9);
  const deal = (id: string, createdAt: number, history: [string, number][], status: SyncedDeal['status'] = 'open'): SyncedDeal => ({ id, title: id, owner: 'x', pipeline: 'p', value: 0, currency: null, createdAt, status, closedAt: null, stageHistory: history.map(([stage, enteredAt]) => ({ stage, enteredAt })), seenIn: 'r' });
  const deals = [
    deal('new', T - 10, [['lead', T - 10]]),
    deal('old', T - 1_000, [['lead', T - 1_000]]),
    deal('moved', T - 1_000, [['lead', T - 1_000], ['trial', T - 5]]),
    deal('moved-back', T - 1_000, [['trial', T - 900], ['lead', T - 5]]),
    deal('won', T - 10, [['lead', T - 10]], 'won'),
  ];
  const settings = { triggers: { newDeals: true, stages: ['trial'] }, reassignRuleAssigned: false };

  it('new deals and deals entering a chosen stage since the rules took effect, oldest first, each event once', () => {
    const found = candidateDeals({ deals, settings, since: T - 100, handled: new Set(), ruleAssigned: new Set() });
    expect(found.map((c) => [c.dealId, c.reason, c.key])).toEqual([
      ['new', 'new', newDealKey('new')],
      ['moved', 'stage', stageEntryKey('moved', 'trial', T - 5)],
    ]);
    expect(candidateDeals({ deals, settings, since: T - 100, handled: new Set([newDealKey('new')]), ruleAssigned: new Set() }).map((c) => c.dealId)).toEqual(['moved']);
    // A deal a rule assigned is left alone unless the manager asks.
    expect(candidateDeals({ deals, settings, since: T - 100, handled: new Set(), ruleAssigned: new Set(['moved']) }).map((c) => c.dealId)).toEqual(['new']);
    expect(candidateDeals({ deals, settings: { ...settings, reassignRuleAssigned: true }, since: T - 100, handled: new Set(), ruleAssigned: new Set(['moved']) }).map((c) => c.dealId)).toEqual(['new', 'moved']);
  });

  it('a team synced over two hours ago, a failed or running sync, or none: not fresh', () => {
    const meta = { crm: 'hubspot' as const, account: 'hubspot', completedAt: T - 3 * 3_600_000, startedAt: 0, since: 0, mode: 'full' as const, deals: 1, activities: 0 };
    expect(syncFreshness(null, null, T)).toEqual({ fresh: false, reason: 'neverSynced', syncedAt: null });
    expect(syncFreshness(meta, { state: 'complete' }, T)).toEqual({ fresh: false, reason: 'stale', syncedAt: meta.completedAt });
    expect(syncFreshness({ ...meta, completedAt: T - 60_000 }, { state: 'complete' }, T)).toEqual({ fresh: true });
    expect(syncFreshness({ ...meta, completedAt: T - 60_000 }, { state: 'failed' }, T)).toMatchObject({ fresh: false, reason: 'lastFailed' });
  });
});
