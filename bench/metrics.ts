// The metrics engine on synthetic histories: 1 000 / 10 000 / 100 000 deals with ten activities
// each (seeded, so every run measures the same data). Times computeScorecard alone (the figure the
// budget is about) and, separately, validation of the parsed file (zod schema + cross-references +
// dates to epoch ms). Medians of several runs after a warm-up.
//
//   npx tsx bench/metrics.ts            prints a table
//   runMetricsBench()                   the compute step alone, warm (the bench runner times the whole command: bench/scorecard-command.ts)
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { validateHistory, type History } from '../lib/metrics/history.schema';
import { computeScorecard, type ScorecardOptions } from '../lib/metrics/scorecard';
import { prng } from '../lib/random/prng';


const DAY = 86_400_000;
const TYPES = ['call', 'email', 'meeting', 'demo', 'proposal', 'note', 'task'] as const;
const PIPELINES = [
  {
    id: 'new',
    name: 'New business',
    stages: ['qualified', 'discovery', 'demo', 'proposal', 'negotiation', 'commit'].map((id, i) => ({ id, name: id, probability: [0.1, 0.2, 0.35, 0.5, 0.7, 0.9][i]!, rotDays: [14, 14, 10, 10, 7, null][i]! })),
  },
  {
    id: 'renewal',
    name: 'Renewals',
    stages: ['due', 'quoted', 'signed'].map((id, i) => ({ id, name: id, probability: [0.6, 0.8, 1][i]!, rotDays: [30, 21, null][i]! })),
  },
];

interface SyntheticDeal {
  deal: Record<string, unknown>;
  activities: Record<string, unknown>[];
}

const OWNERS = Array.from({ length: 25 }, (_, i) => `Rep ${i + 1}`);
const PERIODS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2025-06', '2025-12', '2026-03'];

/** The deals of the synthetic history one at a time, each with its ten activities (the same seed, the same deals). */
function* syntheticDeals(dealCount: number, random: () => number): Generator<SyntheticDeal> {
  const start = Date.UTC(2025, 0, 1);
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < dealCount; i++) {
    const pipeline = random() < 0.8 ? PIPELINES[0]! : PIPELINES[1]!;
    const owner = OWNERS[Math.floor(random() * OWNERS.length)]!;
    const createdAt = start + Math.floor(random() * 600 * DAY);
    const stageHistory: { stage: string; enteredAt: string }[] = [];
    let at = createdAt;
    let position = 0;
    const steps = 1 + Math.floor(random() * pipeline.stages.length);
    for (let s = 0; s < steps; s++) {
      stageHistory.push({ stage: pipeline.stages[position]!.id, enteredAt: iso(at) });
      at += Math.floor(random() * 12 * DAY);
      const roll = random();
      position = roll < 0.1 ? Math.max(0, position - 1) : roll < 0.2 ? Math.min(pipeline.stages.length - 1, position + 2) : Math.min(pipeline.stages.length - 1, position + 1);
    }
    const roll = random();
    const status = roll < 0.5 ? 'open' : roll < 0.8 ? 'won' : 'lost';
    const deal = {
      id: `d${i}`,
      title: `Deal ${i}`,
      owner,
      pipeline: pipeline.id,
      value: Math.round(random() * 50_000),
      currency: 'EUR',
      createdAt: iso(createdAt),
      closedAt: status === 'open' ? null : iso(at + Math.floor(random() * 20 * DAY)),
      status,
      stageHistory,
    };
    const activities = [];
    for (let a = 0; a < 10; a++) activities.push({ dealId: `d${i}`, owner, type: TYPES[Math.floor(random() * TYPES.length)]!, at: iso(createdAt + Math.floor(random() * 60 * DAY)) });
    yield { deal, activities };
  }
}

const forecastsOf = (random: () => number) => OWNERS.flatMap((owner) => PERIODS.map((period) => ({ owner, period, amount: Math.round(random() * 400_000) })));

/**
 * A history in the file format (ISO dates), as the command reads it: 25 owners, two pipelines,
 * deals that skip stages and move back, 50 % open / 30 % won / 20 % lost, ten activities per deal,
 * quarterly and monthly forecasts per owner.
 */
export function syntheticFile(dealCount: number, seed = 7): unknown {
  const random = prng(seed);
  const deals: unknown[] = [];
  const activities: unknown[] = [];
  for (const { deal, activities: own } of syntheticDeals(dealCount, random)) {
    deals.push(deal);
    activities.push(...own);
  }
  return { version: 1, pipelines: PIPELINES, deals, activities, forecasts: forecastsOf(random) };
}

/**
 * The same history as syntheticFile, written to `path` as JSON text piece by piece (a million deals
 * is 1.2 GB, more than one string holds): the deals, then the same deals again for their activities.
 * Resolves with the file's size in bytes.
 */
export async function writeSyntheticFile(path: string, dealCount: number, seed = 7): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let pending = '';
  const write = async (text: string) => {
    pending += text;
    if (pending.length < 1 << 20) return;
    bytes += Buffer.byteLength(pending);
    if (!out.write(pending)) await once(out, 'drain');
    pending = '';
  };
  await write(`{"version":1,"pipelines":${JSON.stringify(PIPELINES)},"deals":[`);
  let first = true;
  for (const { deal } of syntheticDeals(dealCount, prng(seed))) {
    await write(`${first ? '' : ','}${JSON.stringify(deal)}`);
    first = false;
  }
  await write('],"activities":[');
  first = true;
  const random = prng(seed);
  for (const { activities } of syntheticDeals(dealCount, random)) {
    for (const activity of activities) {
      await write(`${first ? '' : ','}${JSON.stringify(activity)}`);
      first = false;
    }
  }
  await write(`],"forecasts":${JSON.stringify(forecastsOf(random))}}`);
  bytes += Buffer.byteLength(pending);
  out.end(pending);
  await once(out, 'close');
  return bytes;
}

/** The synthetic history, validated (epoch-ms instants) — what computeScorecard reads. */
export function syntheticHistory(dealCount: number, seed = 7): History {
  return validateHistory(syntheticFile(dealCount, seed));
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function time<T>(run: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = run();
  return { ms: performance.now() - started, value };
}

export interface MetricsBenchRow {
  deals: number;
  activities: number;
  /** computeScorecard alone (validation excluded), median. */
  medianMs: number;
  /** validateHistory of the parsed file, median. */
  validateMs: number;
  /** validation + computation. */
  totalMs: number;
}

export async function runMetricsBench(sizes: readonly number[] = [1_000, 10_000, 100_000], runs = 7): Promise<MetricsBenchRow[]> {
  const options: ScorecardOptions = { asOf: Date.UTC(2026, 5, 1), from: Date.UTC(2025, 0, 1), toExclusive: Date.UTC(2026, 0, 1) };
  const rows: MetricsBenchRow[] = [];
  for (const size of sizes) {
    const file = syntheticFile(size);
    const validations: number[] = [];
    let history = validateHistory(file); // warm-up
    for (let r = 0; r < Math.max(3, Math.ceil(runs / 2)); r++) {
      const run = time(() => validateHistory(file));
      validations.push(run.ms);
      history = run.value;
    }
    computeScorecard(history, options); // warm-up
    const computations: number[] = [];
    for (let r = 0; r < runs; r++) computations.push(time(() => computeScorecard(history, options)).ms);
    const medianMs = medianOf(computations);
    const validateMs = medianOf(validations);
    rows.push({ deals: size, activities: history.activities.length, medianMs, validateMs, totalMs: medianMs + validateMs });
    await new Promise((resolve) => setImmediate(resolve)); // let a caller's UI breathe between sizes
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runMetricsBench();
  const f = (ms: number) => ms.toFixed(1).padStart(9);
  console.log(`${'deals'.padStart(8)} ${'activities'.padStart(10)} ${'compute ms'.padStart(10)} ${'validate ms'.padStart(11)} ${'total ms'.padStart(9)}`);
  for (const r of rows) console.log(`${r.deals.toLocaleString('en').padStart(8)} ${r.activities.toLocaleString('en').padStart(10)} ${f(r.medianMs).padStart(10)} ${f(r.validateMs).padStart(11)} ${f(r.totalMs)}`);
  console.log(`(${process.version}, medians; compute excludes validation)`);
}
