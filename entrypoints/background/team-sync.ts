import type { StagecraftDb } from '@/lib/db/database';
import type { TeamSyncDeps } from '@/lib/background/team-sync';
import { lastSync, runUnderWay, syncTeam } from '@/lib/background/team-sync';

// The team sync's schedule: an hourly alarm reads what changed since the last run (alarms survive
// worker restarts), and a worker that wakes with a run cut short resumes it.

export const TEAM_SYNC_ALARM = 'stagecraft-team-sync';

export function registerTeamSync(db: StagecraftDb, deps: TeamSyncDeps): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== TEAM_SYNC_ALARM) return;
    void (async () => {
      if ((await lastSync(db)) || (await runUnderWay(db))) await syncTeam(db, deps, null);
    })().catch((error) => console.warn('[Stagecraft] team sync failed:', String(error)));
  });
  void (async () => {
    if (!(await browser.alarms.get(TEAM_SYNC_ALARM))) await browser.alarms.create(TEAM_SYNC_ALARM, { delayInMinutes: 60, periodInMinutes: 60 });
    if (await runUnderWay(db)) await syncTeam(db, deps, null);
  })().catch((error) => console.warn('[Stagecraft] team sync failed:', String(error)));
}
