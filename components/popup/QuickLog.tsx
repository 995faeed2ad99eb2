import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useTabId, type TabSource } from '../hooks/useTabId';
import { useI18n } from '../i18n';
import { Notice } from '../common/Notice';
import { QuickLogForm } from './QuickLogForm';
import './quicklog.css';

export interface QuickLogProps {
  db: StagecraftDb;
  /** The tab whose deal is logged on (`popup.html?tab=<id>` binds one). */
  tabs: TabSource;
  /** Opens the side panel (the entry calls chrome.sidePanel.open from this click: a user gesture). */
  onOpenSidePanel(): void;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
  /** "Ctrl" or "⌘" in the key hints. */
  modifierKey?: string;
}

const systemNow = () => new Date();
const SUPPORTED_HOSTS = 'Pipedrive (*.pipedrive.com), HubSpot (app.hubspot.com), Salesforce Lightning (*.lightning.force.com)';

/** A page state with the way out: the side panel. Its button takes the focus, so Enter opens it. */
function StateNotice({ title, tone, children, onOpenSidePanel }: { title: string; tone?: 'info' | 'error'; children?: ComponentChildren; onOpenSidePanel(): void }) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <div class="quick-log quick-log--state" data-testid="quicklog-state">
      <Notice title={title} tone={tone}>
        {children}
        <button ref={button} type="button" class="primary" onClick={onOpenSidePanel}>{t('quicklog.openSidePanel')}</button>
      </Notice>
    </div>
  );
}

/** The quick-log popup: log what just happened on the current tab's deal, keyboard first. */
export function QuickLog({ db, tabs, onOpenSidePanel, now = systemNow, modifierKey = 'Ctrl' }: QuickLogProps) {
  const { t } = useI18n();
  const tabId = useTabId(tabs);
  const view = useLiveQuery(async () => {
    const settings = await loadSettings(db);
    const binding = tabId === null ? undefined : await db.tabs.get(tabId);
    const deal = binding?.dealKey ? ((await db.deals.get(binding.dealKey)) ?? null) : null;
    const activities = deal ? await db.activities.where('dealKey').equals(deal.key).toArray() : [];
    const writes = deal ? await db.crmWrites.where('dealKey').equals(deal.key).toArray() : [];
    return { settings, binding, deal, activities, writes };
  }, [db, tabId]);

  if (view.status === 'loading') return <div class="quick-log"><Notice title={t('state.loading')} /></div>;
  if (view.status === 'error') {
    return <StateNotice tone="error" title={t('state.readError.title')} onOpenSidePanel={onOpenSidePanel}><p>{view.error}</p></StateNotice>;
  }
  const { settings, binding, deal, activities, writes } = view.value;
  if (deal) {
    return <QuickLogForm db={db} deal={deal} settings={settings} activities={activities} writes={writes} now={now} modifierKey={modifierKey} onOpenSidePanel={onOpenSidePanel} />;
  }
  if (binding?.state === 'loading') return <div class="quick-log"><Notice title={t('state.loading')} /></div>;
  if (binding?.state === 'readError' || binding?.state === 'deal') {
    return (
      <StateNotice tone="error" title={t('state.readError.title')} onOpenSidePanel={onOpenSidePanel}>
        <p>{t('state.readError.body')}</p>
        {binding.detail ? <p class="muted small">{t('cause.technicalOnly', { technical: binding.detail })}</p> : null}
      </StateNotice>
    );
  }
  return (
    <StateNotice title={t('quicklog.notDeal.title')} onOpenSidePanel={onOpenSidePanel}>
      <p>{t('quicklog.notDeal.body')}</p>
      <p class="muted small">{t('state.notDeal.where', { hosts: SUPPORTED_HOSTS })}</p>
    </StateNotice>
  );
}
