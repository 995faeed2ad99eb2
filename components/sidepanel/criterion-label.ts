import type { Translate } from '@/lib/i18n';
import type { CriterionStatus } from '@/lib/playbook/engine';
import type { Criterion } from '@/lib/model/playbook.schema';

/** The words for one exit criterion. */
export function criterionLabel(t: Translate, criterion: Criterion, status?: Pick<CriterionStatus, 'done' | 'total'>): string {
  switch (criterion.kind) {
    case 'requiredTasks':
      return t('criterion.requiredTasks', { done: status?.done ?? 0, total: status?.total ?? 0 });
    case 'field':
      return t(`criterion.field.${criterion.field}`);
    case 'closeDateNotPast':
      return t('criterion.closeDateNotPast');
    case 'activity':
      return t(`criterion.activity.${criterion.activityType}`);
    case 'manual':
      return criterion.label;
  }
}
