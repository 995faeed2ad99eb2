import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, DB_NAME } from '@/lib/db/database';

describe('database schema', () => {
  it('opens at the current version with every store', async () => {
    const db = openDatabase(`${DB_NAME}-schema-test`);
    await db.open();
    expect(db.verno).toBe(1);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['activities', 'checklist', 'deals', 'playbooks', 'settings', 'stageVisits', 'tabs']);
    db.close();
    await Dexie.delete(`${DB_NAME}-schema-test`);
  });
});
