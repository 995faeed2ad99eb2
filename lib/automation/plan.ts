// The assignment plan: for every candidate deal (as read from the CRM just now) the rule that
// matched and the rep it goes to. A dry run shows this plan; Apply carries out exactly this plan
// (re-reading each deal just before: one whose owner changed meanwhile is skipped), so what a
// manager saw is what happens. Pure: same inputs, same plan.

import { firstMatch } from './match';
import { leastLoaded, nextInTurn } from './pick';
import type { PlannedChange } from '../model/automation';
import type { AssignTarget, AssignmentRule, AssignmentSettings } from './rules';

export type { PlannedChange };
import type { Candidate, LiveDeal, Rep } from './types';

/** The default (no rule matched) in plans and logs. */
export const FALLBACK_RULE_ID = 'default';

export type PlanNote =
  /** A rule's rep (or every rep of its group) is not in the CRM any more: the rule was passed over. */
  | { kind: 'unknownRep'; ruleId: string; ruleName: string | null; ownerId: string }
  | { kind: 'emptyGroup'; ruleId: string; ruleName: string | null; groupId: string }
  /** No rule matched and there is no default: the deal stays as it is. */
  | { kind: 'noMatch'; dealId: string; title: string; key: string }
  /** The chosen rep owns it already: nothing to change. */
  | { kind: 'alreadyOwner'; dealId: string; title: string; key: string; ownerId: string; ruleId: string }
  /** The CRM would not give the deal (deleted, no access): not decided; tried again next run. */
  | { kind: 'unreadable'; dealId: string; title: string; detail: string };

export interface AssignmentPlan {
  changes: PlannedChange[];
  notes: PlanNote[];
  /** Round-robin turn after the plan: group id → the rep who got its last deal. */
  rotation: Record<string, string>;
}

export interface PlanInput {
  settings: AssignmentSettings;
  /** In the order they are decided (oldest first). */
  candidates: readonly Candidate[];
  /** Each candidate read from the CRM now; an error text when it could not be. */
  live: ReadonlyMap<string, LiveDeal | { error: string }>;
  /** The reps the CRM has now (active users). */
  reps: readonly Rep[];
  /** Round-robin turn before the plan. */
  rotation: Readonly<Record<string, string>>;
  /** Open deals per rep id now (least-loaded). */
  openDeals: ReadonlyMap<string, number>;
}

export function planAssignments(input: PlanInput): AssignmentPlan {
  const { settings } = input;
  const known = new Set(input.reps.map((r) => r.id));
  const groups = new Map(settings.groups.map((g) => [g.id, g]));
  const rotation: Record<string, string> = { ...input.rotation };
  const load = new Map(input.openDeals);
  const notes: PlanNote[] = [];
  const changes: PlannedChange[] = [];
  const noted = new Set<string>();

  /** The reps a target may pick from now (members no longer in the CRM left out, with a note once). */
  const members = (target: AssignTarget, ruleId: string, ruleName: string | null): string[] => {
    const note = (n: PlanNote, key: string) => {
      if (noted.has(key)) return;
      noted.add(key);
      notes.push(n);
    };
    if (target.kind === 'owner') {
      if (known.has(target.ownerId)) return [target.ownerId];
      note({ kind: 'unknownRep', ruleId, ruleName, ownerId: target.ownerId }, `${ruleId}:${target.ownerId}`);
      return [];
    }
    const group = groups.get(target.groupId);
    const ids = group?.ownerIds ?? [];
    for (const id of ids) if (!known.has(id)) note({ kind: 'unknownRep', ruleId, ruleName, ownerId: id }, `${ruleId}:${id}`);
    const present = ids.filter((id) => known.has(id));
    if (present.length === 0) note({ kind: 'emptyGroup', ruleId, ruleName, groupId: target.groupId }, `${ruleId}:group`);
    return present;
  };
  const usable = (rule: AssignmentRule) => members(rule.assign, rule.id, rule.name).length > 0;

  for (const candidate of input.candidates) {
    const live = input.live.get(candidate.dealId);
    if (!live) continue;
    if ('error' in live) {
      notes.push({ kind: 'unreadable', dealId: candidate.dealId, title: candidate.title, detail: live.error });
      continue;
    }
    const rule = firstMatch(settings.rules, live, usable);
    const target = rule?.assign ?? settings.fallback;
    const ruleId = rule?.id ?? FALLBACK_RULE_ID;
    const ruleName = rule?.name ?? null;
    const pool = target ? members(target, ruleId, ruleName) : [];
    if (!target || pool.length === 0) {
      notes.push({ kind: 'noMatch', dealId: live.id, title: live.title, key: candidate.key });
      continue;
    }
    let to: string;
    if (target.kind === 'roundRobin') {
      to = nextInTurn(pool, rotation[target.groupId] ?? null)!;
      rotation[target.groupId] = to;
    } else if (target.kind === 'leastLoaded') {
      to = leastLoaded(pool, load)!;
    } else {
      to = pool[0]!;
    }
    const move = rule?.move && rule.move.pipeline !== live.pipeline ? rule.move : null;
    if (to === live.ownerId && !move) {
      notes.push({ kind: 'alreadyOwner', dealId: live.id, title: live.title, key: candidate.key, ownerId: to, ruleId });
      continue;
    }
    if (live.ownerId !== null && to !== live.ownerId) load.set(live.ownerId, Math.max(0, (load.get(live.ownerId) ?? 0) - 1));
    if (to !== live.ownerId) load.set(to, (load.get(to) ?? 0) + 1);
    changes.push({ dealId: live.id, title: live.title, key: candidate.key, fromOwnerId: live.ownerId, toOwnerId: to, ruleId, ruleName, move, fromPipeline: live.pipeline, fromStage: live.stage });
  }
  return { changes, notes, rotation };
}
