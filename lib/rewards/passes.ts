import type { Pipeline } from '../model/playbook.schema';
import type { StageRun } from '../playbook/stage-history';

// Where a deal moved past a stage: a stay in a working stage followed by the deal's next stay (in a
// stage of its pipeline) in a later working stage or in the won stage — or the deal won while the CRM
// keeps it in that stage (Pipedrive does). A move back, into a lost stage, or a stay the playbook does
// not know is no pass. The move happened when the next stay began (the won moment for a win in place).

export interface StagePass {
  stageId: string;
  at: string;
}

export function stagePasses(runs: readonly StageRun[], pipeline: Pipeline, wonAt: string | null): StagePass[] {
  const working = pipeline.stages.filter((stage) => stage.outcome === null);
  const order = new Map(working.map((stage, i) => [stage.id, i]));
  const outcomes = new Map(pipeline.stages.filter((stage) => stage.outcome !== null).map((stage) => [stage.id, stage.outcome]));
  const passes: StagePass[] = [];
  /** The working stay before the current one (null after a closed stay). */
  let previous: { stageId: string; index: number } | null = null;
  for (const run of runs) {
    if (run.stageId === null) continue;
    const index = order.get(run.stageId);
    const outcome = outcomes.get(run.stageId);
    if (index === undefined && outcome === undefined) continue;
    const position = index ?? (outcome === 'won' ? working.length : -1);
    if (previous && position > previous.index) passes.push({ stageId: previous.stageId, at: run.enteredAt });
    previous = index === undefined ? null : { stageId: run.stageId, index };
  }
  if (wonAt !== null && previous) passes.push({ stageId: previous.stageId, at: wonAt });
  return passes;
}
