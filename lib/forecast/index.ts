export * from './combined-history';
export * from './team-view';
export * from './forecast';
export * from './accuracy';
