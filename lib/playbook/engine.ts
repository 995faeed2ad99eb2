import type { Stage } from '../model/playbook.schema';
import type { ChecklistEntry } from '../model/records.schema';
import { evaluateCriterion } from './criteria';
import type { DealContext, DealGuidance, PathStep, QualificationStatus, TaskState, TaskStatus } from './deal-guidance';
import { addDays, addDaysToInstant, calendarDay, DAY_MS, daysBetween } from './days';
import { learnedKey } from '../metrics/learned-rot';
import { isStalled, stallLimit, wholeDaysInStage } from '../metrics/rules';
import { outcomeStage } from './match';
import { dealStages } from './deal-stages';
import { buildNextSteps, nextActivitySteps } from './next-steps';
import { nextStageOf } from './next-stage';
import { dueShiftDays, pausedDaysSoFar, runningPause } from './pause';
import { crmPathStates, isReentry, stagePathStates, stageRuns } from './stage-history';
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
export type * from './deal-guidance';

export const qualificationTaskId = (qualificationId: string, itemId: string) => `q:${qualificationId}:${itemId}`;
const DUE_SOON_DAYS = 2;

const NO_ALIASES = { pipedrive: [], hubspot: [], salesforce: [] };
/** A stand-in stage for a CRM label on a CRM path. */
const crmStageStub = (label: string, index: number): Stage => ({
  id: `crm-${index}`, name: label, aliases: NO_ALIASES, guidance: '', goal: [], tasks: [], qualifications: [], scripts: [], rotDays: null, probability: 0, forecastCategory: 'pipeline', outcome: null, hard: false,
});

export function evaluateDeal(context: DealContext): DealGuidance {
  const { playbook, snapshot, now } = context;
  const offset = context.utcOffsetMinutes ?? 0;
  const today = calendarDay(now, offset);
  const closed = snapshot.status === 'won' || snapshot.status === 'lost';
  const pauses = context.pauses ?? [];
  const paused = closed ? null : runningPause(pauses, today, offset);

  const stages = dealStages(playbook, snapshot, context.account, context.mappings);
  let match = stages.match;
  const { pipeline, mapLabel } = stages;
  // A won or lost deal is in the pipeline's terminal stage even where the CRM keeps its last open stage.
  if (closed && match?.stage.outcome !== snapshot.status) {
    const terminal = outcomeStage(pipeline, snapshot.status as 'won' | 'lost');
    if (terminal) match = { pipeline, stage: terminal, by: match?.by ?? 'name' };
  }

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

  // Stalled: the one rule of lib/metrics/rules (the Scorecard tab and the team pages count the same deals).
  const limit = stallLimit(stage, pipeline ? context.learnedRotDays?.[learnedKey(pipeline.id, stage.id)] : undefined, context.defaultRotDays);
  // Paused days do not count towards stalling (the stay is shifted by them), and a running pause is never stalled.
  const pausedDays = entryDay ? pausedDaysSoFar(pauses, entryDay, today, offset) : 0;
  const enteredAtMs = stageEnteredAt ? Date.parse(stageEnteredAt) + pausedDays * DAY_MS : null;
  const stalled = !closed && !paused && stage.outcome === null && enteredAtMs !== null && limit !== null && isStalled(enteredAtMs, limit, now.getTime()) ? { days: wholeDaysInStage(enteredAtMs, now.getTime()), limit } : null;

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
