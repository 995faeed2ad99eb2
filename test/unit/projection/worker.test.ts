import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { combinedHistory } from '@/lib/forecast/combined-history';
import { serializeHistory } from '@/lib/metrics/history';
import { projectionInput, summaryOf, workerProjectionRunner, type Backtest, type ProjectionEvent, type ProjectionReport } from '@/lib/projection';
import type { WorkerLike } from '@/lib/projection/runner';
import { serveProjection } from '@/lib/projection/serve';
import { generateWorld } from './generate';
import Dexie from 'dexie';
import { openDatabase } from '@/lib/db/database';
import { loadTeamSources, watchTeamSources } from '@/lib/db/team-sources';
import { combineOptions } from '@/lib/team-figures';
import { runProjectionJob, type TeamProjectionEvent } from '@/lib/projection';

// The Projection tab's worker path: the page's runner and the worker's side (lib/projection/serve)
// talk over a real message channel — every message structured-cloned and checked against the zod
// contract as between the options page and its module worker. On the same two-year history the
// figures that arrive are the `project` command's, to the unit.

const root = resolve(import.meta.dirname, '../../..');
const world = generateWorld({ seed: 42, start: '2024-01-01T00:00:00Z', end: '2026-01-15T00:00:00Z', perMonth: 20 });
const AS_OF = Date.parse('2026-01-15T00:00:00Z');
const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** A worker made of a message channel: `serve` answers on the far end. */
function channelWorker(serve: (port: MessagePort) => void): WorkerLike & { terminated: boolean } {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serve(port2);
  const worker = {
    terminated: false,
    postMessage: (message: unknown) => port1.postMessage(message),
    addEventListener: (type: string, listener: (event: MessageEvent<unknown>) => void) => {
      if (type === 'message') port1.addEventListener('message', listener as never);
    },
    terminate() {
      worker.terminated = true;
      port1.close();
    },
  };
  return worker as unknown as WorkerLike & { terminated: boolean };
}
const projectionWorker = () => channelWorker((port) => serveProjection(port as never));

async function collect(input = projectionInput(world.full), quarters = 3) {
  const events: ProjectionEvent[] = [];
  await workerProjectionRunner(projectionWorker).run(input, AS_OF, quarters, (event) => events.push(event));
  return events;
}

describe('projection worker', () => {
  it('sends the projection first, then the backtest past quarter by past quarter — the project command’s figures on the same history', async () => {
    // The history as the options page has it: an imported file combined with everything else.
    const stored = { id: 'h1', name: 'two-years.json', format: 'scorecard' as const, importedAt: '2026-01-10T00:00:00.000Z', history: JSON.parse(serializeHistory(world.full)) };
    const { history } = combinedHistory(null, [stored]);
    const events = await collect(projectionInput(history));
    expect(events.map((e) => (e.type === 'progress' ? `progress ${e.done}/${e.total}` : e.type))).toEqual([
      'projected', 'progress 1/6', 'progress 2/6', 'progress 3/6', 'progress 4/6', 'progress 5/6', 'progress 6/6', 'backtested',
    ]);
    const report = (events[0] as { report: ProjectionReport }).report;
    const backtest = (events[7] as { backtest: Backtest }).backtest;
    if (report.status !== 'projected') throw new Error('not projected');

    const file = join(mkdtempSync(join(tmpdir(), 'project-worker-')), 'two-years.json');
    writeFileSync(file, serializeHistory(world.full));
    const { stdout } = await promisify(execFile)(process.execPath, [resolve(root, 'scripts/cli.mjs'), 'project', file, '--as-of', '2026-01-15'], { cwd: root });
    expect(summaryOf(report, backtest)).toEqual(JSON.parse(stdout));
  });

  it('a history too short to project ends with what is missing, and no backtest', async () => {
    const events = await collect(projectionInput({ pipelines: world.full.pipelines, deals: world.full.deals.slice(0, 5) }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'projected', report: { status: 'tooLittleHistory', missing: expect.arrayContaining([{ what: 'won', have: expect.any(Number), need: 10 }]) } });
  });

  it('the worker refuses a request that breaks the contract, naming what is wrong', async () => {
    const worker = projectionWorker();
    const replies: unknown[] = [];
    worker.addEventListener('message', (event) => replies.push(event.data));
    const deal = { ...world.full.deals[0]!, createdAt: '2026-01-01' };
    (worker.postMessage as (message: unknown) => void)({ id: 7, asOf: AS_OF, quarters: 3, input: { pipelines: world.full.pipelines, deals: [deal] } });
    await expect.poll(() => replies).toEqual([{ type: 'failed', id: 7, message: 'the projection request is not valid: input.deals[0].createdAt: Invalid input: expected number, received string' }]);
  });

  it('the page refuses an answer that breaks the contract, and shows no figure from it', async () => {
    const liar = () =>
      channelWorker((port) =>
        port.addEventListener('message', (event) => port.postMessage({ type: 'progress', id: (event as MessageEvent<{ id: number }>).data.id, done: 'half', total: 6 })),
      );
    const events: ProjectionEvent[] = [];
    const run = workerProjectionRunner(liar).run(projectionInput(world.full), AS_OF, 3, (event) => events.push(event));
    await expect(run).rejects.toThrow('the projection worker sent an answer that is not valid: done: Invalid input: expected number, received string');
    expect(events).toEqual([]);
  });

  it('a newer run stops the one under way: its worker is terminated and its figures never arrive', async () => {
    const spawned: ReturnType<typeof projectionWorker>[] = [];
    const runner = workerProjectionRunner(() => {
      const worker = projectionWorker();
      spawned.push(worker);
      return worker;
    });
    const first: ProjectionEvent[] = [];
    const second: ProjectionEvent[] = [];
    const stale = runner.run(projectionInput(world.full), AS_OF, 3, (event) => first.push(event));
    const fresh = runner.run(projectionInput(world.full), AS_OF, 1, (event) => second.push(event));
    await expect(stale).rejects.toMatchObject({ name: 'AbortError' });
    await fresh;
    expect(spawned.map((w) => w.terminated)).toEqual([true, false]);
    expect(first).toEqual([]);
    expect(second[0]).toMatchObject({ type: 'projected', report: { status: 'projected', quarterKeys: ['2026-Q1'] } });
    expect(second.at(-1)!.type).toBe('backtested');
    runner.dispose();
    expect(spawned[1]!.terminated).toBe(true);
  });

  it('for the Projection tab the worker reads the team itself: what the history holds, then the figures of the combined history as the page worked them out, and again after the team’s data changes', async () => {
    const name = `projection-team-${Math.random()}`;
    const db = openDatabase(name);
    const stored = (id: string, deals: typeof world.full.deals) => ({ id, name: `${id}.json`, format: 'scorecard' as const, importedAt: '2026-01-10T00:00:00.000Z', history: JSON.parse(serializeHistory({ ...world.full, deals })) });
    await db.histories.put(stored('h1', world.full.deals.slice(0, 200)));
    const events: TeamProjectionEvent[] = [];
    const runner = workerProjectionRunner(() => channelWorker((port) => serveProjection(port as never, watchTeamSources(db))));
    const following = runner.followTeam(AS_OF, 2, (event) => events.push(event));
    const failed: unknown[] = [];
    following.catch((error: unknown) => failed.push(error));
    /** What the page computed on its own thread before: the combined history of the sources, then the job. */
    const expected = async () => {
      const sources = await loadTeamSources(db);
      const { history, synced, unpriced } = combinedHistory(sources.observed, sources.imported, combineOptions(sources));
      const { report, backtest } = runProjectionJob(projectionInput(history), AS_OF, 2);
      return { basis: { deals: history.deals.length, pipelines: history.pipelines, synced, unpriced, currency: sources.settings.baseCurrency }, report, backtest };
    };
    const shown = (from: number) => {
      const tail = events.slice(from);
      return { basis: (tail.find((e) => e.type === 'team') as { basis: unknown } | undefined)?.basis, report: (tail.find((e) => e.type === 'projected') as { report: unknown } | undefined)?.report, backtest: (tail.find((e) => e.type === 'backtested') as { backtest: unknown } | undefined)?.backtest };
    };
    const first = await expected();
    expect(first.basis.deals).toBe(200);
    await expect.poll(() => shown(0), { timeout: 30_000 }).toEqual(first);

    // A second history is imported while the tab is open: the team is read and projected again by itself.
    const before = events.length;
    await db.histories.put(stored('h2', world.full.deals.slice(200)));
    const second = await expected();
    expect(second.basis.deals).toBe(world.full.deals.length);
    await expect.poll(() => shown(before), { timeout: 30_000 }).toEqual(second);
    expect(events[before]!.type).toBe('team');
    expect(failed).toEqual([]);
    runner.dispose();
    db.close();
    await Dexie.delete(name);
  });
});
