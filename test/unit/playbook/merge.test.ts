import { describe, expect, it } from 'vitest';
import { mergePlaybooks, reorderAt, setAt } from '@/lib/playbook/merge';
import type { Playbook } from '@/lib/model/playbook.schema';
import { clone, samplePlaybook } from '../options/fixtures';

// Two editors started from the same playbook (base); one stored its edit (theirs), the other merges
// its own (mine) into it.

const base = samplePlaybook();
const edited = (change: (book: Playbook) => void, updatedAt = base.updatedAt): Playbook => {
  const book = clone(base);
  change(book);
  return { ...book, updatedAt };
};
const stages = (book: Playbook) => book.pipelines[0]!.stages;
const P = { id: 'new-business' };

describe('merging playbook edits', () => {
  it('different fields: both edits kept, no conflict', () => {
    const mine = edited((b) => void (stages(b)[0]!.guidance = 'Mine: ask about budget.'));
    const theirs = edited((b) => void (stages(b)[2]!.name = 'Proposal sent'), '2025-03-02T09:00:00.000Z');
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(stages(merged.theirs).map((s) => s.name)).toEqual(['Qualified', 'Demo held', 'Proposal sent', 'Won']);
    expect(stages(merged.theirs)[0]!.guidance).toBe('Mine: ask about budget.');
    expect(merged.theirs.updatedAt).toBe('2025-03-02T09:00:00.000Z');
    expect(merged.mine).toEqual(merged.theirs);
    expect(merged.base).toEqual(merged.theirs);
  });

  it('the same field changed differently: a conflict with all three values; each side keeps its own', () => {
    const mine = edited((b) => void (stages(b)[0]!.guidance = 'Mine.'));
    const theirs = edited((b) => void (stages(b)[0]!.guidance = 'Theirs.'));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([
      { kind: 'value', path: ['pipelines', P, 'stages', { id: 'qualified' }, 'guidance'], base: 'Confirm **budget** and the decision maker.', mine: 'Mine.', theirs: 'Theirs.' },
    ]);
    expect(stages(merged.theirs)[0]!.guidance).toBe('Theirs.');
    expect(stages(merged.mine)[0]!.guidance).toBe('Mine.');
    expect(stages(merged.base)[0]!.guidance).toBe(base.pipelines[0]!.stages[0]!.guidance);
    // merging again from the new base finds the same conflict: it stays until decided
    expect(mergePlaybooks(merged.base, merged.mine, merged.theirs).conflicts).toHaveLength(1);
  });

  it('the same change on both sides is no conflict', () => {
    const mine = edited((b) => void (stages(b)[1]!.probability = 0.4));
    expect(mergePlaybooks(base, mine, mine).conflicts).toEqual([]);
  });

  it('tasks of one stage edited on both sides merge task by task', () => {
    const mine = edited((b) => void (stages(b)[2]!.tasks[0]!.dueDays = 1));
    const theirs = edited((b) => void (stages(b)[2]!.tasks[1]!.title = 'Call back'));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(stages(merged.theirs)[2]!.tasks.map((t) => [t.title, t.dueDays])).toEqual([['Send proposal', 1], ['Call back', 5]]);
  });

  it('a stage deleted here and changed there is a conflict about the whole stage', () => {
    const mine = edited((b) => void stages(b).splice(1, 1));
    const theirs = edited((b) => void (stages(b)[1]!.guidance = 'Theirs.'));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts.map((c) => [c.path, c.mine, (c.theirs as { guidance: string }).guidance])).toEqual([
      [['pipelines', P, 'stages', { id: 'demo' }], undefined, 'Theirs.'],
    ]);
    expect(stages(merged.theirs).map((s) => s.id)).toEqual(['qualified', 'demo', 'proposal', 'won']);
    expect(stages(merged.mine).map((s) => s.id)).toEqual(['qualified', 'proposal', 'won']);
  });

  it('a stage deleted on one side and untouched on the other is deleted', () => {
    const mine = edited((b) => void stages(b).splice(1, 1));
    const theirs = edited((b) => void (b.name = 'Renamed'));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(merged.theirs.name).toBe('Renamed');
    expect(stages(merged.theirs).map((s) => s.id)).toEqual(['qualified', 'proposal', 'won']);
  });

  it('two stages added with the same new id are both kept, this side’s under a fresh id, each where it was added', () => {
    const added = (name: string, at: number) => (b: Playbook) => void stages(b).splice(at, 0, { ...clone(stages(b)[0]!), id: 'stage-1', name, tasks: [] });
    const mine = edited(added('Mine new', 1));
    const theirs = edited(added('Theirs new', 3));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(stages(merged.theirs).map((s) => `${s.id}:${s.name}`)).toEqual([
      'qualified:Qualified', 'stage-2:Mine new', 'demo:Demo held', 'proposal:Proposal made', 'stage-1:Theirs new', 'won:Won',
    ]);
  });

  it('a reorder on one side and edits on the other: the new order with the edits', () => {
    const mine = edited((b) => void stages(b).reverse());
    const theirs = edited((b) => void (stages(b)[0]!.name = 'Qualified lead'));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([]);
    expect(stages(merged.theirs).map((s) => s.name)).toEqual(['Won', 'Proposal made', 'Demo held', 'Qualified lead']);
  });

  it('two different reorders: a conflict of order; each side keeps its order', () => {
    const mine = edited((b) => void stages(b).reverse());
    const theirs = edited((b) => void stages(b).push(stages(b).shift()!));
    const merged = mergePlaybooks(base, mine, theirs);
    expect(merged.conflicts).toEqual([
      { kind: 'order', path: ['pipelines', P, 'stages'], base: ['qualified', 'demo', 'proposal', 'won'], mine: ['won', 'proposal', 'demo', 'qualified'], theirs: ['demo', 'proposal', 'won', 'qualified'] },
    ]);
    expect(stages(merged.theirs).map((s) => s.id)).toEqual(['demo', 'proposal', 'won', 'qualified']);
    expect(stages(merged.mine).map((s) => s.id)).toEqual(['won', 'proposal', 'demo', 'qualified']);
  });
});

describe('deciding a conflict', () => {
  it('sets a field, removes an item, puts an item back where the other version has it', () => {
    const path = ['pipelines', P, 'stages', { id: 'demo' }] as const;
    const without = setAt(base, path, undefined, undefined);
    expect(stages(without).map((s) => s.id)).toEqual(['qualified', 'proposal', 'won']);
    expect(stages(setAt(without, path, stages(base)[1], base)).map((s) => s.id)).toEqual(['qualified', 'demo', 'proposal', 'won']);
    expect(stages(setAt(base, [...path, 'name'], 'Demo done', undefined))[1]!.name).toBe('Demo done');
    expect(base.pipelines[0]!.stages[1]!.name).toBe('Demo held'); // copies, never in place
  });

  it('puts a list in the other version’s order', () => {
    expect(stages(reorderAt(base, ['pipelines', P, 'stages'], ['won', 'demo'])).map((s) => s.id)).toEqual(['qualified', 'won', 'proposal', 'demo']);
  });
});
