import type { NextStep } from '@/lib/playbook/engine';
import { formatDate } from '@/lib/i18n/format';
import { useI18n } from '../i18n';
import { criterionLabel } from './criterion-label';

/** One ordered list the rep can act on. */
export function NextSteps({ steps }: { steps: readonly NextStep[] }) {
  const { t, locale } = useI18n();
  const text = (step: NextStep) => {
    switch (step.kind) {
      case 'overdue':
        return t('next.overdue', { task: step.title, date: formatDate(step.dueDate, locale) });
      case 'criterion':
        return t('next.criterion', { criterion: criterionLabel(t, step.criterion) });
      case 'dueToday':
        return t('next.dueToday', { task: step.title });
      case 'dueSoon':
        return t('next.dueSoon', { task: step.title, date: formatDate(step.dueDate, locale) });
      case 'noNextActivity':
        return t('next.noNextActivity');
      case 'stalled':
        return t('next.stalled', { days: step.days, limit: step.limit });
    }
  };
  return (
    <section class="card" aria-labelledby="next-heading" data-testid="next-steps">
      <h2 id="next-heading">{t('panel.nextSteps')}</h2>
      {steps.length === 0 ? <p class="muted">{t('panel.nextSteps.none')}</p> : null}
      <ol class="next-steps">
        {steps.map((step, i) => (
          <li key={i} class={`next-step next-step--${step.kind}`}>{text(step)}</li>
        ))}
      </ol>
    </section>
  );
}
