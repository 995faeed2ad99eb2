import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { storageFailureText } from '@/lib/db/errors';
import { dueDayOf, dueInstant, formatCount, formatDay, isPastDay, parseDue } from '@/lib/activities/due';
import { logActivity, NEXT_STEP_TITLE_LIMIT, NOTE_LIMIT, undoActivity, upcomingNextStep } from '@/lib/db/activities';
import { queueNow } from '@/lib/db/crm-queue';
import { OUTCOMES, type ActivityType } from '@/lib/model/activity';
import type { Activity, CrmWrite, DealRecord } from '@/lib/model/records.schema';
import type { Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';
import { describeActivity, outcomeChoice, typeahead, typeLabel } from './labels';
import { useCrmWriteBack, useWritesEnabled } from '../common/CrmWriteBack';
import { SyncStatus } from '../sidepanel/SyncStatus';

export interface QuickLogFormProps {
  db: StagecraftDb;
  deal: DealRecord;
  settings: Settings;
  /** The deal's logged activities (any order): for "next step scheduled?". */
  activities: readonly Activity[];
  /** The deal's write-back queue entries: the toast says where the logged activity stands with the CRM. */
  writes: readonly CrmWrite[];
  now: () => Date;
  modifierKey: string;
  onOpenSidePanel(): void;
}

/** The counter shows from this many characters on. */
export const NOTE_COUNTER_FROM = NOTE_LIMIT - 1_000;

type Group = 'type' | 'outcome';
type FocusTarget = 'form' | 'type' | 'outcome' | 'note' | 'title' | 'due' | 'confirm';
interface Toast {
  activity: Activity;
  state: 'logged' | 'undone' | 'gone';
}

/** Keys typed into a text field belong to the field. */
const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLTextAreaElement || (target instanceof HTMLInputElement && target.type === 'text');
const isButton = (target: EventTarget | null): boolean => target instanceof HTMLButtonElement;
const groupOf = (target: EventTarget | null): Group | null =>
  target instanceof Element ? ((target.closest('[data-group]')?.getAttribute('data-group') as Group | null) ?? null) : null;

const ARROWS: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * Keyboard-first logging. With focus anywhere but a text field: digits pick the type (the team's
 * key types, 1–5), then the outcome (1–4); a letter picks by initial; arrow keys move within the
 * focused (or current) choice; Enter saves. In the note, Ctrl/⌘+Enter saves. Ctrl/⌘+Z undoes the
 * last log. A call that connected: `1`, `1`, Enter.
 */
export function QuickLogForm({ db, deal, settings, activities, writes, now, modifierKey, onOpenSidePanel }: QuickLogFormProps) {
  const { t, locale } = useI18n();
  const writeBack = useCrmWriteBack();
  const canWrite = useWritesEnabled(deal.crm);
  const id = useId();
  const [type, setType] = useState<ActivityType | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [nextTitle, setNextTitle] = useState('');
  const [dueText, setDueText] = useState('');
  const [pastConfirmed, setPastConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [, setAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const pendingFocus = useRef<FocusTarget | null>('form');
  const saving = useRef(false);

  // Focus moves in the commit of the render that shows its target, before the next key event is
  // handled (a fast "1 1" must send the second key to the outcome, not the type).
  useLayoutEffect(() => {
    const target = pendingFocus.current;
    const form = formRef.current;
    if (!target || !form) return;
    pendingFocus.current = null;
    const find = (selector: string) => form.querySelector<HTMLElement>(selector);
    const element =
      target === 'form' ? form
      : target === 'type' || target === 'outcome' ? (find(`[data-group=${target}] input:checked`) ?? find(`[data-group=${target}] input`))
      : find(`[data-field=${target}]`);
    (element ?? form).focus();
  });

  const types = settings.keyActivityTypes;
  const outcomes: readonly string[] = type ? OUTCOMES[type] : [];
  const offset = -now().getTimezoneOffset();
  const dueGiven = dueText.trim() !== '';
  const due = dueGiven ? parseDue(dueText, now(), offset) : null;
  const duePast = due?.ok === true && isPastDay(due.date, now(), offset);
  const noteTooLong = note.length > NOTE_LIMIT;
  const titleTooLong = nextTitle.trim().length > NEXT_STEP_TITLE_LIMIT;
  const upcoming = upcomingNextStep(activities, now());
  const typeKeys = `1–${types.length}`;
  const outcomeKeys = `1–${Math.max(1, ...types.map((type) => OUTCOMES[type].length))}`;

  const pickType = (next: ActivityType, moveOn: boolean) => {
    setType(next);
    if (next !== type) setOutcome(null);
    setError(null);
    pendingFocus.current = moveOn && OUTCOMES[next].length ? 'outcome' : 'type';
  };
  const pickOutcome = (next: string | null) => {
    setOutcome(next);
    setError(null);
    pendingFocus.current = 'outcome';
  };

  const reset = () => {
    setType(null);
    setOutcome(null);
    setNote('');
    setNextTitle('');
    setDueText('');
    setPastConfirmed(false);
    setError(null);
    pendingFocus.current = 'form';
  };

  /** What stops a save, and where the focus goes to fix it. */
  const problem = (): { message: string | null; focus: FocusTarget } | null => {
    if (!type) return { message: t('quicklog.chooseType', { types: typeKeys }), focus: 'type' };
    if (noteTooLong) return { message: noteMessage(), focus: 'note' };
    if (titleTooLong) return { message: t('quicklog.nextStepTooLong', { count: nextTitle.trim().length, limit: NEXT_STEP_TITLE_LIMIT }), focus: 'title' };
    if (!dueGiven && nextTitle.trim()) return { message: t('quicklog.dueMissing', { title: nextTitle.trim() }), focus: 'due' };
    // Already said under the field (which the focus lands on): not said a second time below.
    if (due && !due.ok) return { message: null, focus: 'due' };
    if (due?.ok && duePast && !pastConfirmed) return { message: t('quicklog.duePastUnconfirmed', { date: formatDay(due.date, locale) }), focus: 'confirm' };
    return null;
  };

  const save = async () => {
    if (saving.current) return;
    const stop = problem();
    if (stop) {
      setError(stop.message);
      pendingFocus.current = stop.focus;
      setAttempts((n) => n + 1); // renders (and moves the focus) even when the message is the same
      return;
    }
    const nextStep = due?.ok ? { title: nextTitle.trim() || t('quicklog.nextStepDefault'), dueAt: dueInstant(due.date, offset) } : null;
    saving.current = true;
    try {
      const result = await logActivity(db, { dealKey: deal.key, type: type!, outcome, note, nextStep, owner: settings.me[deal.crm] || null }, now(), { writeBack: canWrite });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      if (canWrite) writeBack.flush();
      setToast({ activity: result.activity, state: 'logged' });
      reset();
    } catch (failure) {
      setError(storageFailureText(t, failure));
    } finally {
      saving.current = false;
    }
  };

  const undo = async () => {
    if (toast?.state !== 'logged') return;
    const { activity } = toast;
    try {
      const removed = await undoActivity(db, activity.id, now());
      setToast({ activity, state: removed ? 'undone' : 'gone' });
      if (activity.sync !== 'local') writeBack.flush(); // written already? then the CRM deletes it too
    } catch (failure) {
      setError(storageFailureText(t, failure));
      return;
    }
    // Usually undone to fix a wrong pick: the form gets the values back unless a new log was started.
    if (!type && !note && !nextTitle && !dueText) {
      setType(activity.type);
      setOutcome(activity.outcome);
      setNote(activity.note);
      setNextTitle(activity.nextStep?.title ?? '');
      setDueText(activity.nextStep ? dueDayOf(activity.nextStep.dueAt, offset) : '');
      setPastConfirmed(true);
    }
    pendingFocus.current = 'type';
    setError(null);
  };

  const move = (group: Group, key: string, event: KeyboardEvent): boolean => {
    const options: readonly string[] = group === 'type' ? types : outcomes;
    if (options.length === 0) return false;
    const current = options.indexOf((group === 'type' ? type : outcome) ?? '');
    let next = -1;
    if (/^[1-9]$/.test(key)) next = Number(key) - 1;
    else if (key in ARROWS) next = current === -1 ? (ARROWS[key]! > 0 ? 0 : options.length - 1) : (current + ARROWS[key]! + options.length) % options.length;
    else if (key === 'Home') next = 0;
    else if (key === 'End') next = options.length - 1;
    else if (key.length === 1 && /\p{L}/u.test(key)) {
      const labels = group === 'type' ? types.map((option) => typeLabel(t, option)) : outcomes.map((option) => outcomeChoice(t, option));
      next = typeahead(labels, key, current);
    } else return false;
    event.preventDefault();
    if (next < 0 || next >= options.length) return true; // a key that picks nothing here: swallowed, no surprise
    const moveOn = !(key in ARROWS) && key !== 'Home' && key !== 'End';
    if (group === 'type') pickType(options[next] as ActivityType, moveOn);
    else pickOutcome(options[next]!);
    return true;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const target = event.target;
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === 'Enter') {
      if (target instanceof HTMLTextAreaElement && !mod) return; // a new line in the note
      if (isButton(target) && !mod) return; // Undo, Save, Open the side panel: the button's own action
      event.preventDefault();
      void save();
      return;
    }
    if (mod && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'z' && !isTextField(target)) {
      if (toast?.state === 'logged') {
        event.preventDefault();
        void undo();
      }
      return;
    }
    if (isTextField(target) || mod || event.altKey) return;
    if (event.key === 'Escape') {
      if (!type) return; // nothing to clear: the browser may close the popup
      event.preventDefault();
      if (outcome) pickOutcome(null);
      else {
        setType(null);
        pendingFocus.current = 'type';
      }
      return;
    }
    const group = groupOf(target) ?? (type && outcomes.length ? 'outcome' : 'type');
    move(group, event.key, event);
  };

  // Keys pressed while nothing in the popup has the focus (the user clicked its background).
  useEffect(() => {
    const onDocumentKey = (event: KeyboardEvent) => {
      if (event.target === document.body || event.target === document.documentElement) onKeyDown(event);
    };
    document.addEventListener('keydown', onDocumentKey);
    return () => document.removeEventListener('keydown', onDocumentKey);
  });

  function noteMessage(): string {
    const params = { count: formatCount(note.length, locale), limit: formatCount(NOTE_LIMIT, locale), over: formatCount(note.length - NOTE_LIMIT, locale) };
    return noteTooLong ? t('quicklog.noteTooLong', params) : t('quicklog.noteCount', params);
  }

  const toastText = toast
    ? t(toast.state === 'logged' ? 'quicklog.saved' : toast.state === 'undone' ? 'quicklog.undone' : 'quicklog.undoGone', { what: describeActivity(t, toast.activity) })
    : '';
  const noteDescribedBy = [note.length >= NOTE_COUNTER_FROM ? `${id}-note-count` : null].filter(Boolean).join(' ') || undefined;

  return (
    <main class="quick-log">
      <header class="quick-log__deal">
        <p class="quick-log__crm muted small">{t(`crm.${deal.crm}`)} · {t('quicklog.title')}</p>
        <h1 class="quick-log__title" data-testid="deal-title">{deal.snapshot.title ?? t('deal.unknown')}</h1>
        <p class="quick-log__stage">
          <span class="visually-hidden">{t('deal.stage')}: </span>
          <span data-testid="deal-stage">{deal.snapshot.stage ?? t('deal.unknown')}</span>
        </p>
        <p class="muted small" data-testid="next-status">
          {upcoming ? t('quicklog.next.upcoming', { title: upcoming.title, date: formatDay(dueDayOf(upcoming.dueAt, offset), locale) }) : t('quicklog.next.none')}
        </p>
        {canWrite ? <p class="muted small" data-testid="writes-hint">{t('writes.popupHint', { crm: t(`crm.${deal.crm}`) })}</p> : null}
      </header>
      <form
        ref={formRef}
        tabIndex={-1}
        class="quick-log__form"
        aria-label={t('quicklog.title')}
        onKeyDown={onKeyDown}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset class="choice" data-group="type">
          <legend>{t('quicklog.type')}</legend>
          {types.map((option, i) => (
            <label key={option} class={type === option ? 'chip chip--on' : 'chip'}>
              <input type="radio" name="type" value={option} checked={type === option} onChange={() => pickType(option, false)} />
              <kbd aria-hidden="true">{i + 1}</kbd> {typeLabel(t, option)}
            </label>
          ))}
        </fieldset>
        {outcomes.length ? (
          <fieldset class="choice" data-group="outcome" data-testid="outcomes">
            <legend>{t('quicklog.outcome')}</legend>
            {outcomes.map((option, i) => (
              <label key={option} class={outcome === option ? 'chip chip--on' : 'chip'}>
                <input type="radio" name="outcome" value={option} checked={outcome === option} onChange={() => pickOutcome(option)} />
                <kbd aria-hidden="true">{i + 1}</kbd> {outcomeChoice(t, option)}
              </label>
            ))}
          </fieldset>
        ) : null}
        <label class="field">
          <span>{t('quicklog.note')}</span>
          <textarea
            data-field="note"
            rows={3}
            value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)}
            aria-invalid={noteTooLong}
            aria-describedby={noteDescribedBy}
          />
        </label>
        {note.length >= NOTE_COUNTER_FROM ? (
          <p id={`${id}-note-count`} class={noteTooLong ? 'field-error' : 'muted small'} data-testid="note-count" role={noteTooLong ? 'alert' : undefined}>
            {noteMessage()}
          </p>
        ) : null}
        <fieldset class="next-step-fields">
          <legend>{t('quicklog.nextStep')}</legend>
          <label class="field">
            <span>{t('quicklog.nextStepTitle')}</span>
            <input data-field="title" type="text" value={nextTitle} placeholder={t('quicklog.nextStepDefault')} aria-invalid={titleTooLong} onInput={(e) => setNextTitle((e.target as HTMLInputElement).value)} />
          </label>
          <label class="field">
            <span>{t('quicklog.due')}</span>
            <input
              data-field="due"
              data-testid="due"
              type="text"
              value={dueText}
              placeholder={t('quicklog.dueHint')}
              aria-invalid={due?.ok === false}
              aria-describedby={`${id}-due-status`}
              onInput={(e) => {
                setDueText((e.target as HTMLInputElement).value);
                setPastConfirmed(false);
              }}
            />
          </label>
          <p id={`${id}-due-status`} class="due-status small" aria-live="polite">
            {due?.ok && !duePast ? <span class="muted" data-testid="due-parsed">{t('quicklog.dueParsed', { date: formatDay(due.date, locale) })}</span> : null}
            {due && !due.ok ? <span class="field-error" data-testid="due-invalid">{t('quicklog.dueInvalid', { text: dueText.trim() })}</span> : null}
          </p>
          {due?.ok && duePast ? (
            <div class="warning quick-log__past" data-testid="due-past">
              <p>{t('quicklog.duePast', { date: formatDay(due.date, locale) })}</p>
              <label>
                <input data-field="confirm" type="checkbox" checked={pastConfirmed} onChange={(e) => setPastConfirmed((e.target as HTMLInputElement).checked)} />
                {t('quicklog.duePastConfirm')}
              </label>
            </div>
          ) : null}
        </fieldset>
        {error ? <p class="field-error" role="alert" data-testid="quicklog-error">{error}</p> : null}
        <div class="quick-log__actions">
          <button type="submit" class="primary">{t('quicklog.save')}</button>
          <button type="button" class="quick-log__panel" onClick={onOpenSidePanel}>{t('quicklog.openSidePanel')}</button>
        </div>
        <p class="muted small" data-testid="key-hint">{t('quicklog.keys', { types: typeKeys, outcomes: outcomeKeys, mod: modifierKey })}</p>
      </form>
      <div class="toast-region" aria-live="polite" aria-atomic="true">
        {toast ? (
          <p class="toast" data-testid="toast">
            <span>{toastText}</span>
            {toast.state === 'logged' ? <button type="button" onClick={() => void undo()}>{t('quicklog.undo')}</button> : null}
          </p>
        ) : null}
      </div>
      {toast?.state === 'logged' ? (
        <div data-testid="toast-sync">
          <SyncStatus
            activity={activities.find((a) => a.id === toast.activity.id) ?? toast.activity}
            write={writes.find((w) => w.activityId === toast.activity.id)}
            crm={deal.crm}
            canWrite={false}
            now={now()}
            onWriteNow={(activityId) => void queueNow(db, activityId, now()).then((queued) => queued && writeBack.flush())}
          />
        </div>
      ) : null}
    </main>
  );
}
