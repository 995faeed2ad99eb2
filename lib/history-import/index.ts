// Importing sales history (the scorecard JSON file or a CRM's CSV or Excel export) for the scorecards.
export * from './csv';
export * from './values';
export * from './formats';
export * from './mapping-sample';
export * from './stages';
export * from './to-history';
export * from './read';
export * from './report-footer';
export * from './xlsx';
export * from './pipeline';
export * from './session';
export * from './runner';
