import type { StagecraftDb } from '../db/database';
import { activitySchema, type Activity } from '../model/records.schema';
import { parseWith } from '../model/issues';

// Logged activities, stored locally at once (work offline). Ids are random UUIDs.

export const NOTE_LIMIT = 10_000;

export interface ActivityInput {
  dealKey: string;
  type: Activity['type'];
  outcome: string | null;
  note: string;
  nextStep: Activity['nextStep'];
  owner: string | null;
}

export type LogResult = { ok: true; activity: Activity } | { ok: false; error: string };

export async function logActivity(db: StagecraftDb, input: ActivityInput, now: Date, id: string = crypto.randomUUID()): Promise<LogResult> {
  const parsed = parseWith(activitySchema, { ...input, id, at: now.toISOString(), sync: 'local' });
  if (!parsed.ok) return parsed;
  await db.activities.add(parsed.value);
  return { ok: true, activity: parsed.value };
}

/** Undo of a log: removes exactly that activity. */
export async function deleteActivity(db: StagecraftDb, id: string): Promise<void> {
  await db.activities.delete(id);
}

export async function editActivity(db: StagecraftDb, id: string, change: Partial<Pick<Activity, 'type' | 'outcome' | 'note' | 'nextStep'>>): Promise<LogResult> {
  return db.transaction('rw', db.activities, async () => {
    const current = await db.activities.get(id);
    if (!current) return { ok: false as const, error: 'activity not found' };
    const parsed = parseWith(activitySchema, { ...current, ...change });
    if (!parsed.ok) return parsed;
    await db.activities.put(parsed.value);
    return { ok: true as const, activity: parsed.value };
  });
}

/** The deal's latest activities, newest first. */
export async function recentActivities(db: StagecraftDb, dealKey: string, limit = 20): Promise<Activity[]> {
  const all = await db.activities.where('dealKey').equals(dealKey).sortBy('at');
  return all.reverse().slice(0, limit);
}
