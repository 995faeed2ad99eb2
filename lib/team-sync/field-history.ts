// A deal's forecast fields through time, from each CRM's change history (Salesforce
// OpportunityHistory rows, HubSpot propertiesWithHistory, Pipedrive's deal flow) — one set of rules:
// - changes are kept in time order, a value recorded again unchanged is one stay;
// - a first change within CREATION_SLACK of the deal's creation is its value at creation;
// - a field whose history starts later was not tracked before: it is known from its first change;
// - no change at all means either "today's value since creation" (the CRM records every change and
//   none happened: Pipedrive, or a HubSpot field never set) or "not known" (the CRM keeps no history
//   of a field that has a value) — the caller says which.

import type { CrmForecastCategory, FieldChange, SyncedForecastHistory } from './types';

/** A CRM writes the creation's history row a moment after the record itself. */
export const CREATION_SLACK_MS = 5 * 60_000;

export interface FieldTrack<T> {
  changes: FieldChange<T>[];
  /** Epoch ms from which the field's value is known; null: not at all (only today's value). */
  knownFrom: number | null;
}

export function fieldTrack<T>(createdAt: number, changes: readonly FieldChange<T>[], none: { value: T } | 'unknown'): FieldTrack<T> {
  const sorted = changes.filter((c) => Number.isFinite(c.at)).sort((a, b) => a.at - b.at);
  const kept: FieldChange<T>[] = [];
  for (const change of sorted) if (kept.length === 0 || kept.at(-1)!.value !== change.value) kept.push({ ...change });
  if (kept.length === 0) return none === 'unknown' ? { changes: [], knownFrom: null } : { changes: [{ at: createdAt, value: none.value }], knownFrom: createdAt };
  if (kept[0]!.at <= createdAt + CREATION_SLACK_MS) kept[0]!.at = Math.min(kept[0]!.at, createdAt);
  return { changes: kept, knownFrom: kept[0]!.at <= createdAt ? createdAt : kept[0]!.at };
}

/** The value a track gives at `at` (undefined: before its first change). */
export function valueAt<T>(changes: readonly FieldChange<T>[], at: number): T | undefined {
  let lo = 0;
  let hi = changes.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (changes[mid]!.at <= at) {
      found = changes[mid]!.value;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The fields together: known from the latest field's start (null when one is not known at all). */
export function forecastHistory(fields: { amount: FieldTrack<number>; closeDate: FieldTrack<number | null>; category?: FieldTrack<CrmForecastCategory | null>; probability?: FieldTrack<number | null> }): SyncedForecastHistory {
  const starts = [fields.amount, fields.closeDate, fields.category, fields.probability].flatMap((t) => (t === undefined ? [] : [t.knownFrom]));
  const knownFrom = starts.some((start) => start === null) ? null : Math.max(...(starts as number[]));
  return {
    amount: fields.amount.changes,
    closeDate: fields.closeDate.changes,
    ...(fields.category && { category: fields.category.changes }),
    ...(fields.probability && { probability: fields.probability.changes }),
    knownFrom,
  };
}

/**
 * A forecast category as a CRM names it → ours: Salesforce's OpportunityHistory ForecastCategory
 * (Omitted, Pipeline, BestCase, Forecast = commit, Closed), HubSpot's (OMIT, PIPELINE, BEST_CASE,
 * COMMIT, CLOSED); anything else is not a category (null).
 */
export function crmForecastCategory(value: string | null | undefined): CrmForecastCategory | null {
  switch ((value ?? '').replace(/[^a-z]/gi, '').toLowerCase()) {
    case 'pipeline':
      return 'pipeline';
    case 'bestcase':
      return 'bestCase';
    case 'commit':
    case 'forecast':
      return 'commit';
    case 'closed':
      return 'closed';
    case 'omit':
    case 'omitted':
      return 'omitted';
    default:
      return null;
  }
}

/** A close date as a CRM writes it (a day, or an instant of that day) → epoch ms of its UTC day; null: none. */
export function closeDay(ms: number | null): number | null {
  return ms === null ? null : Math.floor(ms / 86_400_000) * 86_400_000;
}
