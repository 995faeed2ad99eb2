import type { WatchTeamSources } from '../team-figures/pages';
import { projectionJob, type ProjectionEvent, type ProjectionInput } from './job';
import { contractProblem, projectionReplySchema, type ProjectionRequest } from './protocol';
import { teamProjectionInput, type TeamProjectionBasis } from './team';

// Where the Projection tab's job runs. The options page runs it in a worker, so a large history never
// freezes the page (the backtest repeats the projection six times); tests and a browser without
// module workers run the same job on the page's thread, one step per turn of the event loop. Both
// hand the page the same events (./job) through ProjectionRunner.

export type ProjectionListener = (event: ProjectionEvent) => void;

/** The team's projection: what its history holds now, then the job's events; again after each change. */
export type TeamProjectionEvent = ProjectionEvent | { type: 'team'; basis: TeamProjectionBasis };

export interface ProjectionRunner {
  /**
   * Projects `input` from `asOf`, calling `onEvent` as each part is ready; resolves when the job is
   * done. A newer run stops this one: its promise then rejects with an AbortError.
   */
  run(input: ProjectionInput, asOf: number, quarters: number, onEvent: ProjectionListener): Promise<void>;
  /**
   * Projects the team as the database holds it (read where the job runs, never on the page), and
   * again whenever it changes, until the next run or dispose: the promise then rejects with an
   * AbortError (or with what failed). Each time, a `team` event comes before the job's events.
   */
  followTeam(asOf: number, quarters: number, onEvent: (event: TeamProjectionEvent) => void): Promise<void>;
  /** Stops the job under way (if any) and lets go of the worker. */
  dispose(): void;
}

export const abortError = () => new DOMException('A newer projection replaced this one.', 'AbortError');

/** What the page needs of a Worker. */
export interface WorkerLike {
  postMessage(message: ProjectionRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

/**
 * The page side over a worker made by `spawn`. Every answer is checked against the contract before
 * the page sees it. A run started while another is under way terminates the worker (its work stops
 * at once) and starts a new one.
 */
export function workerProjectionRunner(spawn: () => WorkerLike): ProjectionRunner {
  let worker: WorkerLike | null = null;
  let nextId = 1;
  let current: { id: number; onEvent(event: TeamProjectionEvent): void; resolve(): void; reject(error: unknown): void; following: boolean } | null = null;

  const stop = (error: unknown) => {
    worker?.terminate();
    worker = null;
    const job = current;
    current = null;
    job?.reject(error);
  };
  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const made = spawn();
    made.addEventListener('message', (event) => {
      const parsed = projectionReplySchema.safeParse(event.data);
      if (!parsed.success) return stop(new Error(`the projection worker sent an answer that is not valid: ${contractProblem(parsed.error)}`));
      const reply = parsed.data;
      const job = current;
      if (!job || reply.id !== job.id) return;
      if (reply.type === 'failed') {
        current = null;
        return job.reject(new Error(reply.message));
      }
      const { id: _, ...update } = reply;
      job.onEvent(update);
      const finished = update.type === 'backtested' || (update.type === 'projected' && update.report.status !== 'projected');
      if (finished && !job.following) {
        current = null;
        job.resolve();
      }
    });
    made.addEventListener('error', (event) => stop(new Error('message' in event && event.message ? event.message : 'the projection worker stopped')));
    worker = made;
    return made;
  };
  return {
    run(input, asOf, quarters, onEvent) {
      if (current) stop(abortError());
      const target = ensure();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        current = { id, onEvent: onEvent as (event: TeamProjectionEvent) => void, resolve, reject, following: false };
        target.postMessage({ id, asOf, quarters, input });
      });
    },
    followTeam(asOf, quarters, onEvent) {
      if (current) stop(abortError());
      const target = ensure();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        current = { id, onEvent, resolve, reject, following: true };
        target.postMessage({ id, asOf, quarters, team: true });
      });
    },
    dispose: () => stop(abortError()),
  };
}

/** The same job on this thread, one step per macrotask (tests; no module workers); the team read through `watchTeam`. */
export function inThreadProjectionRunner(nextTurn: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)), watchTeam: WatchTeamSources | null = null): ProjectionRunner {
  let generation = 0;
  let stopFollowing: (() => void) | null = null;
  const leave = () => {
    generation++;
    stopFollowing?.();
    stopFollowing = null;
  };
  return {
    followTeam(asOf, quarters, onEvent) {
      leave();
      const mine = generation;
      return new Promise<void>((_, reject) => {
        if (!watchTeam) return reject(new Error('this runner cannot read the team'));
        let reading = 0;
        const follow = async (input: ProjectionInput, turn: number) => {
          const steps = projectionJob(input, asOf, quarters);
          for (;;) {
            await nextTurn();
            if (mine !== generation) return reject(abortError());
            if (turn !== reading) return; // the team changed: a newer reading runs
            const step = steps.next();
            if (step.done) return;
            onEvent(step.value);
          }
        };
        stopFollowing = watchTeam(
          (sources) => {
            if (mine !== generation) return;
            const turn = ++reading;
            try {
              const { input, basis } = teamProjectionInput(sources);
              onEvent({ type: 'team', basis });
              follow(input, turn).catch(reject);
            } catch (error) {
              reject(error);
            }
          },
          (error) => reject(error),
        );
      });
    },
    async run(input, asOf, quarters, onEvent) {
      leave();
      const mine = generation;
      const steps = projectionJob(input, asOf, quarters);
      for (;;) {
        await nextTurn();
        if (mine !== generation) throw abortError();
        const step = steps.next();
        if (step.done) return;
        onEvent(step.value);
      }
    },
    dispose: leave,
  };
}
