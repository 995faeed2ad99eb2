import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import { exportPlaybook } from '@/lib/playbook-io';
import type { Playbook } from '@/lib/model/playbook.schema';
import { Options } from '@/components/options/Options';
import { allByTestId, button, byLabel, byTestId, cleanup, click, mount, pickFile, text, type, waitFor } from '../helpers/render';
import { clone, samplePlaybook } from './fixtures';

// Two options tabs on one database (each with its own connection, as two tabs have). Tab B's
// autosave waits long, so tab A's save lands first while B still has unsaved edits; B merges them
// when A's change reaches it or when its page saves before an export, whichever comes first.

let name: string;
let tabs: StagecraftDb[];
let clock = Date.parse('2025-03-14T10:00:00.000Z');
const now = () => new Date((clock += 1000));

const stored = async (): Promise<Playbook> => (await tabs[0]!.playbooks.get('team-process'))!.playbook;
const status = (root: ParentNode) => text(byTestId(root, 'save-status'));
const stageNames = (root: ParentNode) => allByTestId(root, 'stage-item').map((li) => text(li.querySelector('.stage-item__select')).replace(/^\d+\. /, ''));

async function openTab(debounceMs: number) {
  const db = openDatabase(name);
  tabs.push(db);
  const { container } = await mount(<Options db={db} now={now} debounceMs={debounceMs} download={() => {}} />);
  await waitFor(() => byTestId(container, 'stage-list'));
  return container;
}
/** The page saves its pending edits (as it does before an export) and waits until they are. */
async function saveNow(root: HTMLElement) {
  await click(byTestId(root, 'tab-sharing'));
  await click(byTestId(root, 'export-playbook'));
  await click(byTestId(root, 'tab-playbook'));
}

beforeEach(async () => {
  name = `test-concurrent-${Math.random()}`;
  tabs = [];
  const setup = openDatabase(name);
  await replaceActivePlaybook(setup, samplePlaybook());
  setup.close();
});
afterEach(async () => {
  await cleanup();
  await Dexie.delete(name); // each tab's connection closes on the deletion, as a tab's would
});

describe('two options tabs editing the playbook at once', () => {
  it('different fields: both edits are stored and both tabs show both', async () => {
    const a = await openTab(10);
    const b = await openTab(60_000);
    await type(byLabel<HTMLTextAreaElement>(b, 'Guidance for reps'), 'Ask who signs.');
    await click(button(a, /^3\. Proposal made$/));
    await type(byTestId(a, 'stage-name'), 'Proposal sent');
    await waitFor(() => expect(status(a)).toBe('All changes saved'));

    await saveNow(b);
    await waitFor(() => expect(status(b)).toBe('All changes saved, together with the changes made in another tab'));
    const book = await stored();
    expect(book.pipelines[0]!.stages.map((s) => s.name)).toEqual(['Qualified', 'Demo held', 'Proposal sent', 'Won']);
    expect(book.pipelines[0]!.stages[0]!.guidance).toBe('Ask who signs.');
    expect(stageNames(b)).toEqual(['Qualified', 'Demo held', 'Proposal sent', 'Won']);
    await click(button(a, /^1\. Qualified$/));
    await waitFor(() => expect(byLabel<HTMLTextAreaElement>(a, 'Guidance for reps').value).toBe('Ask who signs.'));
    expect(b.querySelector('[data-testid="conflicts"]')).toBeNull();
  });

  it('the same field: the other tab’s value stays stored, both are shown, and the manager’s choice is saved', async () => {
    const a = await openTab(10);
    const b = await openTab(60_000);
    await type(byTestId(b, 'stage-name'), 'Discovery (B)');
    await type(byLabel<HTMLTextAreaElement>(b, 'Guidance for reps'), 'Only B touched this.');
    await type(byTestId(a, 'stage-name'), 'Discovery (A)');
    await waitFor(() => expect(status(a)).toBe('All changes saved'));

    await saveNow(b);
    const conflict = await waitFor(() => byTestId(b, 'conflict'));
    expect(status(b)).toBe('Not all saved — another tab changed the same things: choose below what to keep');
    expect(text(byTestId(conflict, 'conflict-where'))).toBe('New business › Qualified › Name');
    expect(text(byTestId(conflict, 'conflict-mine'))).toBe('Discovery (B)');
    expect(text(byTestId(conflict, 'conflict-theirs'))).toBe('Discovery (A)');
    // what does not collide is saved; the collision keeps A's value until the manager decides
    expect((await stored()).pipelines[0]!.stages[0]).toMatchObject({ name: 'Discovery (A)', guidance: 'Only B touched this.' });
    expect(byTestId<HTMLInputElement>(b, 'stage-name').value).toBe('Discovery (B)');

    await click(button(conflict, 'Keep this tab’s version of New business › Qualified › Name'));
    await waitFor(() => expect(status(b)).toBe('All changes saved'));
    expect((await stored()).pipelines[0]!.stages[0]!.name).toBe('Discovery (B)');
    expect(b.querySelector('[data-testid="conflicts"]')).toBeNull();
    await waitFor(() => expect(byTestId<HTMLInputElement>(a, 'stage-name').value).toBe('Discovery (B)'));
  });

  it('taking the other tab’s value puts it in this tab’s field', async () => {
    const a = await openTab(10);
    const b = await openTab(60_000);
    await type(byTestId(b, 'stage-name'), 'Discovery (B)');
    await type(byTestId(a, 'stage-name'), 'Discovery (A)');
    await waitFor(() => expect(status(a)).toBe('All changes saved'));
    await saveNow(b);
    await click(await waitFor(() => byTestId(b, 'conflict-take-theirs')));
    await waitFor(() => expect(status(b)).toBe('All changes saved'));
    expect(byTestId<HTMLInputElement>(b, 'stage-name').value).toBe('Discovery (A)');
    expect((await stored()).pipelines[0]!.stages[0]!.name).toBe('Discovery (A)');
  });

  it('a stage deleted in one tab while the other changed it: shown, and kept when chosen', async () => {
    const a = await openTab(10);
    const b = await openTab(60_000);
    await click(button(b, /^2\. Demo held$/));
    await type(byLabel<HTMLTextAreaElement>(b, 'Guidance for reps'), 'Show the pricing page too.');
    await click(button(a, 'Delete stage "Demo held"'));
    await waitFor(() => expect(status(a)).toBe('All changes saved'));
    expect((await stored()).pipelines[0]!.stages.map((s) => s.id)).toEqual(['qualified', 'proposal', 'won']);

    await saveNow(b);
    const conflict = await waitFor(() => byTestId(b, 'conflict'));
    expect(text(byTestId(conflict, 'conflict-where'))).toBe('New business › Demo held');
    expect(text(byTestId(conflict, 'conflict-mine'))).toBe('Demo held');
    expect(text(byTestId(conflict, 'conflict-theirs'))).toBe('(deleted)');
    await click(byTestId(conflict, 'conflict-keep-mine'));
    await waitFor(() => expect(status(b)).toBe('All changes saved'));
    const stage = (await stored()).pipelines[0]!.stages[1]!;
    expect([stage.id, stage.guidance]).toEqual(['demo', 'Show the pricing page too.']);
    await waitFor(() => expect(stageNames(a)).toEqual(['Qualified', 'Demo held', 'Proposal made', 'Won']));
  });

  it('an import in one tab while the other has unsaved edits: the edits go on top of the imported playbook', async () => {
      const a = await openTab(10);
    const b = await openTab(60_000);
    await click(button(b, /^4\. Won$/));
    await type(byTestId(b, 'stage-name'), 'Closed won');
    const incoming = clone(samplePlaybook());
    incoming.pipelines[0]!.stages[0]!.guidance = 'Imported guidance.';
    await click(byTestId(a, 'tab-sharing'));
    await pickFile(byTestId(a, 'import-file'), new File([exportPlaybook(incoming, new Date(clock))], 'playbook.json', { type: 'application/json' }));
    await click(await waitFor(() => byTestId(a, 'import-confirm')));
    await waitFor(() => expect(text(byTestId(a, 'import-status'))).toBe('Imported "Team process".'));

    await saveNow(b);
    await waitFor(() => expect(status(b)).toBe('All changes saved, together with the changes made in another tab'));
    const stages = (await stored()).pipelines[0]!.stages;
    expect([stages[0]!.guidance, stages[3]!.name]).toEqual(['Imported guidance.', 'Closed won']);
  });

  it('an import confirmed after another tab saved is not imported over that change: the preview is shown again with it', async () => {
    const a = await openTab(10);
    const b = await openTab(10);
    const incoming = clone(samplePlaybook());
    incoming.pipelines[0]!.stages[0]!.guidance = 'Imported guidance.';
    await click(byTestId(a, 'tab-sharing'));
    await pickFile(byTestId(a, 'import-file'), new File([exportPlaybook(incoming, new Date(clock))], 'playbook.json', { type: 'application/json' }));
    const changes = () => allByTestId(a, 'import-changes').flatMap((ul) => [...ul.querySelectorAll('li')].map(text));
    await waitFor(() => expect(changes()).toEqual(['Guidance changed: Qualified']));

    await click(button(b, /^4\. Won$/));
    await type(byTestId(b, 'stage-name'), 'Closed won');
    await waitFor(async () => expect((await stored()).pipelines[0]!.stages[3]!.name).toBe('Closed won'));

    await click(byTestId(a, 'import-confirm'));
    await waitFor(() => byTestId(a, 'import-changed-meanwhile'));
    expect(changes()).toEqual(expect.arrayContaining(['Stage renamed: Closed won → Won (New business)', 'Guidance changed: Qualified']));
    expect((await stored()).pipelines[0]!.stages.map((s) => [s.name, s.guidance])[3]).toEqual(['Closed won', '']);
    expect((await stored()).pipelines[0]!.stages[0]!.guidance).toBe('Confirm **budget** and the decision maker.');

    await click(byTestId(a, 'import-confirm')); // the manager saw it and imports anyway
    await waitFor(() => expect(text(byTestId(a, 'import-status'))).toBe('Imported "Team process".'));
    expect((await stored()).pipelines[0]!.stages[0]!.guidance).toBe('Imported guidance.');
  });
});
