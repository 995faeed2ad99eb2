import { render } from 'preact';
import '@/components/styles/theme.css';
import { openDatabase } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import { I18nProvider } from '@/components/i18n';
import { CrmWriteBackProvider } from '@/components/common/CrmWriteBack';
import { browserCrmWriteBack } from '../sidepanel/crm-write-back';
import { useLocale } from '@/components/hooks/useLocale';
import { tabSourceFromLocation } from '../sidepanel/tab-source';
import { chromeSidePanel } from '../background/chrome-side-panel';

const db = openDatabase();
const tabs = tabSourceFromLocation(location.href);
const modifierKey = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

type SidebarBrowser = typeof browser & { sidebarAction?: { open(): Promise<void> } };

// The window is known before any click: chrome.sidePanel.open must be called while the click's
// user gesture is still current, so nothing may be awaited before it.
let windowId: number | undefined;
void browser.windows.getCurrent().then((win) => {
  windowId = win.id;
}, () => {});

/** From a click in the popup (a user gesture): open the side panel of this window, then close. */
function openSidePanel() {
  const panel = chromeSidePanel();
  const opening =
    panel && windowId !== undefined
      ? panel.open({ windowId })
      : (browser as SidebarBrowser).sidebarAction?.open(); // Firefox: the sidebar
  void Promise.resolve(opening).then(
    () => window.close(),
    (error: unknown) => console.warn('[Stagecraft] could not open the side panel', String(error)),
  );
}

function Root() {
  const locale = useLocale(db, navigator.languages);
  document.documentElement.lang = locale;
  return (
    <I18nProvider locale={locale}>
      <CrmWriteBackProvider value={browserCrmWriteBack}>
        <QuickLog db={db} tabs={tabs} onOpenSidePanel={openSidePanel} modifierKey={modifierKey} />
      </CrmWriteBackProvider>
    </I18nProvider>
  );
}

render(<Root />, document.getElementById('app')!);
