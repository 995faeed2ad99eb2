import { describe, expect, it } from 'vitest';
import { readMarker } from '@/lib/crm/marker';
import { combinedHistory } from '@/lib/forecast/combined-history';
import type { History } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';
import type { CrmId } from '@/lib/model/deal';
import { syncedSource } from '@/lib/team-sync/source';
import type { TeamSyncTarget } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { salesforceServer, SALESFORCE_TEST_TOKEN } from '../../support/crm-servers/salesforce';
import { generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import type { CrmServer } from '../../support/crm-servers/server';
import { syncOnce } from './helpers';
import { asStoredLocally, intoCrm, NOW, playbookFor, shareTicks, SINCE } from './ticks';

// Team adoption from the CRM: the checklist ticks reps shared as CRM tasks, read back by the team
// sync, give every sharing rep's adoption — the same figure as the same ticks stored in the rep's own
// browser give. Ticks of an older playbook, of a task the playbook no longer has, or with a broken
// marker are not counted; reps who share nothing are left out of adoption, not counted as zero.

const targets: Record<CrmId, [(world: World) => CrmServer, TeamSyncTarget]> = {
  hubspot: [(w) => hubspotServer(w), { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }],
  pipedrive: [(w) => pipedriveServer(w), { crm: 'pipedrive', company: 'acme', token: PIPEDRIVE_TEST_TOKEN }],
  salesforce: [(w) => salesforceServer(w), { crm: 'salesforce', instance: 'acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }],
};

describe.each(['hubspot', 'pipedrive', 'salesforce'] as const)('team adoption from the CRM: %s', (crm) => {
  it('adoption from the synced ticks equals adoption from the same ticks stored by the reps, per rep and per stage', async () => {
    const world = generateTeam({ crm, seed: 91, deals: 120, owners: 4, now: NOW });
    const playbook = playbookFor(crm);
    const { ticks, sharers } = shareTicks(world);
    expect(ticks.length).toBeGreaterThan(10);
    const inWindow = new Set(groundTruth(world, SINCE).deals.map((d) => d.id));
    intoCrm(world, ticks, inWindow);
    const [server, target] = targets[crm];
    const { store, result } = await syncOnce(server(world), target, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const meta = result.status === 'complete' ? result.meta : null;
    const source = syncedSource(meta, await store.data(), playbook);
    expect(source!.ticks).toEqual({ shared: ticks.filter((t) => inWindow.has(t.dealId)).length, ignored: 2 });
    // The reps who share nothing are in it, their deals marked as having no known checklist.
    expect(source!.history.deals.some((d) => d.untracked)).toBe(true);
    expect(source!.history.deals.some((d) => !d.untracked)).toBe(true);
    const observed = { playbook, deals: [], visits: [], activities: [], checklist: [], mappings: {}, defaultRotDays: 14 };
    const synced = combinedHistory(observed, [], { synced: source }).history;
    const keyOf = (id: string) => id.split(':').slice(2).join(':');
    const viewed: History = { ...synced, deals: synced.deals.filter((d) => d.pipeline === 'sales').map((d) => ({ ...d, id: keyOf(d.id) })), checklist: (synced.checklist ?? []).map((c) => ({ ...c, dealId: keyOf(c.dealId) })), activities: [] };
    const local = asStoredLocally(world, playbook, ticks, sharers);

    const options = { asOf: '2026-12-07' };
    const fromCrm = computeScorecard(viewed, options);
    const fromBrowsers = computeScorecard(local, options);
    for (const owner of sharers) {
      expect(fromCrm.owners[owner]?.adoption, owner).toEqual(fromBrowsers.owners[owner]?.adoption);
      expect(fromCrm.owners[owner]!.adoption.required).toBeGreaterThan(0);
      expect(fromCrm.owners[owner]?.adoptionByStage.sales, owner).toEqual(fromBrowsers.owners[owner]?.adoptionByStage.sales);
    }
    // Reps who share nothing: no adoption known (not zero of something).
    for (const owner of Object.keys(fromCrm.owners).filter((o) => !sharers.has(o))) expect(fromCrm.owners[owner]!.adoption.required).toBe(0);
    expect(fromCrm.team.adoption).toEqual(fromBrowsers.team.adoption);
    // The tick tasks are checklist evidence, not sales activities; a task with a broken marker is an ordinary task.
    const ordinaryTasks = world.activities.filter((a) => a.type === 'task' && !a.deleted && inWindow.has(a.dealId) && readMarker(a.body).status !== 'ok');
    expect(synced.activities.filter((a) => a.type === 'task').length).toBe(ordinaryTasks.length);
  });
});

describe('without shared ticks', () => {
  it('the synced team is a history without a checklist, as before (adoption leaves its deals out)', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 92, deals: 30, now: NOW });
    const { store, result } = await syncOnce(hubspotServer(world), { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }, { now: NOW, since: SINCE });
    const source = syncedSource(result.status === 'complete' ? result.meta : null, await store.data(), playbookFor('hubspot'));
    expect([source!.history.version, source!.history.checklist]).toEqual([1, undefined]);
    expect(combinedHistory(null, [], { synced: source }).history.deals.every((d) => d.untracked)).toBe(true);
  });
});
