import { DAY_MS } from '../metrics/dates';
import { prng } from '../random/prng';
import { monthOffset, type Horizon } from './horizon';
import type { NewDealModel, OpenDealModel, ProjectionModel } from './model';
import { beta, gamma, poisson, quantile, type Uniform } from './random';

// The projection's two passes over one measured model:
// - expected (exact): every open deal adds value × win probability, spread over the months its
//   reference deals' remaining times fall in; every pipeline adds, for each day of the horizon,
//   new deals a day × season × win rate, spread over the months its won deals' cycles (counted from
//   the middle of that day) fall in, × the mean won value. Kept per rep, pipeline, product and
//   source (open / new), so every total is the sum of its parts.
// - range (simulated, seeded): RUNS possible futures. Each run draws the uncertain rates first —
//   a stage's win share from Beta(won + 1, lost + 1) (scaling that stage's deals' probabilities),
//   a pipeline's daily rate from Gamma(created) ÷ window and its win rate from Beta — then each open
//   deal wins or not and closes after one of its reference remaining times, and each month gets a
//   Poisson number of new deals that win or not, with a size and a cycle drawn from the won deals.
//   low / high are the 10th and 90th percentile of the runs' totals.
// A scenario (the drivers) scales the rate of new deals, the win chance before and at a stage, or
// every time to close.

export const RUNS = 1000;
export const LOW_QUANTILE = 0.1;
export const HIGH_QUANTILE = 0.9;

export interface Scenario {
  rateFactor: number;
  cycleFactor: number;
  /** Per pipeline: deals at or before stage `position` (and new deals) win `factor` times as often (≤ 1). */
  conversion: Record<string, { position: number; factor: number }>;
}
export const BASELINE: Scenario = { rateFactor: 1, cycleFactor: 1, conversion: {} };

export interface Cell {
  owner: string;
  pipeline: string;
  product: string;
  source: 'open' | 'new';
  value: Float64Array;
  count: Float64Array;
}

export interface Expected {
  cells: Cell[];
  /** Per owner ("" = team): open deals that may close in each quarter and month offset. */
  openDeals: Map<string, { quarters: number[]; months: number[] }>;
}

function adjustedProbability(deal: OpenDealModel, scenario: Scenario): number {
  const boost = scenario.conversion[deal.deal.pipeline];
  if (!boost || deal.position > boost.position) return deal.winProbability;
  return Math.min(1, deal.winProbability * boost.factor);
}

function newWinRate(p: NewDealModel, scenario: Scenario): number {
  const boost = scenario.conversion[p.pipeline];
  return boost ? Math.min(1, p.winRate * boost.factor) : p.winRate;
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

/** Integer-day histogram of durations (days), scaled: [[days, share], …]. */
function histogram(values: readonly number[], factor: number): [number, number][] {
  const counts = new Map<number, number>();
  for (const v of values) {
    const d = Math.round(v * factor * 4) / 4;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].map(([d, c]) => [d, c / values.length]);
}

export function expectedPass(model: ProjectionModel, horizon: Horizon, scenario: Scenario = BASELINE): Expected {
  const cells = new Map<string, Cell>();
  const cell = (owner: string, pipeline: string, product: string, source: 'open' | 'new') => {
    const key = JSON.stringify([owner, pipeline, product, source]);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { owner, pipeline, product, source, value: new Float64Array(horizon.months), count: new Float64Array(horizon.months) }));
    return c;
  };
  const quarters = horizon.quarterKeys.length;
  const counter = () => ({ quarters: new Array<number>(quarters).fill(0), months: new Array<number>(horizon.months).fill(0) });
  const openDeals = new Map<string, { quarters: number[]; months: number[] }>([['', counter()]]);
  const { asOf } = horizon;

  for (const deal of model.open) {
    const p = adjustedProbability(deal, scenario);
    if (p <= 0 || deal.remaining.length === 0) continue;
    const target = cell(deal.deal.owner, deal.deal.pipeline, deal.deal.product ?? '', 'open');
    const weight = p / deal.remaining.length;
    const touched = new Set<number>();
    const touchedMonths = new Set<number>();
    for (const r of deal.remaining) {
      const m = monthOffset(horizon, asOf + r * scenario.cycleFactor * DAY_MS);
      if (m < 0) continue;
      target.count[m]! += weight;
      target.value[m]! += weight * deal.deal.value;
      touched.add(horizon.quarterOf[m]!);
      touchedMonths.add(m);
    }
    let own = openDeals.get(deal.deal.owner);
    if (!own) openDeals.set(deal.deal.owner, (own = counter()));
    for (const target of [openDeals.get('')!, own]) {
      for (const q of touched) target.quarters[q]!++;
      for (const m of touchedMonths) target.months[m]!++;
    }
  }

  for (const p of model.pipelines) {
    const winRate = newWinRate(p, scenario);
    if (p.perDay <= 0 || winRate <= 0 || p.cycles.length === 0) continue;
    const landing = new Float64Array(horizon.months);
    const cycles = histogram(p.cycles, scenario.cycleFactor);
    for (let start = asOf; start < horizon.end; start += DAY_MS) {
      const length = Math.min(DAY_MS, horizon.end - start) / DAY_MS;
      const month = monthOffset(horizon, start);
      const calendar = (horizon.firstMonth + month) % 12;
      const wins = p.perDay * scenario.rateFactor * model.seasonality[calendar]! * length * winRate;
      const middle = start + (length * DAY_MS) / 2;
      for (const [days, share] of cycles) {
        const m = monthOffset(horizon, middle + days * DAY_MS);
        if (m >= 0) landing[m]! += wins * share;
      }
    }
    const size = mean(p.sizes);
    for (const [owner, ownerShare] of p.owners)
      for (const product of p.products) {
        const target = cell(owner, p.pipeline, product.product, 'new');
        for (let m = 0; m < horizon.months; m++) {
          target.count[m]! += landing[m]! * ownerShare * product.countShare;
          target.value[m]! += landing[m]! * size * ownerShare * product.valueShare;
        }
      }
  }
  return { cells: [...cells.values()], openDeals };
}

export interface Simulated {
  /** Per owner ("" = team): low and high per month offset and per quarter offset. */
  ranges: Map<string, { months: [number, number][]; quarters: [number, number][] }>;
}

/** A cumulative share table → index drawn by u. */
function pick(cumulative: Float64Array, u: number): number {
  for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return i;
  return cumulative.length - 1;
}

export function simulatePass(model: ProjectionModel, horizon: Horizon, runs = RUNS, seed = 1): Simulated {
  const u: Uniform = prng(seed);
  const months = horizon.months;
  const quarters = horizon.quarterKeys.length;
  const owners = new Map<string, number>([['', 0]]);
  const ownerIndex = (o: string) => {
    let i = owners.get(o);
    if (i === undefined) owners.set(o, (i = owners.size));
    return i;
  };
  const openOwner = model.open.map((d) => ownerIndex(d.deal.owner));
  const newOwners = model.pipelines.map((p) => {
    const cumulative = new Float64Array(p.owners.length);
    let sum = 0;
    p.owners.forEach(([o, share], i) => {
      sum += share;
      cumulative[i] = sum;
    });
    return { index: p.owners.map(([o]) => ownerIndex(o)), cumulative };
  });
  // Days of each month inside the horizon (the first month starts at asOf).
  const monthDays = Array.from({ length: months }, (_, m) => (horizon.bounds[m + 1]! - Math.max(horizon.asOf, horizon.bounds[m]!)) / DAY_MS);
  const totals = Array.from({ length: owners.size }, () => new Float64Array(runs * months));
  const groupFactor = new Map<object, number>();

  for (let run = 0; run < runs; run++) {
    groupFactor.clear();
    const row = run * months;
    model.open.forEach((deal, i) => {
      if (deal.winProbability <= 0 || deal.remaining.length === 0) return;
      let f = groupFactor.get(deal.group);
      if (f === undefined) {
        const a = deal.group.won + 1;
        const b = deal.group.lost + 1;
        groupFactor.set(deal.group, (f = beta(u, a, b) / (a / (a + b))));
      }
      if (u() >= Math.min(1, deal.winProbability * f)) return;
      const r = deal.remaining[Math.floor(u() * deal.remaining.length)]!;
      const m = monthOffset(horizon, horizon.asOf + r * DAY_MS);
      if (m < 0) return;
      totals[0]![row + m]! += deal.deal.value;
      totals[openOwner[i]!]![row + m]! += deal.deal.value;
    });
    model.pipelines.forEach((p, pi) => {
      if (p.created === 0 || p.sizes.length === 0 || p.cycles.length === 0) return;
      const perDay = gamma(u, p.created) / p.windowDays;
      const winRate = beta(u, p.won + 1, p.lost + 1);
      for (let m = 0; m < months; m++) {
        const n = poisson(u, perDay * model.seasonality[(horizon.firstMonth + m) % 12]! * monthDays[m]!);
        const from = Math.max(horizon.asOf, horizon.bounds[m]!);
        for (let k = 0; k < n; k++) {
          if (u() >= winRate) continue;
          const created = from + u() * monthDays[m]! * DAY_MS;
          const closeMonth = monthOffset(horizon, created + p.cycles[Math.floor(u() * p.cycles.length)]! * DAY_MS);
          const value = p.sizes[Math.floor(u() * p.sizes.length)]!;
          if (closeMonth < 0) continue;
          totals[0]![row + closeMonth]! += value;
          const owner = newOwners[pi]!;
          if (owner.index.length) totals[owner.index[pick(owner.cumulative, u())]!]![row + closeMonth]! += value;
        }
      }
    });
  }

  const ranges: Simulated['ranges'] = new Map();
  const column = new Float64Array(runs);
  const range = (): [number, number] => {
    const low = quantile(column, LOW_QUANTILE);
    return [low, quantile(column, HIGH_QUANTILE)];
  };
  for (const [owner, i] of owners) {
    const t = totals[i]!;
    const monthRanges: [number, number][] = [];
    for (let m = 0; m < months; m++) {
      for (let run = 0; run < runs; run++) column[run] = t[run * months + m]!;
      monthRanges.push(range());
    }
    const quarterRanges: [number, number][] = [];
    for (let q = 0; q < quarters; q++) {
      column.fill(0);
      for (let run = 0; run < runs; run++) for (let m = 0; m < months; m++) if (horizon.quarterOf[m] === q) column[run]! += t[run * months + m]!;
      quarterRanges.push(range());
    }
    ranges.set(owner, { months: monthRanges, quarters: quarterRanges });
  }
  return { ranges };
}
