import type { StagecraftDb } from '@/lib/db/database';
import { pausedDeals } from '@/lib/my-day/paused-deals';
import { calendarDay } from '@/lib/playbook/days';
import { formatDate } from '@/lib/i18n/format';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';

/** The manager's list of paused deals: who paused what, why, and when it wakes. */
export function PausedDeals({ db, now = () => new Date() }: { db: StagecraftDb; now?: () => Date }) {
  const { t, locale } = useI18n();
  const rows = useLiveQuery(async () => {
    const [pauses, deals] = await Promise.all([db.pauses.toArray(), db.deals.toArray()]);
    const at = now();
    const offset = -at.getTimezoneOffset();
    return pausedDeals(pauses, deals, calendarDay(at, offset), offset);
  }, [db]);
  if (rows.status !== 'ready') return null;
  return (
    <section class="panel" aria-labelledby="paused-deals-title" data-testid="paused-deals">
      <h2 id="paused-deals-title">{t('team.paused.heading')}</h2>
      {rows.value.length === 0 ? (
        <p class="muted">{t('team.paused.none')}</p>
      ) : (
        <table class="team-table paused-deals">
          <thead>
            <tr>
              <th scope="col">{t('team.paused.deal')}</th>
              <th scope="col">{t('team.paused.owner')}</th>
              <th scope="col">{t('team.paused.reason')}</th>
              <th scope="col">{t('team.paused.since')}</th>
              <th scope="col">{t('team.paused.until')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.value.map((row) => (
              <tr key={row.dealKey} data-deal-key={row.dealKey}>
                <td>{row.url ? <a href={row.url} target="_blank" rel="noopener noreferrer">{row.title ?? t('deal.unknown')}</a> : (row.title ?? t('deal.unknown'))}</td>
                <td>{row.owner ?? t('deal.unknown')}</td>
                <td class="paused-deals__reason">{row.reason}</td>
                <td>{formatDate(row.since, locale)}</td>
                <td>{formatDate(row.until, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
