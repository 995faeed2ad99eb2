import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { deleteActivity, editActivity, NOTE_LIMIT } from '@/lib/activities/store';
import { formatDate } from '@/lib/i18n/format';
import { OUTCOMES, type ActivityType } from '@/lib/model/activity';
import type { Activity } from '@/lib/model/records.schema';
import { useI18n } from '../i18n';

export interface ActivityHistoryProps {
  db: StagecraftDb;
  /** Newest first. */
  activities: readonly Activity[];
  keyTypes: readonly ActivityType[];
  onLogActivity(): void;
  onError(error: unknown): void;
}

/** The deal's recent activities: editable and deletable, with a button to log a new one. */
export function ActivityHistory({ db, activities, keyTypes, onLogActivity, onError }: ActivityHistoryProps) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<{ type: ActivityType; outcome: string | null; note: string }>({ type: 'call', outcome: null, note: '' });
  const [confirming, setConfirming] = useState<string | null>(null);

  const startEdit = (activity: Activity) => {
    setEditing(activity.id);
    setDraft({ type: activity.type, outcome: activity.outcome, note: activity.note });
  };
  const saveEdit = async (id: string) => {
    try {
      const result = await editActivity(db, id, draft);
      if (!result.ok) return onError(result.error);
      setEditing(null);
    } catch (error) {
      onError(error);
    }
  };
  const types = [...new Set([...keyTypes, draft.type])];

  return (
    <section class="card" aria-labelledby="history-heading" data-testid="activity-history">
      <h2 id="history-heading">{t('history.title')}</h2>
      <button type="button" class="primary" onClick={onLogActivity} data-testid="log-activity">{t('panel.logActivity')}</button>
      {activities.length === 0 ? <p class="muted">{t('history.empty')}</p> : null}
      <ul class="activities">
        {activities.map((activity) =>
          editing === activity.id ? (
            <li key={activity.id} class="activity activity--editing">
              <form onSubmit={(e) => { e.preventDefault(); void saveEdit(activity.id); }}>
                <select aria-label={t('quicklog.type')} value={draft.type} onChange={(e) => setDraft({ ...draft, type: (e.target as HTMLSelectElement).value as ActivityType, outcome: null })}>
                  {types.map((type) => <option key={type} value={type}>{t(`activity.${type}`)}</option>)}
                </select>
                {OUTCOMES[draft.type].length ? (
                  <select aria-label={t('quicklog.outcome')} value={draft.outcome ?? ''} onChange={(e) => setDraft({ ...draft, outcome: (e.target as HTMLSelectElement).value || null })}>
                    <option value="">—</option>
                    {OUTCOMES[draft.type].map((outcome) => <option key={outcome} value={outcome}>{t(`outcome.${outcome}` as 'outcome.done')}</option>)}
                  </select>
                ) : null}
                <textarea aria-label={t('quicklog.note')} rows={3} value={draft.note} onInput={(e) => setDraft({ ...draft, note: (e.target as HTMLTextAreaElement).value })} />
                {draft.note.length > NOTE_LIMIT ? <p class="field-error">{t('quicklog.noteTooLong', { count: draft.note.length, limit: NOTE_LIMIT })}</p> : null}
                <button type="submit" class="primary" disabled={draft.note.length > NOTE_LIMIT}>{t('history.save')}</button>
                <button type="button" onClick={() => setEditing(null)}>{t('history.cancel')}</button>
              </form>
            </li>
          ) : (
            <li key={activity.id} class="activity" data-activity-type={activity.type}>
              <p class="activity__what">
                <strong>{t(`activity.${activity.type}`)}</strong>
                {activity.outcome ? ` — ${t(`outcome.${activity.outcome}` as 'outcome.done')}` : ''}
                <span class="muted small"> · {formatDate(activity.at, locale)}</span>
              </p>
              {activity.note ? <p class="activity__note">{activity.note}</p> : null}
              {activity.nextStep ? <p class="muted small">{t('history.nextStep', { title: activity.nextStep.title, date: formatDate(activity.nextStep.dueAt, locale) })}</p> : null}
              <div class="activity__actions">
                <button type="button" onClick={() => startEdit(activity)}>{t('history.edit')}</button>
                {confirming === activity.id ? (
                  <>
                    <span>{t('history.deleteConfirm')}</span>
                    <button type="button" onClick={() => void deleteActivity(db, activity.id).catch(onError)}>{t('history.delete')}</button>
                    <button type="button" onClick={() => setConfirming(null)}>{t('history.cancel')}</button>
                  </>
                ) : (
                  <button type="button" onClick={() => setConfirming(activity.id)}>{t('history.delete')}</button>
                )}
              </div>
            </li>
          ),
        )}
      </ul>
    </section>
  );
}
