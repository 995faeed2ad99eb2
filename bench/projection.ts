// The Projection tab's work on a large history: two years of 20 000 deals (seeded, three stages,
// eight reps). Timed as the options page's worker runs it (lib/projection/job): the projection alone
// (until the first figures are on screen) and the whole job with its backtest (six more projections
// from past quarter starts). Beside it, what stays on the page's own thread for the same history:
// the worker reads the team itself, so the page only takes each answer (a structured clone, as
// postMessage makes) and checks it against the contract. CPU time of this process, median of three runs.
import { projectionInput, projectionJob, type ProjectionInput } from '../lib/projection';
import { projectionReplySchema } from '../lib/projection/protocol';
import { validateHistory } from '../lib/metrics/history.schema';
import { prng } from '../lib/random/prng';
import { median, type Figure } from './stats';

const DAY = 86_400_000;
const DEALS = 20_000;
const RUNS = 3;
const AS_OF = Date.UTC(2026, 0, 15);
const STAGES = ['qualified', 'demo', 'proposal'];
const COUNT = '20 000';

/** DEALS deals created over the two years before AS_OF; what closes after AS_OF is still open. */
export function projectionHistory(deals = DEALS): ProjectionInput {
  const u = prng(11);
  const iso = (ms: number) => new Date(ms).toISOString();
  const start = AS_OF - 730 * DAY;
  const list = Array.from({ length: deals }, (_, i) => {
    const createdAt = start + u() * 730 * DAY;
    const stageHistory: { stage: string; enteredAt: string }[] = [];
    let at = createdAt;
    let status: 'won' | 'lost' = 'won';
    for (const [k, stage] of STAGES.entries()) {
      if (at >= AS_OF) break;
      stageHistory.push({ stage, enteredAt: iso(at) });
      at += (5 + u() * 30) * DAY;
      if (u() >= [0.6, 0.5, 1][k]!) {
        status = 'lost';
        break;
      }
    }
    const closed = at < AS_OF;
    return { id: `d${i}`, owner: `Rep ${1 + Math.floor(u() * 8)}`, pipeline: 'sales', value: Math.round(5000 + u() * 10_000), createdAt: iso(createdAt), closedAt: closed ? iso(at) : null, status: closed ? status : 'open', stageHistory };
  });
  const pipelines = [{ id: 'sales', name: 'Sales', stages: STAGES.map((id, i) => ({ id, name: id, probability: (i + 1) / 4 })) }];
  return projectionInput(validateHistory({ version: 1, pipelines, deals: list }));
}

const cpuMs = (run: () => void) => {
  const started = process.cpuUsage();
  run();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

export function measureProjection(): Figure[] {
  const input = projectionHistory();
  const first: number[] = [];
  const whole: number[] = [];
  const page: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const replies: unknown[] = [];
    const started = process.cpuUsage();
    for (const event of projectionJob(input, AS_OF, 3)) {
      if (event.type === 'projected') {
        const used = process.cpuUsage(started);
        first.push((used.user + used.system) / 1000);
      }
      replies.push({ ...event, id: run });
    }
    const used = process.cpuUsage(started);
    whole.push((used.user + used.system) / 1000);
    page.push(cpuMs(() => {
      for (const reply of replies) projectionReplySchema.parse(structuredClone(reply));
    }));
  }
  const detail = `${COUNT} deals over two years, 3 quarters from ${new Date(AS_OF).toISOString().slice(0, 10)}; runs (s): projection ${first.map((v) => (v / 1000).toFixed(1)).join(', ')}; whole job ${whole.map((v) => (v / 1000).toFixed(1)).join(', ')}`;
  return [
    { name: `projection, ${COUNT} deals: until the first figures (worker, median)`, value: median(first) / 1000, unit: 's', budget: 5, kind: 'max', detail },
    { name: `projection + backtest, ${COUNT} deals: the whole job (worker, median)`, value: median(whole) / 1000, unit: 's', budget: 30, kind: 'max', detail },
    { name: `projection, ${COUNT} deals: the options page's own work (take and check the worker's answers; median)`, value: median(page), unit: 'ms', budget: 200, kind: 'max', detail: `CPU time on the page's thread for the same job; runs (ms): ${page.map((v) => v.toFixed(0)).join(', ')}` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(measureProjection());
