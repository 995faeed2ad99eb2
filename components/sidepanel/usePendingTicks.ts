import { useEffect, useState } from 'preact/hooks';
import type { ChecklistEntry } from '@/lib/model/records.schema';

// A tick the rep just made shows at once and stays shown until it is stored. Without this, a live
// update caused by something else (another page's tick, an activity, a CRM read) that arrives
// while this tick is still being written would redraw the box from the older data and flip it back.

interface Pending {
  entry: ChecklistEntry;
  /** Stored: the next live update has it (or something newer), and the pending tick can go. */
  stored: boolean;
}

const keyOf = (entry: Pick<ChecklistEntry, 'dealKey' | 'stageId' | 'taskId'>) => `${entry.dealKey}\u0000${entry.stageId}\u0000${entry.taskId}`;

export interface PendingTicks {
  /** Changes whenever a pending tick comes or goes (for memoising what the overlay feeds). */
  version: unknown;
  /** The stored checklist with the ticks still on their way laid over it. */
  overlay(checklist: readonly ChecklistEntry[]): ChecklistEntry[];
  /** Shows `entry` now; `write` stores it. Resolves (or rejects) as the write does. */
  tick(entry: ChecklistEntry, write: () => Promise<void>): Promise<void>;
}

/** `live`: the live query's latest answer; each new one retires the ticks stored before it. */
export function usePendingTicks(live: unknown): PendingTicks {
  const [pending, setPending] = useState<ReadonlyMap<string, Pending>>(new Map());

  useEffect(() => {
    setPending((current) => ([...current.values()].some((p) => p.stored) ? new Map([...current].filter(([, p]) => !p.stored)) : current));
  }, [live]);

  /** Sets (or with null removes) the pending tick of `entry`'s task, unless a newer tick took its place. */
  const settle = (entry: ChecklistEntry, next: Pending | null) =>
    setPending((current) => {
      if (current.get(keyOf(entry))?.entry !== entry) return current;
      const map = new Map(current);
      if (next) map.set(keyOf(entry), next);
      else map.delete(keyOf(entry));
      return map;
    });

  return {
    version: pending,
    overlay(checklist) {
      if (pending.size === 0) return [...checklist];
      const merged = checklist.map((entry) => pending.get(keyOf(entry))?.entry ?? entry);
      for (const [key, { entry }] of pending) if (!checklist.some((e) => keyOf(e) === key)) merged.push(entry);
      return merged;
    },
    async tick(entry, write) {
      setPending((current) => new Map(current).set(keyOf(entry), { entry, stored: false }));
      try {
        await write();
        settle(entry, { entry, stored: true });
      } catch (error) {
        settle(entry, null);
        throw error;
      }
    },
  };
}
