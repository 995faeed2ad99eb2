import type { StagecraftDb } from './database';
import type { Praise } from '../model/praise.schema';
import { addDays } from '../playbook/days';
import { byPraiseOrder, dealsPassedInMonth, isMyFirstWinOfQuarter, praiseCandidates, praiseRecord, weekComplete, type PraiseInput } from '../rewards/praise';

// Praise is derived where the data arrives (lib/db/derived.ts calls storePraise in the same
// transaction as the page reading, API merge or activity that earned it) and only read by the side
// panel. The rules: lib/rewards/praise.ts.

/**
 * Stores what the deal newly earned praise for. Runs inside the caller's transaction (which holds
 * deals, stageVisits, activities and praise). Something already stored is never stored again, so a
 * repeated reading, a second worker or a retried transaction adds nothing. Returns what it stored.
 */
export async function storePraise(db: StagecraftDb, input: PraiseInput): Promise<Praise[]> {
  const candidates = praiseCandidates(input);
  if (candidates.length === 0) return [];
  const stored = await db.praise.bulkGet(candidates.map((c) => c.id));
  const fresh = candidates.filter((_, i) => !stored[i]);
  if (fresh.length === 0) return [];

  const offset = input.utcOffsetMinutes;
  // The rest of the data only when something new may be praised (rare: a move, a win, a week's last workday).
  const needDeals = fresh.some((c) => c.kind === 'passedHardStage' || c.kind === 'firstWinOfQuarter');
  const [deals, visits] = await Promise.all([needDeals ? db.deals.toArray() : [], fresh.some((c) => c.kind === 'passedHardStage') ? db.stageVisits.toArray() : []]);
  const records: Praise[] = [];
  for (const candidate of fresh) {
    if (candidate.kind === 'passedHardStage') {
      const count = dealsPassedInMonth({ playbook: input.playbook, deals, visits, settings: input.settings, pipelineId: candidate.pipelineId, stageId: candidate.stageId, at: candidate.at, utcOffsetMinutes: offset });
      records.push(praiseRecord(candidate, input.deal.key, count));
    } else if (candidate.kind === 'firstWinOfQuarter') {
      if (isMyFirstWinOfQuarter(input.deal, deals, input.settings.me, offset)) records.push(praiseRecord(candidate, input.deal.key, null));
    } else if (candidate.kind === 'activeWeek') {
      // A day either side: the index holds UTC instants, the week is the rep's.
      const week = await db.activities.where('at').between(`${addDays(candidate.monday, -1)}T00:00:00.000Z`, `${addDays(candidate.monday, 6)}T00:00:00.000Z`).toArray();
      if (weekComplete(week, candidate.monday, offset)) records.push(praiseRecord(candidate, input.deal.key, null));
    } else {
      records.push(praiseRecord(candidate, input.deal.key, null));
    }
  }
  if (records.length === 0) return [];

  // One line at a time: the first new line replaces the deal's open one; the others are kept as replaced.
  const at = input.now.toISOString();
  const [shown, ...rest] = byPraiseOrder(records);
  await db.praise.where('dealKey').equals(input.deal.key).filter((p) => p.endedAt === null).modify({ endedAt: at, endedBy: 'replaced' });
  await db.praise.bulkAdd([shown!, ...rest.map((p): Praise => ({ ...p, endedAt: at, endedBy: 'replaced' }))]);
  return [shown!, ...rest];
}

/** The deal's praise, oldest first (the side panel picks its one line with visiblePraise). */
export function praiseOf(db: StagecraftDb, dealKey: string): Promise<Praise[]> {
  return db.praise.where('dealKey').equals(dealKey).sortBy('at');
}

/** The rep closed the line: it is not shown again. */
export async function dismissPraise(db: StagecraftDb, id: string, now: Date): Promise<void> {
  await db.transaction('rw', db.praise, async () => {
    const praise = await db.praise.get(id);
    if (praise && praise.endedAt === null) await db.praise.update(id, { endedAt: now.toISOString(), endedBy: 'dismissed' });
  });
}
