import type { Transaction } from 'dexie';

/**
 * Schema v9's upgrade: praise begins with this version. The settings row gets `praiseSince` (the
 * moment of the upgrade), so the moves, wins and weeks of the data kept from before are history, not
 * a burst of lines on the first page reading after the update. A database without settings yet has
 * nothing to keep.
 */
export async function stampPraiseSince(tx: Transaction, now: Date = new Date()): Promise<void> {
  await tx
    .table('settings')
    .where('id')
    .equals('settings')
    .modify((row: { value: unknown }) => {
      const value = row.value && typeof row.value === 'object' && !Array.isArray(row.value) ? (row.value as Record<string, unknown>) : {};
      row.value = { ...value, praiseSince: now.toISOString() };
    });
}
