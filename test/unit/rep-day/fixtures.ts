import type { DealPause, DealRecord, StageVisit, Activity, ChecklistEntry } from '@/lib/model/records.schema';
import { TEMPLATES } from '@/lib/playbook/templates';

// Hand-made deals for My day and pause tests, on the shipped buyer-centric playbook (Pipedrive labels).

export const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));

export function deal(id: string, title: string, stage: string, extra: Partial<DealRecord['snapshot']> = {}, lastSeenAt = '2026-11-20T09:00:00.000Z'): DealRecord {
  return {
    key: `pipedrive:acme:${id}`, crm: 'pipedrive', account: 'acme', dealId: id, url: `https://acme.pipedrive.com/deal/${id}`,
    snapshot: { crm: 'pipedrive', dealId: id, title, pipeline: 'Sales pipeline', stage, stages: [], value: 1000, currency: 'EUR', owner: 'Rachel Kim', closeDate: '2027-03-31', status: 'open', ...extra },
    firstSeenAt: '2026-11-01T09:00:00.000Z', lastSeenAt,
  };
}

export const visit = (id: string, stage: string, enteredAt: string): StageVisit => ({ dealKey: `pipedrive:acme:${id}`, stage, enteredAt, source: 'crm' });

/** An activity whose next step is due on `due` (so the deal has a next activity until then). */
export const planned = (id: string, due: string): Activity => ({
  id: `a-${id}`, dealKey: `pipedrive:acme:${id}`, type: 'call', outcome: null, note: '', at: '2026-11-01T09:00:00.000Z',
  nextStep: { title: 'Call back', dueAt: `${due}T09:00:00.000Z` }, owner: 'Rachel Kim', sync: 'local', crmRefs: null,
});

export const done = (id: string, stageId: string, taskId: string): ChecklistEntry => ({ dealKey: `pipedrive:acme:${id}`, stageId, taskId, state: 'done', at: '2026-11-06T09:00:00.000Z', by: 'hand', evidenceActivityId: null });

export const pause = (id: string, since: string, until: string, ended: Pick<DealPause, 'endedAt' | 'endedBy'> = { endedAt: null, endedBy: null }): DealPause => ({
  dealKey: `pipedrive:acme:${id}`, reason: 'Budget freeze until December', since, until, owner: 'Rachel Kim', ...ended,
});
