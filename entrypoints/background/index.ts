import { openDatabase } from '@/lib/db/database';
import { registerMessageHandlers } from './messages';
import { registerActionBehaviour } from './action';
import { registerTabLifecycle } from './tabs';
import { ensureInstalled } from './install';
import { registerDerivedStateRefresh } from './derived-state';
import { registerManagedPlaybook } from './managed';
import { registerForecastSnapshots } from './forecast';
import { createCrmSync } from './crm-api';
import { registerCrmWrites } from './crm-writes';
import { registerTeamSync } from './team-sync';
import { registerCues } from './cues';

// Thin wiring. Listeners are registered synchronously at the top level so a restarted service
// worker receives the event that woke it.
export default defineBackground({
  type: 'module',
  main() {
    const startedAt = Date.now();
    const db = openDatabase();
    const crm = createCrmSync();
    const crmWrites = registerCrmWrites(db, crm);
    registerMessageHandlers(db, startedAt, crm, crmWrites);
    registerActionBehaviour(db);
    registerTabLifecycle(db);
    registerManagedPlaybook(db);
    registerForecastSnapshots(db);
    registerTeamSync(db, crm);
    registerCues(db);
    const installed = ensureInstalled(db);
    browser.runtime.onInstalled.addListener(() => void ensureInstalled(db));
    registerDerivedStateRefresh(db, installed);
    browser.runtime.onStartup.addListener(() => void db.tabs.clear());
  },
});
