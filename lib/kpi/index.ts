export { cleanSpend, EMPTY_KPI_INPUTS, kpiInputsSchema, type KpiInputs, type SpendEntry } from '../model/kpi-inputs.schema';
export { computeKpis, growthSeries, KPI_MONTHS, type ChannelKpi, type Kpis } from './kpis';
export { CHANNEL_SHARE, kpiRhythm, RHYTHM_MONTHS, RHYTHM_RUNGS, type KpiRhythm, type RhythmRung } from './rhythm';
export { parseSpendCsv, type SpendCsvResult } from './spend-csv';
