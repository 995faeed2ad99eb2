import { DAY_MS } from './dates';

// The small rules every figure is built from, each defined once. The scorecard, the side panel's
// deal view and Scorecard tab, the team pages, the forecast, maturity and coaching all call these.

/** A closed-deal window [from, toExclusive) in epoch ms; null = unbounded on that side. */
export interface ClosedWindow {
  from: number | null;
  toExclusive: number | null;
}

/**
 * Is a won/lost deal inside the closed-deal window?
 *   no bound at all → every closed deal (even one without closedAt);
 *   otherwise       → closedAt known and from ≤ closedAt < toExclusive.
 */
export function inClosedWindow(closedAt: number | null, window: ClosedWindow): boolean {
  if (window.from === null && window.toExclusive === null) return true;
  return closedAt !== null && (window.from === null || closedAt >= window.from) && (window.toExclusive === null || closedAt < window.toExclusive);
}

/** Fractional days a deal has been in its current stage at `at`: (at − enteredAt) / 86 400 000. */
export const daysInStage = (enteredAt: number, at: number): number => (at - enteredAt) / DAY_MS;

/**
 * Stalled: an open deal whose days in its current stage exceed the stage's rot days, strictly:
 *   (at − enteredAt) / 86 400 000 > rotDays.
 * A stage without rot days (null) never stalls. `at` is the moment looked from (the command: 00:00Z of
 * the as-of day; the extension: now).
 */
export function isStalled(enteredAt: number, rotDays: number | null | undefined, at: number): boolean {
  return rotDays !== null && rotDays !== undefined && daysInStage(enteredAt, at) > rotDays;
}

/**
 * A stage's stall limit: the manager's rot days for the stage, else the limit learned from the team's
 * history (lib/metrics/learned-rot.ts), else the team default. A closing stage never stalls (null).
 */
export function stallLimit(stage: { rotDays: number | null; outcome?: string | null }, learned: { days: number } | undefined, defaultRotDays: number): number | null {
  if (stage.outcome) return null;
  return stage.rotDays ?? learned?.days ?? defaultRotDays;
}

/** Whole days shown beside a stalled deal ("12 days in stage"): the fractional days rounded down. */
export const wholeDaysInStage = (enteredAt: number, at: number): number => Math.max(0, Math.floor(daysInStage(enteredAt, at)));

/**
 * Next step scheduled: a deal has a next step due at or after `now`. An overdue next step is not
 * scheduled (it was missed).
 */
export const isNextStepScheduled = (dueAt: number, now: number): boolean => dueAt >= now;

/** Below this many deals a rate or average is shown as low-confidence, and no coaching hint fires. */
export const MIN_SAMPLE = 5;

/** A figure with the number of deals (or items) it rests on. */
export const isLowConfidence = (sample: number): boolean => sample < MIN_SAMPLE;
