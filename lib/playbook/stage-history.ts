import type { DealStatus } from '../model/deal';
import type { Pipeline, Stage } from '../model/playbook.schema';
import type { StageVisit } from '../model/records.schema';

// Stage history as the playbook sees it: visits carry the CRM's labels; `mapLabel` turns a label
// into a playbook stage id.

export type PathState = 'complete' | 'current' | 'upcoming' | 'skipped';

type MapLabel = (label: string) => string | null;

interface MappedVisit {
  stageId: string | null;
  enteredAt: string;
  source: StageVisit['source'];
}

/** Chronological visits with their playbook stage; for the same moment a CRM-reported time wins. */
export function mappedVisits(visits: readonly StageVisit[], mapLabel: MapLabel): MappedVisit[] {
  return [...visits]
    .sort((a, b) => a.enteredAt.localeCompare(b.enteredAt) || (a.source === 'crm' ? -1 : 1))
    .map((visit) => ({ stageId: mapLabel(visit.stage), enteredAt: visit.enteredAt, source: visit.source }));
}

/**
 * When the deal last entered `stageId`: the start of the latest unbroken run of visits in that
 * stage (two CRM labels of one playbook stage are one run). Re-entering a stage starts a new run,
 * so its due dates restart.
 */
export function currentStageEntry(visits: readonly StageVisit[], stageId: string, mapLabel: MapLabel): { enteredAt: string; source: StageVisit['source'] } | null {
  const mapped = mappedVisits(visits, mapLabel);
  let start: MappedVisit | null = null;
  for (let i = mapped.length - 1; i >= 0; i--) {
    const visit = mapped[i]!;
    if (visit.stageId !== stageId) break;
    start = visit;
  }
  if (!start) {
    // The deal is in this stage but its last visit is mapped elsewhere (a mapping changed): use
    // the latest visit into this stage, if any.
    const last = [...mapped].reverse().find((v) => v.stageId === stageId);
    if (!last) return null;
    start = last;
  }
  // Visits are sorted, so a CRM-reported (earlier, truer) entry into the same run is its start.
  return { enteredAt: start.enteredAt, source: start.source };
}

/**
 * Each stage of the pipeline: complete, current, upcoming, or skipped (the history jumped over
 * it). Stages before the first observed one count as complete: the deal was there before we saw it.
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
  const currentIndex = current ? (current.outcome === null ? (order.get(current.id) ?? -1) : working.length) : -1;
  const skipped = new Set<string>();
  const visited = new Set<string>();
  let previous: number | null = null;
  for (const visit of mappedVisits(visits, mapLabel)) {
    const index = visit.stageId === null ? undefined : order.get(visit.stageId);
    if (index === undefined) continue;
    visited.add(visit.stageId!);
    if (previous !== null && index > previous + 1) for (let i = previous + 1; i < index; i++) skipped.add(working[i]!.id);
    previous = index;
  }
  const states = working.map((stage, index) => {
    let state: PathState;
    if (current && stage.id === current.id) state = 'current';
    else if (index < currentIndex) state = skipped.has(stage.id) && !visited.has(stage.id) ? 'skipped' : 'complete';
    else state = 'upcoming';
    return { stage, state };
  });
  // Closed deals end on their outcome; open deals show where they can end.
  const terminals = pipeline.stages.filter((s) => s.outcome !== null && (status === 'won' || status === 'lost' ? s.outcome === status : true));
  return [...states, ...terminals.map((stage) => ({ stage, state: (current?.id === stage.id ? 'current' : 'upcoming') as PathState }))];
}
