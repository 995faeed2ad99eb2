import { openDatabase } from '@/lib/db/database';
import { registerMessageHandlers } from './messages';
import { registerActionBehaviour } from './action';
import { registerTabLifecycle } from './tabs';
import { ensureInstalled } from './install';
import { registerManagedPlaybook } from './managed';
import { registerForecastSnapshots } from './forecast';

// Thin wiring. Listeners are registered synchronously at the top level so a restarted service
// worker receives the event that woke it.
export default defineBackground({
  type: 'module',
  main() {
    const startedAt = Date.now();
    const db = openDatabase();
    registerMessageHandlers(db, startedAt);
    registerActionBehaviour(db);
    registerTabLifecycle(db);
    registerManagedPlaybook(db);
    registerForecastSnapshots(db);
    browser.runtime.onInstalled.addListener(() => void ensureInstalled(db));
    browser.runtime.onStartup.addListener(() => void db.tabs.clear());
    void ensureInstalled(db);
  },
});
