import type { StagecraftDb } from '@/lib/db/database';
import { updateSettings } from '@/lib/db/settings';
import type { MessageKey } from '@/lib/i18n';
import type { Settings } from '@/lib/model/settings.schema';
import { useI18n } from '../i18n';

const SWITCHES: readonly { key: keyof Settings['rewards']; label: MessageKey }[] = [
  { key: 'passHardStage', label: 'options.rewards.passHardStage' },
  { key: 'firstWinOfQuarter', label: 'options.rewards.firstWinOfQuarter' },
  { key: 'wonWithEveryTask', label: 'options.rewards.wonWithEveryTask' },
  { key: 'activeWeek', label: 'options.rewards.activeWeek' },
];

export interface RewardsSettingsProps {
  db: StagecraftDb;
  settings: Settings;
}

/** What the side panel praises: a deal moved past a hard stage (on), and the milestones the manager switches on. */
export function RewardsSettings({ db, settings }: RewardsSettingsProps) {
  const { t } = useI18n();
  return (
    <fieldset class="group" data-testid="rewards-settings">
      <legend>{t('options.rewards.legend')}</legend>
      <p class="field-hint">{t('options.rewards.hint')}</p>
      {SWITCHES.map(({ key, label }) => (
        <label class="checkbox" key={key}>
          <input type="checkbox" checked={settings.rewards[key]} onChange={(e) => void updateSettings(db, { rewards: { ...settings.rewards, [key]: e.currentTarget.checked } })} data-testid={`reward-${key}`} />
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
}
