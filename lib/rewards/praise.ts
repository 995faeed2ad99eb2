import type { Playbook } from '../model/playbook.schema';
import type { Praise, PraiseKind } from '../model/praise.schema';
import type { Activity, ChecklistEntry, DealRecord, StageVisit } from '../model/records.schema';
import type { Settings } from '../model/settings.schema';
import { isMyDeal } from '../my-day/my-day';
import { calendarDay, DAY_MS } from '../playbook/days';
import { dealStages } from '../playbook/deal-stages';
import { stageRuns } from '../playbook/stage-history';
import { hardStageIds, quotableRate } from './hard-stage';
import { activeEveryWorkday, everyRequiredTaskDone, isFirstWinOfQuarter, mondayOf, monthOf, quarterOf, workdaysOf, type Win } from './milestones';
import { stagePasses } from './passes';

// What a deal has earned praise for, worked out from its data where the data arrives (lib/db/praise.ts
// stores it in the same transaction). Kept modest:
// - never on a lost deal, and only on my deals (the owner is who I am in the CRM, when that is set);
// - only for what happened in the last PRAISE_FRESH_DAYS days, after the deal was first seen (a move
//   or win this browser saw happen, not a CRM's old history) and after praise was installed;
// - each praised thing has one id, so it is stored once whoever derives it and however often;
// - one line per deal at a time: of several new ones the first in PRAISE_ORDER is shown, and a new
//   line replaces the deal's earlier one; a line is shown for PRAISE_FRESH_DAYS days or until dismissed.

export const PRAISE_FRESH_DAYS = 7;
export const PRAISE_ORDER: readonly PraiseKind[] = ['wonWithEveryTask', 'firstWinOfQuarter', 'passedHardStage', 'activeWeek'];

export type PraiseCandidate =
  | { kind: 'passedHardStage'; id: string; at: string; pipelineId: string; stageId: string; stageName: string; rate: number | null }
  | { kind: 'firstWinOfQuarter'; id: string; at: string; quarter: string }
  | { kind: 'wonWithEveryTask'; id: string; at: string }
  | { kind: 'activeWeek'; id: string; at: string; monday: string };

export interface PraiseInput {
  playbook: Playbook;
  deal: DealRecord;
  /** This deal's stage visits, checklist and activities. */
  visits: readonly StageVisit[];
  checklist: readonly ChecklistEntry[];
  activities: readonly Activity[];
  settings: Pick<Settings, 'me' | 'stageMappings' | 'teamConversion' | 'rewards' | 'praiseSince'>;
  now: Date;
  /** The rep's calendar (minutes east of UTC): months, quarters and weeks are the rep's. */
  utcOffsetMinutes: number;
}

/** When a closed deal was won: first seen won, else last seen. */
export const wonAtOf = (deal: Pick<DealRecord, 'closedAt' | 'lastSeenAt'>): string => deal.closedAt ?? deal.lastSeenAt;

/** The deal's passes of every stage (see ./passes), its stays mapped to its playbook pipeline. */
export function passesOfDeal(playbook: Playbook, deal: DealRecord, visits: readonly StageVisit[], mappings: Settings['stageMappings']) {
  const { pipeline, mapLabel } = dealStages(playbook, deal.snapshot, deal.account, mappings);
  const runs = stageRuns(visits, mapLabel);
  return { pipeline, runs, passes: stagePasses(runs, pipeline, deal.snapshot.status === 'won' ? wonAtOf(deal) : null) };
}

/** What this deal may be praised for now; lib/db/praise.ts drops what is stored and completes the rest. */
export function praiseCandidates(input: PraiseInput): PraiseCandidate[] {
  const { deal, settings, now } = input;
  const status = deal.snapshot.status;
  if (status === 'lost' || !isMyDeal(deal, settings.me)) return [];
  const nowMs = now.getTime();
  const since = Math.max(nowMs - PRAISE_FRESH_DAYS * DAY_MS, settings.praiseSince ? Date.parse(settings.praiseSince) : -Infinity);
  const fresh = (at: string) => Date.parse(at) >= since && Date.parse(at) <= nowMs;
  const seenHappen = (at: string) => fresh(at) && Date.parse(at) > Date.parse(deal.firstSeenAt);
  const day = (at: string) => calendarDay(new Date(at), input.utcOffsetMinutes);
  const { rewards } = settings;
  const { pipeline, runs, passes } = passesOfDeal(input.playbook, deal, input.visits, settings.stageMappings);
  const out: PraiseCandidate[] = [];

  if (rewards.passHardStage) {
    const hard = hardStageIds(pipeline, settings.teamConversion);
    const latest = new Map<string, string>();
    for (const pass of passes) if (hard.has(pass.stageId) && seenHappen(pass.at)) latest.set(pass.stageId, pass.at);
    for (const [stageId, at] of latest) {
      const stage = pipeline.stages.find((s) => s.id === stageId)!;
      out.push({ kind: 'passedHardStage', id: `pass|${deal.key}|${pipeline.id}/${stageId}`, at, pipelineId: pipeline.id, stageId, stageName: stage.name, rate: quotableRate(settings.teamConversion, pipeline.id, stageId)?.rate ?? null });
    }
  }
  if (status === 'won' && seenHappen(wonAtOf(deal))) {
    const at = wonAtOf(deal);
    if (rewards.firstWinOfQuarter) out.push({ kind: 'firstWinOfQuarter', id: `firstWin|${quarterOf(day(at))}`, at, quarter: quarterOf(day(at)) });
    if (rewards.wonWithEveryTask && everyRequiredTaskDone(runs, pipeline, input.checklist)) out.push({ kind: 'wonWithEveryTask', id: `allTasks|${deal.key}`, at });
  }
  if (rewards.activeWeek) {
    const monday = mondayOf(day(now.toISOString()));
    const workdays = new Set(workdaysOf(monday));
    const thisWeek = input.activities.filter((a) => fresh(a.at) && workdays.has(day(a.at))).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const last = thisWeek.at(-1);
    if (last) out.push({ kind: 'activeWeek', id: `week|${monday}`, at: last.at, monday });
  }
  return out;
}

/** A stored line from a candidate, completed with the month's count of deals past the stage. */
export function praiseRecord(candidate: PraiseCandidate, dealKey: string, count: number | null): Praise {
  const pass = candidate.kind === 'passedHardStage' ? candidate : null;
  return {
    id: candidate.id, dealKey, kind: candidate.kind, at: candidate.at,
    stageId: pass?.stageId ?? null, stageName: pass?.stageName ?? null, count: pass ? Math.max(1, count ?? 1) : null, rate: pass?.rate ?? null,
    endedAt: null, endedBy: null,
  };
}

/** The new lines in the order one of them is shown: the first one stays, the others are stored as replaced. */
export function byPraiseOrder(records: readonly Praise[]): Praise[] {
  return [...records].sort((a, b) => PRAISE_ORDER.indexOf(a.kind) - PRAISE_ORDER.indexOf(b.kind) || Date.parse(b.at) - Date.parse(a.at));
}

/** The one line the side panel shows for a deal: open, not older than PRAISE_FRESH_DAYS, never on a lost deal. */
export function visiblePraise(records: readonly Praise[], deal: Pick<DealRecord, 'snapshot'>, now: Date): Praise | null {
  if (deal.snapshot.status === 'lost') return null;
  const since = now.getTime() - PRAISE_FRESH_DAYS * DAY_MS;
  const open = records.filter((p) => p.endedAt === null && Date.parse(p.at) >= since);
  return byPraiseOrder(open)[0] ?? null;
}

/**
 * How many of my deals moved past the stage in the month of `at` (my calendar), `dealKey`'s own move
 * included: each deal once, whenever in the month it passed and whatever became of it since.
 */
export function dealsPassedInMonth(input: {
  playbook: Playbook;
  deals: readonly DealRecord[];
  visits: readonly StageVisit[];
  settings: Pick<Settings, 'me' | 'stageMappings'>;
  pipelineId: string;
  stageId: string;
  at: string;
  utcOffsetMinutes: number;
}): number {
  const month = (at: string) => monthOf(calendarDay(new Date(at), input.utcOffsetMinutes));
  const wanted = month(input.at);
  const visitsByDeal = new Map<string, StageVisit[]>();
  for (const visit of input.visits) {
    const list = visitsByDeal.get(visit.dealKey);
    if (list) list.push(visit);
    else visitsByDeal.set(visit.dealKey, [visit]);
  }
  let count = 0;
  for (const deal of input.deals) {
    if (!isMyDeal(deal, input.settings.me)) continue;
    const { pipeline, passes } = passesOfDeal(input.playbook, deal, visitsByDeal.get(deal.key) ?? [], input.settings.stageMappings);
    if (pipeline.id === input.pipelineId && passes.some((pass) => pass.stageId === input.stageId && month(pass.at) === wanted)) count++;
  }
  return count;
}

/** Whether this won deal is my first win of its quarter among every deal stored (see ./milestones). */
export function isMyFirstWinOfQuarter(deal: DealRecord, deals: readonly DealRecord[], me: Settings['me'], utcOffsetMinutes: number): boolean {
  const win = (d: DealRecord): Win => {
    const at = wonAtOf(d);
    return { key: d.key, at, quarter: quarterOf(calendarDay(new Date(at), utcOffsetMinutes)) };
  };
  return isFirstWinOfQuarter(win(deal), deals.filter((d) => d.snapshot.status === 'won' && isMyDeal(d, me)).map(win));
}

/** Whether every workday of the week starting on `monday` has an activity (any deal), in my calendar. */
export function weekComplete(activities: readonly Pick<Activity, 'at'>[], monday: string, utcOffsetMinutes: number): boolean {
  return activeEveryWorkday(new Set(activities.map((a) => calendarDay(new Date(a.at), utcOffsetMinutes))), monday);
}
