import { prng } from '@/lib/random/prng';
import { validateHistory, type History } from '@/lib/metrics/history.schema';

// Sales histories generated from known parameters, so a projection can be compared with the truth.
// Deals arrive as a Poisson process (λ a month, optionally × a seasonal factor per calendar month),
// pass Qualified → Demo → Proposal, converting `conversion[k]` at each step (the last step is the
// win), stay a uniform number of days in each stage, and have a value uniform in [minValue, maxValue].
// Every deal is simulated to its end: `history(at)` cuts it at a moment like historyAsOf does, and
// `wonBetween` is what truly closed.

export interface WorldParameters {
  seed: number;
  start: string;
  end: string;
  perMonth: number;
  /** 12 factors (January first) multiplying the rate; default all 1. */
  seasonality?: number[];
  conversion?: [number, number, number];
  /** Days in each stage: [min, max] uniform. */
  stageDays?: [number, number][];
  minValue?: number;
  maxValue?: number;
  owners?: string[];
}

export const STAGES = ['qualified', 'demo', 'proposal'] as const;
const DAY = 86_400_000;

export interface World {
  full: History;
  /** The history as the team knew it at `at` (deals created before; later closes open again). */
  history(at: string): History;
  wonBetween(from: string, to: string): number;
  /** Expected won value a month in steady state: λ × win rate × mean value (× season of the closing month is not modelled). */
  steadyMonthly: number;
}

export function generateWorld(params: WorldParameters): World {
  const u = prng(params.seed);
  const conversion = params.conversion ?? [0.6, 0.5, 1];
  const stageDays = params.stageDays ?? [[5, 25], [10, 40], [5, 35]];
  const minValue = params.minValue ?? 5000;
  const maxValue = params.maxValue ?? 15000;
  const owners = params.owners ?? ['Anna', 'Ben', 'Cleo'];
  const season = params.seasonality ?? new Array<number>(12).fill(1);
  const start = Date.parse(params.start);
  const end = Date.parse(params.end);
  const maxRate = Math.max(...season) * params.perMonth;
  const deals: { id: string; owner: string; pipeline: string; value: number; createdAt: number; closedAt: number | null; status: 'won' | 'lost' | 'open'; stages: [string, number][] }[] = [];
  // Thinning: candidates at the maximum rate, kept with season ÷ max.
  for (let t = start; ; ) {
    t += (-Math.log(1 - u()) / (maxRate / 30.436875)) * DAY;
    if (t >= end) break;
    const month = new Date(t).getUTCMonth();
    if (u() >= (season[month]! * params.perMonth) / maxRate) continue;
    let at = t;
    const stages: [string, number][] = [];
    let status: 'won' | 'lost' = 'won';
    for (let k = 0; k < STAGES.length; k++) {
      stages.push([STAGES[k]!, at]);
      const [lo, hi] = stageDays[k]!;
      at += (lo + u() * (hi - lo)) * DAY;
      if (u() >= conversion[k]!) {
        status = 'lost';
        break;
      }
    }
    deals.push({ id: `w${deals.length + 1}`, owner: owners[Math.floor(u() * owners.length)]!, pipeline: 'sales', value: Math.round(minValue + u() * (maxValue - minValue)), createdAt: t, closedAt: at, status, stages });
  }
  const pipelines = [{ id: 'sales', name: 'Sales', stages: STAGES.map((id, i) => ({ id, name: id, probability: (i + 1) / 4, rotDays: null })) }];
  const iso = (ms: number) => new Date(ms).toISOString();
  const cut = (at: number): History =>
    validateHistory({
      version: 1,
      pipelines,
      deals: deals
        .filter((d) => d.createdAt < at)
        .map((d) => {
          const closed = d.closedAt! < at;
          return {
            id: d.id,
            owner: d.owner,
            pipeline: d.pipeline,
            value: d.value,
            createdAt: iso(d.createdAt),
            closedAt: closed ? iso(d.closedAt!) : null,
            status: closed ? d.status : 'open',
            stageHistory: d.stages.filter(([, e]) => e < at).map(([stage, e]) => ({ stage, enteredAt: iso(e) })),
          };
        }),
    });
  const winRate = conversion.reduce((p, c) => p * c, 1);
  return {
    full: cut(Infinity),
    history: (at) => cut(Date.parse(at)),
    wonBetween: (from, to) => deals.filter((d) => d.status === 'won' && d.closedAt! >= Date.parse(from) && d.closedAt! < Date.parse(to)).reduce((s, d) => s + d.value, 0),
    steadyMonthly: params.perMonth * winRate * ((minValue + maxValue) / 2),
  };
}
