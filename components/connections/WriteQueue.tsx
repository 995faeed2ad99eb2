import type { StagecraftDb } from '@/lib/db/database';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useCrmWriteBack } from '../common/CrmWriteBack';
import { useI18n } from '../i18n';

/** How many logged activities wait to be written to the CRM (and how many failed last time), with "try all again". */
export function WriteQueue({ db }: { db: StagecraftDb }) {
  const { t } = useI18n();
  const writeBack = useCrmWriteBack();
  const queue = useLiveQuery(async () => {
    const writes = await db.crmWrites.toArray();
    return { waiting: writes.length, failing: writes.filter((write) => write.attempts > 0).length };
  }, [db]);
  if (queue.status !== 'ready' || queue.value.waiting === 0) return null;
  const { waiting, failing } = queue.value;
  return (
    <section class="card write-queue" aria-labelledby="write-queue-title" data-testid="write-queue">
      <p id="write-queue-title">{t('writes.waiting', { count: waiting })}</p>
      {failing ? <p class="field-hint">{t('writes.failing', { count: failing })}</p> : null}
      <div class="actions">
        <button type="button" onClick={() => writeBack.flush(true)} data-testid="write-queue-retry">{t('writes.retryAll')}</button>
      </div>
    </section>
  );
}
