// Logging activities on deals: storage (./store) and next-step due dates (./due).
export * from './store';
export * from './due';
