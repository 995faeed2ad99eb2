import type { Criterion, Pipeline, Playbook, Stage, Task } from '@/lib/model/playbook.schema';
import { formatPath } from '@/lib/model/issues';

// Pure edits of the editor's draft. The draft has the playbook's shape but may hold values the
// schema rejects (NaN, empty names): it is validated before every write, never trusted.

export const MAX_TASKS = 5;
/** Qualification checklists laid over one stage (the schema's limit). */
export const MAX_STAGE_QUALIFICATIONS = 5;
export const MAX_CRITERIA = 10;
export const MAX_STAGES = 30;
export const MAX_PIPELINES = 20;

/** A deep copy of our own (trusted, JSON-shaped) draft. */
export const copy = <T>(value: T): T => structuredClone(value);

/** The first `prefix-N` not in `taken`. */
export function freshId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

export function newStage(pipeline: Pipeline, name: string): Stage {
  return {
    id: freshId('stage', pipeline.stages.map((s) => s.id)),
    name,
    aliases: { pipedrive: [], hubspot: [], salesforce: [] },
    guidance: '',
    goal: [],
    tasks: [],
    qualifications: [],
    scripts: [],
    rotDays: null,
    probability: 0,
    forecastCategory: 'pipeline',
    outcome: null,
    hard: false,
  };
}

export function newPipeline(book: Playbook, name: string, firstStageName: string): Pipeline {
  const pipeline: Pipeline = { id: freshId('pipeline', book.pipelines.map((p) => p.id)), name, aliases: { pipedrive: [], hubspot: [], salesforce: [] }, stages: [] };
  pipeline.stages.push(newStage(pipeline, firstStageName));
  return pipeline;
}

export function newTask(stage: Stage, title: string): Task {
  return { id: freshId('task', stage.tasks.map((t) => t.id)), title, dueDays: 3, required: false, evidence: null };
}

export function newCriterion(kind: Criterion['kind'], stage: Stage, manualLabel: string): Criterion {
  switch (kind) {
    case 'requiredTasks':
      return { kind };
    case 'closeDateNotPast':
      return { kind };
    case 'field':
      return { kind, field: 'closeDate' };
    case 'activity':
      return { kind, activityType: 'meeting' };
    case 'manual':
      return { kind, id: freshId('check', stage.goal.flatMap((c) => (c.kind === 'manual' ? [c.id] : []))), label: manualLabel };
  }
}

/** Moves an item of a list; returns a new list. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  if (from < 0 || from >= next.length || to < 0 || to >= next.length || from === to) return next;
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

export const stagePath = (p: number, s: number, ...rest: (string | number)[]) => formatPath(['pipelines', p, 'stages', s, ...rest]);
export const pipelinePath = (p: number, ...rest: (string | number)[]) => formatPath(['pipelines', p, ...rest]);

/** Parses `pipelines[0].stages[2].name` back into its parts. */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) parts.push(Number(match[2]));
    else if (match[1] !== undefined) parts.push(match[1]);
  }
  return parts;
}

/** The element for a path, or for the nearest enclosing path that has one (`…aliases.pipedrive[2]` → the pipedrive aliases field). */
export function findFieldFor(root: ParentNode, path: readonly (string | number)[]): HTMLElement | null {
  for (let length = path.length; length > 0; length--) {
    const key = formatPath(path.slice(0, length));
    const element = root.querySelector<HTMLElement>(`[data-path="${key.replace(/["\\]/g, "\\$&")}"]`);
    if (element) return element;
  }
  return null;
}
