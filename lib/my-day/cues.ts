import type { Settings } from '../model/settings.schema';
import type { MyDay, MyDayItem } from './my-day';

// When and about what the rep is cued: a reminder at the chosen time on workdays, and a note when a
// task on one of my deals becomes overdue — each once, nothing more chatty. Pure: clock and calendar
// come in.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Monday to Friday, in the rep's calendar. */
export function isWorkday(instant: Date, utcOffsetMinutes: number): boolean {
  const day = new Date(instant.getTime() + utcOffsetMinutes * MINUTE).getUTCDay();
  return day >= 1 && day <= 5;
}

/** The next workday moment at `time` (HH:MM, the rep's clock) strictly after `now`. */
export function nextReminderAt(now: Date, time: string, utcOffsetMinutes: number): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const local = new Date(now.getTime() + utcOffsetMinutes * MINUTE);
  const todayAt = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hours, minutes) - utcOffsetMinutes * MINUTE;
  for (let day = 0; day < 8; day++) {
    const candidate = new Date(todayAt + day * DAY);
    if (candidate.getTime() > now.getTime() && isWorkday(candidate, utcOffsetMinutes)) return candidate;
  }
  throw new Error('unreachable: a week always has a workday');
}

/** One overdue task of one deal: the key it is notified under (a task overdue again after a new due date is new). */
export interface OverdueTask {
  key: string;
  item: MyDayItem;
  task: string;
  dueDate: string;
}

/** Overdue tasks on deals I own (who "I" am is set for their CRM); deals whose owner is unknown to me are not cued. */
export function overdueOnMyDeals(day: MyDay, me: Settings['me']): OverdueTask[] {
  return day.items
    .filter((item) => me[item.crm].trim() !== '')
    .flatMap((item) => item.reasons.flatMap((reason) => (reason.kind === 'overdue' ? [{ key: `${item.dealKey}/${reason.taskId}/${reason.dueDate}`, item, task: reason.task, dueDate: reason.dueDate }] : [])));
}

/**
 * What to notify now and what to remember: the overdue tasks not notified before. The remembered
 * keys are only the ones still overdue, so the list never grows beyond today's overdue tasks.
 */
export function overdueToNotify(overdue: readonly OverdueTask[], notified: readonly string[]): { notify: OverdueTask[]; remember: string[] } {
  const seen = new Set(notified);
  return { notify: overdue.filter((task) => !seen.has(task.key)), remember: overdue.map((task) => task.key) };
}

/** The toolbar badge: failed CRM writes first (they need action), else My day's count when the rep asked for it. */
export function badgeOf(failedWrites: number, myDayCount: number | null): { text: string; tone: 'error' | 'info' | null } {
  if (failedWrites > 0) return { text: String(Math.min(failedWrites, 99)), tone: 'error' };
  if (myDayCount) return { text: String(Math.min(myDayCount, 99)), tone: 'info' };
  return { text: '', tone: null };
}
