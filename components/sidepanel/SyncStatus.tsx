import { formatLoggedAt, formatTimeOfDay } from '@/lib/activities/due';
import { activityInSentence } from '@/lib/activities/describe';
import { syncViewOf } from '@/lib/activities/sync-view';
import type { CrmId } from '@/lib/model/deal';
import type { Activity, CrmWrite } from '@/lib/model/records.schema';
import { useI18n } from '../i18n';

export interface SyncStatusProps {
  activity: Activity;
  /** Its write-back queue entry, if any. */
  write: CrmWrite | undefined;
  crm: CrmId;
  /** Activities on this CRM's deals are written to it now. */
  canWrite: boolean;
  now: Date;
  /** "Write to …" / "Try again now". */
  onWriteNow(activityId: string): void;
}

/** One activity's place in the CRM, in a line (with the one action that helps, if any). */
export function SyncStatus({ activity, write, crm, canWrite, now, onWriteNow }: SyncStatusProps) {
  const { t, locale } = useI18n();
  const view = syncViewOf(activity, write, canWrite, now);
  const name = t(`crm.${crm}`);
  const what = activityInSentence(t, activity);
  switch (view.state) {
    case 'none':
      return null;
    case 'local':
      return (
        <p class="sync sync--local small" data-sync="local">
          <span class="muted">{t('writes.state.local')}</span>{' '}
          <button type="button" class="link" data-action="write-crm" aria-label={t('writes.action.writeLabel', { what, crm: name })} onClick={() => onWriteNow(activity.id)}>
            {t('writes.action.write', { crm: name })}
          </button>
        </p>
      );
    case 'pending':
      return <p class="sync sync--pending small muted" data-sync="pending" role="status">{t('writes.state.pending', { crm: name })}</p>;
    case 'synced':
      return <p class="sync sync--synced small" data-sync="synced"><span aria-hidden="true">✓ </span>{t('writes.state.synced', { crm: name })}</p>;
    case 'failed': {
      const retryAt = new Date(view.retryAt);
      const sameDay = retryAt.toDateString() === now.toDateString();
      const time = sameDay ? formatTimeOfDay(view.retryAt, locale) : formatLoggedAt(view.retryAt, locale);
      return (
        <div class="sync sync--failed small" data-sync="failed" role="status">
          <p>{t('writes.state.failed', { crm: name, reason: t(`writes.reason.${view.reason}`, { crm: name, kinds: t('cause.consent.crmKinds') }) })}</p>
          {view.detail ? <p class="muted" data-testid="sync-detail">{t('cause.technicalOnly', { technical: view.detail })}</p> : null}
          <p class="muted">
            {t('writes.state.kept', { when: view.soon ? t('writes.when.soon') : t('writes.when.at', { time }) })}{' '}
            <button type="button" class="link" data-action="retry-crm" aria-label={t('writes.action.retryLabel', { what, crm: name })} onClick={() => onWriteNow(activity.id)}>
              {t('writes.action.retry')}
            </button>
          </p>
        </div>
      );
    }
  }
}
