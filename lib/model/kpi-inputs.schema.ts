import { z } from 'zod';

// What the manager enters for the KPI dashboard (stored with the settings, repaired field by field):
// marketing spend per month and lead channel, an annual churn rate and a gross margin (shares 0–1),
// and which pipeline holds renewals (then churn is measured instead). A spend row that no longer
// fits is dropped alone; every other row is kept.

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MAX_SPEND_ROWS = 5000;

export const spendEntrySchema = z.object({
  month: z.string().regex(MONTH),
  channel: z.string().trim().min(1).max(100),
  amount: z.number().finite().min(0),
});
export type SpendEntry = z.infer<typeof spendEntrySchema>;

/** Valid rows only; a later row for the same month and channel replaces an earlier one. */
export function cleanSpend(rows: readonly unknown[]): SpendEntry[] {
  const byKey = new Map<string, SpendEntry>();
  for (const row of rows) {
    const parsed = spendEntrySchema.safeParse(row);
    if (parsed.success) byKey.set(JSON.stringify([parsed.data.month, parsed.data.channel]), parsed.data);
  }
  return [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || a.channel.localeCompare(b.channel)).slice(-MAX_SPEND_ROWS);
}

const share = z.number().min(0).max(1).nullable().catch(null);

export const kpiInputsSchema = z
  .object({
    spend: z.array(z.unknown()).catch([]).transform(cleanSpend),
    annualChurn: share,
    grossMargin: share,
    renewalsPipeline: z.string().min(1).max(140).nullable().catch(null),
  })
  .catch({ spend: [], annualChurn: null, grossMargin: null, renewalsPipeline: null });
export type KpiInputs = z.infer<typeof kpiInputsSchema>;

export const EMPTY_KPI_INPUTS: KpiInputs = { spend: [], annualChurn: null, grossMargin: null, renewalsPipeline: null };
