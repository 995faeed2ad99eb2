import { describe, expect, it } from 'vitest';
import { computeScorecard } from '@/lib/metrics/scorecard';
import type { TeamSyncTarget } from '@/lib/team-sync';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { salesforceServer, SALESFORCE_TEST_TOKEN } from '../../support/crm-servers/salesforce';
import { json, type CrmServer } from '../../support/crm-servers/server';
import { changeTeam, generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { expectSameHistory, historyOf, syncOnce } from './helpers';

// Pipedrive and Salesforce team syncs against vendor-shaped servers of generated teams with known
// ground truth: full, incremental and resumed runs all give the true history.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const SINCE = Date.UTC(2024, 11, 7);

interface Case {
  crm: 'pipedrive' | 'salesforce';
  target: TeamSyncTarget;
  server: (world: World) => CrmServer;
}
const CASES: Case[] = [
  { crm: 'pipedrive', target: { crm: 'pipedrive', company: 'acme', token: PIPEDRIVE_TEST_TOKEN }, server: (w) => pipedriveServer(w) },
  { crm: 'salesforce', target: { crm: 'salesforce', instance: 'acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }, server: (w) => salesforceServer(w) },
];

describe.each(CASES)('$crm team sync', ({ crm, target, server: serverOf }) => {
  it('a full run gives exactly the generated team’s history and scorecard', async () => {
    const world = generateTeam({ crm, seed: 21, deals: 700 });
    const server = serverOf(world);
    const { result, store } = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(result.status === 'failed' ? result.failure : result.status).toBe('complete');
    const truth = groundTruth(world, SINCE);
    const synced = await historyOf(store, SINCE);
    expectSameHistory(synced, truth);
    const options = { asOf: NOW, from: Date.UTC(2026, 0, 1), toExclusive: Date.UTC(2026, 11, 1) };
    expect(computeScorecard(synced, options)).toEqual(computeScorecard(truth, options));
    expect(server.log.every((r) => r.url.origin === (crm === 'pipedrive' ? 'https://acme.pipedrive.com' : 'https://acme.my.salesforce.com'))).toBe(true);
  });

  it('an incremental run after changes equals a full run', async () => {
    const world = generateTeam({ crm, seed: 8, deals: 500 });
    const server = serverOf(world);
    const first = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(first.result.status).toBe('complete');
    const later = NOW + 3_600_000;
    changeTeam(world, 42, later);
    server.log.length = 0;
    const incremental = await syncOnce(server, target, { store: first.store, now: later, since: SINCE });
    expect(incremental.result.status === 'complete' && incremental.result.meta.mode).toBe('incremental');
    const full = await syncOnce(serverOf(world), target, { now: later, since: SINCE });
    expectSameHistory(await historyOf(incremental.store, SINCE), await historyOf(full.store, SINCE));
    expectSameHistory(await historyOf(incremental.store, SINCE), groundTruth(world, SINCE));
    // Only what changed is read.
    expect(incremental.result.run.dealsRead).toBeLessThan(full.result.run.dealsRead / 3);
    const reads = server.log.map((r) => r.line).filter((l) => /\/v2\/(deals|activities)\?|FROM (Opportunity|Task|Event)\b/.test(l));
    expect(reads.length).toBeGreaterThan(0);
    for (const line of reads) expect(line).toMatch(crm === 'pipedrive' ? /updated_since=2026-12-07T08:55:00Z/ : /LastModifiedDate >= 2026-12-07T08:55:00Z/);
  });

  it('a run cut half-way resumes and equals a full run', async () => {
    const world = generateTeam({ crm, seed: 4, deals: 400 });
    const server = serverOf(world);
    let pages = 0;
    const cut = await syncOnce(server, target, { now: NOW, since: SINCE, shouldStop: () => ++pages > 3 });
    expect(cut.result.status).toBe('stopped');
    const resumed = await syncOnce(server, target, { store: cut.store, now: NOW + 60_000, since: SINCE });
    expect(resumed.result.status).toBe('complete');
    expectSameHistory(await historyOf(resumed.store, SINCE), groundTruth(world, SINCE));
  });

  it('a 500 that does not go away fails the run as the CRM not answering; the next run resumes', async () => {
    const world = generateTeam({ crm, seed: 6, deals: 150 });
    const server = serverOf(world);
    server.faults.push({ when: (_r, n) => n >= 4, respond: () => json({ error: 'down' }, 500), times: 5 });
    const failed = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(failed.result.status === 'failed' && failed.result.failure).toMatchObject({ kind: 'network', status: 500 });
    expect(failed.sleeps).toEqual([1000, 2000, 4000, 8000]);
    const resumed = await syncOnce(server, target, { store: failed.store, now: NOW, since: SINCE });
    expect(resumed.result.status).toBe('complete');
    expectSameHistory(await historyOf(resumed.store, SINCE), groundTruth(world, SINCE));
  });
});

describe('Pipedrive specifics', () => {
  it('sends the documented requests with the token header only', async () => {
    const world = generateTeam({ crm: 'pipedrive', seed: 2, deals: 120 });
    const server = pipedriveServer(world);
    await syncOnce(server, { crm: 'pipedrive', company: 'acme', token: PIPEDRIVE_TEST_TOKEN }, { now: NOW, since: SINCE });
    const lines = server.log.map((r) => r.line);
    expect(lines.slice(0, 5)).toEqual(['GET /api/v2/pipelines?limit=100', 'GET /api/v2/stages?limit=500', 'GET /api/v1/users', 'GET /api/v1/dealFields?start=0&limit=500', 'GET /api/v2/deals?limit=100']);
    expect(lines).toContain(`GET /api/v1/deals/${world.deals.find((d) => !d.deleted)!.id}/flow?items=dealChange&start=0&limit=100`);
    expect(lines.filter((l) => l.startsWith('GET /api/v2/activities'))[0]).toBe('GET /api/v2/activities?limit=500');
    expect(server.log.every((r) => r.headers.get('x-api-token') === PIPEDRIVE_TEST_TOKEN && !r.url.search.includes(PIPEDRIVE_TEST_TOKEN))).toBe(true);
  });
});

describe('Salesforce specifics', () => {
  it('queries with SOQL and follows nextRecordsUrl; an org without multi-currency is asked again without CurrencyIsoCode', async () => {
    const world = generateTeam({ crm: 'salesforce', seed: 12, deals: 450 });
    const server = salesforceServer(world, { multiCurrency: false });
    const { result, store } = await syncOnce(server, { crm: 'salesforce', instance: 'https://acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const lines = server.log.map((r) => r.line);
    expect(lines[0]).toBe('GET /services/data/v60.0/query?q=SELECT ApiName, MasterLabel, SortOrder, DefaultProbability, IsClosed, IsWon, IsActive FROM OpportunityStage ORDER BY SortOrder');
    expect(lines[1]).toBe(
      'GET /services/data/v60.0/query?q=SELECT Id, Name, Owner.Name, StageName, Amount, CurrencyIsoCode, RecordTypeId, LeadSource, CloseDate, CreatedDate, IsClosed, IsWon, LastModifiedDate, (SELECT StageName, Amount, CloseDate, Probability, ForecastCategory, CreatedDate FROM OpportunityHistories ORDER BY CreatedDate) FROM Opportunity WHERE (IsClosed = false OR CreatedDate >= 2024-12-07T00:00:00Z OR LastModifiedDate >= 2024-12-07T00:00:00Z) ORDER BY Id',
    );
    expect(lines[2]).toContain('SELECT Id, Name, Owner.Name, StageName, Amount, RecordTypeId, LeadSource, CloseDate');
    expect(lines[3]).toMatch(/^GET \/services\/data\/v60\.0\/query\/01g/);
    expect(lines).toContain("GET /services/data/v60.0/query?q=SELECT Id, WhatId, Owner.Name, TaskSubtype, ActivityDate, CompletedDateTime, CreatedDate, Description FROM Task WHERE What.Type = 'Opportunity' ORDER BY Id");
    const truth = groundTruth(world, SINCE);
    const synced = await historyOf(store, SINCE);
    expectSameHistory({ ...synced, deals: synced.deals.map((d) => ({ ...d, currency: 'X' })) }, { ...truth, deals: truth.deals.map((d) => ({ ...d, currency: 'X' })) });
    expect(synced.deals.every((d) => d.currency === null)).toBe(true);
  });
});
