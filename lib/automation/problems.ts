// What the rules editor flags before anything runs: a rule (or the default) naming a rep the CRM no
// longer has, a group that was deleted, or a group with nobody left in it. The plan passes such a
// rule over at run time with a note (plan.ts); the editor says so while the manager can still fix it.

import type { AssignTarget, AssignmentSettings, RepGroup } from './rules';
import type { Rep } from './types';

export type TargetProblem = { kind: 'unknownRep'; ownerId: string } | { kind: 'unknownGroup'; groupId: string } | { kind: 'emptyGroup'; groupId: string };

/** `reps` null: the CRM's reps were not read yet (only the groups are checked). */
export function targetProblems(target: AssignTarget, settings: { groups: readonly RepGroup[] }, reps: readonly Rep[] | null): TargetProblem[] {
  const known = reps ? new Set(reps.map((r) => r.id)) : null;
  if (target.kind === 'owner') return known && !known.has(target.ownerId) ? [{ kind: 'unknownRep', ownerId: target.ownerId }] : [];
  const group = settings.groups.find((g) => g.id === target.groupId);
  if (!group) return [{ kind: 'unknownGroup', groupId: target.groupId }];
  const gone = known ? group.ownerIds.filter((id) => !known.has(id)) : [];
  const problems: TargetProblem[] = gone.map((ownerId) => ({ kind: 'unknownRep', ownerId }));
  if (group.ownerIds.length - gone.length === 0) problems.push({ kind: 'emptyGroup', groupId: group.id });
  return problems;
}

/** Every rule's problems by rule id (`default` for the fallback); rules without any are left out. */
export function settingsProblems(settings: AssignmentSettings, reps: readonly Rep[] | null): Map<string, TargetProblem[]> {
  const out = new Map<string, TargetProblem[]>();
  for (const rule of settings.rules) {
    const found = targetProblems(rule.assign, settings, reps);
    if (found.length) out.set(rule.id, found);
  }
  if (settings.fallback) {
    const found = targetProblems(settings.fallback, settings, reps);
    if (found.length) out.set('default', found);
  }
  return out;
}
