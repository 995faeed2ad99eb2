import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook, setManagedPlaybook } from '@/lib/db/playbooks';
import { updateSettings } from '@/lib/db/settings';
import { BACKUP_TABLES, NOT_BACKED_UP, parseBackupFile, readBackupFile, serializeBackup, MAX_BACKUP_FILE_BYTES } from '@/lib/playbook-io';
import { clearAllData, createBackup, restoreBackup } from '@/lib/db/backup';
import { samplePlaybook } from '../options/fixtures';

const NOW = new Date('2025-03-14T10:00:00.000Z');
let db: StagecraftDb;

/** A numeric Pipedrive deal id per variant ('a' → 97). */
const idOf = (variant: string) => String(variant.charCodeAt(0));

async function seed(target: StagecraftDb, variant = 'a') {
  await replaceActivePlaybook(target, samplePlaybook({ name: `Process ${variant}` }));
  await updateSettings(target, { weekStart: 'sunday', baseCurrency: 'SEK', keyActivityTypes: ['call', 'demo'] });
  await target.deals.put({
    key: `pipedrive:acme:${idOf(variant)}`, crm: 'pipedrive', account: 'acme', dealId: idOf(variant), url: `https://acme.pipedrive.com/deal/${idOf(variant)}`,
    snapshot: { crm: 'pipedrive', dealId: idOf(variant), title: 'Deal', pipeline: null, stage: 'Qualified', stages: [], value: 100, currency: 'EUR', owner: 'Anna', closeDate: '2025-04-01', status: 'open' },
    firstSeenAt: NOW.toISOString(), lastSeenAt: NOW.toISOString(),
  });
  await target.stageVisits.add({ dealKey: `pipedrive:acme:${idOf(variant)}`, stage: 'Qualified', enteredAt: NOW.toISOString(), source: 'observed' });
  await target.checklist.put({ dealKey: `pipedrive:acme:${idOf(variant)}`, stageId: 'qualified', taskId: 'discovery', state: 'done', at: NOW.toISOString(), by: 'hand', evidenceActivityId: null });
  await target.activities.put({ id: `act-${variant}`, dealKey: `pipedrive:acme:${idOf(variant)}`, type: 'call', outcome: 'connected', note: '<b>not html</b>', at: NOW.toISOString(), nextStep: null, owner: 'Anna', sync: 'local', crmRefs: null });
  await target.tabs.put({ tabId: 7, dealKey: `pipedrive:acme:${idOf(variant)}`, state: 'deal', url: 'https://acme.pipedrive.com/deal/1', detail: null, at: NOW.toISOString() });
  await target.histories.put({ id: `h-${variant}`, name: 'deals.csv', format: 'pipedrive-csv', importedAt: NOW.toISOString(), history: { version: 1, pipelines: [], deals: [], activities: [], forecasts: [] } });
  await target.forecastSnapshots.put({ owner: 'Anna', period: '2026-Q4', week: '2026-11-16', weightedPipeline: 40, categories: { pipeline: 100 }, takenAt: NOW.toISOString(), basis: 'live' });
  await target.assessments.put({ id: 'maturity', answers: { positioning: 2 }, answeredAt: NOW.toISOString() });
  await target.praise.put({ id: `pass|pipedrive:acme:${idOf(variant)}|p/qualified`, dealKey: `pipedrive:acme:${idOf(variant)}`, kind: 'passedHardStage', at: NOW.toISOString(), stageId: 'qualified', stageName: 'Qualified', count: 2, rate: 0.41, endedAt: null, endedBy: null });
}

async function snapshot(target: StagecraftDb) {
  return {
    playbooks: await target.playbooks.toArray(), deals: await target.deals.toArray(), stageVisits: await target.stageVisits.toArray(),
    checklist: await target.checklist.toArray(), activities: await target.activities.toArray(), settings: await target.settings.toArray(), tabs: await target.tabs.toArray(),
    histories: await target.histories.toArray(), forecastSnapshots: await target.forecastSnapshots.toArray(), assessments: await target.assessments.toArray(),
    praise: await target.praise.toArray(),
  };
}

beforeEach(async () => {
  db = openDatabase(`test-backup-${Math.random()}`);
  await seed(db);
});
afterEach(async () => {
  await db.delete();
});

describe('backup → restore', () => {
  it('covers every table of the database except those left out on purpose (a new table must be added to one list)', () => {
    expect(db.tables.map((t) => t.name).filter((name) => !(NOT_BACKED_UP as readonly string[]).includes(name)).sort()).toEqual([...BACKUP_TABLES].sort());
  });

  it('round-trips every table except the tab bindings', async () => {
    const before = await snapshot(db);
    const text = serializeBackup(await createBackup(db, NOW));
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'stagecraft-backup', version: 1, exportedAt: NOW.toISOString() });
    expect(Object.keys(file.tables).sort()).toEqual([...BACKUP_TABLES].sort());

    const other = openDatabase(`test-restore-${Math.random()}`);
    await seed(other, 'b'); // different data, to be replaced completely
    const parsed = parseBackupFile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await restoreBackup(other, parsed.value);
    const after = await snapshot(other);
    expect({ ...after, tabs: [] }).toEqual({ ...before, tabs: [] });
    expect(after.tabs).toHaveLength(1); // tab bindings are not part of a backup
    await other.delete();
  });

  it('restores a backup made before schema v2 (no history, forecast or questionnaire tables)', async () => {
    const file = JSON.parse(serializeBackup(await createBackup(db, NOW)));
    delete file.tables.histories;
    delete file.tables.forecastSnapshots;
    delete file.tables.assessments;
    const parsed = parseBackupFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.tables.histories).toEqual([]);
  });

  it('restores a backup from before the 18-character rule: a Salesforce opportunity kept under its 15- and 18-character ids is one deal', async () => {
    const old = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'fixtures', 'db', 'v7-salesforce-15.json'), 'utf8')) as { tables: Record<string, unknown[]> };
    const file = JSON.parse(serializeBackup(await createBackup(db, NOW)));
    for (const table of ['deals', 'stageVisits', 'checklist', 'activities', 'crmWrites', 'pauses']) file.tables[table] = old.tables[table];
    const parsed = parseBackupFile(JSON.stringify(file));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    await restoreBackup(db, parsed.value);
    expect((await db.deals.toArray()).map((d) => d.key).sort()).toEqual(['salesforce:globex:0061x00000AbCdEAAV', 'salesforce:northwind:0065g00000TqV8mAAF']);
    expect(await db.checklist.where('dealKey').equals('salesforce:northwind:0065g00000TqV8mAAF').count()).toBe(3);
    expect(await db.activities.where('dealKey').equals('salesforce:northwind:0065g00000TqV8mAAF').count()).toBe(3);
    expect(await db.pauses.filter((p) => p.endedAt === null).count()).toBe(1);
  });

  it('still refuses a backup whose Salesforce deal key names another deal', async () => {
    const old = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', '..', 'fixtures', 'db', 'v7-salesforce-15.json'), 'utf8')) as { tables: { deals: { key: string }[] } };
    const file = JSON.parse(serializeBackup(await createBackup(db, NOW)));
    file.tables.deals = [{ ...old.tables.deals[2], key: 'salesforce:globex:0061x00000ZzZzZ' }];
    const parsed = parseBackupFile(JSON.stringify(file));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.detail).toContain('tables.deals[0].key: expected "salesforce:globex:0061x00000AbCdE"');
  });

  it('leaves the managed playbook out of the backup and keeps it on restore', async () => {
    await setManagedPlaybook(db, samplePlaybook({ id: 'policy', name: 'Policy' }));
    const backup = await createBackup(db, NOW);
    expect(backup.tables.playbooks.map((p) => p.id)).toEqual(['team-process']);
    await restoreBackup(db, backup);
    expect((await db.playbooks.toArray()).map((p) => [p.id, p.origin]).sort()).toEqual([['managed:policy', 'managed'], ['team-process', 'local']]);
  });
});

describe('a bad backup changes nothing', () => {
  const valid = async () => JSON.parse(serializeBackup(await createBackup(db, NOW)));
  const cases: [string, (file: any) => unknown, string, string | RegExp][] = [
    ['a bad activity note type', (f) => { f.tables.activities[0].note = 42; return f; }, 'invalid', /^tables\.activities\[0\]\.note: .*expected string/],
    ['an over-long activity note', (f) => { f.tables.activities[0].note = 'x'.repeat(10_001); return f; }, 'invalid', 'tables.activities[0].note: expected a note of at most 10 000 characters'],
    ['a broken playbook', (f) => { f.tables.playbooks[0].playbook.pipelines[0].stages[2].tasks[0].dueDays = -3; return f; }, 'invalid', 'tables.playbooks[0].playbook.pipelines[0].stages[2].tasks[0].dueDays: expected a whole number ≥ 0'],
    ['a playbook row keyed by another id', (f) => { f.tables.playbooks[0].id = 'x'; return f; }, 'invalid', 'tables.playbooks[0].id: expected the playbook\'s id "team-process"'],
    ['a managed playbook row', (f) => { f.tables.playbooks[0].origin = 'managed'; return f; }, 'invalid', /^tables\.playbooks\[0\]\.origin: expected "local"/],
    ['an unknown table', (f) => { f.tables.tabs = []; return f; }, 'invalid', /^tables: .*"tabs"/],
    ['a missing table', (f) => { delete f.tables.deals; return f; }, 'invalid', /^tables\.deals: /],
    ['a bad checklist state', (f) => { f.tables.checklist[0].state = 'maybe'; return f; }, 'invalid', /^tables\.checklist\[0\]\.state: /],
    ['a deal whose key names another deal', (f) => { f.tables.deals[0].key = 'pipedrive:acme:1'; return f; }, 'invalid', 'tables.deals[0].key: expected "pipedrive:acme:97" (the deal\'s crm:account:dealId), found "pipedrive:acme:1"'],
    ...([
      ['a data: link', 'data:text/html,<script>alert(1)</script>'],
      ['a javascript: link', 'javascript:alert(1)'],
      ['a file: link', 'file:///etc/passwd'],
      ['a chrome: link', 'chrome://settings'],
      ['a phishing host', 'https://acme.pipedrive.com.evil.example/deal/97'],
      ['a look-alike host', 'https://acme-pipedrive.com/deal/97'],
      ['plain http', 'http://acme.pipedrive.com/deal/97'],
      ['another port', 'https://acme.pipedrive.com:8443/deal/97'],
      ['user info', 'https://evil.example@acme.pipedrive.com/deal/97'],
      ['another company', 'https://evil.pipedrive.com/deal/97'],
      ['another deal', 'https://acme.pipedrive.com/deal/98'],
      ['another CRM', 'https://app.hubspot.com/contacts/1/record/0-3/97'],
      ['not a URL', 'acme.pipedrive.com/deal/97'],
    ] as const).map(([name, url]) => [
      `a deal link: ${name}`,
      (f: any) => { f.tables.deals[0].url = url; return f; },
      'invalid',
      `tables.deals[0].url: expected an https link to this deal's own Pipedrive page (https://acme.pipedrive.com/deal/97), found ${JSON.stringify(url)}`,
    ] as [string, (file: any) => unknown, string, string]),
    ['a newer version', (f) => ({ ...f, version: 3 }), 'unsupportedVersion', 'version: expected 1, found 3'],
    ['a playbook file', (f) => ({ ...f, format: 'stagecraft-playbook' }), 'wrongFormat', 'format: expected "stagecraft-backup", found "stagecraft-playbook"'],
  ];

  it.each(cases)('%s', async (_name, corrupt, code, detail) => {
    const before = await snapshot(db);
    const result = parseBackupFile(JSON.stringify(corrupt(await valid())));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    if (typeof detail === 'string') expect(result.error.detail).toBe(detail);
    else expect(result.error.detail).toMatch(detail);
    expect(await snapshot(db)).toEqual(before);
  });

  it('rejects prototype-pollution keys and truncated files', async () => {
    const text = serializeBackup(await createBackup(db, NOW));
    const polluted = parseBackupFile(text.replace('"deals": [', '"deals": [{"__proto__": {"x": 1}},'));
    expect(polluted.ok || polluted.error).toMatchObject({ code: 'forbiddenKey', detail: 'tables.deals[0].__proto__: the key "__proto__" is not allowed' });
    const truncated = parseBackupFile(text.slice(0, text.length / 2));
    expect(truncated.ok || truncated.error.code).toBe('truncated');
  });

  it('refuses an oversized file before reading it', async () => {
    const result = await readBackupFile({ size: MAX_BACKUP_FILE_BYTES + 1, text: () => Promise.reject(new Error('must not read')) });
    expect(result.ok || result.error.code).toBe('tooLarge');
  });

  it('rolls back every table when a write fails half-way', async () => {
    const before = await snapshot(db);
    const parsed = parseBackupFile(JSON.stringify(await valid()));
    if (!parsed.ok) throw new Error('fixture');
    const failing = { ...parsed.value, tables: { ...parsed.value.tables, activities: [{ ...parsed.value.tables.activities[0]!, id: undefined as unknown as string }] } };
    await expect(restoreBackup(db, failing)).rejects.toThrow();
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('clear all data', () => {
  it('deletes every local table, keeps the managed playbook and the tab bindings', async () => {
    await setManagedPlaybook(db, samplePlaybook({ id: 'policy' }));
    await db.teamFigures.put({ key: 'team', figures: { page: 'team' }, computedAt: 1 });
    await clearAllData(db);
    const after = await snapshot(db);
    // The team pages' kept figures were worked out from the data: they go with it.
    expect(await db.teamFigures.count()).toBe(0);
    expect(after.playbooks.map((p) => p.origin)).toEqual(['managed']);
    expect([after.deals, after.stageVisits, after.checklist, after.activities, after.settings]).toEqual([[], [], [], [], []]);
    expect(after.tabs).toHaveLength(1);
  });
});
