import { describe, expect, it } from 'vitest';
import { hardStageIds, lowestConversionStage, teamConversion } from '@/lib/rewards/hard-stage';
import type { History, HistoryDeal } from '@/lib/metrics/history';
import type { Pipeline } from '@/lib/model/playbook.schema';
import { pipelineSchema } from '@/lib/model/playbook.schema';

// The hard stage is the pipeline's lowest stage conversion (lib/metrics/conversion: reached(k+1) /
// reached(k)) resting on five deals or more, plus what the manager marked. Hand-made histories:
// each deal is written as the furthest stage it reached.

const DAY = 86_400_000;
const STAGES = ['qualify', 'demo', 'proposal', 'won'] as const;
const historyPipeline = { id: 'sales', name: 'Sales', stages: STAGES.map((id) => ({ id, name: id, probability: 0, rotDays: null })) };
const playbookPipeline: Pipeline = pipelineSchema.parse({
  id: 'sales', name: 'Sales',
  stages: [
    { id: 'qualify', name: 'Qualify' }, { id: 'demo', name: 'Demo' }, { id: 'proposal', name: 'Proposal' },
    { id: 'won', name: 'Won', outcome: 'won' }, { id: 'lost', name: 'Lost', outcome: 'lost' },
  ],
});

let next = 0;
/** A deal that went as far as `furthest` (its stages in order), then is open, won or lost. */
function deal(furthest: (typeof STAGES)[number], status: HistoryDeal['status'] = 'lost'): HistoryDeal {
  const upTo = status === 'won' ? STAGES.length - 1 : STAGES.indexOf(furthest);
  const id = `d${next++}`;
  return {
    id, title: id, owner: 'Anna', pipeline: 'sales', value: 1000, currency: null, createdAt: 0, closedAt: status === 'open' ? null : 50 * DAY, status,
    stageHistory: STAGES.slice(0, upTo + 1).filter((s) => s !== 'won').map((stage, i) => ({ stage, enteredAt: i * DAY })),
  } as HistoryDeal;
}
const history = (deals: HistoryDeal[]): History => ({ version: 2, pipelines: [historyPipeline], deals, activities: [], forecasts: [], checklist: [] }) as History;
const times = (n: number, make: () => HistoryDeal) => Array.from({ length: n }, make);

describe('the stage the team finds hard', () => {
  it('is the stage with the lowest conversion: 20 qualify, 16 reach demo (80 %), 6 reach proposal (37.5 %), 4 won (67 %)', () => {
    const deals = [...times(4, () => deal('qualify')), ...times(10, () => deal('demo')), ...times(2, () => deal('proposal')), ...times(4, () => deal('proposal', 'won'))];
    const conversion = teamConversion(history(deals));
    expect(conversion).toEqual({
      'sales/qualify': { rate: 16 / 20, deals: 20 },
      'sales/demo': { rate: 6 / 16, deals: 16 },
      'sales/proposal': { rate: 4 / 6, deals: 6 },
    });
    expect(lowestConversionStage(playbookPipeline, conversion)).toEqual({ stageId: 'demo', rate: { rate: 6 / 16, deals: 16 } });
    expect([...hardStageIds(playbookPipeline, conversion)]).toEqual(['demo']);
  });

  it('a stage whose rate rests on fewer than five deals is not chosen, however low', () => {
    // 10 qualify → all 10 reach demo (100 %); 4 reach proposal (40 %); of those 4, 1 won (25 %, but 4 deals only).
    const deals = [...times(6, () => deal('demo')), ...times(3, () => deal('proposal')), deal('proposal', 'won')];
    const conversion = teamConversion(history(deals));
    expect(conversion['sales/proposal']).toEqual({ rate: 1 / 4, deals: 4 });
    expect(lowestConversionStage(playbookPipeline, conversion)?.stageId).toBe('demo');
  });

  it('a tie keeps the first stage in pipeline order', () => {
    // 20 in qualify, 10 reach demo (50 %), 5 reach proposal (50 %), all 5 won (100 %).
    const deals = [...times(10, () => deal('qualify')), ...times(5, () => deal('demo')), ...times(5, () => deal('proposal', 'won'))];
    const conversion = teamConversion(history(deals));
    expect(conversion['sales/qualify']!.rate).toBe(0.5);
    expect(conversion['sales/demo']!.rate).toBe(0.5);
    expect(lowestConversionStage(playbookPipeline, conversion)?.stageId).toBe('qualify');
  });

  it('with no history nothing is hard but what the manager marked', () => {
    const marked = { ...playbookPipeline, stages: playbookPipeline.stages.map((s) => (s.id === 'proposal' ? { ...s, hard: true } : s)) };
    expect(teamConversion(history([]))).toEqual({});
    expect([...hardStageIds(marked, {})]).toEqual(['proposal']);
    expect([...hardStageIds(playbookPipeline, {})]).toEqual([]);
  });

  it('the marked stage and the measured one are both hard; a closing stage never is', () => {
    const marked = { ...playbookPipeline, stages: playbookPipeline.stages.map((s) => (s.id === 'qualify' || s.id === 'won' ? { ...s, hard: true } : s)) };
    const deals = [...times(4, () => deal('qualify')), ...times(10, () => deal('demo')), ...times(2, () => deal('proposal')), ...times(4, () => deal('proposal', 'won'))];
    expect([...hardStageIds(marked, teamConversion(history(deals)))].sort()).toEqual(['demo', 'qualify']);
  });
});
