// The scorecard of a history file worked out on two threads (lib/metrics/history-split): this thread
// reads the file and hands the deals on to a worker, which parses, checks and builds them and works
// out the scorecard; the activities are parsed and counted on whichever thread is free. Null when
// that answer cannot count (a problem anywhere, or a document in an unusual order): the command then
// reads the file the ordinary way, which names the first problem.
import { parentPort, Worker } from 'node:worker_threads';
import { SplitBuilding, SplitReading, type SplitCounts, type SplitMessage } from '../lib/metrics/history-split';
import { computeScorecard, type ScorecardOptions } from '../lib/metrics/scorecard';
import { readText } from './read-text';

/**
 * Files from this size are read on two threads: below it the worker's start (about 0.15 s of CPU,
 * mostly loading the schema library once more) costs more than sharing the work saves.
 */
export const TWO_THREADS_FROM = 16 << 20;

type ToWorker = SplitMessage | { kind: 'counts'; counts: SplitCounts };
type FromWorker = { kind: 'failed' } | { kind: 'scorecard'; text: string };

/** What the worker is started with. */
export interface BuilderData {
  options: ScorecardOptions;
  /** [0]: messages the worker has taken in so far (the reading thread compares it with those it sent). */
  taken: Int32Array;
}

/** Runs in the worker: answers the reading thread. */
export function serveScorecardBuilder({ options, taken }: BuilderData): void {
  const port = parentPort!;
  const building = new SplitBuilding();
  let failed = false;
  const answer = (message: FromWorker) => port.postMessage(message);
  port.on('message', (message: ToWorker) => {
    if (failed) return;
    if (message.kind === 'counts') {
      const history = building.finish(message.counts);
      answer(history ? { kind: 'scorecard', text: JSON.stringify(computeScorecard(history, options)) } : { kind: 'failed' });
    } else if (!building.receive(message)) {
      failed = true;
      answer({ kind: 'failed' });
    }
    Atomics.add(taken, 0, 1);
  });
}

/** The scorecard's JSON text, or null (read the file the ordinary way). `entry`: the module that serves the worker. */
export async function scorecardOnTwoThreads(file: string, options: ScorecardOptions, entry: URL): Promise<string | null> {
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(entry, { workerData: { options, taken } satisfies BuilderData });
  let sent = 0;
  let failed = false;
  const answered = new Promise<string | null>((resolve) => {
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'failed') failed = true;
      resolve(message.kind === 'scorecard' ? message.text : null);
    });
    worker.on('error', () => {
      failed = true;
      resolve(null);
    });
    worker.on('exit', () => resolve(null));
  });
  try {
    const send = (message: ToWorker) => {
      sent++;
      worker.postMessage(message);
    };
    // A batch of activities goes to the worker while it has less than two messages waiting: both
    // threads stay busy, whichever the machine gives more time to.
    const reading = new SplitReading(send, () => sent - Atomics.load(taken, 0) < 2);
    for await (const piece of readText(file)) if (failed || !reading.feed(piece)) return null;
    const counts = reading.end();
    if (counts === null) return null;
    send({ kind: 'counts', counts });
    return await answered;
  } finally {
    await worker.terminate();
  }
}
