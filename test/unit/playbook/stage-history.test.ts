import { describe, expect, it } from 'vitest';
import { backwardMoves, crmPathStates, currentStageEntry, isReentry, mappedVisits, stagePathStates, stageRuns, type MapLabel } from '@/lib/playbook/stage-history';
import { TEMPLATES } from '@/lib/playbook/templates';
import type { StageVisit } from '@/lib/model/records.schema';

const pipeline = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z')).pipelines[0]!;
const LABELS: Record<string, string> = { Qualified: 'discovery-booked', 'Contact Made': 'qualified', 'Demo Scheduled': 'demo-completed', 'Proposal Made': 'proposal-sent', 'Negotiations Started': 'contract-sent', 'Proposal (revised)': 'proposal-sent' };
const mapLabel: MapLabel = (label) => LABELS[label] ?? null;
const v = (stage: string, enteredAt: string, source: StageVisit['source'] = 'observed'): StageVisit => ({ dealKey: 'd', stage, enteredAt: `2026-11-${enteredAt}Z`, source });
const stage = (id: string) => pipeline.stages.find((s) => s.id === id)!;
const states = (visits: StageVisit[], current: string | null, status: 'open' | 'won' | 'lost' = 'open') =>
  stagePathStates(pipeline, current ? stage(current) : null, visits, mapLabel, status).map((p) => `${p.stage.id}:${p.state}`);

describe('visits and runs', () => {
  it('sorts chronologically whatever the input order, CRM first at the same instant', () => {
    const sorted = mappedVisits([v('Proposal Made', '05T09:00:00'), v('Qualified', '01T09:00:00'), v('Contact Made', '05T09:00:00', 'crm')], mapLabel);
    expect(sorted.map((x) => [x.stageId, x.source])).toEqual([['discovery-booked', 'observed'], ['qualified', 'crm'], ['proposal-sent', 'observed']]);
  });

  it('consecutive visits into one stage are one stay, even under two CRM labels', () => {
    const runs = stageRuns([v('Proposal Made', '01T09:00:00'), v('Proposal (revised)', '03T09:00:00'), v('Demo Scheduled', '05T09:00:00')], mapLabel);
    expect(runs.map((r) => [r.stageId, r.enteredAt, r.visits])).toEqual([['proposal-sent', '2026-11-01T09:00:00Z', 2], ['demo-completed', '2026-11-05T09:00:00Z', 1]]);
  });

  it('unmapped labels make their own stays', () => {
    const runs = stageRuns([v('Legal', '01T09:00:00'), v('legal', '02T09:00:00'), v('Other', '03T09:00:00')], mapLabel);
    expect(runs.map((r) => [r.stageId, r.label])).toEqual([[null, 'Legal'], [null, 'Other']]);
  });
});

describe('stage entry: CRM time wins over observations', () => {
  it('an earlier CRM-reported entry of the same stay', () => {
    const visits = [v('Proposal Made', '10T09:00:00'), v('Proposal Made', '02T08:00:00', 'crm')];
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)).toEqual({ enteredAt: '2026-11-02T08:00:00Z', source: 'crm' });
  });

  it('a later CRM-reported entry of the same stay (clock skew, or a quick out-and-back we did not see)', () => {
    const visits = [v('Proposal Made', '01T09:00:00'), v('Proposal Made', '03T10:00:00', 'crm')];
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)).toEqual({ enteredAt: '2026-11-03T10:00:00Z', source: 'crm' });
  });

  it('the latest CRM report of a stay counts', () => {
    const visits = [v('Proposal Made', '01T09:00:00', 'crm'), v('Proposal Made', '02T09:00:00'), v('Proposal Made', '04T09:00:00', 'crm')];
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)?.enteredAt).toBe('2026-11-04T09:00:00Z');
  });

  it('without CRM reports, the first observation of the stay', () => {
    const visits = [v('Proposal Made', '01T09:00:00'), v('Proposal Made', '02T09:00:00')];
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)).toEqual({ enteredAt: '2026-11-01T09:00:00Z', source: 'observed' });
  });

  it('a CRM report of an earlier stay does not move a later entry', () => {
    const visits = [v('Proposal Made', '01T09:00:00', 'crm'), v('Demo Scheduled', '03T09:00:00'), v('Proposal Made', '05T09:00:00')];
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)).toEqual({ enteredAt: '2026-11-05T09:00:00Z', source: 'observed' });
  });

  it('no visit into the stage: null', () => {
    expect(currentStageEntry([v('Demo Scheduled', '03T09:00:00')], 'proposal-sent', mapLabel)).toBeNull();
    expect(currentStageEntry([], 'proposal-sent', mapLabel)).toBeNull();
  });
});

describe('re-entry and backward moves', () => {
  const visits = [v('Qualified', '01T09:00:00'), v('Proposal Made', '02T09:00:00'), v('Contact Made', '04T09:00:00'), v('Proposal Made', '06T09:00:00')];
  it('re-entering a stage starts a new stay', () => {
    const runs = stageRuns(visits, mapLabel);
    expect(isReentry(runs, 'proposal-sent')).toBe(true);
    expect(isReentry(runs, 'qualified')).toBe(false);
    expect(currentStageEntry(visits, 'proposal-sent', mapLabel)?.enteredAt).toBe('2026-11-06T09:00:00Z');
  });

  it('moves to an earlier stage are listed', () => {
    expect(backwardMoves(stageRuns(visits, mapLabel), pipeline)).toEqual([{ from: 'proposal-sent', to: 'qualified', at: '2026-11-04T09:00:00Z' }]);
    expect(backwardMoves(stageRuns(visits.slice(0, 2), mapLabel), pipeline)).toEqual([]);
  });
});

describe('stage path', () => {
  it('complete, skipped (never visited, a later stage was), current, upcoming, both outcomes', () => {
    expect(states([v('Qualified', '01T09:00:00'), v('Demo Scheduled', '03T09:00:00'), v('Proposal Made', '05T09:00:00')], 'proposal-sent')).toEqual([
      'discovery-booked:complete', 'qualified:skipped', 'demo-completed:complete', 'proposal-sent:current', 'contract-sent:upcoming', 'won:upcoming', 'lost:upcoming',
    ]);
  });

  it('stages before the first recorded one count as complete (the deal was there before we saw it)', () => {
    expect(states([v('Proposal Made', '05T09:00:00')], 'proposal-sent').slice(0, 4)).toEqual(['discovery-booked:complete', 'qualified:complete', 'demo-completed:complete', 'proposal-sent:current']);
    expect(states([], 'demo-completed').slice(0, 3)).toEqual(['discovery-booked:complete', 'qualified:complete', 'demo-completed:current']);
  });

  it('moving backwards: the stages after the current one are to come again', () => {
    const visits = [v('Qualified', '01T09:00:00'), v('Proposal Made', '02T09:00:00'), v('Contact Made', '04T09:00:00')];
    expect(states(visits, 'qualified').slice(0, 5)).toEqual(['discovery-booked:complete', 'qualified:current', 'demo-completed:upcoming', 'proposal-sent:upcoming', 'contract-sent:upcoming']);
  });

  it('a lost deal shows only its outcome; stages it never reached are skipped', () => {
    expect(states([v('Qualified', '01T09:00:00')], 'lost', 'lost')).toEqual([
      'discovery-booked:complete', 'qualified:skipped', 'demo-completed:skipped', 'proposal-sent:skipped', 'contract-sent:skipped', 'lost:current',
    ]);
  });

  it('no current stage: everything is to come', () => {
    expect(states([], null).every((s) => s.endsWith(':upcoming'))).toBe(true);
  });

  it('the CRM’s own stage list, for a stage the playbook does not know', () => {
    const labels = ['Lead in', 'Contacted', 'Legal review', 'Signed'];
    const visits = [v('lead IN', '01T09:00:00'), v('Legal review', '03T09:00:00')];
    expect(crmPathStates(labels, 'Legal Review', visits)).toEqual([
      { label: 'Lead in', state: 'complete' }, { label: 'Contacted', state: 'skipped' }, { label: 'Legal review', state: 'current' }, { label: 'Signed', state: 'upcoming' },
    ]);
    expect(crmPathStates(labels, 'Elsewhere', visits).every((s) => s.state === 'upcoming')).toBe(true);
  });
});
