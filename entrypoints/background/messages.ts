import type { StagecraftDb } from '@/lib/db/database';
import { recordDealSeen, recordPageState } from '@/lib/background/deals';
import { onMessage, sendMessage } from '@/lib/messaging';
import { guarded, type GuardOptions } from '@/lib/messaging/guard';
import { retryAllNow } from '@/lib/db/crm-queue';
import { retryAllTicksNow } from '@/lib/db/tick-queue';
import type { CrmSyncDeps } from '@/lib/background/crm-sync';
import type { WriteScheduler } from '@/lib/background/write-scheduler';
import { openQuickLog } from './action';
import { syncInBackground } from './crm-api';
import { syncTeam, type TeamSyncDeps } from '@/lib/background/team-sync';
import { runAutomation } from './automation';

// Every message type has exactly one handler here, each wrapped by `guarded` (sender + zod).
export function registerMessageHandlers(db: StagecraftDb, startedAt: number, crm: CrmSyncDeps, crmWrites: WriteScheduler, team: TeamSyncDeps = crm): void {
  const options: GuardOptions = {
    self: { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') },
    onReject: (_type, reason) => console.warn('[Stagecraft]', reason),
  };

  onMessage(
    'dealSeen',
    guarded('dealSeen', 'crmContentScript', async (data, sender) => {
      const now = new Date();
      const { dealKey, pageChanged } = await recordDealSeen(db, { tabId: sender.tab!.id!, url: data.url, ref: data.ref, snapshot: data.snapshot, stageDays: data.stageDays ?? null, now });
      // A change seen on the page (a new stage, won): the cached API answer is out of date, read again.
      syncInBackground(db, crm, data.ref, data.snapshot, now, pageChanged.length > 0);
      void crmWrites.flush(); // back on the CRM: a good moment for what waits to go
      return { dealKey };
    }, options),
  );

  onMessage(
    'pageState',
    guarded('pageState', 'crmContentScript', (data, sender) =>
      recordPageState(db, { tabId: sender.tab!.id!, url: data.url, state: data.state, detail: data.detail, now: new Date() }), options),
  );

  onMessage('ping', guarded('ping', 'extensionPage', () => ({ startedAt, answeredAt: Date.now() }), options));

  onMessage(
    'rereadTab',
    guarded('rereadTab', 'extensionPage', async ({ tabId }) => {
      try {
        await sendMessage('reread', null, tabId);
        return { ok: true };
      } catch {
        return { ok: false }; // no content script in that tab (not a CRM page)
      }
    }, options),
  );

  onMessage('openQuickLog', guarded('openQuickLog', 'extensionPage', ({ tabId }) => openQuickLog(db, tabId), options));

  onMessage(
    'writeToCrm',
    guarded('writeToCrm', 'extensionPage', async ({ retryAll }) => {
      if (retryAll) await Promise.all([retryAllNow(db, new Date()), retryAllTicksNow(db, new Date())]);
      void crmWrites.flush();
      return { waiting: await db.crmWrites.count() };
    }, options),
  );

  onMessage(
    'syncTeam',
    guarded('syncTeam', 'extensionPage', ({ crm: which, full }) => {
      void syncTeam(db, team, which, { full }).catch((error) => console.warn('[Stagecraft] team sync failed:', String(error)));
      return { started: true };
    }, options),
  );

  onMessage('automation', guarded('automation', 'extensionPage', ({ op }) => runAutomation(db, team, op), options));
}
