import type { Playbook, Stage, Task } from '../model/playbook.schema';

// What an import would change, for the preview the manager confirms. Items are matched by id
// (ids are stable references for checklist state), so a renamed stage is a rename, not a
// removal plus an addition.

export type Change =
  | { kind: 'pipelineAdded'; pipeline: string }
  | { kind: 'pipelineRemoved'; pipeline: string }
  | { kind: 'pipelineRenamed'; from: string; to: string }
  | { kind: 'stageAdded'; pipeline: string; stage: string }
  | { kind: 'stageRemoved'; pipeline: string; stage: string }
  | { kind: 'stageRenamed'; pipeline: string; from: string; to: string }
  | { kind: 'stagesReordered'; pipeline: string }
  | { kind: 'guidanceChanged'; pipeline: string; stage: string }
  | { kind: 'goalChanged'; pipeline: string; stage: string }
  | { kind: 'stageSettingsChanged'; pipeline: string; stage: string }
  | { kind: 'taskAdded'; pipeline: string; stage: string; task: string }
  | { kind: 'taskRemoved'; pipeline: string; stage: string; task: string }
  | { kind: 'taskChanged'; pipeline: string; stage: string; task: string };

export interface PlaybookDiff {
  /** Renamed playbook, or a different playbook altogether (other id). */
  renamed: { from: string; to: string } | null;
  replacesOther: boolean;
  changes: Change[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffTasks(pipeline: string, stage: string, before: readonly Task[], after: readonly Task[], out: Change[]) {
  const old = new Map(before.map((t) => [t.id, t]));
  const next = new Set(after.map((t) => t.id));
  for (const task of after) {
    const was = old.get(task.id);
    if (!was) out.push({ kind: 'taskAdded', pipeline, stage, task: task.title });
    else if (!same(was, task)) out.push({ kind: 'taskChanged', pipeline, stage, task: task.title });
  }
  for (const task of before) if (!next.has(task.id)) out.push({ kind: 'taskRemoved', pipeline, stage, task: task.title });
}

function diffStage(pipeline: string, before: Stage, after: Stage, out: Change[]) {
  if (before.name !== after.name) out.push({ kind: 'stageRenamed', pipeline, from: before.name, to: after.name });
  const stage = after.name;
  if (before.guidance !== after.guidance) out.push({ kind: 'guidanceChanged', pipeline, stage });
  if (!same(before.goal, after.goal)) out.push({ kind: 'goalChanged', pipeline, stage });
  const settings = (s: Stage) => [s.aliases, s.rotDays, s.probability, s.forecastCategory, s.outcome, s.qualifications, s.hard];
  if (!same(settings(before), settings(after))) out.push({ kind: 'stageSettingsChanged', pipeline, stage });
  diffTasks(pipeline, stage, before.tasks, after.tasks, out);
}

export function diffPlaybooks(current: Playbook | null, incoming: Playbook): PlaybookDiff {
  const changes: Change[] = [];
  const before = current?.pipelines ?? [];
  const oldPipelines = new Map(before.map((p) => [p.id, p]));
  const newIds = new Set(incoming.pipelines.map((p) => p.id));
  for (const pipeline of incoming.pipelines) {
    const was = oldPipelines.get(pipeline.id);
    if (!was) {
      changes.push({ kind: 'pipelineAdded', pipeline: pipeline.name });
      for (const stage of pipeline.stages) changes.push({ kind: 'stageAdded', pipeline: pipeline.name, stage: stage.name });
      continue;
    }
    if (was.name !== pipeline.name) changes.push({ kind: 'pipelineRenamed', from: was.name, to: pipeline.name });
    const oldStages = new Map(was.stages.map((s) => [s.id, s]));
    const newStageIds = new Set(pipeline.stages.map((s) => s.id));
    for (const stage of pipeline.stages) {
      const old = oldStages.get(stage.id);
      if (!old) changes.push({ kind: 'stageAdded', pipeline: pipeline.name, stage: stage.name });
      else diffStage(pipeline.name, old, stage, changes);
    }
    for (const stage of was.stages) if (!newStageIds.has(stage.id)) changes.push({ kind: 'stageRemoved', pipeline: pipeline.name, stage: stage.name });
    const keptOld = was.stages.filter((s) => newStageIds.has(s.id)).map((s) => s.id);
    const keptNew = pipeline.stages.filter((s) => oldStages.has(s.id)).map((s) => s.id);
    if (!same(keptOld, keptNew)) changes.push({ kind: 'stagesReordered', pipeline: pipeline.name });
  }
  for (const pipeline of before) if (!newIds.has(pipeline.id)) changes.push({ kind: 'pipelineRemoved', pipeline: pipeline.name });
  return {
    renamed: current && current.name !== incoming.name ? { from: current.name, to: incoming.name } : null,
    replacesOther: current !== null && current.id !== incoming.id,
    changes,
  };
}
