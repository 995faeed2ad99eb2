// A generated sales team with known ground truth: pipelines, owners, deals with their full stage
// history (backward moves included), closes (some without the closed stage in the CRM's history, so
// the close date counts), deleted deals and activities. The vendor servers (./hubspot, ./pipedrive,
// ./salesforce) render this one world in each CRM's own shapes; `groundTruth` says what the synced
// history must be. Seeded (lib/random/prng.ts): the same seed gives the same team.

import { prng } from '../../../lib/random/prng';
import type { CrmId } from '../../../lib/model/deal';
import type { ActivityType, History } from '../../../lib/metrics/history.schema';

export const DAY = 86_400_000;

export interface WorldStage {
  id: string;
  name: string;
  probability: number;
  rotDays: number | null;
  closes: 'won' | 'lost' | null;
}
export interface WorldPipeline {
  id: string;
  name: string;
  stages: WorldStage[];
}
export interface WorldOwner {
  id: string;
  firstName: string;
  lastName: string;
  /** Deactivated users (HubSpot lists them as archived owners). */
  archived: boolean;
}
export interface WorldDeal {
  id: string;
  title: string;
  ownerId: string | null;
  pipeline: string;
  value: number;
  currency: string;
  createdAt: number;
  status: 'open' | 'won' | 'lost';
  /** The true close moment (entering the closed stage). */
  closedAt: number | null;
  /** The CRM's history records entering the closed stage; false: only the close date is known. */
  historyHasClose: boolean;
  /** Entries into open stages, chronological; the first at createdAt. */
  entries: { stage: string; at: number }[];
  modifiedAt: number;
  deleted: boolean;
  /** The lead channel as the sync must read it (HubSpot's source enum, Pipedrive's channel label or origin, Salesforce's LeadSource). */
  source: string | null;
  /** More of the deal's fields (the automation's rules read them: country…). */
  properties?: Record<string, string>;
  /**
   * The forecast fields' changes after creation, in time order (each with the value before and after):
   * the amount (the last `to` is `value`), the expected close date (YYYY-MM-DD) and the forecast
   * category (Salesforce's and HubSpot's own). The CRM's change history records them.
   */
  fieldChanges?: WorldFieldChange[];
  /** The expected close date today (YYYY-MM-DD); absent: a closed deal's close day, none for an open one. */
  closeDate?: string | null;
  /** The forecast category today, in the CRM's words (absent: the CRM's default for the stage). */
  category?: string | null;
  /** The CRM's history of the amount and close date begins here (not tracked before); absent: at creation. */
  fieldHistoryFrom?: number;
}
export interface WorldFieldChange {
  at: number;
  field: 'amount' | 'closeDate' | 'category';
  from: number | string | null;
  to: number | string | null;
}

/** A deal's field through time as its CRM records it: the value at creation, then every change. */
export function fieldValues(deal: WorldDeal, field: WorldFieldChange['field'], current: number | string | null): { at: number; value: number | string | null }[] {
  const changes = (deal.fieldChanges ?? []).filter((c) => c.field === field);
  return [{ at: deal.createdAt, value: changes[0] ? changes[0].from : current }, ...changes.map((c) => ({ at: c.at, value: c.to }))];
}

/** The field's value at `at`. */
export function fieldAt(deal: WorldDeal, field: WorldFieldChange['field'], current: number | string | null, at: number): number | string | null {
  return fieldValues(deal, field, current).filter((v) => v.at <= at).at(-1)?.value ?? null;
}

/** The expected close date today, as the CRMs show it (YYYY-MM-DD or none). */
export const closeDateOf = (deal: WorldDeal): string | null => (deal.closeDate !== undefined ? deal.closeDate : deal.closedAt === null ? null : new Date(deal.closedAt).toISOString().slice(0, 10));
export interface WorldActivity {
  id: string;
  dealId: string;
  ownerId: string | null;
  type: ActivityType;
  at: number;
  modifiedAt: number;
  deleted: boolean;
  /** The task's body (HubSpot hs_task_body, Pipedrive note, Salesforce Description): where a shared checklist tick's marker is. */
  body?: string;
}
export interface World {
  crm: CrmId;
  now: number;
  pipelines: WorldPipeline[];
  owners: WorldOwner[];
  deals: WorldDeal[];
  activities: WorldActivity[];
  nextId: number;
  /** The company currency and its rates (1 key = rate company) as the CRM keeps them. */
  money: { company: string; rates: Record<string, number> };
  /** The deals' contacts (e-mail lists by stage read them). */
  contacts?: WorldContact[];
}
export interface WorldContact {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  dealIds: string[];
}

/** Lead channels per CRM, given to deals in turn (deal n gets entry n mod length). Pipedrive's
 * channels are options of its `channel` deal field; a deal without one has only its origin. */
export const WORLD_SOURCES: Record<CrmId, readonly (string | null)[]> = {
  hubspot: ['ORGANIC_SEARCH', 'PAID_SEARCH', 'REFERRALS', null, 'OFFLINE'],
  pipedrive: ['Website', 'Partner', 'Manually created', 'Cold call'],
  salesforce: ['Web', 'Partner Referral', null, 'Phone Inquiry'],
};
export const PIPEDRIVE_CHANNELS = [
  { id: 11, label: 'Website' },
  { id: 12, label: 'Partner' },
  { id: 13, label: 'Cold call' },
] as const;

/** Every generated team sells in EUR, USD, SEK and NOK; the CRM keeps these rates to EUR. */
export const WORLD_MONEY = { company: 'EUR', rates: { USD: 0.92, SEK: 0.087, NOK: 0.085 } } as const;

const FIRST = ['Ana', 'Björn', 'Chiara', 'Daan', 'Eva', 'Fredrik', 'Giulia', 'Hanne', 'Ivo', 'Jonas', 'Kari', 'Lotte', 'Marco', 'Nora', 'Olle', 'Pia'];
const LAST = ['Berg', 'de Vries', 'Rossi', 'Hansen', 'Lindqvist', 'Jansen', 'Bianchi', 'Olsen', 'Nilsson', 'Bakker'];

/** Stage ids in each CRM's style; Pipedrive has no closed stages (it closes by status). */
function pipelinesFor(crm: CrmId): WorldPipeline[] {
  const open = [
    ['Qualified', 0.1, 14],
    ['Discovery', 0.2, 14],
    ['Demo', 0.4, 21],
    ['Proposal', 0.6, 21],
    ['Negotiation', 0.8, 30],
  ] as const;
  if (crm === 'salesforce') {
    return [
      {
        id: 'opportunities',
        name: 'Opportunities',
        stages: [
          ...open.map(([name, probability]) => ({ id: name, name, probability, rotDays: null, closes: null })),
          { id: 'Closed Won', name: 'Closed Won', probability: 1, rotDays: null, closes: 'won' as const },
          { id: 'Closed Lost', name: 'Closed Lost', probability: 0, rotDays: null, closes: 'lost' as const },
        ],
      },
    ];
  }
  if (crm === 'hubspot') {
    return ['default', '8812034'].map((id, p) => ({
      id,
      name: p === 0 ? 'Sales Pipeline' : 'Renewals',
      stages: [
        ...open.slice(p).map(([name, probability]) => ({ id: p === 0 ? name.toLowerCase() : `${7700 + open.findIndex((o) => o[0] === name)}`, name, probability, rotDays: null, closes: null })),
        { id: p === 0 ? 'closedwon' : '7790', name: 'Closed won', probability: 1, rotDays: null, closes: 'won' as const },
        { id: p === 0 ? 'closedlost' : '7791', name: 'Closed lost', probability: 0, rotDays: null, closes: 'lost' as const },
      ],
    }));
  }
  return [1, 2].map((id) => ({
    id: String(id),
    name: id === 1 ? 'Sales' : 'Partners',
    stages: open.slice(id - 1).map(([name, probability, rot], i) => ({ id: String(id * 10 + i), name, probability, rotDays: id === 1 ? rot : null, closes: null })),
  }));
}

const second = (ms: number) => Math.floor(ms / 1000) * 1000;

export interface TeamOptions {
  crm: CrmId;
  seed: number;
  deals: number;
  owners?: number;
  /** Activities per deal, on average. */
  activitiesPerDeal?: number;
  /** "Now" of the world (epoch ms). */
  now?: number;
}

export function dealIdFor(crm: CrmId, n: number): string {
  if (crm === 'salesforce') return `006${n.toString(36).toUpperCase().padStart(12, '0')}`;
  return String(crm === 'hubspot' ? 9_000_000 + n : n);
}
export function activityIdFor(crm: CrmId, type: ActivityType, n: number): string {
  if (crm === 'salesforce') return `${type === 'meeting' ? '00U' : '00T'}${n.toString(36).toUpperCase().padStart(12, '0')}`;
  return String(crm === 'hubspot' ? 50_000_000 + n : n);
}
function ownerIdFor(crm: CrmId, n: number): string {
  return crm === 'salesforce' ? `005${n.toString(36).toUpperCase().padStart(12, '0')}` : String(crm === 'hubspot' ? 31_000_000 + n : n);
}

const TYPES: Record<CrmId, ActivityType[]> = {
  hubspot: ['call', 'email', 'meeting', 'note', 'task'],
  pipedrive: ['call', 'email', 'meeting', 'task', 'demo'],
  salesforce: ['call', 'email', 'meeting', 'task'],
};

export function generateTeam(options: TeamOptions): World {
  const random = prng(options.seed);
  const now = options.now ?? Date.UTC(2026, 11, 7, 9, 0, 0);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const owners: WorldOwner[] = Array.from({ length: options.owners ?? 20 }, (_, i) => ({
    id: ownerIdFor(options.crm, i + 1),
    firstName: FIRST[i % FIRST.length]!,
    lastName: `${LAST[Math.floor(i / FIRST.length) % LAST.length]!}${i >= FIRST.length * LAST.length ? ` ${i}` : ''}`,
    archived: i === 3,
  }));
  const world: World = { crm: options.crm, now, pipelines: pipelinesFor(options.crm), owners, deals: [], activities: [], nextId: 1, money: { company: WORLD_MONEY.company, rates: { ...WORLD_MONEY.rates } } };
  for (let i = 0; i < options.deals; i++) addDeal(world, random, pick, now - Math.floor(random() * 30 * 30) * DAY - Math.floor(random() * DAY), options.activitiesPerDeal ?? 3);
  return world;
}

/** A new deal created at `createdAt` (it moves on until the world's now), with its activities. */
function addDeal(world: World, random: () => number, pick: <T>(items: readonly T[]) => T, createdAtRaw: number, activitiesPerDeal: number): WorldDeal {
  const n = world.nextId++;
  const pipeline = pick(world.pipelines);
  const open = pipeline.stages.filter((s) => s.closes === null);
  const createdAt = second(createdAtRaw);
  const entries = [{ stage: open[0]!.id, at: createdAt }];
  let at = createdAt;
  let index = 0;
  const moves = Math.floor(random() * 7);
  for (let m = 0; m < moves; m++) {
    at = second(at + Math.floor(random() * 20 * DAY) + 3_600_000);
    if (at >= world.now) break;
    // Mostly forward, sometimes back a stage (a backward move).
    const back = index > 0 && random() < 0.2;
    index = back ? index - 1 : Math.min(open.length - 1, index + 1);
    if (entries.at(-1)!.stage === open[index]!.id) continue;
    entries.push({ stage: open[index]!.id, at });
  }
  let status: WorldDeal['status'] = 'open';
  let closedAt: number | null = null;
  const closeAt = second(at + Math.floor(random() * 15 * DAY) + 60_000);
  if (closeAt < world.now && random() < 0.6) {
    status = random() < 0.45 ? 'won' : 'lost';
    closedAt = closeAt;
  }
  const owner = random() < 0.03 ? null : pick(world.owners);
  const deal: WorldDeal = {
    id: dealIdFor(world.crm, n),
    title: `Deal ${n} — ${pick(['Acme', 'Nordlys AB', 'Fjord AS', 'Molen BV', 'Stella SpA'])} ${pick(['rollout', 'renewal', 'pilot', 'upgrade'])}`,
    ownerId: owner?.id ?? null,
    pipeline: pipeline.id,
    value: Math.round(random() * 900) * 100 + 500,
    currency: random() < 0.85 ? 'EUR' : pick(['USD', 'SEK', 'NOK']),
    createdAt,
    status,
    closedAt,
    historyHasClose: random() < 0.9,
    entries,
    modifiedAt: closedAt ?? at,
    deleted: random() < 0.02,
    source: WORLD_SOURCES[world.crm][n % WORLD_SOURCES[world.crm].length]!,
  };
  world.deals.push(deal);
  const count = Math.floor(random() * activitiesPerDeal * 2);
  for (let a = 0; a < count; a++) {
    const end = closedAt ?? world.now;
    const when = second(createdAt + Math.floor(random() * Math.max(1, end - createdAt)));
    const minute = Math.floor(when / 60_000) * 60_000;
    const actor = random() < 0.8 ? deal.ownerId : pick(world.owners).id;
    const type = pick(TYPES[world.crm]);
    world.activities.push({ id: activityIdFor(world.crm, type, world.nextId++), dealId: deal.id, ownerId: actor, type, at: minute, modifiedAt: minute, deleted: random() < 0.02 });
  }
  return deal;
}

/**
 * What changes in the CRM before an incremental run, at `at`: open deals move (forward or back),
 * some close, some are deleted, new deals and activities arrive, activities are deleted.
 */
export function changeTeam(world: World, seed: number, at: number): void {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  world.now = at;
  const time = () => second(at - Math.floor(random() * 3_600_000));
  for (const deal of world.deals) {
    if (deal.deleted) continue;
    const roll = random();
    if (deal.status === 'open' && roll < 0.1) {
      const open = world.pipelines.find((p) => p.id === deal.pipeline)!.stages.filter((s) => s.closes === null);
      const index = open.findIndex((s) => s.id === deal.entries.at(-1)!.stage);
      const next = open[random() < 0.3 && index > 0 ? index - 1 : Math.min(open.length - 1, index + 1)]!;
      const when = time();
      if (next.id !== deal.entries.at(-1)!.stage && when > deal.entries.at(-1)!.at) deal.entries.push({ stage: next.id, at: when });
      deal.modifiedAt = at;
    } else if (deal.status === 'open' && roll < 0.15) {
      deal.status = random() < 0.5 ? 'won' : 'lost';
      deal.closedAt = Math.max(time(), deal.entries.at(-1)!.at + 1000);
      deal.historyHasClose = true;
      deal.modifiedAt = at;
    } else if (roll < 0.17) {
      deal.deleted = true;
      deal.modifiedAt = at;
    } else if (roll < 0.2) {
      deal.value += 1000;
      deal.ownerId = pick(world.owners).id;
      deal.modifiedAt = at;
    }
  }
  for (const activity of world.activities) {
    if (!activity.deleted && random() < 0.02) {
      activity.deleted = true;
      activity.modifiedAt = at;
    }
  }
  const fresh = Math.floor(world.deals.length * 0.05) + 1;
  for (let i = 0; i < fresh; i++) {
    const deal = addDeal(world, random, pick, at - Math.floor(random() * 10 * DAY), 3);
    deal.deleted = false;
    deal.modifiedAt = at;
    for (const activity of world.activities) if (activity.dealId === deal.id) activity.modifiedAt = at;
  }
}

export const ownerName = (world: World, id: string | null): string => {
  if (id === null) return 'Unassigned';
  const owner = world.owners.find((o) => o.id === id);
  return owner ? `${owner.firstName} ${owner.lastName}` : 'Unassigned';
};

/** The history the sync must produce, worked out from the world directly. */
export function groundTruth(world: World, since: number): History {
  const names = new Map(world.owners.map((o) => [o.id, `${o.firstName} ${o.lastName}`]));
  const deals = world.deals
    .filter((d) => !d.deleted)
    .map((d) => {
      const closedAt = d.status === 'open' ? null : d.historyHasClose ? d.closedAt! : Math.floor(d.closedAt! / DAY) * DAY;
      return { id: d.id, title: d.title, owner: d.ownerId === null ? 'Unassigned' : names.get(d.ownerId)!, pipeline: d.pipeline, value: d.value, currency: d.currency, createdAt: d.createdAt, closedAt, status: d.status, stageHistory: d.entries.map((e) => ({ stage: e.stage, enteredAt: e.at })), ...(d.source !== null && { source: d.source }) };
    })
    .filter((d) => d.status === 'open' || d.createdAt >= since || (d.closedAt !== null && d.closedAt >= since))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const kept = new Set(deals.map((d) => d.id));
  const activities = world.activities
    .filter((a) => !a.deleted && kept.has(a.dealId))
    .map((a) => ({ dealId: a.dealId, owner: a.ownerId === null ? 'Unassigned' : names.get(a.ownerId)!, type: a.type, at: a.at }))
    .sort((a, b) => a.at - b.at || (a.dealId < b.dealId ? -1 : a.dealId > b.dealId ? 1 : 0) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return {
    version: 1,
    pipelines: world.pipelines.map((p) => ({ id: p.id, name: p.name, stages: p.stages.filter((s) => s.closes === null).map(({ id, name, probability, rotDays }) => ({ id, name, probability, rotDays })) })),
    deals,
    activities,
    forecasts: [],
  };
}
