import { describe, expect, it } from 'vitest';
import { leftStays } from '@/lib/metrics/adoption';
import { validateHistory } from '@/lib/metrics/history.schema';
import { computeScorecard } from '@/lib/metrics/scorecard';

// Adoption (history contract v2) = required tasks done by the time the deal left the stage ÷
// required tasks of the stays left inside the window. Every expected number is worked out by hand.

const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}T00:00:00Z`;
const t = (d: number) => Date.parse(day(d));
const stage = (id: string, requiredTasks: string[] = []) => ({ id, name: id.toUpperCase(), probability: 0.5, rotDays: null, requiredTasks });
const pipelines = [{ id: 'p1', name: 'New', stages: [stage('s1', ['pain', 'budget']), stage('s2', ['demo']), stage('s3', ['proposal'])] }];
const deal = (id: string, owner: string, status: 'open' | 'won' | 'lost', history: [string, number][], closed: number | null = null) => ({
  id, owner, pipeline: 'p1', value: 100, createdAt: day(1), closedAt: closed === null ? null : day(closed), status,
  stageHistory: history.map(([s, d]) => ({ stage: s, enteredAt: day(d) })),
});
const tick = (dealId: string, stageId: string, task: string, d: number) => ({ dealId, stage: stageId, task, doneAt: day(d) });

const file = {
  version: 2,
  pipelines,
  deals: [
    // Anna: s1 (days 1–2, one stay) → s2 (left day 9) → s3, still open.
    deal('a', 'Anna', 'open', [['s1', 1], ['s1', 2], ['s2', 5], ['s3', 9]]),
    // Ben: s1 → s2, lost on day 20 while in s2 (the last stay is left at closedAt).
    deal('b', 'Ben', 'lost', [['s1', 1], ['s2', 4]], 20),
    // Cleo: s2 → s1 (backward) → s2 again → s3; re-entry counts s2 twice.
    deal('c', 'Cleo', 'open', [['s2', 1], ['s1', 2], ['s2', 3], ['s3', 4]]),
  ],
  checklist: [
    tick('a', 's1', 'pain', 3), // in time (left s1 on day 5)
    tick('a', 's1', 'budget', 6), // after leaving s1: late, not counted
    tick('a', 's2', 'demo', 9), // at the very moment of leaving: counted
    tick('b', 's1', 'budget', 2), // in time
    tick('c', 's2', 'demo', 2), // done day 2: in time for both s2 stays (left day 2 and day 4)
  ],
};

describe('adoption from a v2 history', () => {
  const card = computeScorecard(validateHistory(file), { asOf: '2026-02-01' });

  it('per owner and team: done in time ÷ required of the stays left', () => {
    // Anna: s1 pain ✓ budget ✗ (late), s2 demo ✓ → 2 / 3
    expect(card.owners.Anna!.adoption).toEqual({ done: 2, required: 3, rate: 2 / 3 });
    // Ben: s1 pain ✗ budget ✓, s2 (left at close, day 20) demo ✗ → 1 / 3
    expect(card.owners.Ben!.adoption).toEqual({ done: 1, required: 3, rate: 1 / 3 });
    // Cleo: s2 (left day 2) demo ✓, s1 (left day 3) 0 / 2, s2 (left day 4) demo ✓ → 2 / 4
    expect(card.owners.Cleo!.adoption).toEqual({ done: 2, required: 4, rate: 2 / 4 });
    expect(card.team.adoption).toEqual({ done: 5, required: 10, rate: 5 / 10 });
  });

  it('per stage, every stage listed (a stage nobody left has rate null)', () => {
    expect(card.team.adoptionByStage).toEqual({
      p1: {
        s1: { done: 2, required: 6, rate: 2 / 6 }, // Anna 1/2, Ben 1/2, Cleo 0/2
        s2: { done: 3, required: 4, rate: 3 / 4 }, // Anna 1/1, Ben 0/1, Cleo 2/2
        s3: { done: 0, required: 0, rate: null },
      },
    });
    expect(card.owners.Ben!.adoptionByStage.p1!.s2).toEqual({ done: 0, required: 1, rate: 0 });
  });

  it('the window counts the stays LEFT inside it (from ≤ leftAt < to + 1 day)', () => {
    // Only days 4–5: Anna leaves s1 on day 5 (1/2), Cleo leaves s2 on day 4 (1/1); Ben left s1 on day 4 (1/2).
    const windowed = computeScorecard(validateHistory(file), { asOf: '2026-02-01', from: '2026-01-04', to: '2026-01-05' });
    expect(windowed.team.adoption).toEqual({ done: 3, required: 5, rate: 3 / 5 });
    // Day 20 alone: Ben's lost deal leaves s2 at close.
    const closing = computeScorecard(validateHistory(file), { asOf: '2026-02-01', from: '2026-01-20', to: '2026-01-20' });
    expect(closing.team.adoption).toEqual({ done: 0, required: 1, rate: 0 });
  });

  it('a v1 file has no adoption: zeroes and null rates, every stage listed', () => {
    const v1 = validateHistory({ ...file, version: 1 });
    const v1card = computeScorecard(v1, { asOf: '2026-02-01' });
    expect(v1card.team.adoption).toEqual({ done: 0, required: 0, rate: null });
    expect(v1card.team.adoptionByStage.p1).toEqual({ s1: { done: 0, required: 0, rate: null }, s2: { done: 0, required: 0, rate: null }, s3: { done: 0, required: 0, rate: null } });
  });
});

describe('the stay rule', () => {
  it('merges consecutive entries of one stage; an open deal has not left its last stay', () => {
    const history = [{ stage: 's1', enteredAt: t(1) }, { stage: 's1', enteredAt: t(2) }, { stage: 's2', enteredAt: t(5) }];
    expect(leftStays({ stageHistory: history, status: 'open', closedAt: null })).toEqual([{ stage: 's1', enteredAt: t(1), leftAt: t(5) }]);
    expect(leftStays({ stageHistory: history, status: 'won', closedAt: t(8) })).toEqual([
      { stage: 's1', enteredAt: t(1), leftAt: t(5) },
      { stage: 's2', enteredAt: t(5), leftAt: t(8) },
    ]);
    expect(leftStays({ stageHistory: [], status: 'won', closedAt: t(8) })).toEqual([]);
  });
});
