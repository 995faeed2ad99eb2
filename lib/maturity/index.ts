export * from './assess';
export * from './signals';
