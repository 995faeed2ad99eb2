// Logging activities on deals: next-step due dates (./due); storing them is lib/db/activities.ts.
export * from './due';
