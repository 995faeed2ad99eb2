// One opportunity is one deal: builds before the 18-character rule stored a Salesforce deal under the
// id its URL showed (15 characters from a console link, 18 elsewhere), so one opportunity could be two
// deals. This brings stored rows (the database's, a backup's) to the 18-character key, merging the two
// into one without losing a tick, an activity, a stage visit or a pause. Pure: rows in, rows out.

import { dealKeyOf } from '../../model/deal';
import type { Activity, ChecklistEntry, CrmWrite, DealPause, DealRecord, StageVisit, TickShare } from '../../model/records.schema';
import { salesforceId18 } from './ids';

/** The rows that belong to deals, by deal key. */
export interface DealRows {
  deals: DealRecord[];
  stageVisits: StageVisit[];
  checklist: ChecklistEntry[];
  activities: Activity[];
  crmWrites: CrmWrite[];
  pauses: DealPause[];
  /** What the CRM holds of each tick (the database's; a backup has none). */
  tickShares?: TickShare[];
}

/** The canonical id of a stored Salesforce deal when it differs from the stored one, else null. */
export function canonicalSalesforceId(deal: Pick<DealRecord, 'crm' | 'dealId'>): string | null {
  if (deal.crm !== 'salesforce') return null;
  const id = salesforceId18(deal.dealId);
  return id && id !== deal.dealId ? id : null;
}

/** Old key → canonical key, for every stored deal whose id is not in its 18-character form. */
export function salesforceKeyChanges(deals: readonly Pick<DealRecord, 'key' | 'crm' | 'account' | 'dealId'>[]): Map<string, string> {
  const changes = new Map<string, string>();
  for (const deal of deals) {
    const id = canonicalSalesforceId(deal);
    if (id) changes.set(deal.key, dealKeyOf({ crm: deal.crm, account: deal.account, dealId: id }));
  }
  return changes;
}

const byTime = <T>(at: (row: T) => string) => (a: T, b: T) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0);

/**
 * One record of several stored for the same opportunity: the latest reading (and its API state and link)
 * wins, first seen is the earliest, and a close keeps the moment it was first seen.
 */
function mergeDeals(key: string, dealId: string, records: readonly DealRecord[]): DealRecord {
  const sorted = [...records].sort(byTime((r) => r.lastSeenAt));
  const latest = sorted[sorted.length - 1]!;
  const status = latest.snapshot.status;
  const closedSince = sorted.filter((r) => r.closedAt && r.snapshot.status === status).map((r) => r.closedAt!).sort()[0];
  const api = [...sorted].reverse().find((r) => r.api !== undefined)?.api;
  return {
    ...latest,
    key,
    dealId,
    snapshot: { ...latest.snapshot, dealId },
    ...(latest.page ? { page: { ...latest.page, dealId } } : {}),
    ...(api !== undefined ? { api } : {}),
    firstSeenAt: sorted.map((r) => r.firstSeenAt).sort()[0]!,
    ...(latest.closedAt ? { closedAt: closedSince ?? latest.closedAt } : {}),
  };
}

/** Stage visits of one deal: a visit repeating the stage its source last showed is the same visit (the earlier kept). */
function mergeVisits(visits: readonly StageVisit[]): StageVisit[] {
  const last = new Map<StageVisit['source'], string>();
  const kept: StageVisit[] = [];
  for (const visit of [...visits].sort(byTime((v) => v.enteredAt))) {
    if (last.get(visit.source) === visit.stage) continue;
    last.set(visit.source, visit.stage);
    kept.push(visit);
  }
  return kept;
}

/** One entry per checklist item: a tick or skip beats an open item; between two, the later decision. */
function mergeChecklist(entries: readonly ChecklistEntry[]): ChecklistEntry[] {
  const items = new Map<string, ChecklistEntry>();
  for (const entry of entries) {
    const id = `${entry.stageId}\u0000${entry.taskId}`;
    const held = items.get(id);
    const decided = (e: ChecklistEntry) => e.state !== 'open';
    if (!held || (decided(entry) && !decided(held)) || (decided(entry) === decided(held) && entry.at > held.at)) items.set(id, entry);
  }
  return [...items.values()];
}

/**
 * One row per shared tick: the one whose CRM task was confirmed last. When there were two, the CRM is
 * told again (due at once, looking for the tick's marker first), so it ends up holding the merged tick.
 */
function mergeTickShares(rows: readonly TickShare[]): TickShare[] {
  const items = new Map<string, TickShare[]>();
  for (const row of rows) {
    const id = `${row.stageId}\u0000${row.taskId}`;
    items.set(id, [...(items.get(id) ?? []), row]);
  }
  return [...items.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const held = [...group].sort(byTime((r) => r.sharedAt ?? ''))[group.length - 1]!;
    const since = group.map((r) => r.sharedAt ?? r.nextAttemptAt ?? '').sort().pop() || held.nextAttemptAt;
    return { ...held, revision: Math.max(...group.map((r) => r.revision)) + 1, inFlight: null, unsure: true, ...(since ? { nextAttemptAt: since } : {}) };
  });
}

/** A deal runs at most one pause: of several running, the latest started stays and ends the others (as pausing again does). */
function mergePauses(pauses: readonly DealPause[]): DealPause[] {
  const running = pauses.filter((p) => p.endedAt === null).sort(byTime((p) => p.since));
  const latest = running[running.length - 1];
  return pauses.map((p) => (p.endedAt === null && p !== latest ? { ...p, endedAt: latest!.since, endedBy: 'hand' as const } : p));
}

/**
 * The rows with every Salesforce deal under its 18-character key, deals stored twice merged into one.
 * `rows` must hold every row of each deal concerned (old and canonical keys); rows of other deals pass as they are.
 */
export function canonicalSalesforceRows(rows: DealRows): DealRows {
  const changes = salesforceKeyChanges(rows.deals);
  if (!changes.size) return rows;
  const keyOf = (key: string) => changes.get(key) ?? key;
  const touched = new Set(changes.values());
  const rekey = <T extends { dealKey: string }>(row: T): T => (changes.has(row.dealKey) ? { ...row, dealKey: keyOf(row.dealKey) } : row);
  const grouped = <T extends { dealKey: string }>(list: readonly T[], merge: (group: T[]) => T[]): T[] => {
    const groups = new Map<string, T[]>();
    const out: T[] = [];
    for (const row of list.map(rekey)) {
      if (!touched.has(row.dealKey)) out.push(row);
      else groups.set(row.dealKey, [...(groups.get(row.dealKey) ?? []), row]);
    }
    for (const group of groups.values()) out.push(...merge(group));
    return out;
  };

  // Merged deals take the place of the first of their records (a backup's problems keep naming the right row).
  const deals: DealRecord[] = [];
  const merged = new Set<string>();
  for (const deal of rows.deals) {
    const key = keyOf(deal.key);
    if (!touched.has(key)) deals.push(deal);
    else if (!merged.has(key)) {
      merged.add(key);
      deals.push(mergeDeals(key, salesforceId18(deal.dealId)!, rows.deals.filter((d) => keyOf(d.key) === key)));
    }
  }

  return {
    deals,
    stageVisits: grouped(rows.stageVisits, mergeVisits),
    checklist: grouped(rows.checklist, mergeChecklist),
    activities: rows.activities.map(rekey),
    crmWrites: rows.crmWrites.map(rekey),
    pauses: grouped(rows.pauses, mergePauses),
    ...(rows.tickShares ? { tickShares: grouped(rows.tickShares, mergeTickShares) } : {}),
  };
}
