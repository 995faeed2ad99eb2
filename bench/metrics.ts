// The metrics engine on synthetic histories (seeded, so every run measures the same data):
// 1 000 / 10 000 / 100 000 deals with ten activities each.
import { computeScorecard } from '../lib/metrics/scorecard';
import type { History, HistoryDeal } from '../lib/metrics/history';
import { median } from './stats';

function prng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

export function syntheticHistory(dealCount: number, seed = 7): History {
  const random = prng(seed);
  const stages = ['qualified', 'demo', 'proposal', 'negotiation', 'won'].map((id, i) => ({ id, name: id, probability: [0.1, 0.3, 0.5, 0.8, 1][i]!, rotDays: 14 }));
  const owners = Array.from({ length: 25 }, (_, i) => `Rep ${i + 1}`);
  const start = Date.UTC(2025, 0, 1);
  const deals: HistoryDeal[] = [];
  const activities: History['activities'] = [];
  const types = ['call', 'email', 'meeting', 'demo', 'proposal', 'note', 'task'] as const;
  for (let i = 0; i < dealCount; i++) {
    const createdAt = start + Math.floor(random() * 600) * 86_400_000;
    const reached = Math.floor(random() * 4);
    const stageHistory = Array.from({ length: reached + 1 }, (_, k) => ({ stage: stages[k]!.id, enteredAt: createdAt + k * 7 * 86_400_000 }));
    const roll = random();
    const status = roll < 0.5 ? 'open' : roll < 0.75 ? 'won' : 'lost';
    const owner = owners[i % owners.length]!;
    deals.push({
      id: `d${i}`, title: `Deal ${i}`, owner, pipeline: 'p1', value: Math.round(random() * 50_000), currency: 'EUR', createdAt,
      closedAt: status === 'open' ? null : createdAt + (30 + Math.floor(random() * 90)) * 86_400_000, status, stageHistory,
    });
    for (let a = 0; a < 10; a++) activities.push({ dealId: `d${i}`, owner, type: types[a % types.length]!, at: createdAt + a * 86_400_000 });
  }
  const forecasts = owners.flatMap((owner) => ['2026-Q1', '2026-Q2', '2026-03'].map((period) => ({ owner, period, amount: 100_000 })));
  return { version: 1, pipelines: [{ id: 'p1', name: 'New business', stages }], deals, activities, forecasts };
}

export async function runMetricsBench(sizes = [1_000, 10_000, 100_000], runs = 7): Promise<{ deals: number; medianMs: number }[]> {
  const results: { deals: number; medianMs: number }[] = [];
  const options = { asOf: Date.UTC(2026, 10, 23), from: null, toExclusive: null };
  for (const size of sizes) {
    const history = syntheticHistory(size);
    computeScorecard(history, options); // warm-up
    const times: number[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      computeScorecard(history, options);
      times.push(performance.now() - started);
    }
    results.push({ deals: size, medianMs: median(times) });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await runMetricsBench()) console.log(`${row.deals.toLocaleString('en').padStart(8)} deals: ${row.medianMs.toFixed(1)} ms`);
}
