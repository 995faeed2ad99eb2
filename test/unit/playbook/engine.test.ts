import { describe, expect, it } from 'vitest';
import { checklistWrites, evaluateDeal, type DealContext, type DealGuidance } from '@/lib/playbook/engine';
import { TEMPLATES } from '@/lib/playbook/templates';
import { playbookSchema } from '@/lib/model/playbook.schema';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Activity, ChecklistEntry, StageVisit } from '@/lib/model/records.schema';
import type { ChecklistChange } from '@/lib/db/checklist';

// The buyer-centric template on a Pipedrive deal, over time, with an injected clock. Pipedrive
// labels map as: Qualified → discovery-booked, Contact Made → qualified, Demo Scheduled →
// demo-completed, Proposal Made → proposal-sent, Negotiations Started → contract-sent.
// Proposal sent: rotDays 10; tasks send-proposal (1 d, required, evidence proposal),
// review-proposal (5 d, required, evidence meeting), follow-up (10 d, optional, evidence call);
// goal: a proposal logged, close date not past, manual "proposal-reviewed".

const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
const dealKey = 'pipedrive:acme:7';
const deal = (stage: string | null, extra: Partial<DealSnapshot> = {}): DealSnapshot => ({
  crm: 'pipedrive', dealId: '7', title: 'Acme', pipeline: 'Sales pipeline', stage, stages: [], value: 10_000, currency: 'EUR',
  owner: 'Anna', closeDate: '2026-12-31', status: 'open', ...extra,
});
const visit = (stage: string, enteredAt: string, source: StageVisit['source'] = 'observed'): StageVisit => ({ dealKey, stage, enteredAt, source });
const activity = (id: string, type: Activity['type'], at: string, nextStep: Activity['nextStep'] = null): Activity => ({
  id, dealKey, type, outcome: null, note: '', at, nextStep, owner: 'Anna', sync: 'local', crmRefs: null,
});
const entry = (stageId: string, taskId: string, state: ChecklistEntry['state'], at: string, by: ChecklistEntry['by'] = 'hand', evidenceActivityId: string | null = null): ChecklistEntry => ({
  dealKey, stageId, taskId, state, at, by, evidenceActivityId,
});
const hand = (stageId: string, taskId: string, state: ChecklistEntry['state'], at: string) => entry(stageId, taskId, state, at);

type Input = Partial<Omit<DealContext, 'now'>> & { now: string };
function evaluate(partial: Input) {
  return evaluateDeal({
    playbook, snapshot: deal('Proposal Made'), account: 'acme', dealKey, visits: [visit('Proposal Made', '2026-11-10T09:00:00Z')],
    checklist: [], activities: [], mappings: {}, defaultRotDays: 21, ...partial, now: new Date(partial.now),
  });
}
const task = (g: DealGuidance, id: string) => g.tasks.find((t) => t.task.id === id)!;

/** What the database holds after the background stored the engine's writes (as lib/db/checklist does). */
function store(checklist: readonly ChecklistEntry[], writes: readonly ChecklistChange[], at: string): ChecklistEntry[] {
  const rows = new Map(checklist.map((e) => [`${e.stageId}/${e.taskId}`, e]));
  for (const w of writes) rows.set(`${w.stageId}/${w.taskId}`, { dealKey: w.dealKey, stageId: w.stageId, taskId: w.taskId, state: w.state, by: w.by, at, evidenceActivityId: w.evidenceActivityId ?? null });
  return [...rows.values()];
}

describe('due dates relative to stage entry', () => {
  it('counts due days from the day the deal entered the stage', () => {
    const g = evaluate({ now: '2026-11-10T12:00:00Z' });
    expect(g.match?.stage.id).toBe('proposal-sent');
    expect(g.stage?.id).toBe('proposal-sent');
    expect(g.stageEnteredAt).toBe('2026-11-10T09:00:00Z');
    expect(g.stageEntryUnknown).toBe(false);
    expect(task(g, 'send-proposal')).toMatchObject({ dueDate: '2026-11-11', dueAt: '2026-11-11T09:00:00.000Z' });
    expect(task(g, 'review-proposal').dueDate).toBe('2026-11-15');
    expect(task(g, 'follow-up').dueDate).toBe('2026-11-20');
  });

  it('due today all of the due day, overdue from the next day on (UTC calendar by default)', () => {
    expect(task(evaluate({ now: '2026-11-11T00:00:00Z' }), 'send-proposal')).toMatchObject({ dueToday: true, overdue: false, dueSoon: false });
    expect(task(evaluate({ now: '2026-11-11T23:59:59Z' }), 'send-proposal')).toMatchObject({ dueToday: true, overdue: false });
    expect(task(evaluate({ now: '2026-11-12T00:00:00Z' }), 'send-proposal')).toMatchObject({ dueToday: false, overdue: true });
  });

  it('due soon on the two days before the due day, not three', () => {
    // review-proposal is due on the 15th
    expect(task(evaluate({ now: '2026-11-12T23:59:00Z' }), 'review-proposal')).toMatchObject({ dueSoon: false, dueToday: false, overdue: false });
    expect(task(evaluate({ now: '2026-11-13T00:00:00Z' }), 'review-proposal').dueSoon).toBe(true);
    expect(task(evaluate({ now: '2026-11-14T12:00:00Z' }), 'review-proposal').dueSoon).toBe(true);
    expect(task(evaluate({ now: '2026-11-15T12:00:00Z' }), 'review-proposal')).toMatchObject({ dueSoon: false, dueToday: true });
  });

  it('done and skipped tasks are never overdue', () => {
    const g = evaluate({ checklist: [hand('proposal-sent', 'send-proposal', 'done', '2026-11-10T10:00:00Z'), hand('proposal-sent', 'follow-up', 'skipped', '2026-11-10T10:00:00Z')], now: '2026-12-01T00:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ state: 'done', by: 'hand', overdue: false });
    expect(task(g, 'follow-up')).toMatchObject({ state: 'skipped', overdue: false });
  });

  it('can count in the rep’s calendar instead of UTC', () => {
    // 23:30 UTC on the 11th is already the 12th in Stockholm (UTC+1): the task is overdue there.
    expect(task(evaluate({ now: '2026-11-11T23:30:00Z', utcOffsetMinutes: 60 }), 'send-proposal').overdue).toBe(true);
    expect(task(evaluate({ now: '2026-11-11T23:30:00Z' }), 'send-proposal').overdue).toBe(false);
    // Entered at 23:30 UTC on the 9th = the 9th in New York (UTC−5): due on the 10th there.
    const visits = [visit('Proposal Made', '2026-11-09T23:30:00Z')];
    expect(task(evaluate({ visits, now: '2026-11-10T12:00:00Z', utcOffsetMinutes: -300 }), 'send-proposal').dueDate).toBe('2026-11-10');
    expect(task(evaluate({ visits, now: '2026-11-10T12:00:00Z' }), 'send-proposal').dueDate).toBe('2026-11-10');
  });

  it('restarts when the deal re-enters the stage; earlier ticks are kept', () => {
    const visits = [visit('Proposal Made', '2026-11-01T09:00:00Z'), visit('Demo Scheduled', '2026-11-05T09:00:00Z'), visit('Proposal Made', '2026-11-20T09:00:00Z')];
    const checklist = [hand('proposal-sent', 'review-proposal', 'done', '2026-11-03T09:00:00Z')];
    const g = evaluate({ visits, checklist, now: '2026-11-20T10:00:00Z' });
    expect(g).toMatchObject({ stageEnteredAt: '2026-11-20T09:00:00Z', reentered: true });
    expect(task(g, 'send-proposal')).toMatchObject({ dueDate: '2026-11-21', overdue: false });
    expect(task(g, 'review-proposal').state).toBe('done');
    // Without the re-entry the same task would have been overdue for weeks.
    expect(task(evaluate({ visits: visits.slice(0, 1), now: '2026-11-20T10:00:00Z' }), 'send-proposal').overdue).toBe(true);
  });

  it('prefers the CRM’s stage-entry time over the first observation', () => {
    const visits = [visit('Proposal Made', '2026-11-10T09:00:00Z'), visit('Proposal Made', '2026-11-02T08:00:00Z', 'crm')];
    const g = evaluate({ visits, now: '2026-11-10T10:00:00Z' });
    expect(g).toMatchObject({ stageEnteredAt: '2026-11-02T08:00:00Z', entrySource: 'crm' });
    expect(Math.floor(g.daysInStage!)).toBe(8);
    expect(task(g, 'send-proposal')).toMatchObject({ dueDate: '2026-11-03', overdue: true });
  });

  it('no visit into the stage: entry unknown, no due dates, never overdue or stalled', () => {
    const g = evaluate({ visits: [], now: '2027-06-01T00:00:00Z' });
    expect(g).toMatchObject({ stageEnteredAt: null, entrySource: null, stageEntryUnknown: true, daysInStage: null, stalled: null });
    expect(g.tasks.every((t) => t.dueDate === null && t.dueAt === null && !t.overdue && !t.dueToday && !t.dueSoon)).toBe(true);
  });
});

describe('evidence and hand ticks', () => {
  it('a logged proposal ticks "Send the proposal" by itself and records the evidence', () => {
    const g = evaluate({ activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: 'a1', overdue: false });
    expect(g.writes).toEqual([{ dealKey, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: 'a1' }]);
  });

  it('an activity at the very moment of entry counts; one before it does not; other types do not', () => {
    expect(task(evaluate({ activities: [activity('a0', 'proposal', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z' }), 'send-proposal').state).toBe('done');
    expect(task(evaluate({ activities: [activity('a0', 'proposal', '2026-11-10T08:59:59Z')], now: '2026-11-12T10:00:00Z' }), 'send-proposal').state).toBe('open');
    expect(task(evaluate({ activities: [activity('a0', 'email', '2026-11-10T12:00:00Z')], now: '2026-11-12T10:00:00Z' }), 'send-proposal').state).toBe('open');
  });

  it('a rep unticking after the evidence wins; newer evidence wins again', () => {
    const activities = [activity('a1', 'proposal', '2026-11-10T15:00:00Z')];
    const unticked = [entry('proposal-sent', 'send-proposal', 'open', '2026-11-11T08:00:00Z')];
    const g = evaluate({ activities, checklist: unticked, now: '2026-11-11T10:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ state: 'open', by: 'hand', evidenceActivityId: null });
    expect(g.writes).toEqual([]);
    const again = evaluate({ activities: [...activities, activity('a2', 'proposal', '2026-11-11T09:00:00Z')], checklist: unticked, now: '2026-11-11T10:00:00Z' });
    expect(task(again, 'send-proposal')).toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: 'a2' });
    expect(again.writes).toEqual([expect.objectContaining({ taskId: 'send-proposal', by: 'evidence', evidenceActivityId: 'a2' })]);
  });

  it('unticking an evidence tick by hand wins over the stored evidence', () => {
    const checklist = [entry('proposal-sent', 'send-proposal', 'open', '2026-11-11T08:00:00Z', 'hand')];
    // (the evidence tick row was overwritten by the hand untick: one row per task)
    const g = evaluate({ activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], checklist, now: '2026-11-11T10:00:00Z' });
    expect(task(g, 'send-proposal').state).toBe('open');
  });

  it('a hand tick stays a hand tick when evidence arrives later', () => {
    const checklist = [hand('proposal-sent', 'send-proposal', 'done', '2026-11-10T10:00:00Z')];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-11T10:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ state: 'done', by: 'hand', evidenceActivityId: null });
    expect(g.writes).toEqual([]);
  });

  it('stored evidence ticks are not written again', () => {
    const checklist = [entry('proposal-sent', 'send-proposal', 'done', '2026-11-10T15:00:00Z', 'evidence', 'a1')];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z'), activity('a2', 'proposal', '2026-11-10T16:00:00Z')], now: '2026-11-11T10:00:00Z' });
    expect(task(g, 'send-proposal')).toMatchObject({ by: 'evidence', evidenceActivityId: 'a1' });
    expect(g.writes).toEqual([]);
  });
});

describe('goal', () => {
  it('names each unmet criterion with its reason', () => {
    const g = evaluate({ snapshot: deal('Proposal Made', { closeDate: '2026-11-01' }), now: '2026-11-12T10:00:00Z' });
    expect(g.goal.map((c) => [c.criterion.kind, c.met, c.reason.key, c.reason.params])).toEqual([
      ['activity', false, 'goal.activity.missing', { type: 'proposal' }],
      ['closeDateNotPast', false, 'goal.closeDate.past', { closeDate: '2026-11-01', today: '2026-11-12' }],
      ['manual', false, 'goal.manual.unconfirmed', { label: 'The buyer reviewed the proposal with us' }],
    ]);
    expect(g.goalMet).toBe(false);
    expect(g.suggestNext).toBeNull();
  });

  it('when met, skips the optional tasks left (not required ones) and suggests the next stage', () => {
    const checklist = [hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z')];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.goalMet).toBe(true);
    expect(g.goal.map((c) => c.reason.key)).toEqual(['goal.activity.logged', 'goal.closeDate.notPast', 'goal.manual.confirmed']);
    expect(task(g, 'follow-up')).toMatchObject({ state: 'skipped', by: 'goal', overdue: false, dueSoon: false });
    expect(task(g, 'review-proposal').state).toBe('open');
    expect(g.suggestNext).toMatchObject({ id: 'contract-sent', name: 'Contract sent' });
    expect(g.writes).toEqual([
      { dealKey, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: 'a1' },
      { dealKey, stageId: 'proposal-sent', taskId: 'follow-up', state: 'skipped', by: 'goal', evidenceActivityId: null },
    ]);
  });

  it('an optional task the rep reopened by hand is not skipped by the goal', () => {
    const checklist = [hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z'), hand('proposal-sent', 'follow-up', 'open', '2026-11-12T09:30:00Z')];
    const g = evaluate({ checklist, activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.goalMet).toBe(true);
    expect(task(g, 'follow-up')).toMatchObject({ state: 'open', by: 'hand' });
  });

  it('the last working stage suggests Won; a terminal stage suggests nothing', () => {
    const checklist = [hand('contract-sent', 'send-contract', 'done', '2026-11-10T10:00:00Z'), hand('contract-sent', 'confirm-signer', 'done', '2026-11-10T10:00:00Z')];
    const g = evaluate({ snapshot: deal('Negotiations Started'), visits: [visit('Negotiations Started', '2026-11-10T09:00:00Z')], checklist, now: '2026-11-11T10:00:00Z' });
    expect(g.goalMet).toBe(true);
    expect(g.suggestNext?.id).toBe('won');
    expect(task(g, 'plan-kickoff')).toMatchObject({ state: 'skipped', by: 'goal' });
    const won = evaluate({ snapshot: deal('Closed won', { crm: 'hubspot', status: 'won' }), now: '2026-11-11T10:00:00Z' });
    expect(won.stage?.id).toBe('won');
    expect(won.suggestNext).toBeNull();
  });

  it('goal skips are undone when the goal is no longer met', () => {
    const checklist = [
      hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z'),
      entry('proposal-sent', 'follow-up', 'skipped', '2026-11-12T09:00:00Z', 'goal'),
      entry('proposal-sent', 'send-proposal', 'done', '2026-11-10T15:00:00Z', 'evidence', 'a1'),
    ];
    const activities = [activity('a1', 'proposal', '2026-11-10T15:00:00Z')];
    // The close date passed: the goal is no longer met.
    const g = evaluate({ snapshot: deal('Proposal Made', { closeDate: '2026-11-13' }), checklist, activities, now: '2026-11-14T10:00:00Z' });
    expect(g.goalMet).toBe(false);
    expect(task(g, 'follow-up')).toMatchObject({ state: 'open', by: null, dueDate: '2026-11-20' });
    expect(g.writes).toEqual([{ dealKey, stageId: 'proposal-sent', taskId: 'follow-up', state: 'open', by: 'goal', evidenceActivityId: null }]);
    const after = evaluate({ snapshot: deal('Proposal Made', { closeDate: '2026-11-13' }), checklist: store(checklist, g.writes, '2026-11-14T10:00:00Z'), activities, now: '2026-11-14T10:01:00Z' });
    expect(task(after, 'follow-up')).toMatchObject({ state: 'open', by: null });
    expect(after.writes).toEqual([]);
  });

  it('evidence ticks a task the goal had skipped', () => {
    const checklist = [hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z'), entry('proposal-sent', 'follow-up', 'skipped', '2026-11-12T09:00:00Z', 'goal')];
    const activities = [activity('a1', 'proposal', '2026-11-10T15:00:00Z'), activity('c1', 'call', '2026-11-13T09:00:00Z')];
    const g = evaluate({ checklist, activities, now: '2026-11-13T10:00:00Z' });
    expect(task(g, 'follow-up')).toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: 'c1' });
  });
});

describe('each exit criterion, met and unmet', () => {
  const book = playbookSchema.parse({
    id: 'criteria', name: 'Criteria', updatedAt: '2026-01-01T00:00:00Z',
    pipelines: [{
      id: 'p', name: 'P',
      stages: [
        {
          id: 'one', name: 'One',
          goal: [
            { kind: 'requiredTasks' }, { kind: 'field', field: 'value' }, { kind: 'field', field: 'closeDate' }, { kind: 'field', field: 'owner' },
            { kind: 'closeDateNotPast' }, { kind: 'activity', activityType: 'demo' }, { kind: 'manual', id: 'signed-off', label: 'Signed off by the CFO' },
          ],
          tasks: [{ id: 'r1', title: 'Required one', dueDays: 1, required: true }, { id: 'r2', title: 'Required two', dueDays: 2, required: true }, { id: 'o1', title: 'Optional', dueDays: 3 }],
        },
        { id: 'two', name: 'Two' },
        { id: 'won', name: 'Won', outcome: 'won' },
        { id: 'lost', name: 'Lost', outcome: 'lost' },
      ],
    }],
  });
  const run = (extra: Partial<DealSnapshot>, rest: Partial<Input> = {}) =>
    evaluate({ playbook: book, snapshot: deal('One', extra), visits: [visit('One', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z', ...rest });
  const byKind = (g: DealGuidance) => Object.fromEntries(g.goal.map((c) => [c.criterion.kind === 'field' ? `field.${c.criterion.field}` : c.criterion.kind, c]));

  it('all unmet', () => {
    const g = byKind(run({ value: null, closeDate: null, owner: '  ' }, { checklist: [hand('one', 'r1', 'done', '2026-11-10T10:00:00Z')], activities: [activity('d0', 'demo', '2026-11-09T10:00:00Z')] }));
    expect(g.requiredTasks).toMatchObject({ met: false, done: 1, total: 2, reason: { key: 'goal.requiredTasks.open', params: { done: 1, total: 2, open: 1 } } });
    expect(g['field.value']).toMatchObject({ met: false, reason: { key: 'goal.field.value.missing', params: {} } });
    expect(g['field.closeDate']).toMatchObject({ met: false, reason: { key: 'goal.field.closeDate.missing' } });
    expect(g['field.owner']).toMatchObject({ met: false, reason: { key: 'goal.field.owner.missing' } });
    expect(g.closeDateNotPast).toMatchObject({ met: false, reason: { key: 'goal.closeDate.missing', params: {} } });
    expect(g.activity).toMatchObject({ met: false, reason: { key: 'goal.activity.missing', params: { type: 'demo' } } }); // the demo was before the stage
    expect(g.manual).toMatchObject({ met: false, reason: { key: 'goal.manual.unconfirmed', params: { label: 'Signed off by the CFO' } } });
  });

  it('all met', () => {
    const checklist = [hand('one', 'r1', 'done', '2026-11-10T10:00:00Z'), hand('one', 'r2', 'done', '2026-11-10T10:00:00Z'), hand('one', 'manual:signed-off', 'done', '2026-11-11T10:00:00Z')];
    const result = run({ value: 0, closeDate: '2026-11-12', owner: 'Anna' }, { checklist, activities: [activity('d1', 'demo', '2026-11-11T10:00:00Z')] });
    const g = byKind(result);
    expect(g.requiredTasks).toMatchObject({ met: true, reason: { key: 'goal.requiredTasks.done', params: { done: 2, total: 2 } } });
    expect(g['field.value']).toMatchObject({ met: true, reason: { key: 'goal.field.value.present' } }); // 0 is an amount
    expect(g['field.closeDate']).toMatchObject({ met: true, reason: { key: 'goal.field.closeDate.present' } });
    expect(g['field.owner']).toMatchObject({ met: true, reason: { key: 'goal.field.owner.present' } });
    expect(g.closeDateNotPast).toMatchObject({ met: true, reason: { key: 'goal.closeDate.notPast', params: { closeDate: '2026-11-12' } } }); // today is not past
    expect(g.activity).toMatchObject({ met: true, activityId: 'd1', reason: { key: 'goal.activity.logged', params: { type: 'demo' } } });
    expect(g.manual).toMatchObject({ met: true, reason: { key: 'goal.manual.confirmed' } });
    expect(result.goalMet).toBe(true);
    expect(result.suggestNext?.id).toBe('two');
    expect(task(result, 'o1')).toMatchObject({ state: 'skipped', by: 'goal' });
  });

  it('a close date of yesterday is past; an unticked manual confirmation is not confirmed', () => {
    const g = byKind(run({ closeDate: '2026-11-11' }, { checklist: [hand('one', 'manual:signed-off', 'open', '2026-11-11T10:00:00Z')] }));
    expect(g.closeDateNotPast).toMatchObject({ met: false, reason: { key: 'goal.closeDate.past', params: { closeDate: '2026-11-11', today: '2026-11-12' } } });
    expect(g.manual!.met).toBe(false);
  });

  it('a stage without criteria never meets its goal (nothing gets skipped)', () => {
    const g = evaluate({ playbook: book, snapshot: deal('Two'), visits: [visit('Two', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g).toMatchObject({ goal: [], goalMet: false, suggestNext: null });
  });
});

describe('next steps and stalling', () => {
  it('one ordered list: overdue (oldest first), unmet criteria, due today, due soon, no next activity, stalled', () => {
    const g = evaluate({ now: '2026-12-05T10:00:00Z' }); // 25 days in a 10-day stage
    expect(g.nextSteps.map((s) => s.kind)).toEqual(['overdue', 'overdue', 'overdue', 'criterion', 'criterion', 'noNextActivity', 'stalled']);
    expect(g.nextSteps.map((s) => s.key)).toEqual(['next.overdue', 'next.overdue', 'next.overdue', 'goal.activity.missing', 'goal.manual.unconfirmed', 'next.noNextActivity', 'next.stalled']);
    expect(g.nextSteps.slice(0, 3).map((s) => ('taskId' in s ? s.taskId : null))).toEqual(['send-proposal', 'review-proposal', 'follow-up']);
    expect(g.nextSteps[0]).toMatchObject({ params: { task: 'Send the proposal', date: '2026-11-11' }, taskId: 'send-proposal' });
    expect(g.nextSteps.at(-1)).toEqual({ kind: 'stalled', key: 'next.stalled', params: { days: 25, limit: 10 }, days: 25, limit: 10 });
    expect(g.stalled).toEqual({ days: 25, limit: 10 });
  });

  it('due today comes after the criteria and before due soon', () => {
    // 13 Nov: send-proposal (11th) overdue, review-proposal (15th) due soon; follow-up (20th) later.
    const g = evaluate({ visits: [visit('Proposal Made', '2026-11-10T09:00:00Z')], now: '2026-11-13T10:00:00Z' });
    expect(g.nextSteps.map((s) => [s.kind, 'taskId' in s ? s.taskId : s.key])).toEqual([
      ['overdue', 'send-proposal'], ['criterion', 'goal.activity.missing'], ['criterion', 'goal.manual.unconfirmed'], ['dueSoon', 'review-proposal'], ['noNextActivity', 'next.noNextActivity'],
    ]);
    const today = evaluate({ now: '2026-11-11T10:00:00Z' });
    expect(today.nextSteps.map((s) => s.kind)).toEqual(['criterion', 'criterion', 'dueToday', 'noNextActivity']);
    expect(today.nextSteps[2]).toMatchObject({ key: 'next.dueToday', params: { task: 'Send the proposal' } });
  });

  it('a next step due from now on silences "no next activity"; one in the past does not', () => {
    const future = evaluate({ activities: [activity('a1', 'call', '2026-11-10T15:00:00Z', { title: 'Call back', dueAt: '2026-11-12T10:00:00Z' })], now: '2026-11-12T10:00:00Z' });
    expect(future.nextSteps.some((s) => s.kind === 'noNextActivity')).toBe(false);
    const past = evaluate({ activities: [activity('a1', 'call', '2026-11-10T15:00:00Z', { title: 'Call back', dueAt: '2026-11-12T09:59:59Z' })], now: '2026-11-12T10:00:00Z' });
    expect(past.nextSteps.some((s) => s.kind === 'noNextActivity')).toBe(true);
  });

  it('stalled once the days in stage exceed the stage’s rot days (the scorecard’s rule: strictly more)', () => {
    expect(evaluate({ now: '2026-11-20T09:00:00Z' }).stalled).toBeNull(); // exactly 10 days
    expect(evaluate({ now: '2026-11-20T09:01:00Z' }).stalled).toEqual({ days: 10, limit: 10 }); // 10 days and a minute
    expect(evaluate({ now: '2026-11-21T09:00:00Z' }).stalled).toEqual({ days: 11, limit: 10 });
  });

  it('uses the default rot days when the stage has none', () => {
    const custom = structuredClone(playbook);
    custom.pipelines[0]!.stages[3]!.rotDays = null;
    const at = (now: string) => evaluate({ playbook: custom, visits: [visit('Proposal Made', '2026-11-01T00:00:00Z')], now });
    expect(at('2026-11-22T00:00:00Z').stalled).toBeNull(); // exactly 21 days
    expect(at('2026-11-23T00:00:00Z').stalled).toEqual({ days: 22, limit: 21 });
    expect(evaluate({ playbook: custom, visits: [visit('Proposal Made', '2026-11-01T00:00:00Z')], defaultRotDays: 30, now: '2026-11-23T00:00:00Z' }).stalled).toBeNull();
  });

  it('a closed deal has no next steps, is never stalled and sits in its outcome stage', () => {
    const g = evaluate({ snapshot: deal('Proposal Made', { status: 'won' }), now: '2026-12-05T10:00:00Z' });
    expect(g.match?.stage.id).toBe('won');
    expect(g.nextSteps).toEqual([]);
    expect(g.stalled).toBeNull();
    // Won straight from "Proposal sent": "Contract sent" was skipped; "Lost" is not on a won deal's path.
    expect(g.path.filter((p) => p.state !== 'complete').map((p) => [p.stage.id, p.state])).toEqual([['contract-sent', 'skipped'], ['won', 'current']]);
    const lost = evaluate({ snapshot: deal('Proposal Made', { status: 'lost' }), now: '2026-12-05T10:00:00Z' });
    expect(lost.stage?.id).toBe('lost');
    expect(lost.path.at(-1)).toMatchObject({ stage: { id: 'lost' }, state: 'current' });
  });
});

describe('stage path', () => {
  it('marks stages the history jumped over as skipped, and moves backwards keep what was reached', () => {
    const visits = [visit('Qualified', '2026-11-01T09:00:00Z'), visit('Demo Scheduled', '2026-11-03T09:00:00Z'), visit('Proposal Made', '2026-11-05T09:00:00Z')];
    const g = evaluate({ visits, now: '2026-11-06T09:00:00Z' });
    expect(g.pathSource).toBe('playbook');
    expect(g.path.map((p) => p.state)).toEqual(['complete', 'skipped', 'complete', 'current', 'upcoming', 'upcoming', 'upcoming']);
    expect(g.path.map((p) => p.label)).toEqual(['Discovery call booked', 'Qualified', 'Demo completed', 'Proposal sent', 'Contract sent', 'Won', 'Lost']);
    const back = evaluate({ visits: [...visits, visit('Demo Scheduled', '2026-11-07T09:00:00Z')], snapshot: deal('Demo Scheduled'), now: '2026-11-08T09:00:00Z' });
    expect(back.path.map((p) => p.state).slice(0, 5)).toEqual(['complete', 'skipped', 'current', 'upcoming', 'upcoming']);
    expect(back).toMatchObject({ stageEnteredAt: '2026-11-07T09:00:00Z', reentered: true });
  });

  it('an unmapped CRM stage gets no guidance but says which label it is', () => {
    const g = evaluate({ snapshot: deal('Legal review'), visits: [visit('Legal review', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g).toMatchObject({ match: null, stage: null, crmStage: 'Legal review', tasks: [], goal: [], goalMet: false, stalled: null, writes: [], stageEntryUnknown: false });
    expect(g.nextSteps.map((s) => s.kind)).toEqual(['noNextActivity']);
    expect(g.pathSource).toBe('playbook');
    expect(g.path.every((p) => p.state === 'upcoming')).toBe(true);
  });

  it('…and when the page lists the CRM’s stages, the path follows the CRM', () => {
    const stages = ['Qualified', 'Contact Made', 'Legal review', 'Proposal Made'];
    const g = evaluate({ snapshot: deal('Legal review', { stages }), visits: [visit('Qualified', '2026-11-01T09:00:00Z'), visit('Legal review', '2026-11-10T09:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.pathSource).toBe('crm');
    expect(g.path.map((p) => [p.label, p.state, p.stageId])).toEqual([
      ['Qualified', 'complete', 'discovery-booked'], ['Contact Made', 'skipped', 'qualified'], ['Legal review', 'current', null], ['Proposal Made', 'upcoming', 'proposal-sent'],
    ]);
    expect(new Set(g.path.map((p) => p.stage.id)).size).toBe(4); // unique keys for the UI
    expect(g.path[2]!.stage.name).toBe('Legal review');
  });

  it('a remembered mapping puts it in the chosen stage', () => {
    const g = evaluate({ snapshot: deal('Legal review'), visits: [visit('Legal review', '2026-11-10T09:00:00Z')], mappings: { 'pipedrive:acme:legal review': 'new-business/contract-sent' }, now: '2026-11-12T10:00:00Z' });
    expect(g.match).toMatchObject({ stage: { id: 'contract-sent' }, by: 'mapping' });
    expect(g.stageEnteredAt).toBe('2026-11-10T09:00:00Z');
  });
});

describe('qualifications', () => {
  it('the checklists laid over the stage, with each item’s state', () => {
    const checklist = [hand('qualified', 'q:bant:budget', 'done', '2026-11-10T10:00:00Z'), hand('qualified', 'q:bant:need', 'open', '2026-11-10T10:00:00Z'), hand('other', 'q:bant:authority', 'done', '2026-11-10T10:00:00Z')];
    const g = evaluate({ snapshot: deal('Contact Made'), visits: [visit('Contact Made', '2026-11-10T09:00:00Z')], checklist, now: '2026-11-11T10:00:00Z' });
    expect(g.qualifications.map((q) => [q.qualification.id, q.done, q.total])).toEqual([['bant', 1, 4]]);
    expect(g.qualifications[0]!.items.map((i) => [i.taskId, i.state, i.done])).toEqual([
      ['q:bant:budget', 'done', true], ['q:bant:authority', 'open', false], ['q:bant:need', 'open', false], ['q:bant:timeline', 'open', false],
    ]);
    expect(g.qualifications[0]!.items[0]!.hint).not.toBe('');
  });
});

describe('checklistWrites', () => {
  it('is idempotent: once the writes are stored, evaluating again writes nothing', () => {
    const activities = [activity('a1', 'proposal', '2026-11-10T15:00:00Z')];
    let checklist: ChecklistEntry[] = [hand('proposal-sent', 'manual:proposal-reviewed', 'done', '2026-11-12T09:00:00Z')];
    const first = evaluate({ checklist, activities, now: '2026-11-12T10:00:00Z' });
    expect(first.writes).toHaveLength(2);
    checklist = store(checklist, first.writes, '2026-11-12T10:00:00Z');
    const second = evaluate({ checklist, activities, now: '2026-11-12T10:01:00Z' });
    expect(second.writes).toEqual([]);
    expect(second.tasks.map((t) => [t.task.id, t.state, t.by])).toEqual(first.tasks.map((t) => [t.task.id, t.state, t.by]));
    expect(checklistWrites(second, checklist)).toEqual([]);
  });

  it('writes for this deal and stage only, never hand decisions', () => {
    const g = evaluate({ activities: [activity('a1', 'proposal', '2026-11-10T15:00:00Z')], checklist: [hand('proposal-sent', 'review-proposal', 'done', '2026-11-11T09:00:00Z')], now: '2026-11-12T10:00:00Z' });
    expect(g.writes.map((w) => [w.dealKey, w.stageId, w.taskId, w.by])).toEqual([[dealKey, 'proposal-sent', 'send-proposal', 'evidence']]);
    // The same evidence stored for another deal does not count for this one.
    const otherDeal = [{ ...entry('proposal-sent', 'send-proposal', 'done', '2026-11-10T15:00:00Z', 'evidence', 'a1'), dealKey: 'pipedrive:acme:8' }];
    expect(checklistWrites(g, otherDeal)).toHaveLength(1);
  });

  it('nothing to write without a stage', () => {
    const g = evaluate({ snapshot: deal('Legal review'), now: '2026-11-12T10:00:00Z' });
    expect(checklistWrites(g, [])).toEqual([]);
  });
});
