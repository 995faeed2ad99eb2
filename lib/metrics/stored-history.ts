import { z } from 'zod';
import { storedHistoryRowSchema } from '../model/insights.schema';
import { HistoryError, validateHistory } from './history';

/** An imported history as stored: the row (lib/model) with its history checked against the history contract. */
export const storedHistorySchema = storedHistoryRowSchema.extend({
  history: z.unknown().superRefine((value, ctx) => {
    try {
      validateHistory(value);
    } catch (error) {
      if (!(error instanceof HistoryError)) throw error;
      ctx.addIssue({ code: 'custom', message: error.message });
    }
  }),
});
