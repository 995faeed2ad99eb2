import { render } from 'preact';
import '@/components/styles/theme.css';
import { openDatabase } from '@/lib/db/database';
import { sendMessage } from '@/lib/messaging';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import { I18nProvider } from '@/components/i18n';
import { CrmWriteBackProvider } from '@/components/common/CrmWriteBack';
import { browserCrmWriteBack } from './crm-write-back';
import { useLocale } from '@/components/hooks/useLocale';
import { tabSourceFromLocation } from './tab-source';
// The scorecard's figures come from the same worker as the options page's team pages.
import { createTeamFiguresRunner } from '../options/team-figures-runner';

const db = openDatabase();
const tabs = tabSourceFromLocation(location.href);
const actions = {
  reread: (tabId: number) => void sendMessage('rereadTab', { tabId }).catch(() => {}),
  openOptions: () => void browser.runtime.openOptionsPage(),
  openQuickLog: (tabId: number) => void sendMessage('openQuickLog', { tabId }).catch(() => {}),
  openUrl: (url: string) => void browser.tabs.create({ url }),
};

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <CrmWriteBackProvider value={browserCrmWriteBack}>
        <SidePanel db={db} tabs={tabs} actions={actions} createFiguresRunner={() => createTeamFiguresRunner(db)} />
      </CrmWriteBackProvider>
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
