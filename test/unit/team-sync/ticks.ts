// Shared checklist ticks of a generated team, as the reps' browsers keep them and as the CRM holds
// them (with what must not count: an older playbook's, a task the playbook no longer has, a broken
// marker), and the team's playbook they belong to.

import { formatMarker, type TickMarker } from '@/lib/crm/marker';
import type { History } from '@/lib/metrics/history.schema';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';
import type { CrmId } from '@/lib/model/deal';
import { activityIdFor, DAY, groundTruth, type World } from '../../support/crm-servers/team';

export const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
export const SINCE = Date.UTC(2025, 0, 1);
const STAGES = ['Qualified', 'Discovery', 'Demo', 'Proposal', 'Negotiation'] as const;
const REQUIRED: Record<string, string[]> = { Discovery: ['confirm-budget'], Demo: ['run-demo', 'map-decision-process'] };
const PIPELINE: Record<CrmId, string> = { hubspot: 'Sales Pipeline', pipedrive: 'Sales', salesforce: 'Opportunities' };

/** The team's playbook: its one pipeline named as in the CRM, the CRM's stage names, required tasks on Discovery and Demo. */
export function playbookFor(crm: CrmId): Playbook {
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

export interface Tick {
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
export function shareTicks(world: World, now = NOW): { ticks: Tick[]; sharers: Set<string> } {
  const first = world.pipelines[0]!;
  const stageName = new Map(first.stages.map((s) => [s.id, s.name]));
  const sharers = new Set(world.owners.slice(0, 2).map((o) => o.id));
  const ticks: Tick[] = [];
  let n = 0;
  for (const deal of world.deals.filter((d) => !d.deleted && d.pipeline === first.id && d.ownerId !== null && sharers.has(d.ownerId))) {
    deal.entries.forEach((entry, i) => {
      const name = stageName.get(entry.stage);
      const left = deal.entries[i + 1]?.at ?? deal.closedAt ?? now;
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
export function intoCrm(world: World, ticks: Tick[], inWindow: Set<string>): void {
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
export function asStoredLocally(world: World, playbook: Playbook, ticks: Tick[], sharers: Set<string>, since = SINCE): History {
  const truth = groundTruth(world, since);
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
