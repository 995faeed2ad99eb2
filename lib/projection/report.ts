import { drivers, type Driver } from './drivers';
import { projectionRows, type ProjectionRow } from './export';
import type { MissingHistory } from './model';
import type { ProjectedGroup, ProjectionBasis, ProjectionResult } from './project';

// What the Projection tab and the `project` command show of a projection, as plain data (no typed
// arrays, maps or the measured model), so it can cross from a worker to the page: the quarters and
// months of the team and each rep, what they rest on, the CSV rows and the drivers.

export interface ProjectionReportBody {
  asOf: number;
  quarterKeys: string[];
  team: ProjectedGroup;
  owners: Record<string, ProjectedGroup>;
  basis: ProjectionBasis;
  rows: ProjectionRow[];
  drivers: Driver[];
}

export type ProjectionReport = ({ status: 'projected' } & ProjectionReportBody) | { status: 'tooLittleHistory'; missing: MissingHistory[] };

export function projectionReport(result: ProjectionResult): ProjectionReport {
  if (result.status !== 'projected') return { status: 'tooLittleHistory', missing: result.missing };
  const { projection } = result;
  return {
    status: 'projected',
    asOf: projection.asOf,
    quarterKeys: projection.horizon.quarterKeys,
    team: projection.team,
    owners: projection.owners,
    basis: projection.basis,
    rows: projectionRows(projection),
    drivers: drivers(projection),
  };
}
