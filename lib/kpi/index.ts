export { cleanSpend, EMPTY_KPI_INPUTS, kpiInputsSchema, type KpiInputs, type SpendEntry } from '../model/kpi-inputs.schema';
export { computeKpis, growthSeries, KPI_MONTHS, type ChannelKpi, type Kpis } from './kpis';
export { parseSpendCsv, type SpendCsvResult } from './spend-csv';
