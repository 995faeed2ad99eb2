import { describe, expect, it } from 'vitest';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { json } from '../../support/crm-servers/server';
import { changeTeam, DAY, generateTeam, groundTruth } from '../../support/crm-servers/team';
import { expectSameHistory, historyOf, syncOnce } from './helpers';

// The HubSpot team sync against a vendor-shaped server of a generated team whose true history is
// known: the synced history is that history, so every scorecard figure is the truth's.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const SINCE = Date.UTC(2024, 11, 7);
const target = { crm: 'hubspot' as const, token: HUBSPOT_TEST_TOKEN };

describe('HubSpot team sync', () => {
  it('a full run gives exactly the generated team’s history and scorecard', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 14, deals: 1200 });
    const server = hubspotServer(world);
    const { result, store } = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const truth = groundTruth(world, SINCE);
    const synced = await historyOf(store, SINCE);
    expectSameHistory(synced, truth);
    const options = { asOf: NOW, from: null, toExclusive: null };
    expect(computeScorecard(synced, options)).toEqual(computeScorecard(truth, options));
    // The generated team has what the rules are about.
    expect(truth.deals.some((d) => d.stageHistory.some((h, i) => i > 0 && truth.pipelines[0]!.stages.findIndex((s) => s.id === h.stage) < truth.pipelines[0]!.stages.findIndex((s) => s.id === d.stageHistory[i - 1]!.stage)))).toBe(true);
    expect(world.deals.some((d) => d.deleted)).toBe(true);
    expect(world.deals.some((d) => d.status !== 'open' && !d.historyHasClose)).toBe(true);
    // Exactly these requests, in this order, for the first pages.
    expect(server.log.slice(0, 6).map((r) => r.line)).toEqual([
      'GET /crm/v3/pipelines/deals',
      'GET /crm/v3/owners?limit=100',
      'GET /crm/v3/owners?limit=100&archived=true',
      'POST /crm/v3/objects/deals/search',
      'GET /crm/v3/objects/deals?limit=50&properties=dealname,amount,deal_currency_code,pipeline,dealstage,closedate,createdate,hubspot_owner_id,hs_lastmodifieddate,hs_analytics_source&propertiesWithHistory=dealstage,amount,closedate,hs_forecast_category',
      'GET /crm/v3/objects/deals?limit=50&after=50&properties=dealname,amount,deal_currency_code,pipeline,dealstage,closedate,createdate,hubspot_owner_id,hs_lastmodifieddate,hs_analytics_source&propertiesWithHistory=dealstage,amount,closedate,hs_forecast_category',
    ]);
    expect(server.log.filter((r) => r.line.startsWith('GET /crm/v3/objects/calls')).at(0)?.line).toBe('GET /crm/v3/objects/calls?limit=100&properties=hs_timestamp,hubspot_owner_id&associations=deals');
    expect(server.log.every((r) => r.headers.get('authorization') === `Bearer ${HUBSPOT_TEST_TOKEN}`)).toBe(true);
    expect(result.status === 'complete' && result.run.dealsTotal).toBe(world.deals.filter((d) => !d.deleted).length);
  });

  it('an incremental run after changes in the CRM equals a full run, and reads only what changed', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 7, deals: 800 });
    const server = hubspotServer(world);
    const first = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(first.result.status).toBe('complete');
    const later = NOW + 3_600_000;
    changeTeam(world, 99, later);
    server.log.length = 0;
    const incremental = await syncOnce(server, target, { store: first.store, now: later, since: SINCE });
    expect(incremental.result.status === 'complete' && incremental.result.meta.mode).toBe('incremental');
    expect(server.log.some((r) => r.line.startsWith('GET /crm/v3/objects/deals?limit=50'))).toBe(false);
    const search = server.log.find((r) => r.line === 'POST /crm/v3/objects/deals/search')!;
    expect(search.body).toMatchObject({ filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(NOW - 5 * 60_000) }] }] });
    const fresh = await syncOnce(hubspotServer(world), target, { now: later, since: SINCE });
    expectSameHistory(await historyOf(incremental.store, SINCE), await historyOf(fresh.store, SINCE));
    expectSameHistory(await historyOf(incremental.store, SINCE), groundTruth(world, SINCE));
  });

  it('a run cut half-way resumes where it stopped and equals a full run, counting no deal twice', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 3, deals: 600 });
    const server = hubspotServer(world);
    let pages = 0;
    const cut = await syncOnce(server, target, { now: NOW, since: SINCE, shouldStop: () => ++pages > 9 });
    expect(cut.result.status).toBe('stopped');
    const requestsBefore = server.log.length;
    const resumed = await syncOnce(server, target, { store: cut.store, now: NOW + 60_000, since: SINCE });
    expect(resumed.result.status).toBe('complete');
    // It did not start over: the pipelines were not read again.
    expect(server.log.slice(requestsBefore).some((r) => r.line === 'GET /crm/v3/pipelines/deals')).toBe(false);
    expect(resumed.result.status === 'complete' && resumed.result.run.dealsRead).toBe(world.deals.filter((d) => !d.deleted).length);
    expectSameHistory(await historyOf(resumed.store, SINCE), groundTruth(world, SINCE));
  });

  it('waits out a 429 for its Retry-After and a 500 in the middle, then completes with the same history', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 5, deals: 300 });
    const server = hubspotServer(world);
    server.faults.push(
      { when: (_r, n) => n === 6, respond: () => json({ status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, 429, { 'retry-after': '7' }) },
      { when: (_r, n) => n === 9, respond: () => json({ status: 'error', message: 'internal error' }, 500) },
    );
    const { result, store, sleeps } = await syncOnce(server, target, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    expect(sleeps).toEqual([7000, 1000]);
    // The refused requests were sent again, unchanged.
    expect(server.log[6]!.line).toBe(server.log[5]!.line);
    expect(server.log[9]!.line).toBe(server.log[8]!.line);
    expectSameHistory(await historyOf(store, SINCE), groundTruth(world, SINCE));
  });

  it('a malformed page fails the run naming the JSON path and keeps the last complete data', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 9, deals: 200 });
    const server = hubspotServer(world);
    const first = await syncOnce(server, target, { now: NOW, since: SINCE });
    const before = await historyOf(first.store, SINCE);
    server.faults.push({ when: (r) => r.line.includes('objects/deals?limit=50&after=50'), respond: () => json({ results: [{ id: '1', properties: { dealname: 'x' } }, { id: 2, properties: {} }] }) });
    const failed = await syncOnce(server, target, { store: first.store, now: NOW + DAY, since: SINCE, mode: 'full' });
    expect(failed.result.status).toBe('failed');
    if (failed.result.status !== 'failed') return;
    expect(failed.result.failure).toMatchObject({ kind: 'malformed', path: 'results[1].id', request: 'GET /crm/v3/objects/deals' });
    expectSameHistory(await historyOf(first.store, SINCE), before);
  });

  it('a refused token fails at once with 401 and sends nothing more', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 1, deals: 10 });
    const { result } = await syncOnce(hubspotServer(world, { token: 'pat-eu1-other' }), target, { now: NOW, since: SINCE });
    expect(result.status === 'failed' && result.failure).toMatchObject({ kind: 'unauthorized', status: 401, request: 'GET /crm/v3/pipelines/deals' });
  });
});
