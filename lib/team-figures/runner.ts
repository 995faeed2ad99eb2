import type { PageFigures, TeamFiguresAsk, WatchTeamSources } from './pages';
import { checkTeamFiguresReply, type TeamFiguresReply, type TeamFiguresRequest } from './protocol';
import { teamFiguresService, type KeptFigures } from './serve';

// Where a team page's figures are worked out. The options page runs them in a worker, so a team of
// hundreds of thousands of deals never freezes the page; tests and a browser without module workers
// run the same service on the page's thread. Both hand the page the same figures through
// TeamFiguresRunner.

export interface TeamFiguresRunner {
  /**
   * Asks for one page's figures: `onFigures` gets them, and again whenever the team's data changes,
   * until the next ask (whose answers replace these) or dispose; `onError` says what failed.
   * `storedAt` is null for figures from the team's data now, or when kept figures shown until then
   * were worked out (epoch ms).
   */
  ask(ask: TeamFiguresAsk, onFigures: (figures: PageFigures, storedAt: number | null) => void, onError: (message: string) => void): void;
  dispose(): void;
}

/** What the page needs of a Worker. */
export interface TeamFiguresWorker {
  postMessage(message: TeamFiguresRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

interface Listener {
  id: number;
  onFigures(figures: PageFigures, storedAt: number | null): void;
  onError(message: string): void;
}

/** Hands a checked reply to the latest ask's listener; older asks' replies are dropped. */
function deliver(reply: TeamFiguresReply, listener: Listener | null): void {
  if (!listener || reply.id !== listener.id) return;
  if (reply.type === 'failed') listener.onError(reply.message);
  else listener.onFigures(reply.figures, reply.storedAt);
}

/**
 * The page side over a worker made by `spawn` (once, at the first ask). Every answer is checked
 * before the page sees it, a part per turn of the event loop (`nextTurn`), in the order they came;
 * an answer to an older ask is dropped unread.
 */
export function workerTeamFiguresRunner(spawn: () => TeamFiguresWorker, nextTurn: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0))): TeamFiguresRunner {
  let worker: TeamFiguresWorker | null = null;
  let listener: Listener | null = null;
  let nextId = 1;
  let checking = Promise.resolve();
  const receive = async (data: unknown) => {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && id !== listener?.id) return;
    const checked = await checkTeamFiguresReply(data, nextTurn);
    if ('problem' in checked) return listener?.onError(`the team figures worker sent an answer that is not valid: ${checked.problem}`);
    deliver(checked.reply, listener);
  };
  const ensure = (): TeamFiguresWorker => {
    if (worker) return worker;
    const made = spawn();
    made.addEventListener('message', (event) => void (checking = checking.then(() => receive(event.data))));
    made.addEventListener('error', (event) => listener?.onError('message' in event && event.message ? event.message : 'the team figures worker stopped'));
    worker = made;
    return made;
  };
  return {
    ask(ask, onFigures, onError) {
      const target = ensure();
      listener = { id: nextId++, onFigures, onError };
      target.postMessage({ id: listener.id, ask });
    },
    dispose() {
      listener = null;
      worker?.terminate();
      worker = null;
    },
  };
}

/** The same service on this thread (tests; no module workers). */
export function inThreadTeamFiguresRunner(watch: WatchTeamSources, kept: KeptFigures | null = null): TeamFiguresRunner {
  let listener: Listener | null = null;
  let nextId = 1;
  const service = teamFiguresService(watch, (reply) => deliver(reply, listener), kept);
  return {
    ask(ask, onFigures, onError) {
      listener = { id: nextId++, onFigures, onError };
      service.ask({ id: listener.id, ask });
    },
    dispose() {
      listener = null;
      service.stop();
    },
  };
}
