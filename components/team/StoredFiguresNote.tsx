import { useI18n } from '../i18n';
import { timeAgo } from '../team-sync/SyncProvenance';

/**
 * Said while a team page shows its figures as last worked out (lib/team-figures/stored.ts) and the
 * worker reads the team's data again: when they were worked out. Nothing once they are current.
 */
export function StoredFiguresNote({ storedAt, now }: { storedAt: number | null; now: () => Date }) {
  const { t, locale } = useI18n();
  if (storedAt === null) return null;
  return (
    <p class="muted small" role="status" data-testid="stored-figures">
      {t('team.storedFigures', { ago: timeAgo(storedAt, now().getTime(), locale) })}
    </p>
  );
}
