import type { StagecraftDb } from '@/lib/db/database';
import { safeDealUrl } from '@/lib/crm/deal-url';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useTabId, type TabSource } from '../hooks/useTabId';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { useState } from 'preact/hooks';
import { DealView } from './DealView';
import { Scorecard } from './Scorecard';
import { MyDay } from './MyDay';

export interface SidePanelActions {
  reread(tabId: number): void;
  openOptions(): void;
  openQuickLog(tabId: number): void;
  openUrl(url: string): void;
}

export interface SidePanelProps {
  db: StagecraftDb;
  tabs: TabSource;
  actions: SidePanelActions;
  now?: () => Date;
  /** Puts text on the clipboard (tests pass their own). */
  copyText?: (text: string) => Promise<void>;
}

const SUPPORTED_HOSTS = 'Pipedrive (*.pipedrive.com), HubSpot (app.hubspot.com), Salesforce Lightning (*.lightning.force.com)';

/** The rep's view of the deal in the followed tab, live from IndexedDB. */
export function SidePanel({ db, tabs, actions, now, copyText }: SidePanelProps) {
  const { t } = useI18n();
  const tabId = useTabId(tabs);
  const [tab, setTab] = useState<'deal' | 'myDay' | 'scorecard'>('deal');
  const view = useLiveQuery(async () => {
    if (tabId === null) return null;
    const binding = await db.tabs.get(tabId);
    const deal = binding?.dealKey ? await db.deals.get(binding.dealKey) : undefined;
    return { binding, deal };
  }, [db, tabId]);

  if (tabId === null) return <Notice title={t('state.noTab')} />;
  if (view.status === 'loading') return <Notice title={t('state.loading')} />;
  if (view.status === 'error') return <Notice tone="error" title={t('state.readError.title')}>{view.error}</Notice>;
  const binding = view.value?.binding;
  const deal = view.value?.deal;

  // Not on a deal: the day across all my deals, then where Stagecraft works.
  if (!binding || binding.state === 'notDeal') {
    return (
      <main>
        <MyDay db={db} now={now} onOpenDeal={actions.openUrl} onOpenOptions={actions.openOptions} />
        <Notice title={t('state.notDeal.title')}>
          <p>{t('state.notDeal.body')}</p>
          <p class="muted">{t('state.notDeal.where', { hosts: SUPPORTED_HOSTS })}</p>
        </Notice>
      </main>
    );
  }
  if (binding.state === 'loading') return <Notice title={t('state.loading')} />;
  if (binding.state === 'readError' || !deal) {
    return (
      <Notice tone="error" title={t('state.readError.title')}>
        <p>{t('state.readError.body', { detail: binding.detail ?? '?' })}</p>
        <button type="button" onClick={() => actions.reread(tabId)}>{t('action.retry')}</button>
      </Notice>
    );
  }
  const openDeal = (dealKey: string) => void db.deals.get(dealKey).then((d) => d && actions.openUrl(safeDealUrl(d)));
  return (
    <main>
      <div class="tabs" role="tablist">
        <button type="button" role="tab" id="tab-deal" aria-controls="panel-deal" aria-selected={tab === 'deal'} onClick={() => setTab('deal')}>{t('panel.tab.deal')}</button>
        <button type="button" role="tab" id="tab-myDay" aria-controls="panel-myDay" aria-selected={tab === 'myDay'} onClick={() => setTab('myDay')} data-testid="tab-my-day">{t('panel.tab.myDay')}</button>
        <button type="button" role="tab" id="tab-scorecard" aria-controls="panel-scorecard" aria-selected={tab === 'scorecard'} onClick={() => setTab('scorecard')} data-testid="tab-scorecard">{t('panel.tab.scorecard')}</button>
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'deal' ? (
          <DealView db={db} dealKey={deal.key} now={now} copyText={copyText} onOpenOptions={actions.openOptions} onLogActivity={() => actions.openQuickLog(tabId)} />
        ) : tab === 'myDay' ? (
          <MyDay db={db} now={now} onOpenDeal={actions.openUrl} onOpenOptions={actions.openOptions} />
        ) : (
          <Scorecard db={db} crm={deal.crm} dealOwner={deal.snapshot.owner} currency={deal.snapshot.currency} now={now} onOpenDeal={openDeal} />
        )}
      </div>
    </main>
  );
}
