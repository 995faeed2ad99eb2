import type { StoredHistory } from '@/lib/db/database';
import type { ObservedData } from '@/lib/metrics/from-extension';
import type { Activity, ChecklistEntry, DealRecord, StageVisit } from '@/lib/model/records.schema';
import { playbookSchema, type Playbook } from '@/lib/model/playbook.schema';

// A small team for the forecast, maturity and team-view tests: one pipeline whose stages cover
// every forecast category, and deal records written the way the background stores them.

export function teamPlaybook(): Playbook {
  return playbookSchema.parse({
    id: 'team-process',
    name: 'Team process',
    updatedAt: '2026-01-01T00:00:00.000Z',
    pipelines: [
      {
        id: 'sales',
        name: 'Sales',
        aliases: { pipedrive: ['Sales pipeline'] },
        stages: [
          { id: 'qualified', name: 'Qualified', goal: [{ kind: 'requiredTasks' }], tasks: [{ id: 'discovery', title: 'Discovery call', dueDays: 3, required: true }], probability: 0.1, forecastCategory: 'pipeline', rotDays: 14 },
          { id: 'demo', name: 'Demo', probability: 0.4, forecastCategory: 'bestCase' },
          { id: 'negotiation', name: 'Negotiation', goal: [{ kind: 'field', field: 'closeDate' }], probability: 0.8, forecastCategory: 'commit' },
          { id: 'won', name: 'Won', outcome: 'won', probability: 1, forecastCategory: 'closed' },
          { id: 'lost', name: 'Lost', outcome: 'lost', probability: 0, forecastCategory: 'omitted' },
        ],
      },
    ],
  });
}

export const key = (id: string) => `pipedrive:acme:${id}`;

export function deal(
  id: string,
  owner: string | null,
  stage: string,
  status: 'open' | 'won' | 'lost',
  value: number | null,
  options: { firstSeenAt?: string; closedAt?: string | null; closeDate?: string | null } = {},
): DealRecord {
  const firstSeenAt = options.firstSeenAt ?? '2026-01-05T09:00:00.000Z';
  const closedAt = options.closedAt ?? null;
  return {
    key: key(id),
    crm: 'pipedrive',
    account: 'acme',
    dealId: id,
    url: `https://acme.pipedrive.com/deal/${id}`,
    snapshot: { crm: 'pipedrive', dealId: id, title: `Deal ${id}`, pipeline: 'Sales pipeline', stage, stages: [], value, currency: 'EUR', owner, closeDate: options.closeDate ?? null, status },
    firstSeenAt,
    lastSeenAt: closedAt ?? firstSeenAt,
    closedAt,
  };
}

export const visit = (id: string, stage: string, enteredAt: string): StageVisit => ({ dealKey: key(id), stage, enteredAt, source: 'observed' });
export const done = (id: string, stageId: string, taskId: string, at: string): ChecklistEntry => ({ dealKey: key(id), stageId, taskId, state: 'done', at, by: 'hand', evidenceActivityId: null });
export const activity = (id: string, dealId: string, owner: string, at: string, nextStepDue: string | null = null): Activity => ({
  id,
  dealKey: key(dealId),
  type: 'call',
  outcome: null,
  note: '',
  at,
  nextStep: nextStepDue ? { title: 'Follow up', dueAt: nextStepDue } : null,
  owner,
  sync: 'local',
  crmRefs: null,
});

export function observedData(parts: Partial<ObservedData> = {}): ObservedData {
  return { playbook: teamPlaybook(), deals: [], visits: [], activities: [], checklist: [], mappings: {}, defaultRotDays: 21, ...parts };
}

/** A history file (the scorecard format, ISO dates) as the histories table stores it. */
export function storedHistory(id: string, history: unknown, importedAt = '2026-02-01T10:00:00.000Z'): StoredHistory {
  return { id, name: `${id}.json`, format: 'json', importedAt, history };
}

export const fileHistory = (deals: unknown[], extra: { activities?: unknown[]; forecasts?: unknown[]; pipelines?: unknown[] } = {}) => ({
  version: 1,
  pipelines: extra.pipelines ?? [
    {
      id: 'crm',
      name: 'CRM pipeline',
      stages: [
        { id: 'lead', name: 'Lead', probability: 0.1 },
        { id: 'offer', name: 'Offer', probability: 0.5 },
        { id: 'closed', name: 'Closed', probability: 1 },
      ],
    },
  ],
  deals,
  activities: extra.activities ?? [],
  forecasts: extra.forecasts ?? [],
});

export const fileDeal = (id: string, owner: string, status: 'open' | 'won' | 'lost', value: number, createdAt: string, closedAt: string | null, stages: [string, string][] = [['lead', createdAt]]) => ({
  id,
  title: `Imported ${id}`,
  owner,
  pipeline: 'crm',
  value,
  currency: 'EUR',
  createdAt,
  closedAt,
  status,
  stageHistory: stages.map(([stage, enteredAt]) => ({ stage, enteredAt })),
});
