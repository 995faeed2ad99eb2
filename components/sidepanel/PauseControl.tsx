import { useState } from 'preact/hooks';
import type { PauseLike } from '@/lib/playbook/pause';
import { addDays } from '@/lib/playbook/days';
import { formatDate } from '@/lib/i18n/format';
import { useI18n } from '../i18n';

export interface PauseControlProps {
  /** The pause running today, if any. */
  paused: PauseLike | null;
  /** Today in the rep's calendar (YYYY-MM-DD). */
  today: string;
  onPause(reason: string, until: string): Promise<'reason' | 'until' | null>;
  onResume(): void;
}

/** Pause a deal with a reason and a wake day, or see why it is paused and resume it. */
export function PauseControl({ paused, today, onPause, onResume }: PauseControlProps) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => addDays(today, 14));
  const [error, setError] = useState<'reason' | 'until' | null>(null);

  if (paused) {
    return (
      <section class="card card--paused" aria-labelledby="paused-heading" data-testid="paused">
        <h2 id="paused-heading">{t('pause.pausedUntil', { date: formatDate(paused.until, locale) })}</h2>
        <p class="pause__reason">{paused.reason}</p>
        <p class="muted small">{t('pause.pausedNote')}</p>
        <button type="button" onClick={onResume} data-testid="resume">{t('pause.resume')}</button>
      </section>
    );
  }
  if (!open) {
    return (
      <p class="pause__open">
        <button type="button" class="link" onClick={() => setOpen(true)} data-testid="pause-open">{t('pause.open')}</button>
      </p>
    );
  }
  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = await onPause(reason, until);
    setError(problem);
    if (!problem) {
      setOpen(false);
      setReason('');
    }
  };
  return (
    <form class="card pause-form" onSubmit={(e) => void submit(e)} aria-labelledby="pause-heading" data-testid="pause-form">
      <h2 id="pause-heading">{t('pause.heading')}</h2>
      <p class="muted small">{t('pause.hint')}</p>
      <label for="pause-reason">{t('pause.reason')}</label>
      <input id="pause-reason" type="text" maxLength={500} value={reason} placeholder={t('pause.reasonPlaceholder')} onInput={(e) => setReason(e.currentTarget.value)} aria-invalid={error === 'reason'} autoFocus />
      {error === 'reason' ? <p class="field-error" role="alert">{t('pause.error.reason')}</p> : null}
      <label for="pause-until">{t('pause.until')}</label>
      <input id="pause-until" type="date" min={addDays(today, 1)} value={until} onInput={(e) => setUntil(e.currentTarget.value)} aria-invalid={error === 'until'} />
      {error === 'until' ? <p class="field-error" role="alert">{t('pause.error.until')}</p> : null}
      <div class="pause-form__actions">
        <button type="submit" data-testid="pause-save">{t('pause.save')}</button>
        <button type="button" onClick={() => { setOpen(false); setError(null); }}>{t('pause.cancel')}</button>
      </div>
    </form>
  );
}
