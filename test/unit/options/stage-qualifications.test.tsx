import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import type { Playbook } from '@/lib/model/playbook.schema';
import { QUALIFICATIONS } from '@/lib/playbook/templates';
import { Options } from '@/components/options/Options';
import { byTestId, cleanup, click, mount, text, waitFor } from '../helpers/render';
import { samplePlaybook } from './fixtures';

// A manager lays the playbook's qualification checklists (BANT, MEDDICC, SPICED…) over a stage.

let db: StagecraftDb;
let clock = Date.parse('2025-03-14T10:00:00.000Z');
const now = () => new Date((clock += 1000));
const stored = async (): Promise<Playbook> => (await db.playbooks.get('team-process'))!.playbook;
const box = (root: ParentNode, id: string) => byTestId(root, 'stage-qualifications').querySelector<HTMLInputElement>(`[data-qualification="${id}"]`)!;

async function open(book: Playbook) {
  db = openDatabase(`test-qualifications-${Math.random()}`);
  await replaceActivePlaybook(db, book);
  const { container } = await mount(<Options db={db} now={now} debounceMs={20} download={() => {}} />);
  await waitFor(() => byTestId(container, 'stage-qualifications'));
  return container;
}

afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('qualification checklists on a stage', () => {
  it('lists the playbook’s checklists; ticking lays one over the stage, in the playbook’s order, and saves it', async () => {
    const root = await open({ ...samplePlaybook(), qualifications: QUALIFICATIONS });
    const names = [...byTestId(root, 'stage-qualifications').querySelectorAll('label')].map((label) => text(label));
    expect(names).toEqual(QUALIFICATIONS.map((q) => `${q.name} (${q.items.length} items)`));
    const [first, second] = QUALIFICATIONS;
    await click(box(root, second!.id));
    await click(box(root, first!.id));
    await waitFor(async () => expect((await stored()).pipelines[0]!.stages[0]!.qualifications).toEqual([first!.id, second!.id]));
    await click(box(root, second!.id));
    await waitFor(async () => expect((await stored()).pipelines[0]!.stages[0]!.qualifications).toEqual([first!.id]));
    expect(box(root, first!.id).checked).toBe(true);
  });

  it('allows at most five on a stage', async () => {
    const many = Array.from({ length: 6 }, (_, n) => ({ id: `check-${n + 1}`, name: `Checklist ${n + 1}`, items: [{ id: 'a', title: 'A', hint: '' }] }));
    const root = await open({ ...samplePlaybook(), qualifications: many });
    for (const q of many.slice(0, 5)) await click(box(root, q.id));
    expect(box(root, 'check-6').disabled).toBe(true);
    await click(box(root, 'check-1'));
    expect(box(root, 'check-6').disabled).toBe(false);
  });

  it('says how to get checklists when the playbook has none', async () => {
    const root = await open(samplePlaybook());
    expect(text(byTestId(root, 'stage-qualifications'))).toContain('This playbook has no qualification checklists.');
  });
});
