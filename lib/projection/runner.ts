import { projectionJob, type ProjectionEvent, type ProjectionInput } from './job';
import { contractProblem, projectionReplySchema, type ProjectionRequest } from './protocol';

// Where the Projection tab's job runs. The options page runs it in a worker, so a large history never
// freezes the page (the backtest repeats the projection six times); tests and a browser without
// module workers run the same job on the page's thread, one step per turn of the event loop. Both
// hand the page the same events (./job) through ProjectionRunner.

export type ProjectionListener = (event: ProjectionEvent) => void;

export interface ProjectionRunner {
  /**
   * Projects `input` from `asOf`, calling `onEvent` as each part is ready; resolves when the job is
   * done. A newer run stops this one: its promise then rejects with an AbortError.
   */
  run(input: ProjectionInput, asOf: number, quarters: number, onEvent: ProjectionListener): Promise<void>;
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
  let current: { id: number; onEvent: ProjectionListener; resolve(): void; reject(error: unknown): void } | null = null;

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
      if (finished) {
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
        current = { id, onEvent, resolve, reject };
        target.postMessage({ id, asOf, quarters, input });
      });
    },
    dispose: () => stop(abortError()),
  };
}

/** The same job on this thread, one step per macrotask (tests; no module workers). */
export function inThreadProjectionRunner(nextTurn: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0))): ProjectionRunner {
  let generation = 0;
  return {
    async run(input, asOf, quarters, onEvent) {
      const mine = ++generation;
      const steps = projectionJob(input, asOf, quarters);
      for (;;) {
        await nextTurn();
        if (mine !== generation) throw abortError();
        const step = steps.next();
        if (step.done) return;
        onEvent(step.value);
      }
    },
    dispose() {
      generation++;
    },
  };
}
