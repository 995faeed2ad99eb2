import type { StagecraftDb } from '@/lib/db/database';
import { refusedTicks } from '@/lib/db/tick-queue';
import type { CrmId } from '@/lib/model/deal';
import { CRM_IDS } from '@/lib/model/deal';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { causeText } from '@/lib/i18n/cause';

const CRM_NAME_KEYS = { salesforce: 'crm.salesforce', pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot' } as const;

/** A CRM that refused the shared checklist tasks for want of permission, said once per CRM (the ticks stay here). */
export function RefusedTicks({ db }: { db: StagecraftDb }) {
  const { t, locale } = useI18n();
  const refused = useLiveQuery(() => refusedTicks(db), [db]);
  if (refused.status !== 'ready') return null;
  const crms = CRM_IDS.filter((crm: CrmId) => refused.value[crm]);
  if (crms.length === 0) return null;
  return (
    <section class="card" data-testid="refused-ticks">
      {crms.map((crm) => (
        <p key={crm} class="connection__warning" data-testid={`refused-ticks-${crm}`}>
          {t('share.refused', { crm: t(CRM_NAME_KEYS[crm]), count: refused.value[crm]!.count, reason: causeText(refused.value[crm]!.cause, t, locale) })}
        </p>
      ))}
    </section>
  );
}
