import { useEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import { storageProblemOf, STORAGE_PROBLEM_MESSAGE } from '@/lib/db/errors';
import { dueInstant, parseDue } from '@/lib/activities/due';
import { deleteActivity, logActivity, NOTE_LIMIT } from '@/lib/activities/store';
import { formatDate } from '@/lib/i18n/format';
import { OUTCOMES, type ActivityType } from '@/lib/model/activity';
import type { Activity } from '@/lib/model/records.schema';
import { calendarDay } from '@/lib/playbook/days';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useTabId, type TabSource } from '../hooks/useTabId';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import './quicklog.css';

export interface QuickLogProps {
  db: StagecraftDb;
  tabs: TabSource;
  onOpenSidePanel(): void;
  now?: () => Date;
}

const systemNow = () => new Date();
const NOTE_COUNTER_FROM = NOTE_LIMIT - 1_000;

/** Keys typed into a field belong to the field; everywhere else they drive the form. */
const isTextField = (target: EventTarget | null) => target instanceof HTMLElement && (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text'));

/**
 * The quick-log popup: log what just happened on the current tab's deal, keyboard first.
 * A call with its outcome is `1`, `1`, Enter.
 */
export function QuickLog({ db, tabs, onOpenSidePanel, now = systemNow }: QuickLogProps) {
  const { t, locale } = useI18n();
  const tabId = useTabId(tabs);
  const view = useLiveQuery(async () => {
    const settings = await loadSettings(db);
    if (tabId === null) return { settings, deal: null };
    const binding = await db.tabs.get(tabId);
    return { settings, deal: binding?.dealKey ? ((await db.deals.get(binding.dealKey)) ?? null) : null };
  }, [db, tabId]);

  const [type, setType] = useState<ActivityType | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [nextTitle, setNextTitle] = useState('');
  const [dueText, setDueText] = useState('');
  const [pastConfirmed, setPastConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<{ activity: Activity; text: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 8_000);
    return () => clearTimeout(timer);
  }, [toast]);

  useEffect(() => {
    formRef.current?.focus();
  }, [view.status]);

  if (view.status !== 'ready') return <Notice title={t('state.loading')} />;
  const { settings, deal } = view.value;
  if (!deal) {
    return (
      <Notice title={t('state.notDeal.title')}>
        <p>{t('state.notDeal.body')}</p>
        <button type="button" onClick={onOpenSidePanel}>{t('quicklog.openSidePanel')}</button>
      </Notice>
    );
  }

  const types = settings.keyActivityTypes;
  const outcomes = type ? OUTCOMES[type] : [];
  const offset = -now().getTimezoneOffset();
  const due = dueText.trim() ? parseDue(dueText, now(), offset) : null;
  const today = calendarDay(now(), offset);
  const duePast = due?.ok === true && due.date < today;
  const noteTooLong = note.length > NOTE_LIMIT;

  const reset = () => {
    setType(null);
    setOutcome(null);
    setNote('');
    setNextTitle('');
    setDueText('');
    setPastConfirmed(false);
    setError(null);
    formRef.current?.focus();
  };

  const save = async () => {
    if (!type) return setError(t('quicklog.chooseType', { types: types.length }));
    if (noteTooLong) return setError(t('quicklog.noteTooLong', { count: note.length, limit: NOTE_LIMIT }));
    if (due && !due.ok) return setError(t('quicklog.dueInvalid', { text: dueText }));
    if (duePast && !pastConfirmed) return setError(t('quicklog.duePast', { date: formatDate(due.date, locale) }));
    const nextStep = due?.ok ? { title: nextTitle.trim() || t('quicklog.nextStepDefault'), dueAt: dueInstant(due.date, offset) } : null;
    try {
      const result = await logActivity(db, { dealKey: deal.key, type, outcome, note, nextStep, owner: settings.me[deal.crm] || deal.snapshot.owner }, now());
      if (!result.ok) return setError(result.error);
      const what = [t(`activity.${type}`), outcome ? t(`outcome.${outcome}` as 'outcome.done') : null].filter(Boolean).join(' — ');
      setToast({ activity: result.activity, text: t('quicklog.saved', { what }) });
      reset();
    } catch (failure) {
      setError(t(STORAGE_PROBLEM_MESSAGE[storageProblemOf(failure)], { detail: String(failure) }));
    }
  };

  const undo = async () => {
    if (!toast) return;
    await deleteActivity(db, toast.activity.id);
    setToast({ ...toast, text: t('quicklog.undone') });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (!isTextField(event.target) || event.ctrlKey || event.metaKey || (event.target as HTMLElement).tagName === 'INPUT')) {
      event.preventDefault();
      void save();
      return;
    }
    if (isTextField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[1-9]$/.test(event.key)) {
      const index = Number(event.key) - 1;
      event.preventDefault();
      if (!type) {
        if (types[index]) {
          setType(types[index]!);
          setOutcome(null);
          setError(null);
        }
      } else if (outcomes[index]) setOutcome(outcomes[index]!);
      return;
    }
    if (event.key === 'n' || event.key === 'N') {
      event.preventDefault();
      noteRef.current?.focus();
    } else if (event.key === 'w' || event.key === 'W') {
      event.preventDefault();
      nextRef.current?.focus();
    } else if (event.key === 'Escape' && type) {
      event.preventDefault();
      if (outcome) setOutcome(null);
      else setType(null);
    }
  };

  return (
    <main class="quick-log">
      <header class="quick-log__deal">
        <h1 class="quick-log__title" data-testid="deal-title">{deal.snapshot.title ?? t('deal.unknown')}</h1>
        <p class="muted" data-testid="deal-stage">{deal.snapshot.stage ?? t('deal.unknown')}</p>
      </header>
      <form ref={formRef} tabIndex={-1} class="quick-log__form" onKeyDown={onKeyDown} onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label={t('quicklog.title')}>
        <fieldset class="choice">
          <legend>{t('quicklog.type')}</legend>
          {types.map((option, i) => (
            <label key={option} class={type === option ? 'chip chip--on' : 'chip'}>
              <input type="radio" name="type" value={option} checked={type === option} onChange={() => { setType(option); setOutcome(null); }} />
              <kbd>{i + 1}</kbd> {t(`activity.${option}`)}
            </label>
          ))}
        </fieldset>
        {type && outcomes.length ? (
          <fieldset class="choice" data-testid="outcomes">
            <legend>{t('quicklog.outcome')}</legend>
            {outcomes.map((option, i) => (
              <label key={option} class={outcome === option ? 'chip chip--on' : 'chip'}>
                <input type="radio" name="outcome" value={option} checked={outcome === option} onChange={() => setOutcome(option)} />
                <kbd>{i + 1}</kbd> {t(`outcome.${option}` as 'outcome.done')}
              </label>
            ))}
          </fieldset>
        ) : null}
        <label class="field">
          <span>{t('quicklog.note')}</span>
          <textarea ref={noteRef} rows={3} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} aria-invalid={noteTooLong} aria-describedby="note-count" />
        </label>
        {note.length >= NOTE_COUNTER_FROM ? (
          <p id="note-count" class={noteTooLong ? 'field-error' : 'muted small'} data-testid="note-count">
            {noteTooLong ? t('quicklog.noteTooLong', { count: note.length, limit: NOTE_LIMIT }) : t('quicklog.noteCount', { count: note.length, limit: NOTE_LIMIT })}
          </p>
        ) : null}
        <fieldset class="next-step-fields">
          <legend>{t('quicklog.nextStep')}</legend>
          <label class="field">
            <span>{t('quicklog.nextStepTitle')}</span>
            <input ref={nextRef} type="text" value={nextTitle} placeholder={t('quicklog.nextStepDefault')} onInput={(e) => setNextTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t('quicklog.due')}</span>
            <input type="text" value={dueText} placeholder={t('quicklog.dueHint')} onInput={(e) => { setDueText((e.target as HTMLInputElement).value); setPastConfirmed(false); }} data-testid="due" />
          </label>
          {due?.ok ? <p class="muted small" data-testid="due-parsed">{t('quicklog.dueParsed', { date: formatDate(due.date, locale) })}</p> : null}
          {due && !due.ok ? <p class="field-error">{t('quicklog.dueInvalid', { text: dueText })}</p> : null}
          {duePast ? (
            <label class="warning" data-testid="due-past">
              <input type="checkbox" checked={pastConfirmed} onChange={(e) => setPastConfirmed((e.target as HTMLInputElement).checked)} />
              {t('quicklog.duePast', { date: formatDate(due.date, locale) })} {t('quicklog.duePastConfirm')}
            </label>
          ) : null}
        </fieldset>
        {error ? <p class="field-error" role="alert" data-testid="quicklog-error">{error}</p> : null}
        <button type="submit" class="primary">{t('quicklog.save')}</button>
        <p class="muted small">{t('quicklog.keys', { types: types.length })}</p>
      </form>
      <div class="toast-region" aria-live="polite">
        {toast ? (
          <p class="toast" data-testid="toast">
            {toast.text}
            {toast.text !== t('quicklog.undone') ? <button type="button" onClick={() => void undo()}>{t('quicklog.undo')}</button> : null}
          </p>
        ) : null}
      </div>
    </main>
  );
}
