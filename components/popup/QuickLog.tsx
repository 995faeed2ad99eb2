import type { StagecraftDb } from '@/lib/db/database';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useTabId, type TabSource } from '../hooks/useTabId';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { DealHeader } from '../sidepanel/DealHeader';

export interface QuickLogProps {
  db: StagecraftDb;
  tabs: TabSource;
}

/** The quick-log popup: knows the current tab's deal. */
export function QuickLog({ db, tabs }: QuickLogProps) {
  const { t } = useI18n();
  const tabId = useTabId(tabs);
  const view = useLiveQuery(async () => {
    if (tabId === null) return null;
    const binding = await db.tabs.get(tabId);
    return binding?.dealKey ? ((await db.deals.get(binding.dealKey)) ?? null) : null;
  }, [db, tabId]);
  if (view.status !== 'ready') return <Notice title={t('state.loading')} />;
  if (!view.value) {
    return (
      <Notice title={t('state.notDeal.title')}>
        <p>{t('state.notDeal.body')}</p>
      </Notice>
    );
  }
  return (
    <main class="quick-log">
      <h1 class="visually-hidden">{t('popup.title')}</h1>
      <DealHeader deal={view.value.snapshot} />
    </main>
  );
}
