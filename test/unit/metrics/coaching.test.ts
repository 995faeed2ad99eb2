import { describe, expect, it } from 'vitest';
import { coachingGap, weakestConversion } from '@/lib/metrics/coaching';
import { indexPipelines, reachedByStage } from '@/lib/metrics/conversion';
import { computeScorecard } from '@/lib/metrics/scorecard';
import { history, PIPELINES, type DealSpec } from './build';

// The rep's weakest step against the team: the largest gap teamRate − ownerRate among steps where
// the rep converts below the team and has reached(k) ≥ 5.

const step = (owner: string, furthest: string, n: number, status: 'open' | 'lost' = 'open'): DealSpec[] =>
  Array.from({ length: n }, () => ({ owner, status, closedAt: status === 'lost' ? '2026-02-01T00:00:00Z' : null, stages: [[furthest, '2026-01-01T00:00:00Z']] as [string, string][] }));

describe('coaching gap', () => {
  const h = history({
    deals: [
      ...step('Anna', 's1', 6, 'lost'), // Anna reached: s1 10, s2 4, s3 2, s4 0
      ...step('Anna', 's2', 2),
      ...step('Anna', 's3', 2),
      ...step('Ben', 's1', 2, 'lost'), // Ben reached: s1 10, s2 8, s3 4, s4 4
      ...step('Ben', 's2', 4),
      ...step('Ben', 's4', 4),
    ],
  });
  const card = computeScorecard(h, { asOf: '2026-03-01' });
  const pipelines = indexPipelines(h.pipelines);
  const annaReached = reachedByStage(h.deals.filter((d) => d.owner === 'Anna'), pipelines);

  it('finds the largest gap below the team', () => {
    // team reached: s1 20, s2 12, s3 6, s4 4 → s1 12/20, s2 6/12, s3 4/6
    // Anna: s1 4/10 (gap 0.2), s2 2/4 (gap 0), s3 0/2 (gap 0.667 but reached 2 < 5)
    expect(card.team.stageConversion.p1).toEqual({ s1: 12 / 20, s2: 6 / 12, s3: 4 / 6 });
    expect(card.owners.Anna!.stageConversion.p1).toEqual({ s1: 4 / 10, s2: 2 / 4, s3: 0 / 2 });
    expect(coachingGap({ owner: card.owners.Anna!, team: card.team, pipelines: PIPELINES, ownerReached: annaReached })).toEqual({
      pipelineId: 'p1',
      fromStageId: 's1',
      toStageId: 's2',
      ownerRate: 4 / 10,
      teamRate: 12 / 20,
    });
  });

  it('the minimum sample can be lowered; then the larger s3 gap wins', () => {
    expect(coachingGap({ owner: card.owners.Anna!, team: card.team, pipelines: PIPELINES, ownerReached: annaReached, minReached: 2 })).toMatchObject({ fromStageId: 's3', toStageId: 's4', ownerRate: 0, teamRate: 4 / 6 });
  });

  it('null when the rep is at or above the team everywhere it has enough deals', () => {
    const benReached = reachedByStage(h.deals.filter((d) => d.owner === 'Ben'), pipelines);
    expect(coachingGap({ owner: card.owners.Ben!, team: card.team, pipelines: PIPELINES, ownerReached: benReached })).toBeNull();
    const order = { p1: ['s1', 's2', 's3', 's4'] };
    expect(weakestConversion(card.owners.Anna!, card.team, order, () => 4)).toBeNull(); // nobody reached 5
  });
});
