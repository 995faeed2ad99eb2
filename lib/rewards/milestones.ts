import type { Pipeline } from '../model/playbook.schema';
import type { ChecklistEntry } from '../model/records.schema';
import { addDays } from '../playbook/days';
import type { StageRun } from '../playbook/stage-history';

// The milestones a manager can switch on, each a plain rule over calendar days of the rep's calendar
// (YYYY-MM-DD, as lib/playbook/days counts them):
// - first deal won of the quarter: no other deal of mine was won earlier in the same calendar quarter;
// - a deal won with every required task done: every required task of every working stage the deal
//   stayed in is done (at least one such task: a deal with none proves nothing);
// - a week with activity every workday: Monday to Friday of one week each have an activity logged.

/** `2026-Q4` for a day. */
export function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** `2026-12` for a day. */
export const monthOf = (day: string): string => day.slice(0, 7);

/** The Monday of the week a day is in (workdays are Monday to Friday whichever day the week starts on). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** Monday to Friday of the week that starts on `monday`. */
export const workdaysOf = (monday: string): string[] => [0, 1, 2, 3, 4].map((i) => addDays(monday, i));

/** True when each workday of the week starting on `monday` has an activity (`activityDays`: calendar days with one). */
export function activeEveryWorkday(activityDays: ReadonlySet<string>, monday: string): boolean {
  return workdaysOf(monday).every((day) => activityDays.has(day));
}

/** Every required task of every working stage the deal stayed in is done, and there was at least one. */
export function everyRequiredTaskDone(runs: readonly StageRun[], pipeline: Pipeline, checklist: readonly ChecklistEntry[]): boolean {
  const stayed = new Set(runs.map((run) => run.stageId));
  const done = new Set(checklist.filter((entry) => entry.state === 'done').map((entry) => `${entry.stageId}\u0000${entry.taskId}`));
  let required = 0;
  for (const stage of pipeline.stages) {
    if (stage.outcome !== null || !stayed.has(stage.id)) continue;
    for (const task of stage.tasks) {
      if (!task.required) continue;
      required++;
      if (!done.has(`${stage.id}\u0000${task.id}`)) return false;
    }
  }
  return required > 0;
}

/** One of my won deals: its key, when it was won and the quarter of that day in my calendar. */
export interface Win {
  key: string;
  at: string;
  quarter: string;
}

/** True when no other deal of mine was won before this one in its quarter (at the same instant, the lower key is first). */
export function isFirstWinOfQuarter(win: Win, otherWins: readonly Win[]): boolean {
  const at = Date.parse(win.at);
  return otherWins.every((other) => other.key === win.key || other.quarter !== win.quarter || Date.parse(other.at) > at || (Date.parse(other.at) === at && other.key > win.key));
}
