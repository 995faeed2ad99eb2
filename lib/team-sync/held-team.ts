// The synced team held in memory by the team figures worker and brought up to date with the deal
// rows a sync changed, instead of being built again from every row: at 200 000 deals and 2 000 000
// activities, building the history whole takes the worker many seconds after every sync page.
// The history given is the very one syncedSource builds from every row (./source.ts) — the same
// deals in the same order, the same activities in the same order — so every figure is the same:
// - a deal's row in the history and its activities are made once, when its row arrives or changes;
// - the deals stay sorted by id and the activities in the history's order (byActivityOrder): a change
//   takes out the changed deals' own activity objects and merges their new ones in, one pass;
// - what decides which rows are kept (the deal key's prefix, the sync window, the known pipelines)
//   changing builds it all again, as a first reading does.

import type { Playbook } from '../model/playbook.schema';
import type { HistoryActivity, HistoryDeal } from '../metrics/history.schema';
import { byActivityOrder, byRowId, historyPipelinesOf, keepsRow, rowInHistory, type SyncedDealRow } from './to-history';
import { dealKeyPrefix, sourceOf, withSharedTicks, type SyncedSource } from './source';
import type { SyncedPipeline, SyncMeta } from './types';

/** What one reading of the synced team's store hands over. */
export interface SyncedTeamReading {
  /** null: the team was never synced (or its store was cleared). */
  meta: SyncMeta | null;
  pipelines: SyncedPipeline[];
  /** The active playbook: it reads the ticks the reps shared. */
  playbook: Playbook | null;
  /** Every row (the store read whole), or the rows written since the last reading and the ids of the rows removed. */
  rows: { whole: Iterable<SyncedDealRow> } | { changed: readonly SyncedDealRow[]; removed: readonly string[] };
}

/** A kept row as the history holds it. */
interface Held {
  row: SyncedDealRow;
  deal: HistoryDeal;
  activities: HistoryActivity[];
}

export interface HeldSyncedTeam {
  /** The synced team after this reading (null: never synced); the same object as before when nothing it shows changed. */
  update(reading: SyncedTeamReading): SyncedSource | null;
}

export function heldSyncedTeam(): HeldSyncedTeam {
  const rows = new Map<string, SyncedDealRow>();
  /** Kept rows by id, and in the history's order. */
  const held = new Map<string, Held>();
  let sorted: Held[] = [];
  let activities: HistoryActivity[] = [];
  /** What decides which rows are kept and their keys, as last built. */
  let rules = '';
  /** The pipelines and playbook as last read, and the source last given. */
  let shape = '';
  let last: SyncedSource | null = null;

  /** Each deal marked untracked (see withSharedTicks), made once while the deal stays the same. */
  const untrackedOf = new WeakMap<HistoryDeal, HistoryDeal>();
  const untracked = (deal: HistoryDeal): HistoryDeal => {
    let marked = untrackedOf.get(deal);
    if (!marked) untrackedOf.set(deal, (marked = { ...deal, untracked: true }));
    return marked;
  };

  /** Every kept row built again (a first reading, or the rules changed). */
  const buildAll = (prefix: string, keeps: (row: SyncedDealRow) => boolean) => {
    held.clear();
    const kept = [...rows.values()].filter(keeps).sort(byRowId);
    activities = [];
    sorted = kept.map((row) => {
      // Each deal keeps its own activity objects, to take them out when it changes.
      const own: HistoryActivity[] = [];
      const entry: Held = { row, deal: rowInHistory(row, prefix + row.id, own), activities: own };
      for (const a of own) activities.push(a);
      held.set(row.id, entry);
      return entry;
    });
    activities.sort(byActivityOrder);
  };

  /** Only the rows of these ids made again: their old deals and activities out, the new ones merged in. */
  const rebuild = (ids: ReadonlySet<string>, prefix: string, keeps: (row: SyncedDealRow) => boolean) => {
    const gone = new Set<HistoryActivity>();
    const added: Held[] = [];
    for (const id of ids) {
      const old = held.get(id);
      if (old) {
        for (const a of old.activities) gone.add(a);
        held.delete(id);
      }
      const row = rows.get(id);
      if (!row || !keeps(row)) continue;
      const own: HistoryActivity[] = [];
      const entry: Held = { row, deal: rowInHistory(row, prefix + row.id, own), activities: own };
      held.set(id, entry);
      added.push(entry);
    }
    added.sort((a, b) => byRowId(a.row, b.row));
    sorted = merged(
      sorted.filter((e) => !ids.has(e.row.id)),
      added,
      (a, b) => byRowId(a.row, b.row),
    );
    // The new deals' activities in the history's order: by row id, each deal's in its row's order (a stable sort, as historyFromKept's).
    const fresh = added.flatMap((e) => e.activities).sort(byActivityOrder);
    activities = merged(gone.size ? activities.filter((a) => !gone.has(a)) : activities, fresh, byActivityOrder);
  };

  return {
    update(reading) {
      if ('whole' in reading.rows) {
        rows.clear();
        for (const row of reading.rows.whole) rows.set(row.id, row);
      } else {
        for (const id of reading.rows.removed) rows.delete(id);
        for (const row of reading.rows.changed) rows.set(row.id, row);
      }
      const { meta, pipelines, playbook } = reading;
      if (!meta) {
        rules = '';
        last = null;
        return null;
      }
      const prefix = dealKeyPrefix(meta);
      const known = new Set(pipelines.map((p) => p.id));
      const keeps = (row: SyncedDealRow) => keepsRow(known, meta.since, row);
      const nowRules = JSON.stringify([prefix, meta.since, [...known].sort()]);
      const nowShape = JSON.stringify([pipelines, playbook]);
      let rebuilt = true;
      if (nowRules !== rules || 'whole' in reading.rows) buildAll(prefix, keeps);
      else if (reading.rows.changed.length || reading.rows.removed.length) rebuild(new Set([...reading.rows.removed, ...reading.rows.changed.map((r) => r.id)]), prefix, keeps);
      else rebuilt = false;
      const sameShape = nowShape === shape;
      rules = nowRules;
      shape = nowShape;
      if (!rebuilt && sameShape && last) {
        // The same history: at most when it was synced is new (a sync that changed no deal).
        if (last.provenance.syncedAt === meta.completedAt) return last;
        return (last = { ...last, provenance: { ...last.provenance, syncedAt: meta.completedAt } });
      }
      const history = { version: 1 as const, pipelines: historyPipelinesOf(pipelines), deals: sorted.map((e) => e.deal), activities, forecasts: [] };
      last = sourceOf(meta, withSharedTicks(history, sorted.map((e) => e.row), playbook, (id) => prefix + id, untracked));
      return last;
    },
  };
}

/** Two sorted lists as one, in one pass (`a` first where they compare equal). */
function merged<T>(a: readonly T[], b: readonly T[], order: (x: T, y: T) => number): T[] {
  if (b.length === 0) return a as T[];
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = order(b[j]!, a[i]!) < 0 ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
