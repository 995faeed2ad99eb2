import type { DealSnapshot } from '../model/deal';
import type { Criterion, Pipeline, Playbook, Qualification, Stage, Task } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, StageVisit } from '../model/records.schema';
import type { ChecklistChange } from '../db/checklist';
import { addDays, calendarDay, daysBetween } from './days';
import { matchPipeline, matchStage, outcomeStage, type StageMatch } from './match';
import { currentStageEntry, stagePathStates, type PathState } from './stage-history';

// The playbook engine: given a deal and what is known about it, what the stage needs and what to
// do next. Pure: the clock, the data and the rep's time zone come in as arguments.

export interface DealContext {
  playbook: Playbook;
  snapshot: DealSnapshot;
  /** The CRM account (for remembered stage mappings). */
  account: string;
  dealKey: string;
  /** This deal's stage visits, any order. */
  visits: readonly StageVisit[];
  checklist: readonly ChecklistEntry[];
  activities: readonly Activity[];
  mappings: Readonly<Record<string, string>>;
  defaultRotDays: number;
  now: Date;
  /** Minutes east of UTC of the rep's calendar (due today / overdue are calendar-day questions). */
  utcOffsetMinutes?: number;
}

export type TaskState = 'open' | 'done' | 'skipped';

export interface TaskStatus {
  task: Task;
  state: TaskState;
  by: ChecklistEntry['by'] | null;
  evidenceActivityId: string | null;
  /** YYYY-MM-DD in the rep's calendar, null when the stage entry is unknown. */
  dueDate: string | null;
  overdue: boolean;
  dueToday: boolean;
  /** Due within the next two days (not today). */
  dueSoon: boolean;
}

export interface CriterionStatus {
  criterion: Criterion;
  met: boolean;
  /** For `requiredTasks`: how many of the required tasks are done. */
  done?: number;
  total?: number;
}

export type NextStep =
  | { kind: 'overdue'; taskId: string; title: string; dueDate: string }
  | { kind: 'criterion'; criterion: Criterion }
  | { kind: 'dueToday'; taskId: string; title: string; dueDate: string }
  | { kind: 'dueSoon'; taskId: string; title: string; dueDate: string }
  | { kind: 'noNextActivity' }
  | { kind: 'stalled'; days: number; limit: number };

export interface QualificationStatus {
  qualification: Qualification;
  items: { id: string; title: string; hint: string; done: boolean }[];
}

export interface DealGuidance {
  pipeline: Pipeline;
  /** The playbook stage the deal is in, or null when its CRM stage maps to none. */
  match: StageMatch | null;
  crmStage: string | null;
  path: { stage: Stage; state: PathState }[];
  stageEnteredAt: string | null;
  entrySource: StageVisit['source'] | null;
  daysInStage: number | null;
  tasks: TaskStatus[];
  goal: CriterionStatus[];
  goalMet: boolean;
  /** The stage to move the deal to once the goal is met. */
  suggestNext: Stage | null;
  nextSteps: NextStep[];
  stalled: { days: number; limit: number } | null;
  qualifications: QualificationStatus[];
  /** Evidence ticks and goal skips not yet stored: the caller persists them (idempotent). */
  writes: ChecklistChange[];
}

export const MANUAL_TASK_PREFIX = 'manual:';
export const qualificationTaskId = (qualificationId: string, itemId: string) => `q:${qualificationId}:${itemId}`;
const DUE_SOON_DAYS = 2;

export function evaluateDeal(context: DealContext): DealGuidance {
  const { playbook, snapshot, now } = context;
  const offset = context.utcOffsetMinutes ?? 0;
  const today = calendarDay(now, offset);
  const closed = snapshot.status === 'won' || snapshot.status === 'lost';

  let match = matchStage(playbook, snapshot.crm, context.account, snapshot.pipeline, snapshot.stage, context.mappings);
  const pipeline = match?.pipeline ?? matchPipeline(playbook, snapshot.crm, snapshot.pipeline);
  // A won or lost deal is in the pipeline's terminal stage even where the CRM keeps its last open stage.
  if (closed && match?.stage.outcome !== snapshot.status) {
    const terminal = outcomeStage(pipeline, snapshot.status as 'won' | 'lost');
    if (terminal) match = { pipeline, stage: terminal, by: match?.by ?? 'name' };
  }

  const mapLabel = (label: string) => matchStage(playbook, snapshot.crm, context.account, snapshot.pipeline, label, context.mappings)?.stage.id ?? null;
  const entry = match ? currentStageEntry(context.visits, match.stage.id, mapLabel) : null;
  const stageEnteredAt = entry?.enteredAt ?? null;
  const daysInStage = stageEnteredAt ? daysBetween(new Date(stageEnteredAt), now) : null;
  const path = stagePathStates(pipeline, match?.stage ?? null, context.visits, mapLabel, snapshot.status);

  if (!match) {
    return {
      pipeline, match: null, crmStage: snapshot.stage, path, stageEnteredAt: null, entrySource: null, daysInStage: null,
      tasks: [], goal: [], goalMet: false, suggestNext: null, nextSteps: closed ? [] : nextActivitySteps(context), stalled: null, qualifications: [], writes: [],
    };
  }

  const stage = match.stage;
  const entries = new Map(context.checklist.filter((e) => e.stageId === stage.id).map((e) => [e.taskId, e]));
  const since = stageEnteredAt ? Date.parse(stageEnteredAt) : Number.NEGATIVE_INFINITY;
  const activitiesInStage = context.activities.filter((a) => Date.parse(a.at) >= since).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const writes: ChecklistChange[] = [];

  // Tasks: the newer of a hand tick and an evidence activity wins.
  let tasks: TaskStatus[] = stage.tasks.map((task) => {
    const stored = entries.get(task.id);
    // The latest evidence counts: a proposal logged after the rep unticked ticks the task again.
    const evidence = task.evidence ? activitiesInStage.findLast((a) => a.type === task.evidence!.activityType) : undefined;
    let state: TaskState = stored?.state ?? 'open';
    let by: ChecklistEntry['by'] | null = stored?.by ?? null;
    let evidenceActivityId = stored?.evidenceActivityId ?? null;
    const handIsNewer = stored?.by === 'hand' && evidence && Date.parse(stored.at) >= Date.parse(evidence.at);
    if (evidence && !handIsNewer && !(stored?.by === 'evidence' && stored.state === 'done')) {
      state = 'done';
      by = 'evidence';
      evidenceActivityId = evidence.id;
      writes.push({ dealKey: context.dealKey, stageId: stage.id, taskId: task.id, state: 'done', by: 'evidence', evidenceActivityId: evidence.id });
    }
    const dueDate = stageEnteredAt ? addDays(calendarDay(new Date(stageEnteredAt), offset), task.dueDays) : null;
    const open = state === 'open';
    const overdue = open && dueDate !== null && dueDate < today;
    const dueToday = open && dueDate === today;
    const dueSoon = open && dueDate !== null && dueDate > today && dueDate <= addDays(today, DUE_SOON_DAYS);
    return { task, state, by, evidenceActivityId, dueDate, overdue, dueToday, dueSoon };
  });

  const goal = stage.goal.map((criterion) => evaluateCriterion(criterion, tasks, snapshot, activitiesInStage, entries, today));
  const goalMet = goal.length > 0 && goal.every((c) => c.met);

  if (goalMet) {
    // The exit criteria are met: what is left of the optional work is skipped, unless the rep decided otherwise by hand.
    tasks = tasks.map((status) => {
      if (status.state !== 'open' || status.task.required || status.by === 'hand') return status;
      if (!(status.by === 'goal' && entries.get(status.task.id)?.state === 'skipped'))
        writes.push({ dealKey: context.dealKey, stageId: stage.id, taskId: status.task.id, state: 'skipped', by: 'goal', evidenceActivityId: null });
      return { ...status, state: 'skipped', by: 'goal', overdue: false, dueToday: false, dueSoon: false };
    });
  }

  const workingStages = pipeline.stages.filter((s) => s.outcome === null);
  const index = workingStages.findIndex((s) => s.id === stage.id);
  const suggestNext = goalMet && stage.outcome === null ? (workingStages[index + 1] ?? outcomeStage(pipeline, 'won')) : null;

  const limit = stage.rotDays ?? context.defaultRotDays;
  const stalled = !closed && stage.outcome === null && daysInStage !== null && daysInStage > limit ? { days: Math.floor(daysInStage), limit } : null;

  const nextSteps: NextStep[] = [];
  if (!closed && stage.outcome === null) {
    const byDue = (a: TaskStatus, b: TaskStatus) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '');
    for (const t of tasks.filter((t) => t.overdue).sort(byDue)) nextSteps.push({ kind: 'overdue', taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
    for (const c of goal.filter((c) => !c.met)) nextSteps.push({ kind: 'criterion', criterion: c.criterion });
    for (const t of tasks.filter((t) => t.dueToday)) nextSteps.push({ kind: 'dueToday', taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
    for (const t of tasks.filter((t) => t.dueSoon).sort(byDue)) nextSteps.push({ kind: 'dueSoon', taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
    nextSteps.push(...nextActivitySteps(context));
    if (stalled) nextSteps.push({ kind: 'stalled', ...stalled });
  }

  const qualifications = stage.qualifications.flatMap((id) => {
    const qualification = playbook.qualifications.find((q) => q.id === id);
    if (!qualification) return [];
    return [{ qualification, items: qualification.items.map((item) => ({ ...item, done: entries.get(qualificationTaskId(id, item.id))?.state === 'done' })) }];
  });

  return {
    pipeline, match, crmStage: snapshot.stage, path, stageEnteredAt, entrySource: entry?.source ?? null, daysInStage,
    tasks, goal, goalMet, suggestNext, nextSteps, stalled, qualifications, writes,
  };
}

function evaluateCriterion(
  criterion: Criterion,
  tasks: readonly TaskStatus[],
  snapshot: DealSnapshot,
  activitiesInStage: readonly Activity[],
  entries: ReadonlyMap<string, ChecklistEntry>,
  today: string,
): CriterionStatus {
  switch (criterion.kind) {
    case 'requiredTasks': {
      const required = tasks.filter((t) => t.task.required);
      const done = required.filter((t) => t.state === 'done').length;
      return { criterion, met: done === required.length, done, total: required.length };
    }
    case 'field':
      return { criterion, met: snapshot[criterion.field] !== null && snapshot[criterion.field] !== '' };
    case 'closeDateNotPast':
      return { criterion, met: snapshot.closeDate !== null && snapshot.closeDate >= today };
    case 'activity':
      return { criterion, met: activitiesInStage.some((a) => a.type === criterion.activityType) };
    case 'manual':
      return { criterion, met: entries.get(`${MANUAL_TASK_PREFIX}${criterion.id}`)?.state === 'done' };
  }
}

/** "No next activity scheduled": no logged activity has a next step due from now on. */
function nextActivitySteps(context: DealContext): NextStep[] {
  const now = context.now.getTime();
  const scheduled = context.activities.some((a) => a.nextStep && Date.parse(a.nextStep.dueAt) >= now);
  return scheduled ? [] : [{ kind: 'noNextActivity' }];
}
