import { useEffect, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import type { Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';

export interface CuesSettingsProps {
  db: StagecraftDb;
  settings: Settings;
  /** Asks the browser for the `notifications` permission (inside the click); absent where there is no browser to ask. */
  requestNotifications?: () => Promise<boolean>;
}

/** The rep's cues: My day's count on the badge, the daily reminder, overdue notifications. Each off until switched on. */
export function CuesSettings({ db, settings, requestNotifications }: CuesSettingsProps) {
  const { t } = useI18n();
  const [denied, setDenied] = useState(false);
  const [time, setTime] = useState(settings.dailyReminder.time);
  useEffect(() => setTime(settings.dailyReminder.time), [settings.dailyReminder.time]);

  // Switching a notification on asks for the permission first; refused, the switch stays off.
  const allowed = async (on: boolean) => {
    if (!on || !requestNotifications) return true;
    const granted = await requestNotifications().catch(() => false);
    setDenied(!granted);
    return granted;
  };
  const setReminder = async (enabled: boolean) => {
    if (await allowed(enabled)) await updateSettings(db, { dailyReminder: { ...settings.dailyReminder, enabled } });
  };
  const setOverdue = async (on: boolean) => {
    if (await allowed(on)) await updateSettings(db, { overdueNotifications: on });
  };
  const setReminderTime = (value: string) => {
    setTime(value);
    if (/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) void updateSettings(db, { dailyReminder: { ...settings.dailyReminder, time: value } });
  };

  return (
    <fieldset class="group" data-testid="cues-settings">
      <legend>{t('options.cues.legend')}</legend>
      <p class="field-hint">{t('options.cues.hint')}</p>
      <label class="checkbox">
        <input type="checkbox" checked={settings.myDayBadge} onChange={(e) => void updateSettings(db, { myDayBadge: e.currentTarget.checked })} data-testid="cue-badge" />
        {t('options.cues.badge')}
      </label>
      <div class="cues__reminder">
        <label class="checkbox">
          <input type="checkbox" checked={settings.dailyReminder.enabled} onChange={(e) => { const on = e.currentTarget.checked; e.currentTarget.checked = settings.dailyReminder.enabled; void setReminder(on); }} data-testid="cue-reminder" />
          {t('options.cues.reminder')}
        </label>{' '}
        <input type="time" aria-label={t('options.cues.reminder')} value={time} onInput={(e) => setReminderTime(e.currentTarget.value)} data-testid="cue-reminder-time" />
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={settings.overdueNotifications} onChange={(e) => { const on = e.currentTarget.checked; e.currentTarget.checked = settings.overdueNotifications; void setOverdue(on); }} data-testid="cue-overdue" />
        {t('options.cues.overdue')}
      </label>
      {denied ? <p class="field-error" role="alert">{t('options.cues.denied')}</p> : null}
    </fieldset>
  );
}
