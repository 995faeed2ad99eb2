import { openDatabase } from '@/lib/db/database';
import { registerMessageHandlers } from './messages';
import { registerActionBehaviour } from './action';
import { registerTabLifecycle } from './tabs';
import { ensureInstalled } from '@/lib/background/install';
import { registerDerivedStateRefresh } from './derived-state';
import { registerManagedPlaybook } from './managed';
import { registerForecastSnapshots } from './forecast';
import { createCrmSync } from './crm-api';
import { browserConsent } from './consent';
import { registerCrmWrites } from './crm-writes';
import { registerTeamSync } from './team-sync';
import { registerCues } from './cues';
import { automateAfterSync } from '@/lib/background/mailchimp';
import type { TeamSyncDeps } from '@/lib/background/team-sync';

// Thin wiring. Listeners are registered synchronously at the top level so a restarted service
// worker receives the event that woke it.
export default defineBackground({
  type: 'module',
  main() {
    const startedAt = Date.now();
    const db = openDatabase();
    const crm = createCrmSync();
    const crmWrites = registerCrmWrites(db, crm);
    // After each complete team sync, the automation's rules (when the manager turned that on).
    const team: TeamSyncDeps = { ...crm, afterComplete: () => automateAfterSync(db, team), mailchimpFetch: (input, init) => fetch(input, init), consent: browserConsent() };
    registerMessageHandlers(db, startedAt, crm, crmWrites, team);
    registerActionBehaviour(db);
    registerTabLifecycle(db);
    registerManagedPlaybook(db);
    registerForecastSnapshots(db);
    registerTeamSync(db, team);
    registerCues(db);
    const installed = ensureInstalled(db, navigator.languages);
    browser.runtime.onInstalled.addListener(() => void ensureInstalled(db, navigator.languages));
    registerDerivedStateRefresh(db, installed);
    browser.runtime.onStartup.addListener(() => void db.tabs.clear());
  },
});
