import type { StagecraftDb } from './database';
import { dealPauseSchema, type DealPause } from '../model/records.schema';
import { parseWith } from '../model/issues';
import { pausesToWake, runningPause } from '../playbook/pause';

// Pausing and waking deals. Each change is one transaction; a deal has at most one running pause
// (a new pause ends the running one), and ended pauses are kept (their days still move due dates).

export interface PauseRequest {
  dealKey: string;
  reason: string;
  /** The wake day, YYYY-MM-DD, after `today`. */
  until: string;
  owner: string | null;
  now: Date;
  /** Today in the rep's calendar. */
  today: string;
  utcOffsetMinutes?: number;
}

export type PauseResult = { ok: true; pause: DealPause } | { ok: false; error: 'reason' | 'until' | string };

export async function pauseDeal(db: StagecraftDb, request: PauseRequest): Promise<PauseResult> {
  if (!request.reason.trim()) return { ok: false, error: 'reason' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(request.until) || request.until <= request.today) return { ok: false, error: 'until' };
  const at = request.now.toISOString();
  const parsed = parseWith(dealPauseSchema, { dealKey: request.dealKey, reason: request.reason.trim(), since: at, until: request.until, endedAt: null, endedBy: null, owner: request.owner });
  if (!parsed.ok) return parsed;
  const pause = parsed.value;
  await db.transaction('rw', db.pauses, async () => {
    const running = runningPause(await pausesOf(db, request.dealKey), request.today, request.utcOffsetMinutes);
    if (running?.id !== undefined) await db.pauses.update(running.id, { endedAt: at, endedBy: 'hand' });
    pause.id = await db.pauses.add(pause);
  });
  return { ok: true, pause };
}

/** Ends the deal's running pause now (the rep resumed it before its wake day). */
export async function resumeDeal(db: StagecraftDb, dealKey: string, now: Date): Promise<void> {
  await db.transaction('rw', db.pauses, async () => {
    for (const pause of await pausesOf(db, dealKey)) if (pause.endedAt === null && pause.id !== undefined) await db.pauses.update(pause.id, { endedAt: now.toISOString(), endedBy: 'hand' });
  });
}

/** Marks pauses whose wake day has come as woken; returns them (for the wake-up cue). Idempotent. */
export async function wakeDuePauses(db: StagecraftDb, today: string, now: Date): Promise<DealPause[]> {
  return db.transaction('rw', db.pauses, async () => {
    const due = pausesToWake(await db.pauses.filter((p) => p.endedAt === null).toArray(), today);
    for (const pause of due) await db.pauses.update(pause.id!, { endedAt: now.toISOString(), endedBy: 'wake' });
    return due.map((pause) => ({ ...pause, endedAt: now.toISOString(), endedBy: 'wake' as const }));
  });
}

export function pausesOf(db: StagecraftDb, dealKey: string): Promise<DealPause[]> {
  return db.pauses.where('dealKey').equals(dealKey).sortBy('since');
}
