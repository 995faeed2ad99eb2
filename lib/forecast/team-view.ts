import type { StoredHistory } from '../model/insights.schema';
import type { ObservedData } from '../metrics/from-extension';
import type { PeriodChoice } from '../metrics/periods';
import { funnelRows as metricFunnelRows, periodOptions, viewFigures, type FunnelRow, type ViewFigures } from '../metrics/team-figures';
import type { ScorecardOptions } from '../metrics/scorecard';
import { combinedHistory, type CombinedHistory, type CombineOptions, type RejectedImport } from './combined-history';

// The team view: every rep's figures for a period, from the combined history (synced + observed +
// imported), computed by the same viewFigures call as the side panel's Scorecard tab — so a rep's
// row here and that rep's "me" column there show the same numbers, and the contract's measures are
// the `scorecard` command's.

export interface RepMeasures {
  /** null for the whole team. */
  owner: string | null;
  metrics: ViewFigures;
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
  syncedDeals: number;
  importedDeals: number;
  /** Where the synced deals come from (null: never synced). */
  synced: import('../team-sync/source').SyncProvenance | null;
  importCount: number;
  options: ScorecardOptions;
  /** The currency every money figure is in (null: values as given). */
  currency: string | null;
  /** Currency → deals left out of money figures because it has no rate. */
  unpriced: Record<string, number>;
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

/**
 * The table's columns, in order: how to read each from a rep's figures, how to show it, and how many
 * deals (or required tasks) it rests on — shown beside rates and averages, low-confidence below MIN_SAMPLE.
 */
export const TEAM_MEASURES: readonly { id: MeasureId; kind: MeasureKind; value: (rep: RepMeasures) => number | null; sample: ((rep: RepMeasures) => number) | null }[] = [
  { id: 'winRateCount', kind: 'percent', value: (r) => r.metrics.winRateCount, sample: (r) => r.metrics.samples.closed },
  { id: 'winRateValue', kind: 'percent', value: (r) => r.metrics.winRateValue, sample: (r) => r.metrics.samples.closedPriced },
  { id: 'avgDeal', kind: 'money', value: (r) => r.metrics.avgWonValue, sample: (r) => r.metrics.samples.wonPriced },
  { id: 'medianDeal', kind: 'money', value: (r) => r.metrics.medianWonValue, sample: (r) => r.metrics.samples.wonPriced },
  { id: 'medianCycle', kind: 'days', value: (r) => r.metrics.medianCycleDays, sample: (r) => r.metrics.samples.cycles },
  { id: 'velocity', kind: 'money', value: (r) => r.metrics.velocityPerDay, sample: (r) => r.metrics.samples.cycles },
  { id: 'weighted', kind: 'money', value: (r) => r.metrics.weightedPipeline, sample: null },
  { id: 'stalled', kind: 'count', value: (r) => r.metrics.stalled, sample: null },
  { id: 'adoption', kind: 'percent', value: (r) => r.metrics.adoption.rate, sample: (r) => r.metrics.adoption.required },
  { id: 'nextStepShare', kind: 'percent', value: (r) => r.metrics.nextStep.share, sample: (r) => r.metrics.nextStep.open },
  { id: 'activitiesPerDeal', kind: 'decimal', value: (r) => r.metrics.activitiesPerDeal, sample: (r) => r.metrics.samples.deals },
];

export interface TeamViewInput {
  observed: ObservedData | null;
  imported: readonly StoredHistory[];
}

/** `combined`: the sources' combined history when the caller already has it (the same for every period). */
export function teamView({ observed, imported }: TeamViewInput, period: PeriodChoice, now: Date, combine: CombineOptions = {}, combined: CombinedHistory = combinedHistory(observed, imported, combine)): TeamViewData {
  const { history } = combined;
  const options = periodOptions(period, now);
  const known = new Set([...combined.observedDealIds, ...combined.syncedDealIds]);
  const steps = (observed?.activities ?? []).flatMap((a) => (a.nextStep ? [{ dealId: a.dealKey, dueAt: Date.parse(a.nextStep.dueAt) }] : []));
  const card = viewFigures(history, options, { known, steps });

  const stageOrder: Record<string, string[]> = {};
  const stageNames: Record<string, string> = {};
  const pipelineNames: Record<string, string> = {};
  for (const pipeline of history.pipelines) {
    pipelineNames[pipeline.id] = pipeline.name || pipeline.id;
    stageOrder[pipeline.id] = pipeline.stages.map((s) => s.id);
    for (const stage of pipeline.stages) stageNames[`${pipeline.id}/${stage.id}`] = stage.name || stage.id;
  }

  return {
    team: { owner: null, metrics: card.team },
    reps: Object.keys(card.owners)
      .sort((a, b) => a.localeCompare(b))
      .map((owner) => ({ owner, metrics: card.owners[owner]! })),
    stageOrder,
    stageNames,
    pipelineNames,
    rejected: combined.rejected,
    observedDeals: combined.observedDealIds.size,
    syncedDeals: combined.syncedDealIds.size,
    importedDeals: history.deals.length - combined.observedDealIds.size - combined.syncedDealIds.size,
    importCount: imported.length - combined.rejected.length,
    synced: combined.synced,
    options,
    currency: history.currency ?? null,
    unpriced: combined.unpriced,
  };
}

/** Stage-to-stage conversion rows of one rep against the team (the Funnel component's rows). */
export function funnelRows(view: TeamViewData, rep: RepMeasures): FunnelRow[] {
  return metricFunnelRows(view, rep.metrics, view.team.metrics);
}
