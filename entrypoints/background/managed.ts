import type { StagecraftDb } from '@/lib/db/database';
import { applyManagedPlaybook } from '@/lib/db/playbooks';
import { MANAGED_PLAYBOOK_KEY } from '@/lib/playbook-io/managed';

// The team playbook an administrator pushes through browser policy. Read at start and whenever
// the policy changes; an invalid policy value is logged and changes nothing.
async function syncManagedPlaybook(db: StagecraftDb): Promise<void> {
  let value: unknown;
  try {
    value = (await browser.storage.managed.get(MANAGED_PLAYBOOK_KEY))[MANAGED_PLAYBOOK_KEY];
  } catch {
    return; // no managed storage in this browser or profile
  }
  const result = await applyManagedPlaybook(db, value);
  if (result.status === 'invalid') console.warn('[Stagecraft] the managed team playbook was rejected:', `${result.error.code}: ${result.error.detail}`);
}

export function registerManagedPlaybook(db: StagecraftDb): void {
  void syncManagedPlaybook(db);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed' && MANAGED_PLAYBOOK_KEY in changes) void syncManagedPlaybook(db);
  });
}
