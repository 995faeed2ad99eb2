import type { DealSnapshot } from '../model/deal';
import type { Criterion } from '../model/playbook.schema';
import type { Activity, ChecklistEntry } from '../model/records.schema';
import type { PlaybookI18nKey } from './i18n-keys';

// Exit criteria ("goal") of a stage, each with the reason it is met or not, as an i18n key and
// params (see i18n-keys.ts).

export const MANUAL_TASK_PREFIX = 'manual:';
/** Checklist task id of a manual criterion's confirmation. */
export const manualTaskId = (criterionId: string) => `${MANUAL_TASK_PREFIX}${criterionId}`;

export type Params = Record<string, string | number>;

/** The close date (YYYY-MM-DD) has passed: it is before today (the close day itself is not past). */
export const isCloseDatePast = (closeDate: string, today: string): boolean => closeDate < today;

export interface Reason {
  key: PlaybookI18nKey;
  params: Params;
}

export interface CriterionStatus {
  criterion: Criterion;
  met: boolean;
  reason: Reason;
  /** For `requiredTasks`: how many of the required tasks are done. */
  done?: number;
  total?: number;
  /** For `activity`: the activity that meets it (the latest in the stage). */
  activityId?: string;
}

export interface CriterionInput {
  /** Required key tasks of the stage and their state (after evidence and hand ticks). */
  requiredTasks: readonly { state: 'open' | 'done' | 'skipped' }[];
  snapshot: DealSnapshot;
  /** The deal's activities logged at or after the stage entry. */
  activitiesInStage: readonly Activity[];
  /** This stage's checklist entries by task id. */
  entries: ReadonlyMap<string, ChecklistEntry>;
  /** YYYY-MM-DD in the engine's calendar. */
  today: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const present = (value: unknown) => value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');

export function evaluateCriterion(criterion: Criterion, input: CriterionInput): CriterionStatus {
  switch (criterion.kind) {
    case 'requiredTasks': {
      const total = input.requiredTasks.length;
      const done = input.requiredTasks.filter((t) => t.state === 'done').length;
      const met = done === total;
      return { criterion, met, done, total, reason: met ? { key: 'goal.requiredTasks.done', params: { done, total } } : { key: 'goal.requiredTasks.open', params: { done, total, open: total - done } } };
    }
    case 'field': {
      const met = present(input.snapshot[criterion.field]);
      return { criterion, met, reason: { key: `goal.field.${criterion.field}.${met ? 'present' : 'missing'}`, params: {} } };
    }
    case 'closeDateNotPast': {
      const closeDate = input.snapshot.closeDate;
      if (closeDate === null || !DAY.test(closeDate)) return { criterion, met: false, reason: { key: 'goal.closeDate.missing', params: {} } };
      const met = !isCloseDatePast(closeDate, input.today);
      return { criterion, met, reason: met ? { key: 'goal.closeDate.notPast', params: { closeDate } } : { key: 'goal.closeDate.past', params: { closeDate, today: input.today } } };
    }
    case 'activity': {
      const activity = input.activitiesInStage.findLast((a) => a.type === criterion.activityType);
      const type = criterion.activityType;
      return activity
        ? { criterion, met: true, activityId: activity.id, reason: { key: 'goal.activity.logged', params: { type } } }
        : { criterion, met: false, reason: { key: 'goal.activity.missing', params: { type } } };
    }
    case 'manual': {
      const met = input.entries.get(manualTaskId(criterion.id))?.state === 'done';
      return { criterion, met, reason: { key: met ? 'goal.manual.confirmed' : 'goal.manual.unconfirmed', params: { label: criterion.label } } };
    }
  }
}
