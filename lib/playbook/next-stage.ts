import type { Pipeline, Stage } from '../model/playbook.schema';
import { outcomeStage } from './match';

/** The stage a deal moves to from `stage`: the next working stage, after the last one Won; null from a terminal stage. */
export function nextStageOf(pipeline: Pipeline, stage: Stage): Stage | null {
  if (stage.outcome !== null) return null;
  const working = pipeline.stages.filter((s) => s.outcome === null);
  const index = working.findIndex((s) => s.id === stage.id);
  return working[index + 1] ?? outcomeStage(pipeline, 'won');
}
