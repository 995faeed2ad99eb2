import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { parseStoredHistories } from '@/lib/forecast/combined-history';
import { importHistoryJson, readImportText, MAX_IMPORT_BYTES, looksLikeJson, readCsvTable } from '@/lib/history-import';
import { deleteImportedHistory, listImportedHistories, saveImportedHistory } from '@/lib/db/histories';
import { createBackup, restoreBackup } from '@/lib/db/backup';
import { parseHistoryText, type History } from '@/lib/metrics/history';
import { storedHistorySchema } from '@/lib/metrics/stored-history';
import { fixture, importFixture } from './helpers';

let db: StagecraftDb;
beforeEach(() => {
  db = openDatabase(`test-history-import-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('storing imported histories', () => {
  it('one validated row per import, in the scorecard file format', async () => {
    const history = (await importFixture('hubspot-deals.csv')).report.history!;
    const saved = await saveImportedHistory(db, { name: 'hubspot-deals.csv', format: 'hubspot-csv', history }, new Date('2026-03-05T10:00:00.000Z'));
    expect(saved.ok).toBe(true);
    const rows = await db.histories.toArray();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ name: 'hubspot-deals.csv', format: 'hubspot-csv', importedAt: '2026-03-05T10:00:00.000Z' });
    expect(row.id).toMatch(/^import-/);
    expect(storedHistorySchema.safeParse(row).success).toBe(true);
    // ISO dates, exactly what the `scorecard` command reads.
    expect((row.history as { deals: { createdAt: string }[] }).deals[0]!.createdAt).toBe('2026-01-05T09:00:00.000Z');
    expect(parseHistoryText(JSON.stringify(row.history))).toEqual(history);
    // The team pages read it back without rejecting it.
    expect(parseStoredHistories(rows).rejected).toEqual([]);
  });

  it('a history the scorecard would reject is never stored', async () => {
    const broken: History = {
      version: 1,
      pipelines: [{ id: 'p', name: 'P', stages: [{ id: 's', name: 'S', probability: 0.5, rotDays: null }] }],
      deals: [{ id: 'd', title: '', owner: 'Ann', pipeline: 'nope', value: 1, currency: null, createdAt: 0, closedAt: null, status: 'open', stageHistory: [] }],
      activities: [],
      forecasts: [],
    };
    const saved = await saveImportedHistory(db, { name: 'x.json', format: 'scorecard-json', history: broken }, new Date());
    expect(saved).toEqual({ ok: false, error: expect.stringContaining('deals[0].pipeline') });
    expect(await db.histories.count()).toBe(0);
  });

  it('lists newest first with deal counts, cuts long names, deletes one', async () => {
    const json = importHistoryJson(fixture('scorecard.json')).history!;
    const csv = (await importFixture('pipedrive-deals.csv')).report.history!;
    const a = await saveImportedHistory(db, { name: 'scorecard.json', format: 'scorecard-json', history: json }, new Date('2026-03-01T00:00:00Z'));
    const b = await saveImportedHistory(db, { name: `${'x'.repeat(400)}.csv`, format: 'pipedrive-csv', history: csv }, new Date('2026-03-02T00:00:00Z'));
    expect(a.ok && b.ok).toBe(true);
    const list = await listImportedHistories(db);
    expect(list.map((item) => [item.format, item.deals, item.name.length])).toEqual([
      ['pipedrive-csv', 13, 300],
      ['scorecard-json', 2, 'scorecard.json'.length],
    ]);
    await deleteImportedHistory(db, list[0]!.id);
    expect((await listImportedHistories(db)).map((item) => item.name)).toEqual(['scorecard.json']);
  });

  it('lists a row restored from a backup even when its history is not a history', async () => {
    const backup = await createBackup(db, new Date('2026-01-02T00:00:00Z'));
    backup.tables.histories = [{ id: 'odd', name: 'odd', format: 'x', importedAt: '2026-01-01T00:00:00.000Z', history: null }];
    await restoreBackup(db, backup);
    expect(await listImportedHistories(db)).toEqual([{ id: 'odd', name: 'odd', format: 'x', importedAt: '2026-01-01T00:00:00.000Z', deals: 0 }]);
  });
});

describe('reading a picked file', () => {
  it('refuses a file over the limit before reading it', async () => {
    let read = false;
    const file = { size: MAX_IMPORT_BYTES + 1, text: async () => ((read = true), '') };
    const result = await readImportText(file);
    expect(result).toMatchObject({ ok: false, problem: { code: 'tooLarge', detail: 'the file is 100.0 MB; the limit is 100.0 MB', note: { id: 'fileTooLarge' } } });
    expect(read).toBe(false);
  });

  it('an empty file', async () => {
    expect(await readImportText(new File(['\uFEFF  \n'], 'e.csv'))).toMatchObject({ ok: false, problem: { code: 'empty' } });
  });

  it('decodes Windows-1252 and UTF-16 exports instead of showing replacement characters', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('Owner;Title\n'), 0xc5, 0x73, 0x61, 0x3b, 0x4d, 0x61, 0x6c, 0x6d, 0xf6]); // "Åsa;Malmö"
    const text = await readImportText(new File([latin1], 'w.csv'));
    expect(text).toEqual({ ok: true, text: 'Owner;Title\nÅsa;Malmö' });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'a\tÅ'].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8])]);
    expect(await readImportText(new File([utf16], 'u.txt'))).toEqual({ ok: true, text: 'a\tÅ' });
  });

  it('tells the scorecard file from a CSV export, and reads CSV with progress', async () => {
    expect(looksLikeJson('\uFEFF  {"version":1}')).toBe(true);
    expect(looksLikeJson('Deal - Title,Deal - Value')).toBe(false);
    const fractions: number[] = [];
    const read = await readCsvTable(fixture('pipedrive-deals.csv'), { chunkRows: 3, onProgress: (f) => fractions.push(f) });
    expect(read.ok && read.table.rows.length).toBe(13);
    expect(fractions.at(-1)).toBe(1);
    expect(await readCsvTable('a,b\n')).toMatchObject({ ok: false, problem: { code: 'noRows' } });
    expect(await readCsvTable('a,b\n"open')).toEqual({ ok: false, problem: { code: 'csvSyntax', detail: 'line 2: a quoted field is never closed (the file may be cut off)', note: { id: 'csvUnclosedQuote', values: { line: 2 } } } });
  });
});
