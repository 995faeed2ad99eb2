import { useState } from 'preact/hooks';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import { useI18n } from '../i18n';
import type { AutomationView } from './data';
import { formatMoment, replyText } from './format';
import { PlanTable } from './PlanTable';
import { causeText } from '@/lib/i18n/cause';
import { failureCause } from '@/lib/db/errors';

export interface AssignmentRunProps {
  view: AutomationView;
  run(op: AutomationOp): Promise<AutomationReply>;
  /** Unsaved rule changes: the dry run uses the saved rules. */
  unsaved: boolean;
}

/** Dry run → the plan; Apply carries out exactly that plan; Undo puts the last run's owners back. */
export function AssignmentRun({ view, run, unsaved }: AssignmentRunProps) {
  const { t, locale } = useI18n();
  const [working, setWorking] = useState<AutomationOp | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const { plan, undoable } = view;
  const settings = view.assignment.settings;
  const hasRules = settings.rules.length > 0 || settings.fallback !== null;

  const press = async (op: AutomationOp, done: string) => {
    setWorking(op);
    setMessage(null);
    try {
      const reply = await run(op);
      setMessage(reply.ok ? { tone: 'ok', text: done } : { tone: 'error', text: replyText(t, locale, reply) });
    } catch (error) {
      setMessage({ tone: 'error', text: t('automation.reason.other', { detail: causeText(failureCause(error), t) }) });
    } finally {
      setWorking(null);
    }
  };

  return (
    <section class="card" aria-labelledby="assignment-run-title" data-testid="assignment-run" aria-busy={working !== null}>
      <h3 id="assignment-run-title">{t('automation.run.title')}</h3>
      <p class="field-hint">{t('automation.run.hint')}</p>
      {unsaved ? <p class="field-hint">{t('automation.run.unsaved')}</p> : null}
      <div class="actions">
        <button type="button" disabled={working !== null || !hasRules} onClick={() => void press('dryRun', t('automation.run.dryRunDone'))} data-testid="assignment-dry-run">
          {working === 'dryRun' ? t('automation.run.dryRunning') : t('automation.run.dryRun')}
        </button>
        <button type="button" class="primary" disabled={working !== null || !plan || plan.plan.changes.length === 0} onClick={() => void press('apply', t('automation.run.applied'))} data-testid="assignment-apply">
          {working === 'apply' ? t('automation.run.applying') : t('automation.run.apply')}
        </button>
        <button type="button" disabled={working !== null || !undoable} onClick={() => void press('undo', t('automation.run.undone'))} data-testid="assignment-undo">
          {working === 'undo' ? t('automation.run.undoing') : undoable ? t('automation.run.undo', { at: formatMoment(locale, undoable.at) }) : t('automation.run.undoNone')}
        </button>
      </div>
      <p class={message?.tone === 'error' ? 'error' : 'live-status'} role="status" aria-live="polite" data-testid="assignment-run-status">
        {message?.text ?? ''}
      </p>
      {plan ? (
        <>
          <p class="small muted">{t('automation.plan.made', { at: formatMoment(locale, plan.createdAt), candidates: plan.candidates })}</p>
          <PlanTable plan={plan.plan} reps={view.reps?.reps ?? null} groups={settings.groups} pipelines={view.pipelines} />
        </>
      ) : null}
    </section>
  );
}
