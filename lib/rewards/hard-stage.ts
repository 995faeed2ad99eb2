import type { Pipeline } from '../model/playbook.schema';
import { indexPipelines, reachedByStage, stageConversion } from '../metrics/conversion';
import type { History } from '../metrics/history';
import { learnedKey } from '../metrics/learned-rot';
import { MIN_SAMPLE } from '../metrics/rules';

// Which stages the team finds hard. The measure is the one stage conversion of lib/metrics/conversion
// (reached(k+1) / reached(k) over the team's combined history), keyed `pipelineId/stageId` like the
// learned stall limits. A pipeline's hard stage is its working stage with the lowest conversion that
// rests on at least MIN_SAMPLE deals (a tie keeps the first in pipeline order); a stage the manager
// marked hard is hard as well. A rate is quoted only where it rests on MIN_SAMPLE deals or more.

export interface StageRate {
  /** reached(k+1) / reached(k), 0–1. */
  rate: number;
  /** reached(k): the deals the rate rests on. */
  deals: number;
}

export type TeamConversion = Readonly<Record<string, StageRate>>;

/** The team's conversion at every stage it is known for (every pipeline, every stage but the last). */
export function teamConversion(history: History): Record<string, StageRate> {
  const index = indexPipelines(history.pipelines);
  const rates = stageConversion(history.deals, index);
  const reached = reachedByStage(history.deals, index);
  const out: Record<string, StageRate> = {};
  for (const [pipelineId, stages] of Object.entries(rates)) {
    for (const [stageId, rate] of Object.entries(stages)) if (rate !== null) out[learnedKey(pipelineId, stageId)] = { rate, deals: reached[pipelineId]![stageId]! };
  }
  return out;
}

/** A stage's rate, when it rests on enough deals to be said. */
export function quotableRate(conversion: TeamConversion, pipelineId: string, stageId: string): StageRate | null {
  const measured = conversion[learnedKey(pipelineId, stageId)];
  return measured && measured.deals >= MIN_SAMPLE ? measured : null;
}

/** The pipeline's working stage with the lowest quotable conversion, or null when none is measured well enough. */
export function lowestConversionStage(pipeline: Pipeline, conversion: TeamConversion): { stageId: string; rate: StageRate } | null {
  let lowest: { stageId: string; rate: StageRate } | null = null;
  for (const stage of pipeline.stages) {
    if (stage.outcome !== null) continue;
    const rate = quotableRate(conversion, pipeline.id, stage.id);
    if (rate && (!lowest || rate.rate < lowest.rate.rate)) lowest = { stageId: stage.id, rate };
  }
  return lowest;
}

/** The pipeline's hard stages: the lowest conversion and every working stage the manager marked hard. */
export function hardStageIds(pipeline: Pipeline, conversion: TeamConversion): Set<string> {
  const hard = new Set(pipeline.stages.filter((stage) => stage.outcome === null && stage.hard).map((stage) => stage.id));
  const lowest = lowestConversionStage(pipeline, conversion);
  if (lowest) hard.add(lowest.stageId);
  return hard;
}
