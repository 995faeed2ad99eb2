import type { CredentialStore } from '@/lib/crm/api/credentials';

/** An in-memory stand-in for browser.storage.local (values are copied, as the real one does). */
export function memoryStore(initial: Record<string, unknown> = {}): CredentialStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}
