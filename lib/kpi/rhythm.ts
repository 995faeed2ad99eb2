import type { KpiInputs } from '../model/kpi-inputs.schema';
import type { Kpis } from './kpis';

// The team's KPI rhythm, measured: which of the KPIs a flying sales team reviews it can measure now,
// from the KPI dashboard's own figures (computeKpis, the last 12 full months) and the entered inputs.
// Four rungs, climbed from the bottom (a rung above a missing one does not count):
//   growth    month-over-month growth of new deals AND of new customers measurable in each of the
//             last RHYTHM_MONTHS full months: growth[m] ≠ null, i.e. deals created and won in m − 1
//   channels  revenue per lead channel: ≥ CHANNEL_SHARE of the won value of the 12 months has a
//             lead channel (the deal's source) — Σ won value with a channel ÷ Σ won value
//   cac       CAC: marketing spend entered (typed or imported) for each of the last RHYTHM_MONTHS
//             full months, and a blended CAC that can be worked out (≥ 1 new customer)
//   ltv       LTV's inputs: an annual churn (measured on the renewals pipeline, or entered) and a
//             gross margin (entered)
// score = the rungs met in a row (0–4). The maturity model's "KPI rhythm" is this score: level 2
// needs growth, 3 also channels, 4 also CAC, 5 also LTV.

export const RHYTHM_MONTHS = 3;
export const CHANNEL_SHARE = 0.8;
export const RHYTHM_RUNGS = ['growth', 'channels', 'cac', 'ltv'] as const;
export type RhythmRung = (typeof RHYTHM_RUNGS)[number];

export interface KpiRhythm {
  /** Of the last RHYTHM_MONTHS full months, those with both growth figures measurable. */
  growthMonths: number;
  /** Share of the window's won value that has a lead channel; null when nothing of value was won. */
  channelShare: number | null;
  /** Of the last RHYTHM_MONTHS full months, those with marketing spend entered. */
  spendMonths: number;
  churn: Kpis['churn']['source'];
  margin: boolean;
  met: Record<RhythmRung, boolean>;
  /** 0–4: the rungs met in a row from the bottom. */
  score: number;
}

export function kpiRhythm(kpis: Kpis, inputs: KpiInputs): KpiRhythm {
  const recent = kpis.months.slice(-RHYTHM_MONTHS);
  const offset = kpis.months.length - recent.length;
  const growthMonths = recent.filter((_, i) => kpis.newDealsGrowth[offset + i] != null && kpis.newCustomersGrowth[offset + i] != null).length;
  const sum = (values: readonly number[] | undefined) => (values ?? []).reduce((s, v) => s + v, 0);
  const won = sum(kpis.revenue);
  const channelShare = won > 0 ? 1 - sum(kpis.revenueByChannel['']) / won : null;
  const spendMonths = recent.filter((month) => inputs.spend.some((row) => row.month === month)).length;
  const met: Record<RhythmRung, boolean> = {
    growth: recent.length === RHYTHM_MONTHS && growthMonths === RHYTHM_MONTHS,
    channels: channelShare !== null && channelShare >= CHANNEL_SHARE - 1e-9,
    cac: spendMonths === RHYTHM_MONTHS && kpis.blended.cac !== null,
    ltv: kpis.churn.annual !== null && kpis.grossMargin.value !== null,
  };
  let score = 0;
  while (score < RHYTHM_RUNGS.length && met[RHYTHM_RUNGS[score]!]) score++;
  return { growthMonths, channelShare, spendMonths, churn: kpis.churn.source, margin: kpis.grossMargin.value !== null, met, score };
}
