import type { StagecraftDb } from '@/lib/db/database';
import { QUICK_LOG_COMMAND, SIDE_PANEL_COMMAND } from '@/lib/extension/manifest';
import { loadSettings } from '@/lib/db/settings';
import { liveQuery } from 'dexie';
import { chromeSidePanel } from './chrome-side-panel';

// The toolbar icon opens the side panel (or, if the team chose so, the quick-log popup).
// Keyboard shortcuts open either one. Chrome: `action` + `sidePanel`; Firefox (MV2):
// `browserAction` + `sidebarAction`.

const POPUP_PATH = 'popup.html';

type FirefoxBrowser = typeof browser & {
  browserAction?: typeof browser.action;
  sidebarAction?: { open(): Promise<void>; toggle(): Promise<void> };
};
const toolbar = () => browser.action ?? (browser as FirefoxBrowser).browserAction!;
const sidebar = () => (browser as FirefoxBrowser).sidebarAction;

export async function applyIconBehaviour(db: StagecraftDb): Promise<void> {
  const settings = await loadSettings(db);
  const popup = settings.iconOpens === 'popup' ? POPUP_PATH : '';
  await toolbar().setPopup({ popup });
  await chromeSidePanel()?.setPanelBehavior({ openPanelOnActionClick: settings.iconOpens !== 'popup' });
}

export async function openQuickLog(db: StagecraftDb, tabId: number | null): Promise<{ opened: boolean }> {
  try {
    await toolbar().setPopup({ popup: tabId === null ? POPUP_PATH : `${POPUP_PATH}?tab=${tabId}` });
    await toolbar().openPopup();
    return { opened: true };
  } catch (error) {
    console.warn('[Stagecraft] could not open the quick-log popup', String(error));
    return { opened: false };
  } finally {
    await applyIconBehaviour(db); // restore what a click on the icon does
  }
}

export function registerActionBehaviour(db: StagecraftDb): void {
  // Follows the team's choice live: the options page writes the setting, the icon changes at once.
  liveQuery(() => loadSettings(db).then((s) => s.iconOpens)).subscribe({ next: () => void applyIconBehaviour(db) });
  // Firefox has no "open panel on click": a click without a popup toggles the sidebar.
  if (!chromeSidePanel() && sidebar()) toolbar().onClicked.addListener(() => void sidebar()!.toggle());
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === QUICK_LOG_COMMAND) void openQuickLog(db, tab?.id ?? null);
    if (command !== SIDE_PANEL_COMMAND) return;
    const panel = chromeSidePanel();
    if (panel && tab?.windowId !== undefined) void panel.open({ windowId: tab.windowId });
    else void sidebar()?.open();
  });
}
