import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import { updateSettings } from '@/lib/db/settings';
import type { Playbook } from '@/lib/model/playbook.schema';
import { Options } from '@/components/options/Options';
import { allByTestId, button, byLabel, byTestId, check, cleanup, click, fire, keyDown, mount, select, sleep, text, type, waitFor } from '../helpers/render';
import { samplePlaybook } from './fixtures';

let db: StagecraftDb;
let clock = Date.parse('2025-03-14T10:00:00.000Z');
const now = () => new Date((clock += 1000));
const DEBOUNCE = 20;

const stored = async (): Promise<Playbook> => (await db.playbooks.get('team-process'))!.playbook;
const stageNames = (root: ParentNode) => allByTestId(root, 'stage-item').map((li) => text(li.querySelector('.stage-item__select')).replace(/^\d+\. /, ''));
const storedStageNames = async () => (await stored()).pipelines[0]!.stages.map((s) => s.name);

async function open() {
  const { container } = await mount(<Options db={db} now={now} debounceMs={DEBOUNCE} download={() => {}} />);
  await waitFor(() => byTestId(container, 'stage-list'));
  return container;
}
const saved = (root: ParentNode) => waitFor(() => expect(text(byTestId(root, 'save-status'))).toBe('All changes saved'));

beforeEach(async () => {
  db = openDatabase(`test-editor-${Math.random()}`);
  await replaceActivePlaybook(db, samplePlaybook());
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('playbook editor', () => {
  it('shows the stages of the stored playbook and the first stage’s details', async () => {
    const root = await open();
    expect(stageNames(root)).toEqual(['Qualified', 'Demo held', 'Proposal made', 'Won']);
    expect(byTestId<HTMLInputElement>(root, 'stage-name').value).toBe('Qualified');
    expect(byLabel<HTMLTextAreaElement>(root, 'Guidance for reps').value).toBe('Confirm **budget** and the decision maker.');
  });

  it('adds a stage, focuses its name and saves it', async () => {
    const root = await open();
    await click(byTestId(root, 'add-stage'));
    expect(stageNames(root)).toEqual(['Qualified', 'Demo held', 'Proposal made', 'Won', 'New stage 5']);
    const name = byTestId<HTMLInputElement>(root, 'stage-name');
    expect(document.activeElement).toBe(name);
    await type(name, 'Contract signed');
    await saved(root);
    expect(await storedStageNames()).toEqual(['Qualified', 'Demo held', 'Proposal made', 'Won', 'Contract signed']);
    expect((await stored()).pipelines[0]!.stages[4]!.id).toBe('stage-1');
  });

  it('renames a stage as you type (debounced) and bumps updatedAt', async () => {
    const root = await open();
    const before = (await stored()).updatedAt;
    await click(button(root, /^2\. Demo held$/));
    await type(byTestId(root, 'stage-name'), 'Demo given');
    expect(text(byTestId(root, 'save-status'))).toBe('Saving…');
    await saved(root);
    expect(await storedStageNames()).toEqual(['Qualified', 'Demo given', 'Proposal made', 'Won']);
    expect((await stored()).updatedAt > before).toBe(true);
  });

  it('reorders with the move buttons', async () => {
    const root = await open();
    await click(button(root, 'Move "Proposal made" up'));
    expect(stageNames(root)).toEqual(['Qualified', 'Proposal made', 'Demo held', 'Won']);
    expect(text(byTestId(root, 'editor-announcement'))).toBe('"Proposal made" moved to position 2 of 4.');
    await saved(root);
    expect(await storedStageNames()).toEqual(['Qualified', 'Proposal made', 'Demo held', 'Won']);
  });

  it('reorders with Alt+ArrowUp/Down and keeps focus on the moved stage', async () => {
    const root = await open();
    const first = button(root, /^1\. Qualified$/);
    first.focus();
    await keyDown(first, 'ArrowDown', { altKey: true });
    expect(stageNames(root)).toEqual(['Demo held', 'Qualified', 'Proposal made', 'Won']);
    expect((document.activeElement as HTMLElement).dataset.stageId).toBe('qualified');
    await keyDown(document.activeElement!, 'ArrowDown', { altKey: true });
    expect(stageNames(root)).toEqual(['Demo held', 'Proposal made', 'Qualified', 'Won']);
    await keyDown(document.activeElement!, 'ArrowUp', { altKey: true });
    expect(stageNames(root)).toEqual(['Demo held', 'Qualified', 'Proposal made', 'Won']);
    await keyDown(document.activeElement!, 'ArrowUp'); // without Alt: nothing moves
    expect(stageNames(root)).toEqual(['Demo held', 'Qualified', 'Proposal made', 'Won']);
    await saved(root);
    expect(await storedStageNames()).toEqual(['Demo held', 'Qualified', 'Proposal made', 'Won']);
  });

  it('reorders by drag and drop', async () => {
    const root = await open();
    const items = allByTestId(root, 'stage-item');
    await fire(items[3]!, 'dragstart');
    await fire(items[0]!, 'dragover');
    expect(items[0]!.classList.contains('stage-item--drop')).toBe(true);
    await fire(items[0]!, 'drop');
    expect(stageNames(root)).toEqual(['Won', 'Qualified', 'Demo held', 'Proposal made']);
    await saved(root);
    expect(await storedStageNames()).toEqual(['Won', 'Qualified', 'Demo held', 'Proposal made']);
  });

  it('deletes a stage with undo', async () => {
    const root = await open();
    await click(button(root, 'Delete stage "Demo held"'));
    expect(stageNames(root)).toEqual(['Qualified', 'Proposal made', 'Won']);
    expect(text(byTestId(root, 'undo-bar'))).toContain('Stage "Demo held" deleted.');
    expect((document.activeElement as HTMLElement).dataset.stageId).toBe('proposal'); // focus stays in the list
    await saved(root);
    expect(await storedStageNames()).toEqual(['Qualified', 'Proposal made', 'Won']);

    await click(byTestId(root, 'undo'));
    expect(stageNames(root)).toEqual(['Qualified', 'Demo held', 'Proposal made', 'Won']);
    expect(root.querySelector('[data-testid="undo-bar"]')).toBeNull();
    expect((document.activeElement as HTMLElement).dataset.stageId).toBe('demo');
    await saved(root);
    const restored = (await stored()).pipelines[0]!.stages[1]!;
    expect(restored).toEqual(samplePlaybook().pipelines[0]!.stages[1]);
  });

  it('edits a key task: title, due days, required, evidence', async () => {
    const root = await open();
    await click(button(root, /^3\. Proposal made$/));
    const [first] = allByTestId(root, 'task');
    await type(first!.querySelector<HTMLInputElement>('[data-testid="task-title"]')!, 'Send the proposal');
    await type(first!.querySelector<HTMLInputElement>('[data-testid="task-due"]')!, '4');
    await check(byLabel(first!, 'Required'), false);
    await select(byLabel<HTMLSelectElement>(first!, 'Ticks itself when logged'), 'email');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[2]!.tasks[0]).toEqual({ id: 'send', title: 'Send the proposal', dueDays: 4, required: false, evidence: { activityType: 'email' } });
  });

  it('allows at most five key tasks', async () => {
    const root = await open();
    await click(button(root, /^3\. Proposal made$/));
    for (let i = 0; i < 3; i++) await click(byTestId(root, 'add-task'));
    expect(allByTestId(root, 'task')).toHaveLength(5);
    expect(root.querySelector('[data-testid="add-task"]')).toBeNull();
    expect(text(byTestId(root, 'tasks-full'))).toBe('This stage has five key tasks, the most a stage can have.');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[2]!.tasks.map((t) => t.id)).toEqual(['send', 'follow-up', 'task-1', 'task-2', 'task-3']);
  });

  it('an invalid edit shows next to the field which field and what is wrong, in words, and keeps the stored playbook', async () => {
    const root = await open();
    const before = await stored();
    await click(button(root, /^3\. Proposal made$/));
    const due = allByTestId(root, 'task')[0]!.querySelector<HTMLInputElement>('[data-testid="task-due"]')!;
    await type(due, '1.5');
    await waitFor(() => expect(text(byTestId(root, 'save-status'))).toBe('Not saved — fix this first: Stage 3 of pipeline “New business” — Task 1 › Due after (days in stage): expected a whole number'));
    const error = root.querySelector(`[data-error-for="pipelines[0].stages[2].tasks[0].dueDays"]`)!;
    expect(text(error)).toBe('Task 1 › Due after (days in stage): expected a whole number');
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(due.getAttribute('aria-describedby')).toContain(error.id);
    expect(due.value).toBe('1.5'); // what the user typed stays
    await sleep(DEBOUNCE * 3);
    expect(await stored()).toEqual(before);

    await type(due, '-2');
    await waitFor(() => expect(text(root.querySelector(`[data-error-for="pipelines[0].stages[2].tasks[0].dueDays"]`))).toBe('Task 1 › Due after (days in stage): must be at least 0'));
    await type(byTestId(root, 'stage-name'), '');
    await waitFor(() => expect(text(root.querySelector(`[data-error-for="pipelines[0].stages[2].name"]`))).toBe('Stage name: must not be empty'));
    expect(await stored()).toEqual(before);

    await type(byTestId(root, 'stage-name'), 'Proposal sent');
    await type(due, '6');
    await saved(root);
    expect(root.querySelector('.field-error')).toBeNull();
    expect((await stored()).pipelines[0]!.stages[2]).toMatchObject({ name: 'Proposal sent', tasks: [{ dueDays: 6 }, {}] });
  });

  it('in Swedish the field and what is wrong are said in Swedish, in the status and next to the field', async () => {
    const { container: root } = await mount(<Options db={db} now={now} debounceMs={DEBOUNCE} download={() => {}} />, 'sv');
    await waitFor(() => byTestId(root, 'stage-list'));
    await click(button(root, /^3\. Proposal made$/));
    const due = allByTestId(root, 'task')[0]!.querySelector<HTMLInputElement>('[data-testid="task-due"]')!;
    await type(due, '');
    await waitFor(() => expect(text(byTestId(root, 'save-status'))).toBe('Inte sparat — rätta detta först: Steg 3 i pipelinen ”New business” — Uppgift 1 › Klar inom (dagar i steget): saknas: förväntade ett tal'));
    expect(text(root.querySelector('[data-error-for="pipelines[0].stages[2].tasks[0].dueDays"]'))).toBe('Uppgift 1 › Klar inom (dagar i steget): saknas: förväntade ett tal');
  });

  it('previews guidance live as elements: bold, lists, safe links only, HTML as text', async () => {
    const root = await open();
    await type(byTestId(root, 'guidance-input'), 'Ask **who signs**.\n\n- one\n- two\n\nSee [the deck](https://example.com/deck) or [this](javascript:alert(1)) <b>raw</b>');
    const preview = byTestId(root, 'guidance-preview');
    expect(text(preview.querySelector('strong'))).toBe('who signs');
    expect([...preview.querySelectorAll('li')].map(text)).toEqual(['one', 'two']);
    const links = [...preview.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.com/deck');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer');
    expect(preview.querySelector('b')).toBeNull();
    expect(text(preview)).toContain('<b>raw</b>');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[0]!.guidance).toContain('<b>raw</b>');
  });

  it('probability is edited in percent, with a percent error message', async () => {
    const root = await open();
    const probability = byLabel(root, 'Win probability (%)');
    expect(probability.value).toBe('10');
    await type(probability, '150');
    await waitFor(() => expect(text(root.querySelector('[data-error-for="pipelines[0].stages[0].probability"]'))).toBe('Win probability (%): expected a number from 0 to 100'));
    await type(probability, '35');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[0]!.probability).toBe(0.35);
  });

  it('edits aliases per CRM, one per line', async () => {
    const root = await open();
    await type(byLabel<HTMLTextAreaElement>(root.querySelector('.stage-editor')!, 'HubSpot'), 'Appointment scheduled\n\n  Qualified to buy  \n');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[0]!.aliases).toEqual({ pipedrive: ['Qualified'], hubspot: ['Appointment scheduled', 'Qualified to buy'], salesforce: [] });
  });

  it('edits goal criteria of every structured kind', async () => {
    const root = await open();
    await click(button(root, '+ Add criterion'));
    const criteria = () => allByTestId(root, 'criterion');
    expect(criteria()).toHaveLength(2);
    await select(byLabel<HTMLSelectElement>(criteria()[1]!, 'Activity type'), 'demo');
    await click(button(root, '+ Add criterion'));
    await select(byLabel<HTMLSelectElement>(criteria()[2]!, 'Criterion 3'), 'field');
    await select(byLabel<HTMLSelectElement>(criteria()[2]!, 'Field'), 'value');
    await click(button(root, '+ Add criterion'));
    await select(byLabel<HTMLSelectElement>(criteria()[3]!, 'Criterion 4'), 'manual');
    await type(byLabel(criteria()[3]!, 'What the rep confirms'), 'Champion named');
    await click(button(root, '+ Add criterion'));
    await select(byLabel<HTMLSelectElement>(criteria()[4]!, 'Criterion 5'), 'closeDateNotPast');
    await click(button(root, 'Remove criterion 1'));
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[0]!.goal).toEqual([
      { kind: 'activity', activityType: 'demo' },
      { kind: 'field', field: 'value' },
      { kind: 'manual', id: 'check-1', label: 'Champion named' },
      { kind: 'closeDateNotPast' },
    ]);
  });

  it('edits rot days (empty = team default), forecast category and stage type', async () => {
    const root = await open();
    await type(byLabel(root, 'Stalled after (days)'), '');
    await select(byLabel<HTMLSelectElement>(root, 'Forecast category'), 'commit');
    await select(byLabel<HTMLSelectElement>(root, 'Stage type'), 'lost');
    await saved(root);
    expect((await stored()).pipelines[0]!.stages[0]).toMatchObject({ rotDays: null, forecastCategory: 'commit', outcome: 'lost' });
  });

  it('a stage without rot days says the limit learned from the team’s history, and how many deals it rests on', async () => {
    const book = await stored();
    const key = `${book.pipelines[0]!.id}/${book.pipelines[0]!.stages[0]!.id}`;
    await updateSettings(db, { learnedRotDays: { [key]: { days: 18, deals: 48 } } });
    const root = await open();
    const hint = () => text(byLabel(root, 'Stalled after (days)').closest('.field')!.querySelector('.field-hint'));
    // What an empty field means here: the learned limit, not the team default.
    await waitFor(() => expect(hint()).toBe('Empty: 18 days, learned from 48 deals (twice the team’s median time in this stage).'));
    await click(button(root, /^2\. Demo held$/));
    await waitFor(() => expect(hint()).toBe('Empty: the team default (21 days).'));
  });

  it('adds, renames and deletes a pipeline with undo', async () => {
    const root = await open();
    await click(button(root, '+ Add pipeline'));
    expect(document.activeElement).toBe(byLabel(root, 'Pipeline name'));
    await type(byLabel(root, 'Pipeline name'), 'Renewals');
    await saved(root);
    expect((await stored()).pipelines.map((p) => p.name)).toEqual(['New business', 'Renewals']);
    await click(button(root, 'Delete pipeline "Renewals"'));
    await saved(root);
    expect((await stored()).pipelines.map((p) => p.name)).toEqual(['New business']);
    await click(byTestId(root, 'undo'));
    await saved(root);
    expect((await stored()).pipelines.map((p) => p.name)).toEqual(['New business', 'Renewals']);
  });

  it('follows a change written elsewhere while the draft is clean', async () => {
    const root = await open();
    const changed = samplePlaybook({ updatedAt: '2030-01-01T00:00:00.000Z' });
    changed.pipelines[0]!.stages[0]!.name = 'Discovery';
    await db.playbooks.put({ id: changed.id, playbook: changed, origin: 'local' });
    await waitFor(() => expect(stageNames(root)[0]).toBe('Discovery'));
  });
});

describe('process checker beside the editor', () => {
  it('lists findings live and a click focuses the field', async () => {
    const root = await open();
    expect(text(byTestId(root, 'checker-summary'))).toBe('No findings: the process looks sound.');
    await click(button(root, /^2\. Demo held$/));
    await type(byTestId(root, 'stage-name'), 'Hot prospect');
    await click(button(root, /^1\. Qualified$/));
    const [finding] = allByTestId(root, 'finding');
    expect(finding!.dataset.kind).toBe('hopeName');
    expect(text(finding)).toContain('Stage "Hot prospect" is named after a hope ("hot")');
    expect(text(finding)).toContain('How to fix: Name it after the buyer’s action');
    await click(finding!);
    expect(document.activeElement).toBe(byTestId(root, 'stage-name'));
    expect(byTestId<HTMLInputElement>(root, 'stage-name').value).toBe('Hot prospect');
  });

  it('focuses the aliases field of a duplicate alias and the label of a manual criterion', async () => {
    const root = await open();
    await click(button(root, /^3\. Proposal made$/));
    await type(byLabel<HTMLTextAreaElement>(root.querySelector('.stage-editor')!, 'Pipedrive'), 'Proposal Made\nqualified');
    await click(button(root, '+ Add criterion'));
    await select(byLabel<HTMLSelectElement>(allByTestId(root, 'criterion')[1]!, 'Criterion 2'), 'manual');
    await type(byLabel(allByTestId(root, 'criterion')[1]!, 'What the rep confirms'), 'Owner assigned');
    await click(button(root, /^1\. Qualified$/));
    const findings = allByTestId(root, 'finding');
    expect(findings.map((f) => f.dataset.kind)).toEqual(['duplicateAlias', 'manualCriterion']);
    await click(findings[0]!);
    expect(document.activeElement?.getAttribute('data-path')).toBe('pipelines[0].stages[2].aliases.pipedrive');
    await click(findings[1]!);
    expect(document.activeElement?.getAttribute('data-path')).toBe('pipelines[0].stages[2].goal[1].label');
  });
});
