import type { CrmId } from '../model/deal';
import type { Playbook } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, DealPause, DealRecord, StageVisit } from '../model/records.schema';
import type { Settings } from '../model/settings.schema';
import { isCloseDatePast } from '../playbook/criteria';
import { calendarDay } from '../playbook/days';
import { evaluateDeal } from '../playbook/engine';

// "My day": one list across all the rep's open deals of what needs doing, most important first.
// Pure: the data, the clock and the rep's calendar come in. Every rule is the playbook engine's
// (overdue and due today, stalled, no next activity, paused) or the criteria's (close date past);
// nothing is redefined here, only gathered and ordered.

export type MyDayReason =
  | { kind: 'overdue'; taskId: string; task: string; dueDate: string }
  | { kind: 'woke'; reason: string; until: string }
  | { kind: 'closeDatePassed'; closeDate: string }
  | { kind: 'stalled'; days: number; limit: number }
  | { kind: 'dueToday'; taskId: string; task: string }
  | { kind: 'noNextActivity' };

export type MyDayReasonKind = MyDayReason['kind'];

/** What matters most first: late work, a deal back from a pause, a close date gone by, stalling, today's work, no plan. */
export const REASON_ORDER: readonly MyDayReasonKind[] = ['overdue', 'woke', 'closeDatePassed', 'stalled', 'dueToday', 'noNextActivity'];

export interface MyDayItem {
  dealKey: string;
  crm: CrmId;
  title: string | null;
  /** The playbook stage's name, else the CRM's label. */
  stage: string | null;
  /** Opens the deal in its CRM. */
  url: string;
  value: number | null;
  currency: string | null;
  /** Why it is on the list, most important first. */
  reasons: MyDayReason[];
}

export interface MyDayInput {
  playbook: Playbook;
  deals: readonly DealRecord[];
  visits: readonly StageVisit[];
  checklist: readonly ChecklistEntry[];
  activities: readonly Activity[];
  pauses: readonly DealPause[];
  settings: Pick<Settings, 'me' | 'stageMappings' | 'defaultRotDays'> & Partial<Pick<Settings, 'learnedRotDays'>>;
  now: Date;
  utcOffsetMinutes?: number;
}

export interface MyDay {
  items: MyDayItem[];
  /** My open deals that are paused today (left out of the list). */
  paused: number;
  /** Whether "me" is set for any CRM (else every open deal counts as mine). */
  meKnown: boolean;
}

const same = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** A deal is mine when its owner is who I am in its CRM; when that is not set, every deal counts. */
export function isMyDeal(deal: Pick<DealRecord, 'crm' | 'snapshot'>, me: Settings['me']): boolean {
  const myName = me[deal.crm];
  if (!myName.trim()) return true;
  return deal.snapshot.owner !== null && same(deal.snapshot.owner, myName);
}

export function myDay(input: MyDayInput): MyDay {
  const offset = input.utcOffsetMinutes ?? 0;
  const today = calendarDay(input.now, offset);
  const visits = groupBy(input.visits, (v) => v.dealKey);
  const checklist = groupBy(input.checklist, (c) => c.dealKey);
  const activities = groupBy(input.activities, (a) => a.dealKey);
  const pauses = groupBy(input.pauses, (p) => p.dealKey);
  const items: MyDayItem[] = [];
  let paused = 0;

  for (const deal of input.deals) {
    const status = deal.snapshot.status;
    if (status === 'won' || status === 'lost' || !isMyDeal(deal, input.settings.me)) continue;
    const dealPauses = pauses.get(deal.key) ?? [];
    const guidance = evaluateDeal({
      playbook: input.playbook,
      snapshot: deal.snapshot,
      account: deal.account,
      dealKey: deal.key,
      visits: visits.get(deal.key) ?? [],
      checklist: checklist.get(deal.key) ?? [],
      activities: activities.get(deal.key) ?? [],
      mappings: input.settings.stageMappings,
      defaultRotDays: input.settings.defaultRotDays,
      learnedRotDays: input.settings.learnedRotDays,
      now: input.now,
      utcOffsetMinutes: offset,
      pauses: dealPauses,
    });
    if (guidance.paused) {
      paused++;
      continue;
    }
    // A terminal stage (the CRM still says open): nothing to do here.
    if (guidance.match?.stage.outcome) continue;

    const reasons: MyDayReason[] = [];
    for (const task of guidance.tasks.filter((t) => t.overdue).sort((a, b) => a.dueDate!.localeCompare(b.dueDate!)))
      reasons.push({ kind: 'overdue', taskId: task.task.id, task: task.task.title, dueDate: task.dueDate! });
    const woke = wokeFrom(dealPauses, deal, today, offset);
    if (woke) reasons.push({ kind: 'woke', reason: woke.reason, until: woke.until });
    if (deal.snapshot.closeDate && isCloseDatePast(deal.snapshot.closeDate, today)) reasons.push({ kind: 'closeDatePassed', closeDate: deal.snapshot.closeDate });
    if (guidance.stalled) reasons.push({ kind: 'stalled', ...guidance.stalled });
    for (const task of guidance.tasks.filter((t) => t.dueToday)) reasons.push({ kind: 'dueToday', taskId: task.task.id, task: task.task.title });
    if (guidance.nextSteps.some((step) => step.kind === 'noNextActivity')) reasons.push({ kind: 'noNextActivity' });
    if (reasons.length === 0) continue;

    items.push({
      dealKey: deal.key,
      crm: deal.crm,
      title: deal.snapshot.title,
      stage: guidance.match?.stage.name ?? deal.snapshot.stage,
      url: deal.url,
      value: deal.snapshot.value,
      currency: deal.snapshot.currency,
      reasons,
    });
  }

  items.sort(byImportance);
  return { items, paused, meKnown: Object.values(input.settings.me).some((name) => name.trim() !== '') };
}

/**
 * The pause the deal woke from, while the rep has not looked at the deal since: the latest pause,
 * over by reaching its wake day (not resumed by hand), with the deal last seen before that day.
 */
function wokeFrom(pauses: readonly DealPause[], deal: DealRecord, today: string, offset: number): DealPause | null {
  const last = pauses.at(-1);
  if (!last || last.until > today || last.endedBy === 'hand') return null;
  return calendarDay(new Date(deal.lastSeenAt), offset) < last.until ? last : null;
}

const rankOf = (item: MyDayItem) => REASON_ORDER.indexOf(item.reasons[0]!.kind);

/** Most important reason first; then the oldest overdue task, the longest stalled; then the bigger deal, then by title. */
function byImportance(a: MyDayItem, b: MyDayItem): number {
  const rank = rankOf(a) - rankOf(b);
  if (rank !== 0) return rank;
  const first = a.reasons[0]!;
  const other = b.reasons[0]!;
  if (first.kind === 'overdue' && other.kind === 'overdue' && first.dueDate !== other.dueDate) return first.dueDate.localeCompare(other.dueDate);
  if (first.kind === 'stalled' && other.kind === 'stalled') {
    const over = other.days - other.limit - (first.days - first.limit);
    if (over !== 0) return over;
  }
  if (first.kind === 'closeDatePassed' && other.kind === 'closeDatePassed' && first.closeDate !== other.closeDate) return first.closeDate.localeCompare(other.closeDate);
  const value = (b.value ?? 0) - (a.value ?? 0);
  if (value !== 0) return value;
  return (a.title ?? '').localeCompare(b.title ?? '') || a.dealKey.localeCompare(b.dealKey);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
