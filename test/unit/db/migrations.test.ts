import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CURRENT_SCHEMA_VERSION, defineSchema, openDatabase, SCHEMA_HISTORY } from '@/lib/db/database';
import { activitySchema, checklistEntrySchema, dealRecordSchema, stageVisitSchema } from '@/lib/model/records.schema';
import { loadSettings } from '@/lib/db/settings';

// Every earlier schema version has a fixture database in test/fixtures/db/v<N>.json. Each is built
// with the schema history up to N, then opened by the current code: the data must come through.

const fixturesDir = resolve(import.meta.dirname, '..', '..', 'fixtures', 'db');
const fixtures = readdirSync(fixturesDir)
  .filter((f) => /^v\d+\.json$/.test(f))
  .map((f) => JSON.parse(readFileSync(resolve(fixturesDir, f), 'utf8')) as { version: number; tables: Record<string, unknown[]> });

describe('database migrations', () => {
  it('has a fixture for every released schema version', () => {
    expect(fixtures.map((f) => f.version).sort()).toEqual(SCHEMA_HISTORY.map((s) => s.version));
  });

  it.each(fixtures.map((f) => [f.version, f] as const))('a version %i database opens at the current version with its data intact', async (version, fixture) => {
    const name = `migration-from-v${version}`;
    const old = new Dexie(name);
    defineSchema(old, version);
    await old.open();
    await old.transaction('rw', old.tables, async () => {
      for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
    });
    old.close();

    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    for (const [table, rows] of Object.entries(fixture.tables)) expect(await db.table(table).count(), table).toBe(rows.length);
    for (const deal of await db.deals.toArray()) expect(dealRecordSchema.safeParse(deal).success).toBe(true);
    for (const visit of await db.stageVisits.toArray()) expect(stageVisitSchema.safeParse(visit).success).toBe(true);
    for (const entry of await db.checklist.toArray()) expect(checklistEntrySchema.safeParse(entry).success).toBe(true);
    for (const activity of await db.activities.toArray()) expect(activitySchema.safeParse(activity).success).toBe(true);
    const settingsRows = fixture.tables.settings as { value: Record<string, unknown> }[] | undefined;
    if (settingsRows?.[0]) expect(await loadSettings(db)).toMatchObject(settingsRows[0].value);
    db.close();
    await Dexie.delete(name);
  });

  it('opens with every store of the current schema', async () => {
    const db = openDatabase('schema-stores');
    await db.open();
    // Dexie versions list only what changed: the current stores are the union, minus deleted (null) ones.
    const stores = SCHEMA_HISTORY.reduce<Record<string, string | null>>((all, step) => ({ ...all, ...step.stores }), {});
    const current = Object.entries(stores).filter(([, spec]) => spec !== null).map(([name]) => name);
    expect(db.tables.map((t) => t.name).sort()).toEqual(current.sort());
    db.close();
    await Dexie.delete('schema-stores');
  });
});
