import { describe, expect, it } from 'vitest';
import { adoptionFromVisits, adoptionInputs, computeAdoption } from '@/lib/metrics/adoption';

// Adoption = required items done by the time the deal left the stage ÷ required items of left stages.

const t = (day: number) => Date.UTC(2026, 0, day);
const required = { s1: ['pain', 'budget'], s2: ['demo'], s3: ['proposal'] };

describe('process adoption', () => {
  const deals = [
    {
      owner: 'Anna',
      // s1 (left day 5) → s2 (left day 9) → s3 (still there)
      visits: [{ stageId: 's1', enteredAt: t(1) }, { stageId: 's1', enteredAt: t(2) }, { stageId: 's2', enteredAt: t(5) }, { stageId: 's3', enteredAt: t(9) }],
      checklist: [
        { stageId: 's1', itemId: 'pain', doneAt: t(3) }, // in time
        { stageId: 's1', itemId: 'budget', doneAt: t(6) }, // after leaving s1: late
        { stageId: 's2', itemId: 'demo', doneAt: t(9) }, // at the moment of leaving: in time
        { stageId: 's3', itemId: 'proposal', doneAt: null }, // s3 not left: not judged
      ],
    },
    {
      owner: 'Ben',
      // s1 → s2, then the deal closed on day 20 while in s2
      visits: [{ stageId: 's1', enteredAt: t(1) }, { stageId: 's2', enteredAt: t(4) }],
      checklist: [{ stageId: 's1', itemId: 'budget', doneAt: t(2) }],
      closedAt: t(20),
    },
  ];
  const result = adoptionFromVisits(deals, required);

  it('per rep: done in time ÷ required of the stages left', () => {
    // Anna: s1 pain ✓ budget ✗, s2 demo ✓ → 2 / 3
    expect(result.owners.Anna).toEqual({ done: 2, required: 3, rate: 2 / 3 });
    // Ben: s1 pain ✗ budget ✓, s2 (left at close) demo ✗ → 1 / 3
    expect(result.owners.Ben).toEqual({ done: 1, required: 3, rate: 1 / 3 });
    expect(result.team).toEqual({ done: 3, required: 6, rate: 3 / 6 });
  });

  it('per stage and per rep × stage', () => {
    expect(result.stages.s1).toEqual({ done: 2, required: 4, rate: 2 / 4 });
    expect(result.stages.s2).toEqual({ done: 1, required: 2, rate: 1 / 2 });
    expect(result.stages.s3).toBeUndefined(); // nobody left s3
    expect(result.ownerStages.Anna).toEqual({ s1: { done: 1, required: 2, rate: 0.5 }, s2: { done: 1, required: 1, rate: 1 } });
  });

  it('consecutive visits of one stage are one stay; the last stay of an open deal is not judged', () => {
    const inputs = adoptionInputs(deals, required);
    expect(inputs[0]!.leftStages.map((l) => [l.stageId, l.leftAt])).toEqual([['s1', t(5)], ['s2', t(9)]]);
    expect(inputs[1]!.leftStages.map((l) => [l.stageId, l.leftAt])).toEqual([['s1', t(4)], ['s2', t(20)]]);
  });

  it('a stage left twice counts twice; no required items means no rate', () => {
    const twice = adoptionFromVisits(
      [{ owner: 'Cleo', visits: [{ stageId: 's2', enteredAt: t(1) }, { stageId: 's1', enteredAt: t(2) }, { stageId: 's2', enteredAt: t(3) }, { stageId: 's4', enteredAt: t(4) }], checklist: [{ stageId: 's2', itemId: 'demo', doneAt: t(2) }] }],
      required,
    );
    // s2 left on day 2 (demo done day 2 ✓) and on day 4 (still done ✓); s1 left day 3 with nothing done
    expect(twice.stages.s2).toEqual({ done: 2, required: 2, rate: 1 });
    expect(twice.team).toEqual({ done: 2, required: 4, rate: 0.5 });
    expect(computeAdoption([]).team).toEqual({ done: 0, required: 0, rate: null });
    expect(adoptionFromVisits([{ owner: 'D', visits: [{ stageId: 'x', enteredAt: 1 }, { stageId: 'y', enteredAt: 2 }], checklist: [] }], required).owners.D!.rate).toBeNull();
  });
});
