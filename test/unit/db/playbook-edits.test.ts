import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import { saveEditedPlaybook } from '@/lib/db/playbook-edits';
import { editorIssues } from '@/lib/playbook/editor-issues';
import { createTranslator } from '@/lib/i18n';
import type { Playbook } from '@/lib/model/playbook.schema';
import { clone, samplePlaybook } from '../options/fixtures';

let db: StagecraftDb;
const base = samplePlaybook();
const NOW = new Date('2025-03-14T10:00:00.000Z');
const stored = async (): Promise<Playbook> => (await db.playbooks.get('team-process'))!.playbook;
const edited = (from: Playbook, change: (book: Playbook) => void): Playbook => {
  const book = clone(from);
  change(book);
  return book;
};

beforeEach(async () => {
  db = openDatabase(`test-playbook-edits-${Math.random()}`);
  await replaceActivePlaybook(db, base);
});
afterEach(() => db.delete());

describe('saving an edited playbook against its version', () => {
  it('stores the draft when nothing else was written since, moving updatedAt forward', async () => {
    const draft = edited(base, (b) => void (b.name = 'Ours'));
    const result = await saveEditedPlaybook(db, base, draft, NOW);
    expect(result).toEqual({ status: 'saved', stored: { ...draft, updatedAt: NOW.toISOString() } });
    expect(await stored()).toEqual({ ...draft, updatedAt: NOW.toISOString() });
    // a clock that did not move (or went back) still gives a newer version
    const again = await saveEditedPlaybook(db, await stored(), edited(await stored(), (b) => void (b.name = 'Ours 2')), new Date('2025-01-01T00:00:00.000Z'));
    expect(again.status === 'saved' && again.stored.updatedAt).toBe('2025-03-14T10:00:00.001Z');
  });

  it('merges into what another tab stored meanwhile: both edits kept', async () => {
    const theirs = edited(base, (b) => void (b.pipelines[0]!.stages[1]!.guidance = 'Theirs.'));
    expect((await saveEditedPlaybook(db, base, theirs, NOW)).status).toBe('saved');
    const mine = edited(base, (b) => void (b.pipelines[0]!.stages[0]!.name = 'Mine'));
    const result = await saveEditedPlaybook(db, base, mine, new Date('2025-03-14T10:01:00.000Z'));
    expect(result.status === 'merged' && result.conflicts).toEqual([]);
    const now = await stored();
    expect(now.pipelines[0]!.stages.slice(0, 2).map((s) => [s.name, s.guidance])).toEqual([
      ['Mine', 'Confirm **budget** and the decision maker.'],
      ['Demo held', 'Theirs.'],
    ]);
    expect(now.updatedAt).toBe('2025-03-14T10:01:00.000Z');
  });

  it('the same field changed in both: theirs stays stored, mine comes back as a conflict', async () => {
    const theirs = edited(base, (b) => void (b.name = 'Theirs'));
    await saveEditedPlaybook(db, base, theirs, NOW);
    const mine = edited(base, (b) => {
      b.name = 'Mine';
      b.pipelines[0]!.stages[3]!.probability = 0.99;
    });
    const result = await saveEditedPlaybook(db, base, mine, new Date('2025-03-14T10:01:00.000Z'));
    if (result.status !== 'merged') throw new Error(result.status);
    expect(result.conflicts.map((c) => [c.path, c.mine, c.theirs])).toEqual([[['name'], 'Mine', 'Theirs']]);
    expect((await stored()).name).toBe('Theirs');
    expect((await stored()).pipelines[0]!.stages[3]!.probability).toBe(0.99);
    expect(result.mine.name).toBe('Mine');
  });

  it('a merge the playbook rules refuse stores nothing and says why', async () => {
    const addStages = (from: Playbook, prefix: string, count: number) =>
      edited(from, (b) => {
        for (let i = 0; i < count; i++) b.pipelines[0]!.stages.push({ ...clone(b.pipelines[0]!.stages[0]!), id: `${prefix}-${i}`, name: `${prefix} ${i}`, tasks: [] });
      });
    await saveEditedPlaybook(db, base, addStages(base, 'theirs', 20), NOW);
    const before = await stored();
    const result = await saveEditedPlaybook(db, base, addStages(base, 'mine', 20), new Date('2025-03-14T10:01:00.000Z'));
    expect(result).toMatchObject({ status: 'invalid', issues: [{ code: 'too_big', path: ['pipelines', 0, 'stages'] }] });
    // Said in the manager's words, naming the field and where it is.
    if (result.status === 'invalid') expect(editorIssues(result.issues, result.input, createTranslator('sv'), 'sv')[0]!.full).toBe('Pipelinen ”New business” — Steg: får ha högst 30 element');
    expect(await stored()).toEqual(before);
  });

  it('nothing is stored once the playbook is gone (all data cleared)', async () => {
    await db.playbooks.clear();
    expect(await saveEditedPlaybook(db, base, edited(base, (b) => void (b.name = 'Mine')), NOW)).toEqual({ status: 'gone' });
    expect(await db.playbooks.count()).toBe(0);
  });
});
