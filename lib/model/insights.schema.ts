import { z } from 'zod';
import { HistoryError, validateHistory } from '../metrics/history';

// Stored records of the scorecard side (schema v2): imported histories, forecast snapshots and
// the maturity questionnaire — validated like everything else that comes from a file.

const isoInstant = z.iso.datetime({ offset: true });

export const storedHistorySchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(300),
  format: z.string().max(40),
  importedAt: isoInstant,
  history: z.unknown().superRefine((value, ctx) => {
    try {
      validateHistory(value);
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  }),
});

export const forecastSnapshotSchema = z.object({
  owner: z.string().min(1).max(200),
  period: z.string().regex(/^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/, 'expected a period like 2026-Q4'),
  week: z.iso.date(),
  weightedPipeline: z.number().finite().min(0),
  categories: z.record(z.string().max(40), z.number().finite().min(0)),
  takenAt: isoInstant,
});

export const MATURITY_QUESTIONS = ['positioning', 'roles', 'process', 'infrastructure', 'kpiRhythm'] as const;

export const assessmentSchema = z.object({
  id: z.literal('maturity'),
  answers: z.partialRecord(z.enum(MATURITY_QUESTIONS), z.number().int().min(0).max(4)),
  answeredAt: isoInstant,
});
