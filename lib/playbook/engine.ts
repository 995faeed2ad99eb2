import type { DealSnapshot } from '../model/deal';
import type { Criterion, Pipeline, Playbook, Qualification, Stage, Task } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, StageVisit } from '../model/records.schema';
import type { ChecklistChange } from '../db/checklist';
import { evaluateCriterion, type CriterionStatus, type Params } from './criteria';
import { addDays, addDaysToInstant, calendarDay, daysBetween } from './days';
import type { PlaybookI18nKey } from './i18n-keys';
import { matchPipeline, matchStage, outcomeStage, type StageMatch } from './match';
import { buildNextSteps, nextActivitySteps } from './next-steps';
import { nextStageOf } from './next-stage';
import { dueShiftDays, pausedDaysSoFar, runningPause, type PauseLike } from './pause';
import { crmPathStates, isReentry, stagePathStates, stageRuns, type MapLabel, type PathState } from './stage-history';
import { checklistWrites } from './writes';

// The playbook engine: given a deal and what is known about it, what the stage needs and what to
// do next. Pure: the clock, the data and the calendar's offset come in as arguments; no browser
// APIs, no globals. Everything the rep reads comes out as i18n keys + params (i18n-keys.ts) or
// as the team's own playbook text.
//
// Calendar days: due dates, "due today", "overdue" and "close date not past" compare calendar days
// in ONE calendar: UTC unless the caller passes `utcOffsetMinutes` (the side panel passes the
// browser's, so "today" is the rep's today). A task is due on day(stage entry) + dueDays in that
// calendar; it is overdue from the next day on, and due soon on the two days before its due day.

export { MANUAL_TASK_PREFIX, manualTaskId, type CriterionStatus, type Reason } from './criteria';
export { checklistWrites } from './writes';
export type { PathState } from './stage-history';

export interface DealContext {
  playbook: Playbook;
  snapshot: DealSnapshot;
  /** The CRM account (for remembered stage mappings). */
  account: string;
  dealKey: string;
  /** This deal's stage visits, any order. */
  visits: readonly StageVisit[];
  /** This deal's checklist entries. */
  checklist: readonly ChecklistEntry[];
  /** This deal's activities. */
  activities: readonly Activity[];
  /** settings.stageMappings: `crm:account:normalised label` → `pipelineId/stageId`. */
  mappings: Readonly<Record<string, string>>;
  /** settings.defaultRotDays, for stages without rotDays. */
  defaultRotDays: number;
  now: Date;
  /** Minutes east of UTC of the calendar due dates are counted in; 0 (UTC) when absent. */
  utcOffsetMinutes?: number;
  /** This deal's pauses (see pause.ts): a running one means not stalled, no next steps; due dates move on by them. */
  pauses?: readonly PauseLike[];
}
export type DealInput = DealContext;

export type TaskState = 'open' | 'done' | 'skipped';

export interface TaskStatus {
  task: Task;
  state: TaskState;
  by: ChecklistEntry['by'] | null;
  /** The activity that ticked it, when `by` is `evidence`. */
  evidenceActivityId: string | null;
  /** Stage entry + dueDays × 24 h; null when the stage entry is unknown. */
  dueAt: string | null;
  /** The due day (YYYY-MM-DD) in the engine's calendar: day of stage entry + dueDays. */
  dueDate: string | null;
  /** Open and its due day has passed. */
  overdue: boolean;
  /** Open and due today. */
  dueToday: boolean;
  /** Open and due within the next two days (not today). */
  dueSoon: boolean;
}

type Step<K extends string, Extra> = { kind: K; key: PlaybookI18nKey; params: Params } & Extra;
type TaskStep = { taskId: string; title: string; dueDate: string };

/** One thing to do next: `key` + `params` say it (i18n); the other fields are for the UI's own use. */
export type NextStep =
  | Step<'overdue', TaskStep>
  | Step<'criterion', { criterion: Criterion }>
  | Step<'dueToday', TaskStep>
  | Step<'dueSoon', TaskStep>
  | Step<'noNextActivity', {}>
  | Step<'stalled', { days: number; limit: number }>;

export interface QualificationItemStatus {
  id: string;
  title: string;
  hint: string;
  /** Its checklist task id: `q:<qualificationId>:<itemId>`. */
  taskId: string;
  state: TaskState;
  done: boolean;
}

export interface QualificationStatus {
  qualification: Qualification;
  items: QualificationItemStatus[];
  done: number;
  total: number;
}

export interface PathStep {
  /** A playbook stage; on a CRM path, a stand-in carrying the CRM's label as its name (id `crm-<index>`). */
  stage: Stage;
  state: PathState;
  /** What to show: the playbook stage's name, or the CRM's label. */
  label: string;
  /** The playbook stage this step is (on a CRM path: the one its label maps to, if any). */
  stageId: string | null;
}

export interface DealGuidance {
  dealKey: string;
  pipeline: Pipeline;
  /** The playbook stage the deal is in and how it was found, or null when its CRM stage maps to none. */
  match: StageMatch | null;
  /** Same as match?.stage. */
  stage: Stage | null;
  /** The CRM's stage label (what to offer "map this stage to…" for when `match` is null). */
  crmStage: string | null;
  /** Every stage in order with its state. */
  path: PathStep[];
  /** `playbook`: the pipeline's stages; `crm`: the CRM's own stage list (the deal's stage is not in the playbook). */
  pathSource: 'playbook' | 'crm';
  /** When the deal (last) entered its stage; null when unknown. */
  stageEnteredAt: string | null;
  entrySource: StageVisit['source'] | null;
  /** The deal has a playbook stage but no visit into it: no due dates, no stalling. */
  stageEntryUnknown: boolean;
  /** The deal left this stage and came back: due dates count from the latest entry. */
  reentered: boolean;
  /** Fractional days since stageEnteredAt (never negative). */
  daysInStage: number | null;
  tasks: TaskStatus[];
  goal: CriterionStatus[];
  /** Every exit criterion met (a stage without criteria never is). */
  goalMet: boolean;
  /** The stage to move the deal to once the goal is met: the next working stage, after the last one Won. */
  suggestNext: Stage | null;
  nextSteps: NextStep[];
  stalled: { days: number; limit: number } | null;
  qualifications: QualificationStatus[];
  /** The pause running today, if any. */
  paused: PauseLike | null;
  /** Evidence ticks and goal skips not yet stored (checklistWrites against the input checklist); idempotent. */
  writes: ChecklistChange[];
}

export const qualificationTaskId = (qualificationId: string, itemId: string) => `q:${qualificationId}:${itemId}`;
const DUE_SOON_DAYS = 2;

const NO_ALIASES = { pipedrive: [], hubspot: [], salesforce: [] };
/** A stand-in stage for a CRM label on a CRM path. */
const crmStageStub = (label: string, index: number): Stage => ({
  id: `crm-${index}`, name: label, aliases: NO_ALIASES, guidance: '', goal: [], tasks: [], qualifications: [], scripts: [], rotDays: null, probability: 0, forecastCategory: 'pipeline', outcome: null,
});

export function evaluateDeal(context: DealContext): DealGuidance {
  const { playbook, snapshot, now } = context;
  const offset = context.utcOffsetMinutes ?? 0;
  const today = calendarDay(now, offset);
  const closed = snapshot.status === 'won' || snapshot.status === 'lost';
  const pauses = context.pauses ?? [];
  const paused = closed ? null : runningPause(pauses, today, offset);

  let match = matchStage(playbook, snapshot.crm, context.account, snapshot.pipeline, snapshot.stage, context.mappings);
  const pipeline = match?.pipeline ?? matchPipeline(playbook, snapshot.crm, snapshot.pipeline);
  // A won or lost deal is in the pipeline's terminal stage even where the CRM keeps its last open stage.
  if (closed && match?.stage.outcome !== snapshot.status) {
    const terminal = outcomeStage(pipeline, snapshot.status as 'won' | 'lost');
    if (terminal) match = { pipeline, stage: terminal, by: match?.by ?? 'name' };
  }

  // Visits map to stages of this pipeline only (stage ids are unique per pipeline, not across).
  const labelCache = new Map<string, string | null>();
  const mapLabel: MapLabel = (label) => {
    if (!labelCache.has(label)) {
      const found = matchStage(playbook, snapshot.crm, context.account, snapshot.pipeline, label, context.mappings);
      labelCache.set(label, found && found.pipeline.id === pipeline.id ? found.stage.id : null);
    }
    return labelCache.get(label)!;
  };
  const runs = stageRuns(context.visits, mapLabel);
  const entry = match ? (runs.findLast((r) => r.stageId === match!.stage.id) ?? null) : null;
  const stageEnteredAt = entry?.enteredAt ?? null;
  const daysInStage = stageEnteredAt ? Math.max(0, daysBetween(new Date(stageEnteredAt), now)) : null;

  let path: PathStep[];
  let pathSource: DealGuidance['pathSource'] = 'playbook';
  if (!match && snapshot.stages.length > 0) {
    pathSource = 'crm';
    path = crmPathStates(snapshot.stages, snapshot.stage, context.visits).map(({ label, state }, i) => ({ stage: crmStageStub(label, i), state, label, stageId: mapLabel(label) }));
  } else {
    path = stagePathStates(pipeline, match?.stage ?? null, context.visits, mapLabel, snapshot.status).map(({ stage, state }) => ({ stage, state, label: stage.name, stageId: stage.id }));
  }

  const common = {
    dealKey: context.dealKey, pipeline, match, stage: match?.stage ?? null, crmStage: snapshot.stage, path, pathSource,
    stageEnteredAt, entrySource: entry?.source ?? null, stageEntryUnknown: match !== null && entry === null,
    reentered: match ? isReentry(runs, match.stage.id) : false, daysInStage, paused,
  };
  if (!match) {
    return { ...common, tasks: [], goal: [], goalMet: false, suggestNext: null, nextSteps: closed || paused ? [] : nextActivitySteps(context.activities, now), stalled: null, qualifications: [], writes: [] };
  }

  const stage = match.stage;
  // The latest entry per task (the database keeps one, but be robust to imports).
  const entries = new Map(
    context.checklist
      .filter((e) => e.stageId === stage.id)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
      .map((e) => [e.taskId, e]),
  );
  const since = stageEnteredAt ? Date.parse(stageEnteredAt) : Number.NEGATIVE_INFINITY;
  const activitiesInStage = context.activities.filter((a) => Date.parse(a.at) >= since).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  // 1. Each task's state: what was stored, then evidence (the newer of a hand decision and an
  //    evidence activity wins; a hand tick stays a hand tick).
  const decided = stage.tasks.map((task) => {
    const stored = entries.get(task.id);
    let state: TaskState = stored?.state ?? 'open';
    let by: ChecklistEntry['by'] | null = stored?.by ?? null;
    let evidenceActivityId = stored?.by === 'evidence' ? (stored.evidenceActivityId ?? null) : null;
    if (stored?.by === 'goal' && (state === 'open' || task.required)) {
      // A goal skip that was undone, or one that no longer applies (the task became required).
      state = 'open';
      by = null;
    }
    const evidence = task.evidence ? activitiesInStage.findLast((a) => a.type === task.evidence!.activityType) : undefined;
    if (evidence) {
      const handDecided = stored?.by === 'hand' && (stored.state === 'done' || Date.parse(stored.at) >= Date.parse(evidence.at));
      const alreadyTicked = stored?.by === 'evidence' && stored.state === 'done';
      if (!handDecided && !alreadyTicked) {
        state = 'done';
        by = 'evidence';
        evidenceActivityId = evidence.id;
      }
    }
    return { task, state, by, evidenceActivityId };
  });

  // 2. The goal (required tasks are never skipped by it, so this does not depend on step 3).
  const goal = stage.goal.map((criterion) =>
    evaluateCriterion(criterion, { requiredTasks: decided.filter((t) => t.task.required), snapshot, activitiesInStage, entries, today }),
  );
  const goalMet = goal.length > 0 && goal.every((c) => c.met);

  // 3. Goal met: the optional work left is skipped, unless the rep reopened it by hand. Goal no
  //    longer met: its skips are undone.
  const entryDay = stageEnteredAt ? calendarDay(new Date(stageEnteredAt), offset) : null;
  const soonest = addDays(today, DUE_SOON_DAYS);
  const shift = entryDay ? dueShiftDays(pauses, entryDay, offset) : 0;
  const tasks: TaskStatus[] = decided.map((t) => {
    let { state, by } = t;
    if (goalMet && state === 'open' && !t.task.required && by !== 'hand') {
      state = 'skipped';
      by = 'goal';
    } else if (!goalMet && state === 'skipped' && by === 'goal') {
      state = 'open';
      by = null;
    }
    const dueDate = entryDay ? addDays(entryDay, t.task.dueDays + shift) : null;
    const dueAt = stageEnteredAt ? addDaysToInstant(stageEnteredAt, t.task.dueDays + shift) : null;
    const open = state === 'open' && dueDate !== null && !paused;
    return {
      task: t.task, state, by, evidenceActivityId: state === 'done' && by === 'evidence' ? t.evidenceActivityId : null, dueAt, dueDate,
      overdue: open && dueDate! < today,
      dueToday: open && dueDate === today,
      dueSoon: open && dueDate! > today && dueDate! <= soonest,
    };
  });

  const suggestNext = goalMet ? nextStageOf(pipeline, stage) : null;

  const limit = stage.rotDays ?? context.defaultRotDays;
  // Paused days do not count towards stalling (and a running pause is never stalled).
  const wholeDays = daysInStage === null ? null : Math.floor(daysInStage) - (entryDay ? pausedDaysSoFar(pauses, entryDay, today, offset) : 0);
  const stalled = !closed && !paused && stage.outcome === null && wholeDays !== null && wholeDays > limit ? { days: wholeDays, limit } : null;

  const nextSteps = !closed && !paused && stage.outcome === null ? buildNextSteps({ tasks, goal, activities: context.activities, stalled, now }) : [];

  const qualifications = stage.qualifications.flatMap((id): QualificationStatus[] => {
    const qualification = playbook.qualifications.find((q) => q.id === id);
    if (!qualification) return [];
    const items = qualification.items.map((item) => {
      const taskId = qualificationTaskId(id, item.id);
      const state: TaskState = entries.get(taskId)?.state ?? 'open';
      return { id: item.id, title: item.title, hint: item.hint, taskId, state, done: state === 'done' };
    });
    return [{ qualification, items, done: items.filter((i) => i.done).length, total: items.length }];
  });

  const result = { ...common, tasks, goal, goalMet, suggestNext, nextSteps, stalled, qualifications };
  return { ...result, writes: checklistWrites(result, context.checklist) };
}
