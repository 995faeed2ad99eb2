import type { Locale } from '@/lib/model/settings.schema';
import type { SyncProvenance as Provenance } from '@/lib/team-sync/source';
import { useI18n } from '../i18n';

const CRM_NAME_KEYS = { salesforce: 'crm.salesforce', pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot' } as const;

/** "14 min ago", "3 h ago", "2 days ago" in the user's language. */
export function timeAgo(thenMs: number, nowMs: number, locale: Locale): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const minutes = Math.max(0, Math.round((nowMs - thenMs) / 60_000));
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(-hours, 'hour');
  return format.format(-Math.round(hours / 24), 'day');
}

/** Where the team's figures come from: "Synced from HubSpot 14 min ago · 18 412 deals". Nothing when never synced. */
export function SyncProvenance({ provenance, now }: { provenance: Provenance | null; now: () => Date }) {
  const { t, locale } = useI18n();
  if (!provenance) return null;
  return (
    <p class="muted small" data-testid="sync-provenance">
      {t('teamSync.provenance', { crm: t(CRM_NAME_KEYS[provenance.crm]), ago: timeAgo(provenance.syncedAt, now().getTime(), locale), deals: new Intl.NumberFormat(locale).format(provenance.deals) })}
    </p>
  );
}
