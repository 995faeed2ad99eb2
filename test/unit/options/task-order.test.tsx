import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import type { Playbook } from '@/lib/model/playbook.schema';
import { Options } from '@/components/options/Options';
import { allByTestId, button, byTestId, cleanup, click, mount, text, waitFor } from '../helpers/render';
import { samplePlaybook } from './fixtures';

// A manager puts a stage's key tasks in the order reps should do them, from the keyboard.

let db: StagecraftDb;
let clock = Date.parse('2025-03-14T10:00:00.000Z');
const now = () => new Date((clock += 1000));

const stored = async (): Promise<Playbook> => (await db.playbooks.get('team-process'))!.playbook;
const titles = (root: ParentNode) => allByTestId<HTMLInputElement>(root, 'task-title').map((input) => input.value);

beforeEach(async () => {
  db = openDatabase(`test-task-order-${Math.random()}`);
  const book = samplePlaybook();
  book.pipelines[0]!.stages[0]!.tasks = [
    { id: 'discovery', title: 'Discovery call', dueDays: 3, required: true, evidence: { activityType: 'call' } },
    { id: 'budget', title: 'Confirm budget', dueDays: 5, required: false, evidence: null },
    { id: 'champion', title: 'Find a champion', dueDays: 7, required: false, evidence: null },
  ];
  await replaceActivePlaybook(db, book);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

async function open() {
  const { container } = await mount(<Options db={db} now={now} debounceMs={20} download={() => {}} />);
  await waitFor(() => expect(titles(container)).toHaveLength(3));
  return container;
}

describe('reordering key tasks', () => {
  it('moves a task down and up, keeps the focus on it, says where it went, and saves the order', async () => {
    const root = await open();
    const down = button(root, 'Move "Discovery call" down');
    await click(down);
    expect(titles(root)).toEqual(['Confirm budget', 'Discovery call', 'Find a champion']);
    expect(document.activeElement).toBe(button(root, 'Move "Discovery call" down'));
    expect(text(byTestId(root, 'task-announcement'))).toBe('"Discovery call" moved to position 2 of 3.');
    await click(button(root, 'Move "Discovery call" down'));
    expect(titles(root)).toEqual(['Confirm budget', 'Find a champion', 'Discovery call']);
    // At the end "down" is disabled: the focus moves to "up" of the same task.
    expect(button(root, 'Move "Discovery call" down').disabled).toBe(true);
    expect(document.activeElement).toBe(button(root, 'Move "Discovery call" up'));
    await click(button(root, 'Move "Find a champion" up'));
    expect(titles(root)).toEqual(['Find a champion', 'Confirm budget', 'Discovery call']);
    await waitFor(async () => expect((await stored()).pipelines[0]!.stages[0]!.tasks.map((t) => t.id)).toEqual(['champion', 'budget', 'discovery']));
    // Everything else about each task moved with it.
    expect((await stored()).pipelines[0]!.stages[0]!.tasks[2]).toEqual({ id: 'discovery', title: 'Discovery call', dueDays: 3, required: true, evidence: { activityType: 'call' } });
  });

  it('the first task cannot go up and the last cannot go down', async () => {
    const root = await open();
    expect(button(root, 'Move "Discovery call" up').disabled).toBe(true);
    expect(button(root, 'Move "Find a champion" down').disabled).toBe(true);
    expect(button(root, 'Move "Confirm budget" up').disabled).toBe(false);
  });
});
