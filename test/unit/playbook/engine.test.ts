import { describe, expect, it } from 'vitest';
import { evaluateDeal, type DealContext } from '@/lib/playbook/engine';
import { TEMPLATES } from '@/lib/playbook/templates';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Activity, ChecklistEntry, StageVisit } from '@/lib/model/records.schema';

// The buyer-centric template on a Pipedrive deal, over time. Pipedrive labels map as:
// Qualified → discovery-booked, Contact Made → qualified, Demo Scheduled → demo-completed,
// Proposal Made → proposal-sent (tasks: send-proposal 1d required, evidence proposal;
// review-proposal 5d required, evidence meeting; follow-up 10d optional, evidence call).

const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
const dealKey = 'pipedrive:acme:7';
const deal = (stage: string, extra: Partial<DealSnapshot> = {}): DealSnapshot => ({
  crm: 'pipedrive', dealId: '7', title: 'Acme', pipeline: 'Sales pipeline', stage, stages: [], value: 10_000, currency: 'EUR',
  owner: 'Anna', closeDate: '2026-12-31', status: 'open', ...extra,
});
const visit = (stage: string, enteredAt: string, source: StageVisit['source'] = 'observed'): StageVisit => ({ dealKey, stage, enteredAt, source });
const activity = (id: string, type: Activity['type'], at: string, nextStep: Activity['nextStep'] = null): Activity => ({
  id, dealKey, type, outcome: null, note: '', at, nextStep, owner: 'Anna', sync: 'local',
});
const hand = (stageId: string, taskId: string, state: ChecklistEntry['state'], at: string): ChecklistEntry => ({ dealKey, stageId, taskId, state, at, by: 'hand', evidenceActivityId: null });

function evaluate(partial: Partial<Omit<DealContext, 'now'>> & { now: string }) {
  return evaluateDeal({
    playbook, snapshot: deal('Proposal Made'), account: 'acme', dealKey, visits: [visit('Proposal Made', '2026-11-10T09:00:00Z')],
    checklist: [], activities: [], mappings: {}, defaultRotDays: 21, ...partial, now: new Date(partial.now),
  });
}
const task = (g: ReturnType<typeof evaluate>, id: string) => g.tasks.find((t) => t.task.id === id)!;

describe('due dates relative to stage entry', () => {
  it('counts due days from the day the deal entered the stage', () => {
    const g = evaluate({ now: '2026-11-10T12:00:00Z' });
    expect(g.match?.stage.id).toBe('proposal-sent');
    expect(g.stageEnteredAt).toBe('2026-11-10T09:00:00Z');
    expect(task(g, 'send-proposal').dueDate).toBe('2026-11-11'); // 10 Nov + 1
    expect(task(g, 'review-proposal').dueDate).toBe('2026-11-15'); // + 5
    expect(task(g, 'follow-up').dueDate).toBe('2026-11-20'); // + 10
  });

  it('is due today on the due day, overdue the day after, due soon within two days before', () => {
    expect(task(evaluate({ now: '2026-11-11T23:59:00Z' }), 'send-proposal')).toMatchObject({ dueToday: true, overdue: false });
    expect(task(evaluate({ now: '2026-11-12T00:00:00Z' }), 'send-proposal')).toMatchObject({ dueToday: false, overdue: true });
    expect(task(evaluate({ now: '2026-11-13T08:00:00Z' }), 'review-proposal')).toMatchObject({ dueSoon: true, overdue: false }); // 15th is 2 days away
    expect(task(evaluate({ now: '2026-11-12T08:00:00Z' }), 'review-proposal').dueSoon).toBe(false); // 3 days away
  });

  it('uses the rep’s calendar day, not UTC’s', () => {
    // 23:30 UTC on the 11th is already the 12th in Stockholm (UTC+1): the task is overdue there.
    expect(task(evaluate({ now: '2026-11-11T23:30:00Z', utcOffsetMinutes: 60 }), 'send-proposal').overdue).toBe(true);
    expect(task(evaluate({ now: '2026-11-11T23:30:00Z', utcOffsetMinutes: 0 }), 'send-proposal').overdue).toBe(false);
  });

  it('restarts when the deal re-enters the stage', () => {
    const visits = [visit('Proposal Made', '2026-11-01T09:00:00Z'), visit('Demo Scheduled', '2026-11-05T09:00:00Z'), visit('Proposal Made', '2026-11-20T09:00:00Z')];
    const g = evaluate({ visits, now: '2026-11-20T10:00:00Z' });
    expect(g.stageEnteredAt).toBe('2026-11-20T09:00:00Z');
    expect(task(g, 'send-proposal')).toMatchObject({ dueDate: '2026-11-21', overdue: false });
  });

  it('prefers the CRM’s stage-entry time over the first observation', () => {
    const visits = [visit('Proposal Made', '2026-11-02T08:00:00Z', 'crm'), visit('Proposal Made', '2026-11-10T09:00:00Z')];
    const g = evaluate({ visits, now: '2026-11-10T10:00:00Z' });
    expect(g).toMatchObject({ stageEnteredAt: '2026-11-02T08:00:00Z', entrySource: 'crm' });
    expect(Math.floor(g.daysInStage!)).toBe(8);
  });
});

describe('evidence and hand ticks', () => {
  it('a logged proposal ticks "Send the proposal" by itself and records the evidence', () => {
    const g = evaluate({ activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: 'a1', overdue: false });
    expect(g.writes).toContainEqual({ dealKey, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: 'a1' });
  });

  it('an activity from before the stage entry is no evidence', () => {
    const g = evaluate({ activities: [activity('a0', 'proposal', '2026-11-09T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(task(g, 'send-proposal').state).toBe('open');
  });

  it('a rep unticking after the evidence wins; newer evidence wins again', () => {
    const activities = [activity('a1', 'proposal', '2026-11-10T15:00:00Z')];
    const unticked = [hand('proposal-sent', 'send-proposal', 'open', '2026-11-11T08:00:00Z')];
    expect(task(evaluate({ activities, checklist: unticked, now: '2026-11-11T10:00:00Z' }), 'send-proposal').state).toBe('open');
    const again = [...activities, activity('a2', 'proposal', '2026-11-11T09:00:00Z')];
    expect(task(evaluate({ activities: again, checklist: unticked, now: '2026-11-11T10:00:00Z' }), 'send-proposal').evidenceActivityId).toBe('a2');
  });

  it('stored evidence ticks are not written again', () => {
    const checklist: ChecklistEntry[] = [{ dealKey, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', at: '2026-11-10T15:00:00Z', by: 'evidence', evidenceActivityId: 'a1' }];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-11T10:00:00Z' });
    expect(g.writes.filter((w) => w.taskId === 'send-proposal')).toEqual([]);
  });
});

describe('goal', () => {
  it('names each unmet criterion', () => {
    const g = evaluate({ snapshot: deal('Proposal Made', { closeDate: '2026-11-01' }), now: '2026-11-12T10:00:00Z' });
    expect(g.goal.map((c) => [c.criterion.kind, c.met])).toEqual([['activity', false], ['closeDateNotPast', false], ['manual', false]]);
    expect(g.goalMet).toBe(false);
    expect(g.suggestNext).toBeNull();
  });

  it('when met, skips the optional tasks left and suggests the next stage', () => {
    const checklist = [hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z')];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.goalMet).toBe(true);
    expect(task(g, 'follow-up')).toMatchObject({ state: 'skipped', by: 'goal' });
    expect(task(g, 'review-proposal').state).toBe('open'); // required work is never skipped
    expect(g.suggestNext?.name).toBe('Contract sent');
    expect(g.writes).toContainEqual(expect.objectContaining({ taskId: 'follow-up', state: 'skipped', by: 'goal' }));
  });

  it('required tasks and present fields', () => {
    const g = evaluate({ snapshot: deal('Contact Made', { value: null }), visits: [visit('Contact Made', '2026-11-10T09:00:00Z')], checklist: [hand('qualified', 'confirm-pain', 'done', '2026-11-10T10:00:00Z')], now: '2026-11-11T10:00:00Z' });
    expect(g.goal[0]).toMatchObject({ criterion: { kind: 'requiredTasks' }, met: false, done: 1, total: 2 });
    expect(g.goal[1]).toMatchObject({ criterion: { kind: 'field', field: 'value' }, met: false });
  });
});

describe('next steps and stalling', () => {
  it('orders overdue tasks, unmet criteria, due soon, no next activity, stalled', () => {
    const g = evaluate({ now: '2026-12-05T10:00:00Z' }); // 25 days in a 10-day stage
    expect(g.nextSteps.map((s) => s.kind)).toEqual(['overdue', 'overdue', 'overdue', 'criterion', 'criterion', 'noNextActivity', 'stalled']);
    expect(g.nextSteps[0]).toMatchObject({ taskId: 'send-proposal' }); // oldest due first
    expect(g.stalled).toEqual({ days: 25, limit: 10 });
  });

  it('a next step scheduled in the future silences "no next activity"', () => {
    const g = evaluate({ activities: [activity('a1', 'call', '2026-11-10T15:00:00Z', { title: 'Call back', dueAt: '2026-11-13T09:00:00Z' })], now: '2026-11-12T10:00:00Z' });
    expect(g.nextSteps.some((s) => s.kind === 'noNextActivity')).toBe(false);
  });

  it('uses the default rot days when the stage has none', () => {
    const custom = structuredClone(playbook);
    custom.pipelines[0]!.stages[3]!.rotDays = null;
    const g = evaluateDeal({ playbook: custom, snapshot: deal('Proposal Made'), account: 'acme', dealKey, visits: [visit('Proposal Made', '2026-11-01T00:00:00Z')], checklist: [], activities: [], mappings: {}, defaultRotDays: 21, now: new Date('2026-11-23T00:00:00Z') });
    expect(g.stalled).toEqual({ days: 22, limit: 21 });
  });

  it('a closed deal has no next steps and sits in its outcome stage', () => {
    const g = evaluate({ snapshot: deal('Proposal Made', { status: 'won' }), now: '2026-12-05T10:00:00Z' });
    expect(g.match?.stage.id).toBe('won');
    expect(g.nextSteps).toEqual([]);
    // Won straight from "Proposal sent": "Contract sent" was skipped; "Lost" is not on a won deal's path.
    expect(g.path.filter((p) => p.state !== 'complete').map((p) => [p.stage.id, p.state])).toEqual([['contract-sent', 'skipped'], ['won', 'current']]);
  });
});

describe('stage path', () => {
  it('marks stages the history jumped over as skipped, and moves backwards keep what was reached', () => {
    const visits = [visit('Qualified', '2026-11-01T09:00:00Z'), visit('Demo Scheduled', '2026-11-03T09:00:00Z'), visit('Proposal Made', '2026-11-05T09:00:00Z')];
    const g = evaluate({ visits, now: '2026-11-06T09:00:00Z' });
    expect(g.path.map((p) => p.state)).toEqual(['complete', 'skipped', 'complete', 'current', 'upcoming', 'upcoming', 'upcoming']);
    const back = evaluate({ visits: [...visits, visit('Demo Scheduled', '2026-11-07T09:00:00Z')], snapshot: deal('Demo Scheduled'), now: '2026-11-08T09:00:00Z' });
    expect(back.path.map((p) => p.state).slice(0, 4)).toEqual(['complete', 'skipped', 'current', 'upcoming']);
    expect(back.stageEnteredAt).toBe('2026-11-07T09:00:00Z');
  });

  it('an unmapped CRM stage gets no guidance but says which label it is', () => {
    const g = evaluate({ snapshot: deal('Legal review'), visits: [visit('Legal review', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.match).toBeNull();
    expect(g.crmStage).toBe('Legal review');
  });

  it('a remembered mapping puts it in the chosen stage', () => {
    const g = evaluate({ snapshot: deal('Legal review'), visits: [visit('Legal review', '2026-11-10T09:00:00Z')], mappings: { 'pipedrive:acme:legal review': 'new-business/contract-sent' }, now: '2026-11-12T10:00:00Z' });
    expect(g.match).toMatchObject({ stage: { id: 'contract-sent' }, by: 'mapping' });
    expect(g.stageEnteredAt).toBe('2026-11-10T09:00:00Z');
  });
});
