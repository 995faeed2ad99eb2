import type { Activity } from '../model/records.schema';
import type { CriterionStatus } from './criteria';
import type { NextStep, TaskStatus } from './deal-guidance';

// One ordered list the rep can act on: overdue tasks (oldest first), unmet exit criteria, tasks
// due today, tasks due soon (soonest first), "no next activity scheduled", "stalled".

export interface NextStepInput {
  tasks: readonly TaskStatus[];
  goal: readonly CriterionStatus[];
  activities: readonly Activity[];
  stalled: { days: number; limit: number } | null;
  now: Date;
}

/** Open tasks by due day, then in the stage's order (the sort is stable). */
const byDue = (a: TaskStatus, b: TaskStatus) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '');

export function buildNextSteps(input: NextStepInput): NextStep[] {
  const steps: NextStep[] = [];
  for (const t of input.tasks.filter((t) => t.overdue).sort(byDue))
    steps.push({ kind: 'overdue', key: 'next.overdue', params: { task: t.task.title, date: t.dueDate! }, taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
  for (const c of input.goal.filter((c) => !c.met)) steps.push({ kind: 'criterion', key: c.reason.key, params: c.reason.params, criterion: c.criterion });
  for (const t of input.tasks.filter((t) => t.dueToday))
    steps.push({ kind: 'dueToday', key: 'next.dueToday', params: { task: t.task.title }, taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
  for (const t of input.tasks.filter((t) => t.dueSoon).sort(byDue))
    steps.push({ kind: 'dueSoon', key: 'next.dueSoon', params: { task: t.task.title, date: t.dueDate! }, taskId: t.task.id, title: t.task.title, dueDate: t.dueDate! });
  steps.push(...nextActivitySteps(input.activities, input.now));
  if (input.stalled) steps.push({ kind: 'stalled', key: 'next.stalled', params: { ...input.stalled }, ...input.stalled });
  return steps;
}

/** "No next activity scheduled": no logged activity has a next step due at or after `now`. */
export function nextActivitySteps(activities: readonly Activity[], now: Date): NextStep[] {
  const at = now.getTime();
  const scheduled = activities.some((a) => a.nextStep && Date.parse(a.nextStep.dueAt) >= at);
  return scheduled ? [] : [{ kind: 'noNextActivity', key: 'next.noNextActivity', params: {} }];
}
