import type { StagecraftDb } from '@/lib/db/database';
import { activePlaybook } from '@/lib/db/playbooks';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';

/** The managers' page. */
export function Options({ db }: { db: StagecraftDb }) {
  const { t } = useI18n();
  const playbook = useLiveQuery(() => activePlaybook(db), [db]);
  return (
    <main class="options">
      <h1>{t('options.title')}</h1>
      {playbook.status === 'ready' && playbook.value ? (
        <p data-testid="active-playbook">{playbook.value.playbook.name}</p>
      ) : (
        <p>{t('state.noPlaybook.title')}</p>
      )}
    </main>
  );
}
