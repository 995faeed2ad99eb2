import type { HistoryDeal, HistoryPipeline } from './history.schema';
import { ratio } from './stats';

// Stage conversion. reached(k) = deals of the pipeline whose stage history ever entered a stage at
// position >= k, or that are won (a won deal has passed every stage). So a skipped stage counts as
// passed, and a deal that moved backwards keeps the furthest stage it reached. Computed in one pass:
// each deal adds 1 at its furthest position, and reached(k) is the suffix sum from k.
// conversion(k) = reached(k+1) / reached(k) for every stage but the last; null when reached(k) = 0.

export interface PipelineIndex {
  pipeline: HistoryPipeline;
  /** Position of the pipeline in the history's list (for array-indexed counters). */
  ordinal: number;
  position: Map<string, number>;
  probability: Map<string, number>;
  rotDays: Map<string, number | null>;
}

export function indexPipelines(pipelines: readonly HistoryPipeline[]): Map<string, PipelineIndex> {
  return new Map(
    pipelines.map((pipeline, ordinal) => [
      pipeline.id,
      {
        pipeline,
        ordinal,
        position: new Map(pipeline.stages.map((s, i) => [s.id, i])),
        probability: new Map(pipeline.stages.map((s) => [s.id, s.probability])),
        rotDays: new Map(pipeline.stages.map((s) => [s.id, s.rotDays])),
      },
    ]),
  );
}

/** The furthest stage position the deal reached: the last stage if won, else the highest position its history entered; -1 for none. */
export function furthestPosition(deal: HistoryDeal, index: PipelineIndex): number {
  if (deal.status === 'won') return index.pipeline.stages.length - 1;
  let max = -1;
  for (const entry of deal.stageHistory) {
    const at = index.position.get(entry.stage) ?? -1;
    if (at > max) max = at;
  }
  return max;
}

/** Counts of deals per furthest position → reached(k) per position (suffix sums). */
export function reachedFromFurthest(furthest: ArrayLike<number>): number[] {
  const reached = new Array<number>(furthest.length);
  let running = 0;
  for (let k = furthest.length - 1; k >= 0; k--) reached[k] = running += furthest[k]!;
  return reached;
}

/** reached(k+1) / reached(k) for each stage but the last, keyed by stage id in pipeline order. */
export function conversionFromReached(pipeline: HistoryPipeline, reached: readonly number[]): Record<string, number | null> {
  const entries: [string, number | null][] = [];
  for (let k = 0; k + 1 < pipeline.stages.length; k++) entries.push([pipeline.stages[k]!.id, ratio(reached[k + 1]!, reached[k]!)]);
  return Object.fromEntries(entries);
}

/** reached(k) per pipeline and stage id for a group of deals (every pipeline listed). */
export function reachedByStage(deals: readonly HistoryDeal[], pipelines: ReadonlyMap<string, PipelineIndex>): Record<string, Record<string, number>> {
  const furthest = new Map<string, number[]>();
  for (const [id, index] of pipelines) furthest.set(id, new Array<number>(index.pipeline.stages.length).fill(0));
  for (const deal of deals) {
    const index = pipelines.get(deal.pipeline);
    if (!index) continue;
    const at = furthestPosition(deal, index);
    if (at >= 0) furthest.get(deal.pipeline)![at]!++;
  }
  const entries: [string, Record<string, number>][] = [];
  for (const [id, index] of pipelines) {
    const reached = reachedFromFurthest(furthest.get(id)!);
    entries.push([id, Object.fromEntries(index.pipeline.stages.map((s, k) => [s.id, reached[k]!]))]);
  }
  return Object.fromEntries(entries);
}

/** stageConversion of a group of deals: every pipeline, every stage but the last. */
export function stageConversion(deals: readonly HistoryDeal[], pipelines: ReadonlyMap<string, PipelineIndex>): Record<string, Record<string, number | null>> {
  const reached = reachedByStage(deals, pipelines);
  return Object.fromEntries(
    [...pipelines].map(([id, index]) => [id, conversionFromReached(index.pipeline, index.pipeline.stages.map((s) => reached[id]![s.id]!))]),
  );
}
