import type { HistoryPipeline } from './history.schema';
import type { Metrics } from './scorecard';

// What to coach: the rep's weakest stage conversion compared with the team's.
//
// - Candidates: every stage step k → k+1 (every pipeline, every stage but the last) where both the
//   rep's and the team's conversion are known, the rep converts BELOW the team, and the rep has at
//   least `minReached` deals that reached stage k (default 5: one or two lost deals are no pattern).
// - The weakest is the largest gap teamRate − ownerRate; a tie keeps the first in pipeline order,
//   then stage order. null when no step qualifies (the rep is at or above the team everywhere, or
//   has too few deals).

export interface CoachingGap {
  pipelineId: string;
  fromStageId: string;
  toStageId: string;
  ownerRate: number;
  teamRate: number;
}

export const COACHING_MIN_REACHED = 5;

/**
 * The stage step where the rep converts furthest below the team. `stageOrder` lists each pipeline's
 * stage ids in order; `ownerReached` gives the rep's reached(k).
 */
export function weakestConversion(
  owner: Pick<Metrics, 'stageConversion'>,
  team: Pick<Metrics, 'stageConversion'>,
  stageOrder: Readonly<Record<string, readonly string[]>>,
  ownerReached: (pipelineId: string, stageId: string) => number,
  minReached = COACHING_MIN_REACHED,
): CoachingGap | null {
  let worst: CoachingGap | null = null;
  for (const [pipelineId, conversions] of Object.entries(owner.stageConversion)) {
    const order = stageOrder[pipelineId] ?? [];
    for (const [stageId, ownerRate] of Object.entries(conversions)) {
      const teamRate = team.stageConversion[pipelineId]?.[stageId];
      if (ownerRate === null || teamRate === null || teamRate === undefined || ownerRate >= teamRate) continue;
      if (ownerReached(pipelineId, stageId) < minReached) continue;
      const at = order.indexOf(stageId);
      const next = at >= 0 ? order[at + 1] : undefined;
      if (next === undefined) continue;
      if (!worst || teamRate - ownerRate > worst.teamRate - worst.ownerRate) worst = { pipelineId, fromStageId: stageId, toStageId: next, ownerRate, teamRate };
    }
  }
  return worst;
}

/** The same with plain data: the pipelines (for stage order) and the rep's reached(k) per pipeline and stage (see reachedByStage). */
export function coachingGap(input: {
  owner: Pick<Metrics, 'stageConversion'>;
  team: Pick<Metrics, 'stageConversion'>;
  pipelines: readonly Pick<HistoryPipeline, 'id' | 'stages'>[];
  ownerReached: Readonly<Record<string, Readonly<Record<string, number>>>>;
  minReached?: number;
}): CoachingGap | null {
  const order = Object.fromEntries(input.pipelines.map((p) => [p.id, p.stages.map((s) => s.id)]));
  return weakestConversion(input.owner, input.team, order, (p, s) => input.ownerReached[p]?.[s] ?? 0, input.minReached);
}
