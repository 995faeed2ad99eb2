import type { DealStatus } from '../model/deal';
import type { Pipeline, Stage } from '../model/playbook.schema';
import type { StageVisit } from '../model/records.schema';
import { normalizeLabel } from './match';

// Stage history as the playbook sees it. Visits carry the CRM's labels; `mapLabel` turns a label
// into a playbook stage id (null when it maps to none). Two sources record visits:
// - `observed`: Stagecraft saw the deal in a new stage (at or after the real move);
// - `crm`: the CRM reported when the deal entered a stage (the real time).
// Consecutive visits into the same playbook stage are one *run* (one stay in the stage). Within a
// run a CRM-reported time wins over observations: the latest CRM report of the run is the entry
// (a CRM reports the latest entry into a stage); without one, the first observation is.

export type PathState = 'complete' | 'current' | 'upcoming' | 'skipped';

export type MapLabel = (label: string) => string | null;

export interface MappedVisit {
  /** The playbook stage, or null when the label maps to none. */
  stageId: string | null;
  label: string;
  enteredAt: string;
  source: StageVisit['source'];
}

/** One stay in a stage: consecutive visits that map to the same stage (or, unmapped, the same label). */
export interface StageRun {
  stageId: string | null;
  /** The CRM label of the run's first visit. */
  label: string;
  /** When the deal entered the stage: the latest CRM-reported visit of the run, else its first observation. */
  enteredAt: string;
  source: StageVisit['source'];
  /** When the run's first visit was recorded (≤ or ≥ enteredAt, depending on the sources). */
  firstSeenAt: string;
  visits: number;
}

const instant = (iso: string) => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
};

/** Chronological visits with their playbook stage; at the same instant a CRM-reported visit comes first. */
export function mappedVisits(visits: readonly StageVisit[], mapLabel: MapLabel): MappedVisit[] {
  return [...visits]
    .sort((a, b) => instant(a.enteredAt) - instant(b.enteredAt) || (a.source === b.source ? 0 : a.source === 'crm' ? -1 : 1))
    .map((visit) => ({ stageId: mapLabel(visit.stage), label: visit.stage, enteredAt: visit.enteredAt, source: visit.source }));
}

/** The deal's stays in stages, oldest first (see StageRun). */
export function stageRuns(visits: readonly StageVisit[], mapLabel: MapLabel): StageRun[] {
  const runs: (StageRun & { key: string; latestCrm: string | null })[] = [];
  for (const visit of mappedVisits(visits, mapLabel)) {
    const key = visit.stageId !== null ? `s:${visit.stageId}` : `l:${normalizeLabel(visit.label)}`;
    const last = runs.at(-1);
    if (last && last.key === key) {
      last.visits++;
      if (visit.source === 'crm') last.latestCrm = visit.enteredAt;
      continue;
    }
    runs.push({
      key, stageId: visit.stageId, label: visit.label, enteredAt: visit.enteredAt, source: visit.source, firstSeenAt: visit.enteredAt, visits: 1,
      latestCrm: visit.source === 'crm' ? visit.enteredAt : null,
    });
  }
  return runs.map(({ key: _key, latestCrm, ...run }) => (latestCrm ? { ...run, enteredAt: latestCrm, source: 'crm' as const } : run));
}

/**
 * When the deal last entered `stageId`: the entry of its latest run in that stage. Leaving and
 * re-entering a stage starts a new run, so due dates restart. Null when no visit maps to the stage.
 */
export function currentStageEntry(visits: readonly StageVisit[], stageId: string, mapLabel: MapLabel): { enteredAt: string; source: StageVisit['source'] } | null {
  const run = stageRuns(visits, mapLabel).findLast((r) => r.stageId === stageId);
  return run ? { enteredAt: run.enteredAt, source: run.source } : null;
}

/** True when the deal is in `stageId` for at least the second time (it left and came back). */
export function isReentry(runs: readonly StageRun[], stageId: string): boolean {
  return runs.filter((r) => r.stageId === stageId).length > 1;
}

export interface StageMove {
  from: string;
  to: string;
  at: string;
}

/** Moves to an earlier stage of the pipeline (by the pipeline's order; unmapped stays are ignored). */
export function backwardMoves(runs: readonly StageRun[], pipeline: Pipeline): StageMove[] {
  const order = new Map(pipeline.stages.filter((s) => s.outcome === null).map((s, i) => [s.id, i]));
  const moves: StageMove[] = [];
  let previous: StageRun | null = null;
  for (const run of runs) {
    const index = run.stageId === null ? undefined : order.get(run.stageId);
    if (index === undefined) continue;
    if (previous && index < order.get(previous.stageId!)!) moves.push({ from: previous.stageId!, to: run.stageId!, at: run.enteredAt });
    previous = run;
  }
  return moves;
}

/**
 * Each stage of the pipeline: `current`; `upcoming` after it; before it `complete` when the deal
 * was seen there, `skipped` when it never was although a later stage was. Stages before the first
 * stage the history knows count as complete: the deal was there before anyone recorded it. Terminal
 * stages come last: the deal's outcome for a closed deal, both (upcoming) for an open one.
 */
export function stagePathStates(
  pipeline: Pipeline,
  current: Stage | null,
  visits: readonly StageVisit[],
  mapLabel: MapLabel,
  status: DealStatus | null,
): { stage: Stage; state: PathState }[] {
  const working = pipeline.stages.filter((s) => s.outcome === null);
  const order = new Map(working.map((s, i) => [s.id, i]));
  const closedAs = status === 'won' || status === 'lost' ? status : current?.outcome ?? null;
  const currentIndex = current ? (current.outcome === null ? (order.get(current.id) ?? -1) : working.length) : -1;
  const visited = new Set<string>();
  let first: number | null = null;
  for (const visit of mappedVisits(visits, mapLabel)) {
    const index = visit.stageId === null ? undefined : order.get(visit.stageId);
    if (index === undefined) continue;
    visited.add(visit.stageId!);
    first ??= index;
  }
  // The current stage is known even without a visit into it.
  if (first === null && currentIndex >= 0 && currentIndex < working.length) first = currentIndex;
  const states = working.map((stage, index) => {
    let state: PathState;
    if (current && stage.id === current.id) state = 'current';
    else if (index > currentIndex) state = 'upcoming';
    else if (visited.has(stage.id) || first === null || index < first) state = 'complete';
    else state = 'skipped';
    return { stage, state };
  });
  const terminals = pipeline.stages.filter((s) => s.outcome !== null && (closedAs ? s.outcome === closedAs : true));
  return [...states, ...terminals.map((stage) => ({ stage, state: (current?.id === stage.id ? 'current' : 'upcoming') as PathState }))];
}

/**
 * The same states over the CRM's own stage list (labels in the order the page shows them), for a
 * deal whose stage the playbook does not know. Labels compare normalised.
 */
export function crmPathStates(labels: readonly string[], currentLabel: string | null, visits: readonly StageVisit[]): { label: string; state: PathState }[] {
  const keys = labels.map(normalizeLabel);
  const currentIndex = currentLabel ? keys.indexOf(normalizeLabel(currentLabel)) : -1;
  const seen = new Set(visits.map((v) => normalizeLabel(v.stage)));
  const seenIndexes = keys.map((k, i) => (seen.has(k) ? i : -1)).filter((i) => i >= 0);
  const first = seenIndexes.length ? Math.min(...seenIndexes) : currentIndex;
  return labels.map((label, index) => {
    let state: PathState;
    if (index === currentIndex) state = 'current';
    else if (currentIndex < 0 || index > currentIndex) state = 'upcoming';
    else if (seen.has(keys[index]!) || index < first) state = 'complete';
    else state = 'skipped';
    return { label, state };
  });
}
