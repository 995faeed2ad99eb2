import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/database';
import { setChecklistState } from '@/lib/db/checklist';
import { storageProblemOf, STORAGE_PROBLEM_MESSAGE } from '@/lib/db/errors';
import { createTranslator } from '@/lib/i18n';

describe('storage quota exceeded', () => {
  it('rejects the write with a clear message and keeps what is stored', async () => {
    const db = openDatabase('quota-test');
    const now = new Date('2026-11-20T10:00:00Z');
    await setChecklistState(db, { dealKey: 'd', stageId: 's', taskId: 't1', state: 'done', by: 'hand' }, now);
    db.close();
    // Reopened with every write failing as a full disk does.
    const full = openDatabase('quota-test');
    full.use({
      stack: 'dbcore',
      name: 'full-disk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return { ...table, mutate: () => Promise.reject(Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' })) };
        },
      }),
    });
    const failure = await setChecklistState(full, { dealKey: 'd', stageId: 's', taskId: 't2', state: 'done', by: 'hand' }, now).catch((e: unknown) => e);
    expect(storageProblemOf(failure)).toBe('quota');
    expect(createTranslator('en')(STORAGE_PROBLEM_MESSAGE.quota)).toMatch(/storage is full.*not saved.*saved before is safe/);
    full.close();
    const reopened = openDatabase('quota-test');
    const rows = await reopened.checklist.toArray();
    expect(rows.map((r) => r.taskId)).toEqual(['t1']);
    await reopened.delete();
  });

  it('tells other failures apart', () => {
    expect(storageProblemOf(Object.assign(new Error('x'), { name: 'DatabaseClosedError' }))).toBe('closed');
    expect(storageProblemOf(new Error('boom'))).toBe('other');
    expect(storageProblemOf({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe('quota');
  });
});
