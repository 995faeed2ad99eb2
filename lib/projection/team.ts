import { combinedHistory } from '../forecast/combined-history';
import type { HistoryPipeline } from '../metrics/history.schema';
import type { SyncProvenance } from '../team-sync/source';
import { combineOptions, type TeamSources } from '../team-figures/pages';
import { projectionInput, type ProjectionInput } from './job';

// The Projection tab projects the team's combined history — observed, imported and synced deals, in
// the team's base currency — as every team page reads it (combineOptions). The worker works it out
// from the sources it reads itself, so the page never holds the team's deals; the page gets only what
// it shows beside the figures.

/** What the tab shows of the history a projection rests on. */
export interface TeamProjectionBasis {
  deals: number;
  /** The combined history's pipelines (their names, for the drivers and the CSV). */
  pipelines: HistoryPipeline[];
  synced: SyncProvenance | null;
  /** Deals per currency left out of money figures (no rate to the base currency). */
  unpriced: Record<string, number>;
  /** The team's base currency: every figure is in it. */
  currency: string;
}

export function teamProjectionInput(sources: TeamSources): { input: ProjectionInput; basis: TeamProjectionBasis } {
  const { history, synced, unpriced } = combinedHistory(sources.observed, sources.imported, combineOptions(sources));
  return { input: projectionInput(history), basis: { deals: history.deals.length, pipelines: history.pipelines, synced, unpriced, currency: sources.settings.baseCurrency } };
}
