import type { CrmWriteBack } from '@/components/common/CrmWriteBack';
import { CREDENTIAL_KEYS, storageAreaStore, writesActivities } from '@/lib/crm/api';
import { sendMessage } from '@/lib/messaging';

// The pages' side of writing activities to the CRM: the connection (with its on/off switch) is in
// extension storage; the background does the writing when asked.

const connectionKeys = new Set<string>(Object.values(CREDENTIAL_KEYS));

export const browserCrmWriteBack: CrmWriteBack = {
  enabled: (crm) => writesActivities(storageAreaStore(browser.storage.local), crm),
  onChange(listener) {
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.keys(changes).some((key) => connectionKeys.has(key))) listener();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  },
  flush(retryAll = false) {
    // The queue is already stored; if the background cannot be reached now, its alarm writes it later.
    void sendMessage('writeToCrm', { retryAll }).catch((error: unknown) => console.warn('[Stagecraft] could not reach the background:', String(error)));
  },
};
