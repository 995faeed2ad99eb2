import type { TabSource } from '@/components/hooks/useTabId';

/** `?tab=<id>` binds a page to one tab (tests, pop-out window); otherwise it follows the active tab. */
export function tabSourceFromLocation(href: string): TabSource {
  const bound = new URL(href).searchParams.get('tab');
  if (bound !== null && /^\d+$/.test(bound)) {
    const tabId = Number(bound);
    return { current: () => tabId, subscribe: () => () => {} };
  }
  return followActiveTab();
}

function followActiveTab(): TabSource {
  let current: number | null = null;
  const listeners = new Set<(tabId: number | null) => void>();
  const set = (tabId: number | null) => {
    if (tabId === current) return;
    current = tabId;
    listeners.forEach((listener) => listener(tabId));
  };
  let windowId: number | undefined;
  void browser.windows.getCurrent().then(async (win) => {
    windowId = win.id;
    const [tab] = await browser.tabs.query({ active: true, windowId });
    set(tab?.id ?? null);
  });
  browser.tabs.onActivated.addListener((info) => {
    if (windowId === undefined || info.windowId === windowId) set(info.tabId);
  });
  return {
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
