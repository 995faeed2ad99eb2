import type { StagecraftDb } from '@/lib/db/database';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useTabId, type TabSource } from '../hooks/useTabId';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { useRef, useState } from 'preact/hooks';
import { tabIndexForKey } from '../common/tab-keys';
import { DealView } from './DealView';
import { Scorecard } from './Scorecard';
import type { CreateTeamFiguresRunner } from '../team/useTeamFigures';
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
  /** Where the scorecard's figures are worked out (the entry passes a worker's); this thread when absent. */
  createFiguresRunner?: CreateTeamFiguresRunner;
}

type PanelTab = 'deal' | 'myDay' | 'scorecard';
const PANEL_TABS: readonly PanelTab[] = ['deal', 'myDay', 'scorecard'];
const TAB_TEST_IDS: Record<PanelTab, string> = { deal: 'tab-deal', myDay: 'tab-my-day', scorecard: 'tab-scorecard' };

const SUPPORTED_HOSTS = 'Pipedrive (*.pipedrive.com), HubSpot (app.hubspot.com), Salesforce Lightning (*.lightning.force.com)';

/** The rep's view of the deal in the followed tab, live from IndexedDB. */
export function SidePanel({ db, tabs, actions, now, copyText, createFiguresRunner }: SidePanelProps) {
  const { t } = useI18n();
  const tabId = useTabId(tabs);
  const [tab, setTab] = useState<PanelTab>('deal');
  const tabRefs = useRef<Partial<Record<PanelTab, HTMLButtonElement | null>>>({});
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
        <p>{t('state.readError.body')}</p>
        {binding.detail ? <p class="muted small">{t('cause.technicalOnly', { technical: binding.detail })}</p> : null}
        <button type="button" onClick={() => actions.reread(tabId)}>{t('action.retry')}</button>
      </Notice>
    );
  }
  // Tabs as in the ARIA tabs pattern: one tab stop, arrow keys move between the tabs.
  const tabKeyDown = (event: KeyboardEvent) => {
    const next = tabIndexForKey(event.key, PANEL_TABS.indexOf(tab), PANEL_TABS.length);
    if (next === null) return;
    event.preventDefault();
    const id = PANEL_TABS[next]!;
    setTab(id);
    tabRefs.current[id]?.focus();
  };
  return (
    <main>
      <div class="tabs" role="tablist" aria-label={t('panel.tabs')} onKeyDown={tabKeyDown}>
        {PANEL_TABS.map((id) => (
          <button
            key={id}
            ref={(el) => void (tabRefs.current[id] = el)}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-controls={`panel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            data-testid={TAB_TEST_IDS[id]}
          >
            {t(`panel.tab.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'deal' ? (
          <DealView db={db} dealKey={deal.key} now={now} copyText={copyText} onOpenOptions={actions.openOptions} onLogActivity={() => actions.openQuickLog(tabId)} />
        ) : tab === 'myDay' ? (
          <MyDay db={db} now={now} onOpenDeal={actions.openUrl} onOpenOptions={actions.openOptions} />
        ) : (
          <Scorecard db={db} crm={deal.crm} account={deal.account} dealOwner={deal.snapshot.owner} now={now} onOpenUrl={actions.openUrl} createFiguresRunner={createFiguresRunner} />
        )}
      </div>
    </main>
  );
}
