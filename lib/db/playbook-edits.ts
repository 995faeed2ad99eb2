import type { StagecraftDb } from './database';
import { playbookSchema, type Playbook } from '../model/playbook.schema';
import type { z } from 'zod';
import { activeLocalPlaybook } from './playbooks';
import { equal, mergePlaybooks, type MergeConflict } from '../playbook/merge';

// The editor's save, checked against the version it started from. Another options tab, an import
// or a restore may have written the playbook meanwhile: then the two are merged field by field in
// the same transaction, and what both changed differently is returned for the manager to decide —
// a save never overwrites an edit it has not seen.

export type EditSave =
  /** The stored playbook was still `base`: the draft is stored as it is. */
  | { status: 'saved'; stored: Playbook }
  /**
   * Someone else wrote meanwhile. `stored`: the merge, with their value where both changed the same
   * field (so nothing of theirs is lost); `mine`: the merge with this editor's values there; `base`:
   * the new common ancestor (the conflicts still at the old base, so they stay conflicts).
   */
  | { status: 'merged'; stored: Playbook; mine: Playbook; base: Playbook; conflicts: MergeConflict[] }
  /** The merge breaks a rule of the playbook (e.g. more stages than allowed): nothing is stored. */
  | { status: 'invalid'; issues: z.core.$ZodIssue[]; input: unknown }
  /** There is no local playbook any more (all data cleared): nothing is stored. */
  | { status: 'gone' };

/**
 * Stores an edited playbook if the stored one is still the version the editor started from
 * (`base`), else merges. Every save moves `updatedAt` strictly forward: the version others check.
 */
export async function saveEditedPlaybook(db: StagecraftDb, base: Playbook, draft: Playbook, now: Date): Promise<EditSave> {
  return db.transaction('rw', db.playbooks, db.settings, async (): Promise<EditSave> => {
    const current = await activeLocalPlaybook(db);
    if (!current) return { status: 'gone' };
    const stored = current.playbook;
    const stamp = nextStamp(now, stored.updatedAt);
    if (equal(stored, base)) {
      const input = { ...draft, updatedAt: stamp };
      const parsed = playbookSchema.safeParse(input);
      if (!parsed.success) return { status: 'invalid', issues: parsed.error.issues, input };
      await db.playbooks.put({ id: parsed.data.id, playbook: parsed.data, origin: 'local' });
      return { status: 'saved', stored: parsed.data };
    }
    const merged = mergePlaybooks(base, draft, stored);
    let result = stored;
    if (!equal(merged.theirs, stored)) {
      const input = { ...merged.theirs, updatedAt: stamp };
      const parsed = playbookSchema.safeParse(input);
      if (!parsed.success) return { status: 'invalid', issues: parsed.error.issues, input };
      result = parsed.data;
      await db.playbooks.put({ id: result.id, playbook: result, origin: 'local' });
    }
    const at = result.updatedAt;
    return { status: 'merged', stored: result, mine: { ...merged.mine, updatedAt: at }, base: { ...merged.base, updatedAt: at }, conflicts: merged.conflicts };
  });
}

/** `now`, or a millisecond after `previous` when the clock has not moved past it. */
function nextStamp(now: Date, previous: string): string {
  const after = Date.parse(previous) + 1;
  return new Date(Number.isFinite(after) && after > now.getTime() ? after : now.getTime()).toISOString();
}
