import type { StagecraftDb } from '@/lib/db/database';
import { syncAccountRef } from '@/lib/db/sync-account';
import type { CredentialStore } from '@/lib/crm/api/credentials';
import { connectorOf } from '@/lib/crm/connectors';
import type { CrmId } from '@/lib/model/deal';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';

/**
 * A connection that cannot know its account yet (Salesforce's session names no org): what the rep
 * does about it, until a deal of the account is seen (the query follows the deals as they arrive).
 */
export function AccountHint({ db, store, crm }: { db: StagecraftDb; store: CredentialStore; crm: CrmId }) {
  const { t } = useI18n();
  const hint = connectorOf(crm).teamSync.noAccountHint;
  const ref = useLiveQuery(() => (hint ? syncAccountRef(db, store, crm) : null), [db, store, crm, hint]);
  if (!hint || ref.status !== 'ready' || ref.value !== null) return null;
  return (
    <p class="connection__warning" data-testid={`connection-${crm}-no-account`}>
      {t(hint)}
    </p>
  );
}
