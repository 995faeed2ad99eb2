// How a CRM's facts about a deal become a deal of the scorecard history — the same rules for every
// CRM (and for the history imports, which share closeMoment):
// - closed-won / closed-lost stages are not pipeline stages: they set the status, and entering the
//   deal's closed stage is its close moment (else the close date at 00:00 UTC: closeMoment);
// - the stage history keeps every entry into an open stage in time order, backward moves included;
//   the same stage recorded twice in a row is one stay; entries of stages the pipeline no longer
//   lists are left out (the history file only knows the pipeline's stages).

import { closeMoment } from '../metrics/close-moment';
import type { DealStatus } from '../metrics/history.schema';
import type { SyncedDeal, SyncedForecastHistory, SyncedPipeline } from './types';

export const NO_OWNER = 'Unassigned';
export const DAY_MS = 86_400_000;

/** Epoch ms of an ISO instant (also `YYYY-MM-DD HH:MM:SS` as UTC, and `+0000` offsets); null when unreadable. */
export function msOf(value: string | null | undefined): number | null {
  if (!value) return null;
  let text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text = `${text}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  text = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** What a CRM says about one deal, before the rules above are applied. */
export interface DealFacts {
  id: string;
  title: string | null | undefined;
  owner: string | null | undefined;
  pipeline: string;
  value: number | null | undefined;
  currency: string | null | undefined;
  createdAt: number;
  /** The CRM's status where it has one (Salesforce IsClosed/IsWon, Pipedrive status); else from the current stage. */
  status?: DealStatus;
  /** The current stage id (the last history entry when absent). */
  currentStage?: string | null;
  /** Every stage entry the CRM recorded, any order. */
  entries: { stage: string; at: number }[];
  /** The close moment the CRM records itself (Pipedrive won_time / lost_time). */
  closedMoment?: number | null;
  /** The CRM's close date (any instant of that UTC day). */
  closeDate?: number | null;
  /** The lead channel, as the CRM names it. */
  source?: string | null;
  /** The forecast fields through time, from the CRM's change history (./field-history.ts). */
  forecastHistory?: SyncedForecastHistory;
}

export function dealFromFacts(facts: DealFacts, pipeline: SyncedPipeline | undefined, runId: string): SyncedDeal {
  const stageOf = new Map(pipeline?.stages.map((s) => [s.id, s]) ?? []);
  const entries = facts.entries.filter((e) => Number.isFinite(e.at)).sort((a, b) => a.at - b.at);
  const current = facts.currentStage ?? entries.at(-1)?.stage ?? null;
  const closes = current === null ? null : (stageOf.get(current)?.closes ?? null);
  const status: DealStatus = facts.status ?? closes ?? 'open';

  const stageHistory: SyncedDeal['stageHistory'] = [];
  for (const entry of entries) {
    const stage = stageOf.get(entry.stage);
    if (!stage || stage.closes !== null) continue;
    if (stageHistory.at(-1)?.stage === entry.stage) continue;
    stageHistory.push({ stage: entry.stage, enteredAt: entry.at });
  }

  let closedAt: number | null = null;
  if (status !== 'open') {
    // The entry into the closed stage the deal is in now: the last entry of that stage.
    let enteredClosed: number | null = facts.closedMoment ?? null;
    if (enteredClosed === null && current !== null && closes !== null) {
      for (let i = entries.length - 1; i >= 0; i--) {
        if (entries[i]!.stage === current) {
          enteredClosed = entries[i]!.at;
          // Recorded twice in a row: the stay began at the first.
          while (i > 0 && entries[i - 1]!.stage === current) enteredClosed = entries[--i]!.at;
          break;
        }
      }
    }
    closedAt = closeMoment(enteredClosed, facts.closeDate);
  }

  const value = typeof facts.value === 'number' && Number.isFinite(facts.value) && facts.value >= 0 ? facts.value : 0;
  const currency = facts.currency && /^[A-Za-z]{3}$/.test(facts.currency.trim()) ? facts.currency.trim().toUpperCase() : null;
  const source = facts.source?.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  return {
    id: facts.id,
    title: (facts.title ?? '').replace(/\s+/g, ' ').trim(),
    owner: facts.owner?.replace(/\s+/g, ' ').trim() || NO_OWNER,
    pipeline: facts.pipeline,
    value,
    currency,
    createdAt: facts.createdAt,
    status,
    closedAt,
    stageHistory,
    ...(source !== null && { source }),
    ...(facts.forecastHistory && { forecastHistory: facts.forecastHistory }),
    seenIn: runId,
  };
}

/** The sync window: every open deal, and deals created or closed since `since`. */
export function inWindow(deal: Pick<SyncedDeal, 'status' | 'createdAt' | 'closedAt'>, since: number): boolean {
  return deal.status === 'open' || deal.createdAt >= since || (deal.closedAt !== null && deal.closedAt >= since);
}

/** The default window start: 24 months before `now`, at 00:00 UTC of that day. */
export function defaultSince(now: Date): number {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 24, now.getUTCDate()));
  return d.getTime();
}
