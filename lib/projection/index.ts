export { historyAsOf } from './as-of';
export { backtest, type Backtest, type BacktestRow, type HorizonError } from './backtest';
export { drivers, DRIVER_STEP, type Driver, type DriverId } from './drivers';
export { projectionCsvCells, projectionRows, type ProjectionRow } from './export';
export { PROJECTION_MIN, type MissingHistory } from './model';
export { DEFAULT_QUARTERS, project, type ProjectedFigure, type ProjectedGroup, type Projection, type ProjectionResult } from './project';
export { projectionSummary, type ProjectionSummary } from './summary';
