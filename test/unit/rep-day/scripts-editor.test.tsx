import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import type { Playbook } from '@/lib/model/playbook.schema';
import { Options } from '@/components/options/Options';
import { byTestId, byLabel, cleanup, click, mount, select, text, type, waitFor } from '../helpers/render';
import { samplePlaybook } from '../options/fixtures';

// A manager writes a stage's call scripts and e-mail templates on the options page.

let db: StagecraftDb;
let clock = Date.parse('2025-03-14T10:00:00.000Z');
const now = () => new Date((clock += 1000));
const stored = async (): Promise<Playbook> => (await db.playbooks.get('team-process'))!.playbook;

afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('scripts in the stage editor', () => {
  it('adds an e-mail template with subject, text and the task it ticks, flags unknown variables, and saves it', async () => {
    db = openDatabase(`test-scripts-editor-${Math.random()}`);
    await replaceActivePlaybook(db, samplePlaybook());
    const { container: root } = await mount(<Options db={db} now={now} debounceMs={20} download={() => {}} />);
    await waitFor(() => byTestId(root, 'stage-scripts'));
    expect(text(byTestId(root, 'stage-scripts'))).toMatch(/\{\{deal\.title\}\}, \{\{deal\.owner\}\}, \{\{contact\.firstName\}\}, \{\{stage\.next\}\}, \{\{me\.name\}\}/);
    await click(byTestId(root, 'add-script'));
    const editor = byTestId(root, 'script-editor');
    await select(byLabel<HTMLSelectElement>(editor, 'Kind'), 'email');
    await type(byTestId<HTMLInputElement>(editor, 'script-title'), 'Proposal e-mail');
    await type(byTestId<HTMLInputElement>(editor, 'script-subject-input'), 'Proposal for {{deal.title}}');
    await type(byTestId<HTMLTextAreaElement>(editor, 'script-body-input'), 'Hi {{contact.firstname}},\nbest, {{me.name}}');
    expect(text(byTestId(editor, 'script-unknown'))).toBe('Not a variable Stagecraft knows: contact.firstname');
    const stage = (await stored()).pipelines[0]!.stages[0]!;
    const taskId = stage.tasks[0]!.id;
    await select(byTestId<HTMLSelectElement>(editor, 'script-ticks'), taskId);
    await waitFor(async () =>
      expect((await stored()).pipelines[0]!.stages[0]!.scripts).toEqual([
        { id: 'script-1', kind: 'email', title: 'Proposal e-mail', subject: 'Proposal for {{deal.title}}', body: 'Hi {{contact.firstname}},\nbest, {{me.name}}', ticksTask: taskId },
      ]),
    );
    await click(byLabel(root, 'Remove the script “Proposal e-mail”'));
    await waitFor(async () => expect((await stored()).pipelines[0]!.stages[0]!.scripts).toEqual([]));
  });
});
