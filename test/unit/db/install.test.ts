import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { activePlaybook, replaceActivePlaybook } from '@/lib/db/playbooks';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { ensureInstalled } from '@/lib/background/install';
import { TEMPLATES } from '@/lib/playbook/templates';
import { clone, samplePlaybook } from '../options/fixtures';

// A new install starts with the default playbook in the manager's language: the language chosen in
// the settings, else the browser's.

let db: StagecraftDb;
const NOW = new Date('2026-03-02T09:00:00Z');
const now = () => NOW;
const seeded = async () => (await activePlaybook(db))!.playbook;

beforeEach(() => {
  db = openDatabase(`install-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('the first install', () => {
  it('in a Swedish browser seeds the Swedish playbook, with the same ids as the English one', async () => {
    await ensureInstalled(db, ['sv-SE', 'en-US'], now);
    const book = await seeded();
    expect(book).toEqual(TEMPLATES[0]!.build(NOW, 'sv'));
    expect(book.name).toBe('B2B-säljprocess (köparcentrerad)');
    expect(book.pipelines[0]!.stages.map((s) => s.name)).toEqual(['Behovsmöte bokat', 'Kvalificerad', 'Demo genomförd', 'Offert skickad', 'Avtal skickat', 'Vunnen', 'Förlorad']);
    expect(book.pipelines[0]!.stages.find((s) => s.id === 'proposal-sent')!.tasks.map((t) => [t.id, t.title])).toEqual([
      ['send-proposal', 'Skicka offerten'],
      ['review-proposal', 'Gå igenom offerten med beslutsfattaren'],
      ['follow-up', 'Följ upp på beslutsdatumet'],
    ]);
    expect((await loadSettings(db)).baseCurrency).toBe('SEK');
  });

  it('follows the language chosen in the settings over the browser’s', async () => {
    await updateSettings(db, { locale: 'nl' });
    await ensureInstalled(db, ['sv-SE'], now);
    expect((await seeded()).pipelines[0]!.stages[0]!.name).toBe('Verkennend gesprek gepland');
  });

  it('in a Norwegian (nn) or an unsupported language', async () => {
    await ensureInstalled(db, ['nn-NO'], now);
    expect((await seeded()).pipelines[0]!.name).toBe('Nysalg');
    const other = openDatabase(`install-${Math.random()}`);
    await ensureInstalled(other, ['de-DE'], now);
    expect((await activePlaybook(other))!.playbook).toEqual(TEMPLATES[0]!.build(NOW, 'en'));
    await other.delete();
  });

  it('never replaces a playbook that is already there, whatever the language', async () => {
    const own = clone(samplePlaybook());
    await replaceActivePlaybook(db, own);
    await ensureInstalled(db, ['it-IT'], now);
    expect(await db.playbooks.count()).toBe(1);
    expect((await seeded()).name).toBe(own.name);
  });
});
