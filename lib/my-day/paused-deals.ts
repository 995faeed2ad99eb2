import type { DealPause, DealRecord } from '../model/records.schema';
import { runningPause } from '../playbook/pause';

// The paused deals a manager sees: every deal paused today, its owner, the reason and the wake day.

export interface PausedDeal {
  dealKey: string;
  title: string | null;
  owner: string | null;
  url: string | null;
  reason: string;
  since: string;
  until: string;
}

export function pausedDeals(pauses: readonly DealPause[], deals: readonly DealRecord[], today: string, utcOffsetMinutes = 0): PausedDeal[] {
  const byDeal = new Map<string, DealPause[]>();
  for (const pause of pauses) byDeal.set(pause.dealKey, [...(byDeal.get(pause.dealKey) ?? []), pause]);
  const dealOf = new Map(deals.map((d) => [d.key, d]));
  const rows: PausedDeal[] = [];
  for (const [dealKey, list] of byDeal) {
    const running = runningPause(list, today, utcOffsetMinutes);
    const deal = dealOf.get(dealKey);
    if (!running || deal?.snapshot.status === 'won' || deal?.snapshot.status === 'lost') continue;
    rows.push({ dealKey, title: deal?.snapshot.title ?? null, owner: deal?.snapshot.owner ?? running.owner, url: deal?.url ?? null, reason: running.reason, since: running.since, until: running.until });
  }
  // Waking soonest first.
  return rows.sort((a, b) => a.until.localeCompare(b.until) || (a.title ?? '').localeCompare(b.title ?? ''));
}
