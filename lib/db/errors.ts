import type { MessageKey } from '../i18n';

// What a failed write means to the user. IndexedDB reports a full disk or an exhausted quota as
// QuotaExceededError (Dexie wraps it, keeping the name in `inner`).

export type StorageProblem = 'quota' | 'closed' | 'other';

export function storageProblemOf(error: unknown): StorageProblem {
  const names: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { name, inner } = current as { name?: unknown; inner?: unknown };
    if (typeof name === 'string') names.push(name);
    current = inner;
  }
  if (names.some((n) => n === 'QuotaExceededError')) return 'quota';
  if (names.some((n) => n === 'DatabaseClosedError' || n === 'InvalidStateError')) return 'closed';
  return 'other';
}

export const STORAGE_PROBLEM_MESSAGE: Record<StorageProblem, MessageKey> = {
  quota: 'error.storageFull',
  closed: 'error.storageClosed',
  other: 'error.storageOther',
};
