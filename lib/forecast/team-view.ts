import type { StoredHistory } from '../model/insights.schema';
import { computeAdoption, type Adoption } from '../metrics/adoption';
import type { ObservedData } from '../metrics/from-extension';
import { periodWindow, type PeriodChoice } from '../metrics/periods';
import { computeScorecard, scorecardOptions, type Metrics, type ScorecardOptions } from '../metrics/scorecard';
import { median } from '../metrics/stats';
import { combinedHistory, type RejectedImport } from './combined-history';
import { SYNCED_HISTORY_FORMAT, type SyncProvenance } from '../team-sync/source';

// The team view: every rep's scorecard for a period, from the combined history (observed +
// imported), computed with computeScorecard — the figures of the side panel's Scorecard tab and
// of the `scorecard` command, rep by rep.

export interface RepMeasures {
  /** null for the whole team. */
  owner: string | null;
  metrics: Metrics;
  medianWonValue: number | null;
  adoption: Adoption;
  /** Share of the rep's open observed deals with a next step due from now on (imports carry no next steps). */
  nextStepShare: number | null;
}

export interface TeamViewData {
  team: RepMeasures;
  /** Sorted by name. */
  reps: RepMeasures[];
  stageOrder: Record<string, string[]>;
  /** `pipelineId/stageId` → name (the stage id when the file gave no name). */
  stageNames: Record<string, string>;
  pipelineNames: Record<string, string>;
  rejected: RejectedImport[];
  observedDeals: number;
  importedDeals: number;
  /** Where the synced deals come from (null: never synced). */
  synced: SyncProvenance | null;
  importCount: number;
  options: ScorecardOptions;
}

export type MeasureId =
  | 'winRateCount'
  | 'winRateValue'
  | 'avgDeal'
  | 'medianDeal'
  | 'medianCycle'
  | 'velocity'
  | 'weighted'
  | 'stalled'
  | 'adoption'
  | 'nextStepShare'
  | 'activitiesPerDeal';

export type MeasureKind = 'percent' | 'money' | 'days' | 'count' | 'decimal';

/** The table's columns, in order: how to read each from a rep's measures, and how to show it. */
export const TEAM_MEASURES: readonly { id: MeasureId; kind: MeasureKind; value: (rep: RepMeasures) => number | null }[] = [
  { id: 'winRateCount', kind: 'percent', value: (r) => r.metrics.winRateCount },
  { id: 'winRateValue', kind: 'percent', value: (r) => r.metrics.winRateValue },
  { id: 'avgDeal', kind: 'money', value: (r) => r.metrics.avgWonValue },
  { id: 'medianDeal', kind: 'money', value: (r) => r.medianWonValue },
  { id: 'medianCycle', kind: 'days', value: (r) => r.metrics.medianCycleDays },
  { id: 'velocity', kind: 'money', value: (r) => r.metrics.velocityPerDay },
  { id: 'weighted', kind: 'money', value: (r) => r.metrics.weightedPipeline },
  { id: 'stalled', kind: 'count', value: (r) => r.metrics.stalled },
  { id: 'adoption', kind: 'percent', value: (r) => r.adoption.rate },
  { id: 'nextStepShare', kind: 'percent', value: (r) => r.nextStepShare },
  { id: 'activitiesPerDeal', kind: 'decimal', value: (r) => r.metrics.activitiesPerDeal },
];

export interface TeamViewInput {
  observed: ObservedData | null;
  imported: readonly StoredHistory[];
}

export function teamView({ observed, imported }: TeamViewInput, period: PeriodChoice, now: Date): TeamViewData {
  const combined = combinedHistory(observed, imported);
  const { history } = combined;
  const options = scorecardOptions({ ...periodWindow(period, now), asOf: now.toISOString().slice(0, 10) }, now);
  const card = computeScorecard(history, options);
  const adoption = computeAdoption(combined.adoption);
  const unbounded = options.from === null && options.toExclusive === null;
  const inWindow = (closedAt: number | null) =>
    unbounded || (closedAt !== null && (options.from === null || closedAt >= options.from) && (options.toExclusive === null || closedAt < options.toExclusive));
  const nowMs = now.getTime();
  const scheduled = new Set((observed?.activities ?? []).filter((a) => a.nextStep && Date.parse(a.nextStep.dueAt) >= nowMs).map((a) => a.dealKey));

  const measures = (owner: string | null, metrics: Metrics): RepMeasures => {
    const deals = owner === null ? history.deals : history.deals.filter((d) => d.owner === owner);
    const openObserved = deals.filter((d) => d.status === 'open' && combined.observedDealIds.has(d.id));
    return {
      owner,
      metrics,
      medianWonValue: median(deals.filter((d) => d.status === 'won' && inWindow(d.closedAt)).map((d) => d.value)),
      adoption: owner === null ? adoption.team : (adoption.owners[owner] ?? { done: 0, required: 0, rate: null }),
      nextStepShare: openObserved.length ? openObserved.filter((d) => scheduled.has(d.id)).length / openObserved.length : null,
    };
  };

  const stageOrder: Record<string, string[]> = {};
  const stageNames: Record<string, string> = {};
  const pipelineNames: Record<string, string> = {};
  for (const pipeline of history.pipelines) {
    pipelineNames[pipeline.id] = pipeline.name || pipeline.id;
    stageOrder[pipeline.id] = pipeline.stages.map((s) => s.id);
    for (const stage of pipeline.stages) stageNames[`${pipeline.id}/${stage.id}`] = stage.name || stage.id;
  }

  return {
    team: measures(null, card.team),
    reps: Object.keys(card.owners)
      .sort((a, b) => a.localeCompare(b))
      .map((owner) => measures(owner, card.owners[owner]!)),
    stageOrder,
    stageNames,
    pipelineNames,
    rejected: combined.rejected,
    observedDeals: combined.observedDealIds.size,
    importedDeals: history.deals.length - combined.observedDealIds.size - combined.syncedDealIds.size,
    importCount: imported.filter((row) => row.format !== SYNCED_HISTORY_FORMAT).length - combined.rejected.length,
    synced: combined.synced,
    options,
  };
}

/** Stage-to-stage conversion rows of one rep against the team (the Funnel component's rows). */
export function funnelRows(view: TeamViewData, rep: RepMeasures): { label: string; me: number | null; team: number | null }[] {
  const several = Object.keys(view.stageOrder).length > 1;
  return Object.entries(view.stageOrder).flatMap(([pipelineId, order]) =>
    order.slice(0, -1).map((stageId, i) => {
      const step = `${view.stageNames[`${pipelineId}/${stageId}`]} → ${view.stageNames[`${pipelineId}/${order[i + 1]}`]}`;
      return {
        label: several ? `${view.pipelineNames[pipelineId]}: ${step}` : step,
        me: rep.metrics.stageConversion[pipelineId]?.[stageId] ?? null,
        team: view.team.metrics.stageConversion[pipelineId]?.[stageId] ?? null,
      };
    }),
  );
}
