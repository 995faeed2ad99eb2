import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { deleteActivity, editActivity, NEXT_STEP_TITLE_LIMIT, NOTE_LIMIT, restoreActivity, type DeletedActivity } from '@/lib/db/activities';
import { dueDayOf, dueInstant, formatCount, formatDay, formatLoggedAt, isPastDay, parseDue } from '@/lib/activities/due';
import { queueNow } from '@/lib/db/crm-queue';
import { waitingDeletes } from '@/lib/activities/sync-view';
import { OUTCOMES, type ActivityType } from '@/lib/model/activity';
import type { CrmId } from '@/lib/model/deal';
import type { Activity, CrmWrite } from '@/lib/model/records.schema';
import { useI18n } from '../i18n';
import { useCrmWriteBack, useWritesEnabled } from '../common/CrmWriteBack';
import { SyncStatus } from './SyncStatus';
import { describeActivity, outcomeChoice, typeLabel } from '../popup/labels';
import '../popup/quicklog.css';

export interface ActivityHistoryProps {
  db: StagecraftDb;
  /** The deal's recent activities, newest first (e.g. `recentActivities(db, dealKey, 20)`). */
  activities: readonly Activity[];
  /** The deal's CRM: where activities are written when it is connected. */
  crm: CrmId;
  /** The deal's write-back queue entries (what the CRM has still to be told). */
  writes: readonly CrmWrite[];
  /** The team's key activity types (settings.keyActivityTypes): offered first when editing. */
  keyTypes: readonly ActivityType[];
  /** The "Log activity" button: the side panel opens the quick-log popup for its tab. */
  onLogActivity(): void;
  /** A write that failed (storage full, database closed): the side panel shows it. */
  onError(error: unknown): void;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

const systemNow = () => new Date();

interface Draft {
  type: ActivityType;
  outcome: string | null;
  note: string;
  nextTitle: string;
  dueText: string;
  pastConfirmed: boolean;
}

/** The deal's recent activities: each editable (type, outcome, note, next step) and deletable with undo. */
export function ActivityHistory({ db, activities, crm, writes, keyTypes, onLogActivity, onError, now = systemNow }: ActivityHistoryProps) {
  const { t, locale } = useI18n();
  const writeBack = useCrmWriteBack();
  const canWrite = useWritesEnabled(crm);
  const writeOf = new Map(writes.map((write) => [write.activityId, write]));
  const deletesWaiting = waitingDeletes(writes, new Set(activities.map((activity) => activity.id)));
  const [editing, setEditing] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<DeletedActivity | null>(null);
  const listRef = useRef<HTMLElement>(null);
  const pendingFocus = useRef<string | null>(null);

  useLayoutEffect(() => {
    const selector = pendingFocus.current;
    if (!selector || !listRef.current) return;
    const element = listRef.current.querySelector<HTMLElement>(selector);
    if (!element) return;
    pendingFocus.current = null;
    element.focus();
  });

  const closeEditor = (id: string) => {
    setEditing(null);
    pendingFocus.current = `[data-activity-id="${id}"] [data-action=edit]`;
  };
  const remove = async (activity: Activity) => {
    try {
      const removed = await deleteActivity(db, activity.id, now());
      setDeleted(removed);
      writeBack.flush();
      pendingFocus.current = '[data-action=undo-delete]';
    } catch (error) {
      onError(error);
    }
  };
  const undoDelete = async () => {
    if (!deleted) return;
    try {
      await restoreActivity(db, deleted, now());
      writeBack.flush();
      pendingFocus.current = `[data-activity-id="${deleted.activity.id}"] [data-action=edit]`;
      setDeleted(null);
    } catch (error) {
      onError(error);
    }
  };
  const label = (activity: Activity) => ({ type: t(`activity.${activity.type}`), date: formatLoggedAt(activity.at, locale) });
  const writeNow = async (id: string) => {
    try {
      if (await queueNow(db, id, now())) writeBack.flush();
    } catch (error) {
      onError(error);
    }
  };

  return (
    <section ref={listRef} class="card activity-history" aria-labelledby="history-heading" data-testid="activity-history">
      <div class="activity-history__head">
        <h2 id="history-heading">{t('history.title')}</h2>
        <button type="button" class="primary" onClick={onLogActivity} data-testid="log-activity">{t('panel.logActivity')}</button>
      </div>
      {activities.length === 0 ? <p class="muted">{t('history.empty')}</p> : null}
      <ul class="activities">
        {activities.map((activity) =>
          editing === activity.id ? (
            <li key={activity.id} class="activity activity--editing" data-activity-id={activity.id}>
              <ActivityEditor
                db={db}
                activity={activity}
                keyTypes={keyTypes}
                now={now}
                onDone={() => {
                  closeEditor(activity.id);
                  writeBack.flush();
                }}
                onError={onError}
              />
            </li>
          ) : (
            <li key={activity.id} class="activity" data-activity-id={activity.id} data-activity-type={activity.type}>
              <p class="activity__what">
                <strong>{describeActivity(t, activity)}</strong>
                <span class="muted small"> · <time dateTime={activity.at}>{formatLoggedAt(activity.at, locale)}</time></span>
              </p>
              {activity.note ? <p class="activity__note">{activity.note}</p> : null}
              {activity.nextStep ? (
                <p class="muted small">{t('history.nextStep', { title: activity.nextStep.title, date: formatDay(dueDayOf(activity.nextStep.dueAt, -now().getTimezoneOffset()), locale) })}</p>
              ) : null}
              <SyncStatus activity={activity} write={writeOf.get(activity.id)} crm={crm} canWrite={canWrite} now={now()} onWriteNow={(id) => void writeNow(id)} />
              <div class="activity__actions">
                <button type="button" data-action="edit" aria-label={t('history.editLabel', label(activity))} onClick={() => setEditing(activity.id)}>{t('history.edit')}</button>
                <button type="button" data-action="delete" aria-label={t('history.deleteLabel', label(activity))} onClick={() => void remove(activity)}>{t('history.delete')}</button>
              </div>
            </li>
          ),
        )}
      </ul>
      {deletesWaiting.length ? (
        <p class="muted small" data-testid="deletes-waiting">{t('writes.deletesWaiting', { crm: t(`crm.${crm}`), count: deletesWaiting.length })}</p>
      ) : null}
      <div aria-live="polite" aria-atomic="true">
        {deleted ? (
          <p class="toast" data-testid="history-toast">
            <span>{t('history.deleted', label(deleted.activity))}</span>
            <button type="button" data-action="undo-delete" onClick={() => void undoDelete()}>{t('quicklog.undo')}</button>
          </p>
        ) : null}
      </div>
    </section>
  );
}

interface ActivityEditorProps {
  db: StagecraftDb;
  activity: Activity;
  keyTypes: readonly ActivityType[];
  now: () => Date;
  onDone(): void;
  onError(error: unknown): void;
}

function ActivityEditor({ db, activity, keyTypes, now, onDone, onError }: ActivityEditorProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const offset = -now().getTimezoneOffset();
  const storedDay = activity.nextStep ? dueDayOf(activity.nextStep.dueAt, offset) : '';
  const [draft, setDraft] = useState<Draft>({
    type: activity.type,
    outcome: activity.outcome,
    note: activity.note,
    nextTitle: activity.nextStep?.title ?? '',
    dueText: storedDay,
    pastConfirmed: false,
  });
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  const update = (change: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setProblem(null);
  };
  const types = [...new Set([...keyTypes, draft.type])];
  const outcomes = OUTCOMES[draft.type];
  const title = draft.nextTitle.trim();
  const dueGiven = draft.dueText.trim() !== '';
  const due = dueGiven ? parseDue(draft.dueText, now(), offset) : null;
  // A step that was already due in the past stays as it was; a newly chosen past day is questioned.
  const duePast = due?.ok === true && due.date !== storedDay && isPastDay(due.date, now(), offset);
  const noteTooLong = draft.note.length > NOTE_LIMIT;

  const save = async () => {
    let message: string | null = null;
    if (noteTooLong) {
      message = t('quicklog.noteTooLong', { count: formatCount(draft.note.length, locale), limit: formatCount(NOTE_LIMIT, locale), over: formatCount(draft.note.length - NOTE_LIMIT, locale) });
    } else if (title.length > NEXT_STEP_TITLE_LIMIT) message = t('quicklog.nextStepTooLong', { count: title.length, limit: NEXT_STEP_TITLE_LIMIT });
    else if (title && !dueGiven) message = t('quicklog.dueMissing', { title });
    else if (due && !due.ok) message = t('quicklog.dueInvalid', { text: draft.dueText.trim() });
    else if (due?.ok && duePast && !draft.pastConfirmed) message = t('quicklog.duePastUnconfirmed', { date: formatDay(due.date, locale) });
    if (message) return setProblem(message);
    const unchangedDue = activity.nextStep && due?.ok && due.date === storedDay;
    const nextStep = due?.ok ? { title: title || t('quicklog.nextStepDefault'), dueAt: unchangedDue ? activity.nextStep!.dueAt : dueInstant(due.date, offset) } : null;
    try {
      const result = await editActivity(db, activity.id, { type: draft.type, outcome: draft.outcome, note: draft.note, nextStep }, now());
      if (!result.ok) return setProblem(result.error);
      onDone();
    } catch (error) {
      onError(error);
    }
  };

  const what = { type: t(`activity.${activity.type}`), date: formatLoggedAt(activity.at, locale) };
  return (
    <form
      class="activity-edit"
      aria-label={t('history.editing', what)}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onDone();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <div class="activity-edit__row">
        <label>
          {t('quicklog.type')}
          <select ref={first} value={draft.type} onChange={(e) => {
            const type = (e.target as HTMLSelectElement).value as ActivityType;
            update({ type, outcome: draft.outcome && OUTCOMES[type].includes(draft.outcome) ? draft.outcome : null });
          }}>
            {types.map((type) => <option key={type} value={type}>{typeLabel(t, type)}</option>)}
          </select>
        </label>
        {outcomes.length ? (
          <label>
            {t('quicklog.outcome')}
            <select value={draft.outcome ?? ''} onChange={(e) => update({ outcome: (e.target as HTMLSelectElement).value || null })}>
              <option value="">{t('history.noOutcome')}</option>
              {outcomes.map((outcome) => <option key={outcome} value={outcome}>{outcomeChoice(t, outcome)}</option>)}
            </select>
          </label>
        ) : null}
      </div>
      <div class="activity-edit__row">
        <label>
          {t('quicklog.note')}
          <textarea rows={3} value={draft.note} aria-invalid={noteTooLong} aria-describedby={noteTooLong ? `${id}-note` : undefined} onInput={(e) => update({ note: (e.target as HTMLTextAreaElement).value })} />
        </label>
      </div>
      {draft.note.length >= NOTE_LIMIT - 1_000 ? (
        <p id={`${id}-note`} class={noteTooLong ? 'field-error' : 'muted small'} data-testid="history-note-count">
          {noteTooLong
            ? t('quicklog.noteTooLong', { count: formatCount(draft.note.length, locale), limit: formatCount(NOTE_LIMIT, locale), over: formatCount(draft.note.length - NOTE_LIMIT, locale) })
            : t('quicklog.noteCount', { count: formatCount(draft.note.length, locale), limit: formatCount(NOTE_LIMIT, locale) })}
        </p>
      ) : null}
      <div class="activity-edit__row" role="group" aria-label={t('quicklog.nextStep')} aria-describedby={`${id}-next-hint`}>
        <label>
          {t('quicklog.nextStep')}: {t('quicklog.nextStepTitle')}
          <input type="text" value={draft.nextTitle} onInput={(e) => update({ nextTitle: (e.target as HTMLInputElement).value })} />
        </label>
        <label>
          {t('quicklog.due')}
          <input type="text" value={draft.dueText} placeholder={t('quicklog.dueHint')} aria-invalid={due?.ok === false} onInput={(e) => update({ dueText: (e.target as HTMLInputElement).value, pastConfirmed: false })} />
        </label>
      </div>
      <p id={`${id}-next-hint`} class="muted small" aria-live="polite">
        {due?.ok ? t('quicklog.dueParsed', { date: formatDay(due.date, locale) }) : due ? <span class="field-error">{t('quicklog.dueInvalid', { text: draft.dueText.trim() })}</span> : t('history.nextStepClear')}
      </p>
      {due?.ok && duePast ? (
        <div class="warning quick-log__past">
          <p>{t('quicklog.duePast', { date: formatDay(due.date, locale) })}</p>
          <label>
            <input type="checkbox" checked={draft.pastConfirmed} onChange={(e) => update({ pastConfirmed: (e.target as HTMLInputElement).checked })} />
            {t('quicklog.duePastConfirm')}
          </label>
        </div>
      ) : null}
      {problem ? <p class="field-error" role="alert" data-testid="history-error">{problem}</p> : null}
      <div class="activity-edit__buttons">
        <button type="submit" class="primary">{t('history.save')}</button>
        <button type="button" onClick={onDone}>{t('history.cancel')}</button>
      </div>
    </form>
  );
}
