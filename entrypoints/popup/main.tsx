import { render } from 'preact';
import '@/components/styles/theme.css';
import { openDatabase } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import { I18nProvider } from '@/components/i18n';
import { useLocale } from '@/components/hooks/useLocale';
import { tabSourceFromLocation } from '../sidepanel/tab-source';

const db = openDatabase();
const tabs = tabSourceFromLocation(location.href);

/** From a click in the popup (a user gesture): open the side panel of this window, then close. */
async function openSidePanel() {
  const win = await browser.windows.getCurrent();
  if (chrome.sidePanel && win.id !== undefined) await chrome.sidePanel.open({ windowId: win.id });
  else await (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction?.open();
  window.close();
}

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <QuickLog db={db} tabs={tabs} onOpenSidePanel={() => void openSidePanel()} />
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
