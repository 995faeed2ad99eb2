import type { DealGuidance } from '@/lib/playbook/engine';
import { MANUAL_TASK_PREFIX } from '@/lib/playbook/engine';
import { useI18n } from '../i18n';
import { criterionLabel } from './criterion-label';

export interface GoalStatusProps {
  guidance: DealGuidance;
  onConfirm(taskId: string, done: boolean): void;
}

/** Exit criteria: which are met, which are not; manual ones can be confirmed here. */
export function GoalStatus({ guidance, onConfirm }: GoalStatusProps) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="goal-heading" data-testid="goal">
      <h2 id="goal-heading">
        {t('panel.goal')}
        {guidance.goalMet ? <span class="badge badge--won">{t('panel.goal.met')}</span> : null}
      </h2>
      {guidance.goal.length === 0 ? <p class="muted">{t('panel.goal.none')}</p> : null}
      <ul class="criteria">
        {guidance.goal.map((status, i) => {
          const label = criterionLabel(t, status.criterion, status);
          const manualId = status.criterion.kind === 'manual' ? `${MANUAL_TASK_PREFIX}${status.criterion.id}` : null;
          return (
            <li key={i} class={status.met ? 'criterion criterion--met' : 'criterion'}>
              {manualId ? (
                <label>
                  <input type="checkbox" checked={status.met} onChange={(e) => onConfirm(manualId, (e.target as HTMLInputElement).checked)} />
                  {label}
                </label>
              ) : (
                <>
                  <span aria-hidden="true" class="criterion__mark">{status.met ? '✓' : '○'}</span>
                  {label}
                </>
              )}
            </li>
          );
        })}
      </ul>
      {guidance.suggestNext ? <p class="suggestion" role="status">{t('panel.goal.suggestNext', { stage: guidance.suggestNext.name })}</p> : null}
    </section>
  );
}
