import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import { dueWrites, failingWrites, nextDueAt, releaseCutOffWrites, retryAllNow } from '@/lib/db/crm-queue';
import { crmSubject } from '@/lib/activities/describe';
import { processCrmWrites } from '@/lib/background/crm-writes';
import { dueTicks, nextTickDueAt, releaseCutOffTicks, retryAllTicksNow } from '@/lib/db/tick-queue';
import { processTickWrites, queueWaitingTicks } from '@/lib/background/tick-writes';
import { createWriteScheduler, type WriteScheduler } from '@/lib/background/write-scheduler';
import { CREDENTIAL_KEYS } from '@/lib/crm/api';
import { createTranslator, resolveLocale } from '@/lib/i18n';
import type { CrmSyncDeps } from '@/lib/background/crm-sync';
import { showFailedWrites } from './badge';

// Writing logged activities (and shared checklist ticks) to the CRM from the background: the queue runs when the worker starts,
// when a page queued something, when a CRM is connected or writing is turned on, and from an alarm
// (which survives the worker) until the queue is empty.

export const CRM_WRITES_ALARM = 'stagecraft-crm-writes';

export function registerCrmWrites(db: StagecraftDb, crm: CrmSyncDeps): WriteScheduler {
  const translator = async () => createTranslator(resolveLocale((await loadSettings(db)).locale, navigator.languages));
  let shownFailures: number | null = null; // what the badge says, so it is only touched when that changes
  // This worker just started: whatever is still marked under way was cut off with the last one.
  const released = Promise.all([releaseCutOffWrites(db, new Date()), releaseCutOffTicks(db, new Date())]).catch((error: unknown) =>
    console.warn('[Stagecraft] could not take up the writes a stopped worker cut off:', String(error)),
  );
  const scheduler = createWriteScheduler({
    async run() {
      await released;
      // Runs after every page reading too: with nothing due it only reads the (small) queue.
      if ((await dueWrites(db, new Date(), 1)).length > 0) {
        const t = await translator();
        await processCrmWrites(db, {
          credentials: crm.credentials,
          salesforceSession: (ref) => crm.salesforceSession(ref),
          write: (ref, creds, op) => crm.client.writeActivity(ref, creds, op),
          subject: (activity) => crmSubject(t, activity),
          now: () => new Date(),
        });
      }
      if ((await dueTicks(db, new Date(), 1)).length > 0) {
        await processTickWrites(db, {
          credentials: crm.credentials,
          salesforceSession: (ref) => crm.salesforceSession(ref),
          write: (ref, creds, op) => crm.client.writeTick(ref, creds, op),
          now: () => new Date(),
        });
      }
      const failing = await failingWrites(db);
      if (failing === shownFailures) return;
      const t = await translator();
      await showFailedWrites(failing, t('writes.badge', { count: failing }));
      shownFailures = failing;
    },
    async nextDueAt() {
      await released;
      const due = (await Promise.all([nextDueAt(db), nextTickDueAt(db)])).filter((at): at is string => at !== null);
      return due.length ? due.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : null;
    },
    now: () => Date.now(),
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    async setAlarm(when) {
      if (when === null) await browser.alarms.clear(CRM_WRITES_ALARM);
      else await browser.alarms.create(CRM_WRITES_ALARM, { when });
    },
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === CRM_WRITES_ALARM) void scheduler.flush();
  });
  // A new connection, a new token or writing turned back on: what waited may go now.
  const connectionKeys = new Set<string>(Object.values(CREDENTIAL_KEYS));
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !Object.keys(changes).some((key) => connectionKeys.has(key))) return;
    crm.client.clear();
    const now = new Date();
    void Promise.all([retryAllNow(db, now), retryAllTicksNow(db, now), queueWaitingTicks(db, crm.credentials, now, true)]).then(() => scheduler.flush());
  });
  // Ticks done while sharing was off, or before this version, reach the team once sharing is on.
  void queueWaitingTicks(db, crm.credentials, new Date())
    .catch((error: unknown) => console.warn('[Stagecraft] could not queue the checklist for the CRM:', String(error)))
    .then(() => scheduler.flush());
  return scheduler;
}
