import { normalizeLabel } from '../playbook/match';
import type { HistoryPipeline, HistoryStage } from './history.schema';

// Pipelines from several sources (the playbook as observed, the team sync, imported files) become
// one list, so one pipeline is one row and one funnel whichever way its deals came in.
//
// - A pipeline matches an earlier one with the same id, else the same name (case-, accent- and
//   punctuation-insensitive), else a playbook pipeline whose name or alias is that name.
// - Within a matched pipeline a stage matches by id, else by name; a stage that matches nothing is
//   inserted after the last stage that matched before it (so the process order is kept), once.
// - What matches nothing is kept once under its own id and name.
// The primary list (the playbook's) is merged first, so its ids, names and stage order win.

export interface PipelineLabels {
  /** A pipeline name or alias (as written) → the playbook pipeline id it means. */
  pipelines: ReadonlyMap<string, string>;
}

export interface SourceMap {
  /** Source pipeline id → merged pipeline id. */
  pipeline: Map<string, string>;
  /** Source pipeline id → (source stage id → merged stage id). */
  stages: Map<string, Map<string, string>>;
}

interface Merged {
  pipeline: HistoryPipeline;
  byId: Map<string, number>;
  byName: Map<string, number>;
}

const nameKey = (name: string | undefined) => (name ? normalizeLabel(name) : '');

function indexStages(stages: readonly HistoryStage[]): Pick<Merged, 'byId' | 'byName'> {
  const byId = new Map<string, number>();
  const byName = new Map<string, number>();
  stages.forEach((stage, i) => {
    byId.set(stage.id, i);
    const key = nameKey(stage.name);
    if (key && !byName.has(key)) byName.set(key, i);
  });
  return { byId, byName };
}

export function mergePipelines(lists: readonly (readonly HistoryPipeline[])[], labels: PipelineLabels | null, primary = 0): { pipelines: HistoryPipeline[]; maps: SourceMap[] } {
  const merged: Merged[] = [];
  const labelTarget = new Map<string, string>();
  for (const [label, id] of labels?.pipelines ?? []) if (nameKey(label)) labelTarget.set(nameKey(label), id);
  const maps: SourceMap[] = lists.map(() => ({ pipeline: new Map(), stages: new Map() }));
  const order = [primary, ...lists.keys()].filter((i, at, all) => i < lists.length && all.indexOf(i) === at);

  const find = (pipeline: HistoryPipeline): Merged | undefined => {
    const key = nameKey(pipeline.name);
    return (
      merged.find((m) => m.pipeline.id === pipeline.id) ??
      (key ? merged.find((m) => nameKey(m.pipeline.name) === key) : undefined) ??
      (key && labelTarget.has(key) ? merged.find((m) => m.pipeline.id === labelTarget.get(key)) : undefined)
    );
  };

  for (const i of order) {
    for (const pipeline of lists[i]!) {
      const target = find(pipeline);
      const stageMap = new Map<string, string>();
      maps[i]!.stages.set(pipeline.id, stageMap);
      if (!target) {
        const copy = { ...pipeline, stages: pipeline.stages.map((s) => ({ ...s })) };
        merged.push({ pipeline: copy, ...indexStages(copy.stages) });
        maps[i]!.pipeline.set(pipeline.id, pipeline.id);
        for (const stage of pipeline.stages) stageMap.set(stage.id, stage.id);
        continue;
      }
      maps[i]!.pipeline.set(pipeline.id, target.pipeline.id);
      let last = -1;
      for (const stage of pipeline.stages) {
        const key = nameKey(stage.name);
        const at = target.byId.get(stage.id) ?? (key ? target.byName.get(key) : undefined);
        if (at !== undefined) {
          stageMap.set(stage.id, target.pipeline.stages[at]!.id);
          last = at;
          continue;
        }
        let id = stage.id;
        for (let n = 2; target.byId.has(id); n++) id = `${stage.id}~${n}`;
        target.pipeline.stages.splice(last + 1, 0, { ...stage, id, requiredTasks: [] });
        Object.assign(target, indexStages(target.pipeline.stages));
        stageMap.set(stage.id, id);
        last += 1;
      }
    }
  }
  return { pipelines: merged.map((m) => m.pipeline), maps };
}
