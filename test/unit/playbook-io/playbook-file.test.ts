import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import {
  diffPlaybooks, exportFileName, exportPlaybook, MAX_PLAYBOOK_FILE_BYTES, parsePlaybookFile, readPlaybookFile, type IoResult,
} from '@/lib/playbook-io';
import type { Playbook } from '@/lib/model/playbook.schema';
import { clone, samplePlaybook } from '../options/fixtures';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const envelope = (playbook: unknown, extra: Record<string, unknown> = {}) => ({ format: 'stagecraft-playbook', version: 1, exportedAt: NOW.toISOString(), playbook, ...extra });
const fileOf = (text: string) => new Blob([text], { type: 'application/json' });
const errorOf = (result: IoResult<unknown>) => (result.ok ? null : result.error);

let db: StagecraftDb;
let stored: Playbook;

/** Import the way the options page does: read, validate, then replace — all or nothing. */
async function importFile(file: Blob): Promise<IoResult<Playbook>> {
  const read = await readPlaybookFile(file);
  if (!read.ok) return read;
  const saved = await replaceActivePlaybook(db, read.value);
  return saved.ok ? { ok: true, value: saved.playbook } : { ok: false, error: { code: 'invalid', detail: saved.error } };
}
const storedRows = () => db.playbooks.toArray();

beforeEach(async () => {
  db = openDatabase(`test-io-${Math.random()}`);
  stored = samplePlaybook();
  await replaceActivePlaybook(db, stored);
});
afterEach(async () => {
  await db.delete();
});

describe('export', () => {
  it('writes the versioned envelope and reads back the same playbook', () => {
    const text = exportPlaybook(stored, NOW);
    expect(JSON.parse(text)).toEqual({ format: 'stagecraft-playbook', version: 1, exportedAt: '2025-03-14T10:00:00.000Z', playbook: stored });
    expect(parsePlaybookFile(text)).toEqual({ ok: true, value: stored });
    expect(exportFileName(stored, NOW)).toBe('stagecraft-playbook-team-process-2025-03-14.json');
  });
});

describe('import of a valid file', () => {
  it('stores the playbook and makes it the active one', async () => {
    const incoming = clone(stored);
    incoming.pipelines[0]!.stages[0]!.name = 'Discovery done';
    const result = await importFile(fileOf(exportPlaybook(incoming, NOW)));
    expect(result.ok).toBe(true);
    expect((await db.playbooks.get('team-process'))?.playbook.pipelines[0]!.stages[0]!.name).toBe('Discovery done');
  });

  it('keeps guidance HTML as plain text (it is rendered as text, never parsed)', async () => {
    const incoming = clone(stored);
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script> **bold**';
    incoming.pipelines[0]!.stages[0]!.guidance = html;
    const result = await importFile(fileOf(exportPlaybook(incoming, NOW)));
    expect(result.ok).toBe(true);
    expect((await db.playbooks.get('team-process'))?.playbook.pipelines[0]!.stages[0]!.guidance).toBe(html);
  });
});

describe('import previews what changes', () => {
  it('lists stages added, removed, renamed and tasks changed', () => {
    const incoming = clone(stored);
    const stages = incoming.pipelines[0]!.stages;
    stages[0]!.name = 'Discovery done';
    stages[2]!.tasks[0]!.dueDays = 4;
    stages[2]!.tasks.push({ id: 'legal', title: 'Legal review', dueDays: 10, required: false, evidence: null });
    stages.splice(1, 1);
    stages.splice(1, 0, { ...clone(stages[0]!), id: 'negotiation', name: 'Negotiation started' });
    const diff = diffPlaybooks(stored, incoming);
    expect(diff.replacesOther).toBe(false);
    expect(diff.changes).toEqual([
      { kind: 'stageRenamed', pipeline: 'New business', from: 'Qualified', to: 'Discovery done' },
      { kind: 'stageAdded', pipeline: 'New business', stage: 'Negotiation started' },
      { kind: 'taskChanged', pipeline: 'New business', stage: 'Proposal made', task: 'Send proposal' },
      { kind: 'taskAdded', pipeline: 'New business', stage: 'Proposal made', task: 'Legal review' },
      { kind: 'stageRemoved', pipeline: 'New business', stage: 'Demo held' },
    ]);
  });

  it('says when nothing changes, and when the file holds another playbook', () => {
    expect(diffPlaybooks(stored, clone(stored)).changes).toEqual([]);
    const other = clone(stored);
    other.id = 'other';
    other.name = 'Other';
    expect(diffPlaybooks(stored, other)).toMatchObject({ replacesOther: true, renamed: { from: 'Team process', to: 'Other' } });
  });
});

describe('a broken or hostile file is rejected with the exact place, and nothing stored changes', () => {
  const cases: [string, () => string | Blob, string, string | RegExp][] = [
    ['a negative due-days value', () => {
      const bad = clone(stored) as unknown as { pipelines: { stages: { tasks: { dueDays: number }[] }[] }[] };
      bad.pipelines[0]!.stages[2]!.tasks[0]!.dueDays = -1;
      return JSON.stringify(envelope(bad));
    }, 'invalid', 'playbook.pipelines[0].stages[2].tasks[0].dueDays: expected a whole number ≥ 0'],
    ['a fractional due-days value', () => {
      const bad = clone(stored);
      bad.pipelines[0]!.stages[2]!.tasks[0]!.dueDays = 1.5;
      return JSON.stringify(envelope(bad));
    }, 'invalid', 'playbook.pipelines[0].stages[2].tasks[0].dueDays: expected a whole number ≥ 0'],
    ['a string where a number belongs', () => {
      const bad = clone(stored) as unknown as { pipelines: { stages: { probability: unknown }[] }[] };
      bad.pipelines[0]!.stages[1]!.probability = 'high';
      return JSON.stringify(envelope(bad));
    }, 'invalid', /^playbook\.pipelines\[0\]\.stages\[1\]\.probability: .*expected number/],
    ['an array where the pipelines belong', () => JSON.stringify(envelope({ ...clone(stored), pipelines: {} })), 'invalid', /^playbook\.pipelines: .*expected array/],
    ['an unknown field (strict schema)', () => JSON.stringify(envelope({ ...clone(stored), owner: 'x' })), 'invalid', /^playbook: .*"owner"/],
    ['six key tasks', () => {
      const bad = clone(stored);
      bad.pipelines[0]!.stages[0]!.tasks = Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, title: `T${i}`, dueDays: 1, required: false, evidence: null }));
      return JSON.stringify(envelope(bad));
    }, 'invalid', 'playbook.pipelines[0].stages[0].tasks: expected at most five key tasks'],
    ['guidance over the schema limit', () => {
      const bad = clone(stored);
      bad.pipelines[0]!.stages[0]!.guidance = 'x'.repeat(20_001);
      return JSON.stringify(envelope(bad));
    }, 'invalid', 'playbook.pipelines[0].stages[0].guidance: expected at most 20000 characters'],
    ['a stage name over the schema limit', () => {
      const bad = clone(stored);
      bad.pipelines[0]!.stages[1]!.name = 'n'.repeat(201);
      return JSON.stringify(envelope(bad));
    }, 'invalid', 'playbook.pipelines[0].stages[1].name: expected at most 200 characters'],
    ['an unknown version', () => JSON.stringify({ ...envelope(stored), version: 2 }), 'unsupportedVersion', 'version: expected 1, found 2'],
    ['a missing version', () => JSON.stringify({ format: 'stagecraft-playbook', playbook: stored }), 'unsupportedVersion', 'version: expected 1, found none'],
    ['an unknown format', () => JSON.stringify({ ...envelope(stored), format: 'acme-playbook' }), 'wrongFormat', 'format: expected "stagecraft-playbook", found "acme-playbook"'],
    ['a backup file', () => JSON.stringify({ format: 'stagecraft-backup', version: 1, tables: {} }), 'wrongFormat', 'format: expected "stagecraft-playbook", found "stagecraft-backup"'],
    ['a bad exportedAt', () => JSON.stringify({ ...envelope(stored), exportedAt: 'yesterday' }), 'invalid', 'exportedAt: expected an ISO date and time'],
    ['a JSON array', () => '[1,2,3]', 'notAnObject', 'expected a JSON object, found an array'],
    ['a JSON string', () => '"hello"', 'notAnObject', 'expected a JSON object, found string'],
    ['invalid JSON', () => '{ format: stagecraft }', 'invalidJson', /JSON/],
    ['truncated JSON', () => exportPlaybook(stored, NOW).slice(0, 300), 'truncated', /ends too early/],
    ['an empty file', () => '', 'empty', 'the file is empty'],
    ['__proto__ at the top', () => `{"__proto__": {"polluted": true}, ${JSON.stringify(envelope(stored)).slice(1)}`, 'forbiddenKey', '__proto__: the key "__proto__" is not allowed'],
    ['__proto__ deep inside', () => {
      const text = JSON.stringify(envelope(stored));
      return text.replace('"guidance":', '"__proto__": {"isAdmin": true}, "guidance":');
    }, 'forbiddenKey', 'playbook.pipelines[0].stages[0].__proto__: the key "__proto__" is not allowed'],
    ['constructor.prototype', () => {
      const text = JSON.stringify(envelope(stored));
      return text.replace('"aliases":', '"constructor": {"prototype": {"x": 1}}, "aliases":');
    }, 'forbiddenKey', 'playbook.pipelines[0].constructor: the key "constructor" is not allowed'],
    ['a prototype key in a task', () => {
      const text = JSON.stringify(envelope(stored));
      return text.replace('"dueDays":3', '"dueDays":3,"prototype":{}');
    }, 'forbiddenKey', 'playbook.pipelines[0].stages[0].tasks[0].prototype: the key "prototype" is not allowed'],
    ['absurd nesting', () => `{"format":"stagecraft-playbook","version":1,"playbook":${'['.repeat(5000)}${']'.repeat(5000)}}`, 'tooDeep', /nested more than 32 levels/],
    ['a 10 MB string', () => fileOf(JSON.stringify(envelope({ ...clone(stored), name: 'x'.repeat(10 * 1024 * 1024) }))), 'tooLarge', /the file is 10\.0 MB; the limit is 5\.0 MB/],
  ];

  it.each(cases)('%s', async (_name, make, code, detail) => {
    const before = await storedRows();
    const made = make();
    const result = await importFile(typeof made === 'string' ? fileOf(made) : made);
    const error = errorOf(result);
    expect(error?.code).toBe(code);
    if (typeof detail === 'string') expect(error?.detail).toBe(detail);
    else expect(error?.detail).toMatch(detail);
    expect(await storedRows()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses an oversized file by its size, without reading it', async () => {
    let read = false;
    const huge = { size: MAX_PLAYBOOK_FILE_BYTES + 1, text: async () => { read = true; return ''; } };
    const result = await readPlaybookFile(huge);
    expect(errorOf(result)?.code).toBe('tooLarge');
    expect(read).toBe(false);
  });

  it('refuses oversized text that did not come from a file', () => {
    expect(errorOf(parsePlaybookFile(' '.repeat(MAX_PLAYBOOK_FILE_BYTES + 1)))?.code).toBe('tooLarge');
  });
});
