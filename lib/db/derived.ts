import type { StagecraftDb } from './database';
import type { ChecklistChange } from '../model/checklist-change';
import { evaluateDeal } from '../playbook/engine';
import { setChecklistState } from './checklist';
import { pausesOf } from './pauses';
import { chooseActivePlaybook } from './playbooks';
import { loadSettings } from './settings';
import { storePraise } from './praise';
import { stageHistory } from './stage-visits';

// State derived from a deal's data — evidence ticks ("Send the proposal" ticked by a logged
// proposal), goal skips and their undoing — is worked out by the playbook engine and stored in the
// SAME transaction as the change that causes it: a page reading, an API merge, an activity logged,
// edited, deleted or restored, a task ticked by hand, a stage mapping remembered. Views only read
// it, so a tick earned with the side panel closed is in the database (and in the adoption figure)
// all the same. Praise (a move past a hard stage, a milestone) is derived and stored the same way.

/** The tables a transaction must hold to call `storeDerivedState` inside it. */
export const derivedStateTables = (db: StagecraftDb) => [db.deals, db.stageVisits, db.checklist, db.activities, db.playbooks, db.settings, db.pauses, db.tickShares, db.praise];

export interface DeriveOptions {
  /** The calendar the engine counts days in (minutes east of UTC); the clock's local offset when absent. */
  utcOffsetMinutes?: number;
}

/**
 * Re-evaluates one deal and stores what the engine derived and the database does not hold yet.
 * Joins the caller's transaction (which must include `derivedStateTables`), or runs in its own.
 * Idempotent: a second call with nothing changed writes nothing. Returns what it wrote.
 */
export async function storeDerivedState(db: StagecraftDb, dealKey: string, now: Date, options: DeriveOptions = {}): Promise<ChecklistChange[]> {
  return db.transaction('rw', derivedStateTables(db), async () => {
    // All at once: this runs inside every log and page reading, so one round of reads, not several.
    const [deal, settings, playbooks, visits, checklist, activities, pauses] = await Promise.all([
      db.deals.get(dealKey),
      loadSettings(db),
      db.playbooks.toArray(),
      stageHistory(db, dealKey),
      db.checklist.where('dealKey').equals(dealKey).toArray(),
      db.activities.where('dealKey').equals(dealKey).toArray(),
      pausesOf(db, dealKey),
    ]);
    const playbook = chooseActivePlaybook(playbooks, settings);
    if (!deal || !playbook) return [];
    const { writes } = evaluateDeal({
      playbook: playbook.playbook,
      snapshot: deal.snapshot,
      account: deal.account,
      dealKey,
      visits,
      checklist,
      activities,
      mappings: settings.stageMappings,
      defaultRotDays: settings.defaultRotDays,
      learnedRotDays: settings.learnedRotDays,
      now,
      utcOffsetMinutes: options.utcOffsetMinutes ?? -now.getTimezoneOffset(),
      pauses,
    });
    // An evidence tick is done when its activity happened (adoption asks "done before the deal left the stage?").
    const when = new Map(activities.map((a) => [a.id, a.at]));
    const changes = writes.map((change): ChecklistChange => {
      const at = change.by === 'evidence' && change.evidenceActivityId ? when.get(change.evidenceActivityId) : undefined;
      return at ? { ...change, at } : change;
    });
    for (const change of changes) await setChecklistState(db, change, now);
    // Praise for a move past a hard stage or a milestone, stored once (lib/db/praise.ts).
    await storePraise(db, {
      playbook: playbook.playbook,
      deal,
      visits,
      checklist: changes.length ? await db.checklist.where('dealKey').equals(dealKey).toArray() : checklist,
      activities,
      settings,
      now,
      utcOffsetMinutes: options.utcOffsetMinutes ?? -now.getTimezoneOffset(),
    });
    return changes;
  });
}

/**
 * A rep's own tick or untick (or a script used as evidence), stored with what follows from it in
 * one transaction: ticking the last required task can meet the stage's goal and skip the optional
 * rest; unticking it takes those skips back.
 */
export async function changeChecklist(db: StagecraftDb, change: ChecklistChange, now: Date, options: DeriveOptions = {}): Promise<void> {
  await db.transaction('rw', derivedStateTables(db), async () => {
    await setChecklistState(db, change, now);
    await storeDerivedState(db, change.dealKey, now, options);
  });
}

/**
 * Every deal's derived state, one transaction per deal so the pages are never held up for long.
 * Run after an install or update: ticks an older version only stored when the side panel showed
 * the deal are stored now. Returns how many changes were written.
 */
export async function storeDerivedStateOfAllDeals(db: StagecraftDb, now: Date, options: DeriveOptions = {}): Promise<number> {
  let written = 0;
  for (const dealKey of await db.deals.toCollection().primaryKeys()) written += (await storeDerivedState(db, dealKey, now, options)).length;
  return written;
}
