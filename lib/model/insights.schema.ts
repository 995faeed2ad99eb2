import { z } from 'zod';

// Stored records of the scorecard side (schema v2): imported histories, forecast snapshots and
// the maturity questionnaire — validated like everything else that comes from a file. The
// history inside an imported row is checked against the history contract by
// lib/metrics/stored-history.ts (the contract is the metrics' own).

const isoInstant = z.iso.datetime({ offset: true });

/** A sales history imported from a file (the scorecard JSON format or a CRM's CSV export). */
export interface StoredHistory {
  id: string;
  /** File name and format, for the list of imports. */
  name: string;
  format: string;
  importedAt: string;
  /** The History file format (ISO dates), exactly as the `scorecard` command reads it. */
  history: unknown;
}

/**
 * What the list of imports shows of a StoredHistory (same id), written with it in one transaction:
 * listing the imports never reads the histories themselves (one may hold 700 000 deals).
 */
export interface ImportedHistoryInfo {
  id: string;
  name: string;
  format: string;
  importedAt: string;
  deals: number;
}

/** The row around an imported history; `history` is left to the history contract. */
export const storedHistoryRowSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(300),
  format: z.string().max(40),
  importedAt: isoInstant,
  history: z.unknown(),
});

/** What a rep's forecast was at the start of a week, kept as it was (locked). */
export interface ForecastSnapshot {
  owner: string;
  /** "2026-Q4" */
  period: string;
  /** ISO date of the week's first day. */
  week: string;
  weightedPipeline: number;
  /** Sum of open value per forecast category (commit, bestCase, pipeline). */
  categories: Record<string, number>;
  takenAt: string;
  /**
   * `live`: taken by the browser in that week. `reconstructed`: worked out afterwards from the CRM's
   * change history by a team sync (lib/forecast/reconstruct.ts). Either way locked once stored.
   */
  basis: SnapshotBasis;
}

export const SNAPSHOT_BASES = ['live', 'reconstructed'] as const;
export type SnapshotBasis = (typeof SNAPSHOT_BASES)[number];

export const forecastSnapshotSchema = z.object({
  owner: z.string().min(1).max(200),
  period: z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, 'expected a period like 2026-Q4'),
  week: z.iso.date(),
  weightedPipeline: z.number().finite().min(0),
  categories: z.record(z.string().max(40), z.number().finite().min(0)),
  takenAt: isoInstant,
  // Rows (and backups) from before schema v9 were all taken live.
  basis: z.enum(SNAPSHOT_BASES).default('live'),
});

export const MATURITY_QUESTIONS = ['positioning', 'roles', 'process', 'infrastructure'] as const;
/**
 * Questions once asked and now measured instead (the KPI rhythm comes from the KPIs the team can
 * measure): an answer stored or backed up earlier still reads and is kept as it was, but not used.
 */
export const RETIRED_MATURITY_QUESTIONS = ['kpiRhythm'] as const;

export const assessmentSchema = z.object({
  id: z.literal('maturity'),
  answers: z.partialRecord(z.enum([...MATURITY_QUESTIONS, ...RETIRED_MATURITY_QUESTIONS]), z.number().int().min(0).max(4)),
  answeredAt: isoInstant,
});
