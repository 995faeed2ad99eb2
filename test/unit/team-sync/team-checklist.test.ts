import { describe, expect, it } from 'vitest';
import { formatMarker, readMarker, type TickMarker } from '@/lib/crm/marker';
import { combinedHistory } from '@/lib/forecast/combined-history';
import type { History } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';
import type { CrmId } from '@/lib/model/deal';
import { syncedHistoryRows, syncedTickSummary } from '@/lib/team-sync/source';
import type { TeamSyncTarget } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { salesforceServer, SALESFORCE_TEST_TOKEN } from '../../support/crm-servers/salesforce';
import { activityIdFor, DAY, generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import type { CrmServer } from '../../support/crm-servers/server';
import { syncOnce } from './helpers';

// Team adoption from the CRM: the checklist ticks reps shared as CRM tasks, read back by the team
// sync, give every sharing rep's adoption — the same figure as the same ticks stored in the rep's own
// browser give. Ticks of an older playbook, of a task the playbook no longer has, or with a broken
// marker are not counted; reps who share nothing are left out of adoption, not counted as zero.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const SINCE = Date.UTC(2025, 0, 1);
const STAGES = ['Qualified', 'Discovery', 'Demo', 'Proposal', 'Negotiation'] as const;
const REQUIRED: Record<string, string[]> = { Discovery: ['confirm-budget'], Demo: ['run-demo', 'map-decision-process'] };
const PIPELINE: Record<CrmId, string> = { hubspot: 'Sales Pipeline', pipedrive: 'Sales', salesforce: 'Opportunities' };

/** The team's playbook: its one pipeline named as in the CRM, the CRM's stage names, required tasks on Discovery and Demo. */
function playbookFor(crm: CrmId): Playbook {
  const slug = (name: string) => name.toLowerCase();
  return playbookSchema.parse({
    id: 'team-playbook',
    name: 'Team playbook',
    updatedAt: '2026-01-01T00:00:00.000Z',
    pipelines: [
      {
        id: 'sales',
        name: 'Our sales',
        aliases: { hubspot: [], pipedrive: [], salesforce: [], [crm]: [PIPELINE[crm]] },
        stages: [
          ...STAGES.map((name) => ({ id: slug(name), name, aliases: { hubspot: [], pipedrive: [], salesforce: [] }, tasks: (REQUIRED[name] ?? []).map((id) => ({ id, title: id.replace(/-/g, ' '), dueDays: 3, required: true, evidence: null })), probability: 0.5 })),
          { id: 'won', name: 'Won', aliases: { hubspot: [], pipedrive: [], salesforce: [] }, outcome: 'won', probability: 1 },
          { id: 'lost', name: 'Lost', aliases: { hubspot: [], pipedrive: [], salesforce: [] }, outcome: 'lost', probability: 0 },
        ],
      },
    ],
  });
}

interface Tick {
  dealId: string;
  stage: string;
  task: string;
  at: number;
}

/**
 * Two reps of the first pipeline share their ticks: every Demo they left gets "run demo" a day in,
 * and every other one "map decision process" too; every Discovery "confirm budget" half of the time
 * (one of them after the deal had moved on). Returns the ticks as each rep's browser stores them.
 */
function shareTicks(world: World): { ticks: Tick[]; sharers: Set<string> } {
  const first = world.pipelines[0]!;
  const stageName = new Map(first.stages.map((s) => [s.id, s.name]));
  const sharers = new Set(world.owners.slice(0, 2).map((o) => o.id));
  const ticks: Tick[] = [];
  let n = 0;
  for (const deal of world.deals.filter((d) => !d.deleted && d.pipeline === first.id && d.ownerId !== null && sharers.has(d.ownerId))) {
    deal.entries.forEach((entry, i) => {
      const name = stageName.get(entry.stage);
      const left = deal.entries[i + 1]?.at ?? deal.closedAt ?? NOW;
      if (name === 'Demo') {
        ticks.push({ dealId: deal.id, stage: 'demo', task: 'run-demo', at: entry.at + DAY });
        if (n++ % 2 === 0) ticks.push({ dealId: deal.id, stage: 'demo', task: 'map-decision-process', at: entry.at + 2 * DAY });
      }
      if (name === 'Discovery' && n++ % 2 === 0) ticks.push({ dealId: deal.id, stage: 'discovery', task: 'confirm-budget', at: n % 3 === 0 ? left + DAY : entry.at + DAY });
    });
  }
  // One task per deal, stage and task, as a browser keeps it (a deal back in Demo re-ticks it: the later time).
  const latest = new Map(ticks.map((t) => [`${t.dealId}/${t.stage}/${t.task}`, t]));
  return { ticks: [...latest.values()], sharers: new Set([...sharers].map((id) => { const o = world.owners.find((x) => x.id === id)!; return `${o.firstName} ${o.lastName}`; })) };
}

const marker = (stage: string, task: string, playbookId = 'team-playbook', by: TickMarker['by'] = 'hand') => formatMarker({ kind: 'tick', playbookId, stageId: stage, taskId: task, by });

/** The ticks as tasks in the CRM, plus what must not count: an older playbook's, a task the playbook no longer has, a broken marker. */
function intoCrm(world: World, ticks: Tick[], inWindow: Set<string>): void {
  const task = (dealId: string, at: number, body: string) => {
    const deal = world.deals.find((d) => d.id === dealId)!;
    world.activities.push({ id: activityIdFor(world.crm, 'task', world.nextId++), dealId, ownerId: deal.ownerId, type: 'task', at, modifiedAt: at, deleted: false, body });
  };
  for (const t of ticks) task(t.dealId, t.at, world.crm === 'pipedrive' ? `<p>${marker(t.stage, t.task)}</p>` : marker(t.stage, t.task));
  const some = ticks.find((t) => inWindow.has(t.dealId))!;
  task(some.dealId, some.at, marker('demo', 'run-demo', 'last-years-playbook'));
  task(some.dealId, some.at, marker('demo', 'send-brochure'));
  task(some.dealId, some.at, '[stagecraft:v1;kind=tick;playbook=team-playbook;stage=demo]');
}

/** What the reps' own browsers say: the same deals in the playbook's terms, with the ticks they stored, non-sharers untracked. */
function asStoredLocally(world: World, playbook: Playbook, ticks: Tick[], sharers: Set<string>): History {
  const truth = groundTruth(world, SINCE);
  const first = world.pipelines[0]!;
  const toPlaybook = new Map(first.stages.map((s) => [s.id, s.name.toLowerCase()]));
  const deals = truth.deals.filter((d) => d.pipeline === first.id).map((d) => ({ ...d, pipeline: 'sales', stageHistory: d.stageHistory.map((h) => ({ ...h, stage: toPlaybook.get(h.stage)! })), ...(sharers.has(d.owner) ? {} : { untracked: true as const }) }));
  const kept = new Set(deals.map((d) => d.id));
  const pipeline = playbook.pipelines[0]!;
  return {
    version: 2,
    pipelines: [{ id: 'sales', name: pipeline.name, stages: pipeline.stages.filter((s) => s.outcome !== 'lost').map((s) => ({ id: s.id, name: s.name, probability: s.probability, rotDays: null, requiredTasks: s.tasks.filter((t) => t.required).map((t) => t.id) })) }],
    deals,
    activities: [],
    forecasts: [],
    checklist: ticks.filter((t) => kept.has(t.dealId)).map((t) => ({ dealId: t.dealId, stage: t.stage, task: t.task, doneAt: t.at })),
  };
}

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
    expect(syncedTickSummary(meta, await store.data(), playbook)).toEqual({ shared: ticks.filter((t) => inWindow.has(t.dealId)).length, ignored: 2 });
    const rows = syncedHistoryRows(meta, await store.data(), playbook);
    expect(rows.map((r) => r.id)).toEqual(['team-sync', 'team-sync:untracked']);
    const observed = { playbook, deals: [], visits: [], activities: [], checklist: [], mappings: {}, defaultRotDays: 14 };
    const synced = combinedHistory(observed, rows as never).history;
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
  it('the synced team is one row without a checklist, as before', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 92, deals: 30, now: NOW });
    const { store, result } = await syncOnce(hubspotServer(world), { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }, { now: NOW, since: SINCE });
    const rows = syncedHistoryRows(result.status === 'complete' ? result.meta : null, await store.data(), playbookFor('hubspot'));
    expect(rows.map((r) => [r.id, (r.history as { version: number }).version])).toEqual([['team-sync', 1]]);
  });
});
