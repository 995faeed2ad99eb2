// Small statistics for benchmark figures: medians and percentiles over repeated runs.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface Figure {
  name: string;
  value: number;
  unit: string;
  budget: number;
  /** `max`: the value must stay at or under the budget. */
  kind: 'max';
  detail?: string;
}

export const withinBudget = (figure: Figure) => Number.isFinite(figure.value) && figure.value <= figure.budget;
