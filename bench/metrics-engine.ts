// The metrics engine at 1 000 / 10 000 / 100 000 deals with ten activities each: the time at
// 100 000 deals, and how close to linear the growth is (time per deal at 100 000 ÷ at 10 000).
import { runMetricsBench } from './metrics';
import type { Figure } from './stats';

export async function measureMetricsEngine(): Promise<Figure[]> {
  const results = await runMetricsBench();
  const at = (deals: number) => results.find((r) => r.deals === deals)?.medianMs ?? Number.NaN;
  const perDealGrowth = at(100_000) / 100_000 / (at(10_000) / 10_000);
  const detail = results.map((r) => `${r.deals.toLocaleString('en')} deals: ${r.medianMs.toFixed(1)} ms`).join(', ');
  return [
    { name: 'metrics engine at 100 000 deals (median)', value: at(100_000), unit: 'ms', budget: 1000, kind: 'max', detail },
    { name: 'metrics engine growth: time per deal at 100k ÷ at 10k (1 = linear)', value: perDealGrowth, unit: '×', budget: 2, kind: 'max', detail: `${detail} (medians sort: n log n, so slightly above 1)` },
  ];
}
