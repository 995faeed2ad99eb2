import type { DealGuidance, TaskStatus } from '@/lib/playbook/engine';
import { formatDate } from '@/lib/i18n/format';
import type { Activity } from '@/lib/model/records.schema';
import { useI18n } from '../i18n';

export interface ChecklistProps {
  guidance: DealGuidance;
  activities: readonly Activity[];
  onToggle(taskId: string, done: boolean): void;
  /** Ids of the stage's done tasks whose tick the team's CRM holds, and that CRM's name. */
  shared?: { taskIds: ReadonlySet<string>; crm: string };
}

function DueLabel({ status }: { status: TaskStatus }) {
  const { t, locale } = useI18n();
  if (status.state === 'skipped') return <span class="task__due">{status.by === 'goal' ? t('task.skippedByGoal') : t('task.skipped')}</span>;
  if (status.state === 'done' || !status.dueDate) return null;
  const date = formatDate(status.dueDate, locale);
  if (status.overdue) return <span class="task__due task__due--overdue">{t('task.overdue', { date })}</span>;
  if (status.dueToday) return <span class="task__due task__due--today">{t('task.dueToday')}</span>;
  return <span class="task__due">{t('task.due', { date })}</span>;
}

/** The stage's key tasks: tick/untick, due dates, overdue in a clear colour, skipped shown as such. */
export function Checklist({ guidance, activities, onToggle, shared }: ChecklistProps) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="checklist-heading" data-testid="checklist">
      <h2 id="checklist-heading">{t('panel.checklist')}</h2>
      {guidance.tasks.length === 0 ? <p class="muted">{t('panel.checklist.empty')}</p> : null}
      <ul class="tasks">
        {guidance.tasks.map((status) => {
          const evidence = status.by === 'evidence' ? activities.find((a) => a.id === status.evidenceActivityId) : undefined;
          return (
            <li key={status.task.id} class={`task task--${status.state}${status.overdue ? ' task--overdue' : ''}`} data-task-id={status.task.id}>
              <label>
                <input type="checkbox" checked={status.state === 'done'} onChange={(e) => onToggle(status.task.id, (e.target as HTMLInputElement).checked)} />
                <span class="task__title">{status.task.title}</span>
              </label>
              <span class="task__meta">
                {status.task.required ? <span class="task__required">{t('task.required')}</span> : null}
                <DueLabel status={status} />
                {status.state === 'done' && status.by === 'evidence' ? (
                  <span class="task__evidence" data-testid="task-evidence">
                    {status.evidenceActivityId === null ? t('task.byScript') : t(`task.byEvidence.${evidence?.type ?? status.task.evidence?.activityType ?? 'note'}`)}
                  </span>
                ) : null}
                {status.state === 'done' && shared?.taskIds.has(status.task.id) ? (
                  <span class="task__shared" data-testid="task-shared">{t('task.shared', { crm: shared.crm })}</span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
