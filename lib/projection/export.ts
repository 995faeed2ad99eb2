import type { Projection } from './project';

// The projection for delivery planning: one row per month, pipeline and product (team total),
// with the expected won value and count and where they come from. Rows without anything expected
// are left out. The header row comes first; the caller translates it.

/** A spreadsheet cell (the team pages' CSV writer takes these). */
export type Cell = string | number | null;

export interface ProjectionRow {
  month: string;
  quarter: string;
  pipeline: string;
  product: string;
  expected: number;
  count: number;
  fromOpen: number;
  fromNew: number;
}

export function projectionRows(projection: Projection): ProjectionRow[] {
  const { horizon, expected } = projection;
  const rows = new Map<string, ProjectionRow>();
  for (const cell of expected.cells)
    for (let m = 0; m < horizon.months; m++) {
      if (cell.value[m] === 0 && cell.count[m] === 0) continue;
      const key = JSON.stringify([m, cell.pipeline, cell.product]);
      let row = rows.get(key);
      if (!row) rows.set(key, (row = { month: horizon.monthKeys[m]!, quarter: horizon.quarterKeys[horizon.quarterOf[m]!]!, pipeline: cell.pipeline, product: cell.product, expected: 0, count: 0, fromOpen: 0, fromNew: 0 }));
      row.expected += cell.value[m]!;
      row.count += cell.count[m]!;
      row[cell.source === 'open' ? 'fromOpen' : 'fromNew'] += cell.value[m]!;
    }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month) || a.pipeline.localeCompare(b.pipeline) || a.product.localeCompare(b.product));
}

/** Rows as CSV cells: whole currency units, counts to one decimal. */
export function projectionCsvCells(rows: readonly ProjectionRow[], header: readonly string[], pipelineName: (id: string) => string): Cell[][] {
  return [
    [...header],
    ...rows.map((r) => [r.month, r.quarter, pipelineName(r.pipeline), r.product, Math.round(r.expected), Math.round(r.count * 10) / 10, Math.round(r.fromOpen), Math.round(r.fromNew)]),
  ];
}
