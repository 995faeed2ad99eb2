import { describe, expect, it } from 'vitest';
import { computeKpis, EMPTY_KPI_INPUTS, kpiRhythm, type KpiInputs } from '@/lib/kpi';
import { history } from '../metrics/build';

// The KPI rhythm (lib/kpi/rhythm) on a hand-made history, as of 2026-04-15: the KPI window is
// April 2025–March 2026, the last three full months January–March 2026.

const AS_OF = Date.parse('2026-04-15T00:00:00Z');
const deals = [
  { id: 'c1', createdAt: '2025-12-03T09:00:00Z', status: 'won' as const, closedAt: '2025-12-20T09:00:00Z', value: 1000, source: 'Ads' },
  { id: 'c2', createdAt: '2026-01-05T09:00:00Z', status: 'won' as const, closedAt: '2026-01-25T09:00:00Z', value: 2000, source: 'Ads' },
  { id: 'c3', createdAt: '2026-02-05T09:00:00Z', status: 'won' as const, closedAt: '2026-02-25T09:00:00Z', value: 3000, source: 'Referral' },
  { id: 'c4', createdAt: '2026-03-05T09:00:00Z', status: 'won' as const, closedAt: '2026-03-25T09:00:00Z', value: 1000 },
  { id: 'c5', createdAt: '2026-03-06T09:00:00Z', status: 'open' as const, value: 500 },
];
const spend = (...months: string[]) => months.map((month) => ({ month, channel: 'Ads', amount: 400 }));
const rhythmOf = (inputs: KpiInputs, list = deals) => {
  const h = history({ deals: list });
  return kpiRhythm(computeKpis(h, inputs, AS_OF), inputs);
};

describe('KPI rhythm: which KPIs the team can measure', () => {
  it('growth in each of the last three months and 6 000 of 7 000 won with a channel: two rungs; spend for two months is not CAC yet', () => {
    const r = rhythmOf({ ...EMPTY_KPI_INPUTS, spend: spend('2026-01', '2026-02') });
    expect(r).toEqual({
      growthMonths: 3, // December had a new deal and a win, so January's growth is measurable too
      channelShare: expect.closeTo(6000 / 7000, 12),
      spendMonths: 2,
      churn: null,
      margin: false,
      met: { growth: true, channels: true, cac: false, ltv: false },
      score: 2,
    });
  });

  it('spend for each of the last three months gives CAC; LTV needs both churn and margin', () => {
    const threeMonths = spend('2026-01', '2026-02', '2026-03');
    expect(rhythmOf({ ...EMPTY_KPI_INPUTS, spend: threeMonths }).score).toBe(3);
    expect(rhythmOf({ ...EMPTY_KPI_INPUTS, spend: threeMonths, grossMargin: 0.6 })).toMatchObject({ margin: true, met: { ltv: false }, score: 3 });
    expect(rhythmOf({ ...EMPTY_KPI_INPUTS, spend: threeMonths, grossMargin: 0.6, annualChurn: 0.2 })).toMatchObject({ churn: 'entered', met: { ltv: true }, score: 4 });
  });

  it('a rung above a missing one does not count', () => {
    const everything: KpiInputs = { spend: spend('2026-01', '2026-02', '2026-03'), grossMargin: 0.6, annualChurn: 0.2, renewalsPipeline: null };
    // No lead channels: revenue per channel cannot be read, so CAC and LTV do not lift the score.
    const noChannels = rhythmOf(everything, deals.map(({ source: _, ...d }) => d));
    expect(noChannels).toMatchObject({ channelShare: 0, met: { growth: true, channels: false, cac: true, ltv: true }, score: 1 });
    // No win in December: January's growth of customers cannot be measured.
    const noDecemberWin = rhythmOf(everything, deals.filter((d) => d.id !== 'c1'));
    expect(noDecemberWin).toMatchObject({ growthMonths: 2, met: { growth: false }, score: 0 });
  });

  it('nothing won: no channel share, nothing to climb', () => {
    const r = rhythmOf(EMPTY_KPI_INPUTS, [deals[4]!]);
    expect(r).toMatchObject({ growthMonths: 0, channelShare: null, score: 0 });
  });
});
