import type { Metrics } from './scorecard';

// What to coach: the rep's weakest stage conversion against the team's.

export interface CoachingGap {
  pipelineId: string;
  fromStageId: string;
  toStageId: string;
  ownerRate: number;
  teamRate: number;
}

/**
 * The stage step where the rep converts furthest below the team. Only steps the rep has enough
 * deals in (`minReached`) count, so one lost deal does not make a coaching topic.
 */
export function weakestConversion(
  owner: Metrics,
  team: Metrics,
  stageOrder: Readonly<Record<string, readonly string[]>>,
  ownerReached: (pipelineId: string, stageId: string) => number,
  minReached = 5,
): CoachingGap | null {
  let worst: CoachingGap | null = null;
  for (const [pipelineId, conversions] of Object.entries(owner.stageConversion)) {
    const order = stageOrder[pipelineId] ?? [];
    for (const [stageId, ownerRate] of Object.entries(conversions)) {
      const teamRate = team.stageConversion[pipelineId]?.[stageId];
      if (ownerRate === null || teamRate === null || teamRate === undefined) continue;
      if (ownerReached(pipelineId, stageId) < minReached) continue;
      const next = order[order.indexOf(stageId) + 1];
      if (!next || ownerRate >= teamRate) continue;
      if (!worst || teamRate - ownerRate > worst.teamRate - worst.ownerRate) worst = { pipelineId, fromStageId: stageId, toStageId: next, ownerRate, teamRate };
    }
  }
  return worst;
}
