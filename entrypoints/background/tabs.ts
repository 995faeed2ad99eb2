import type { StagecraftDb } from '@/lib/db/database';
import { forgetTab } from '@/lib/background/deals';

// Tab bindings live only as long as their tab.
export function registerTabLifecycle(db: StagecraftDb): void {
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(db, tabId));
}
