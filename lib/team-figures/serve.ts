import { pageFigures, type TeamSources, type WatchTeamSources } from './pages';
import { contractProblem, teamFiguresRequestSchema, type TeamFiguresReply, type TeamFiguresRequest } from './protocol';

// The team figures' side of the contract (./protocol). The sources are read once and again whenever
// the database changes (lib/db/team-sources.ts: it hears the background's writes too); the latest ask
// is answered from the latest sources, at once when it comes and again after each change. The
// combined history of one reading is shared by every ask (./pages), so a new period costs only its
// figures.

export interface TeamFiguresService {
  ask(request: TeamFiguresRequest): void;
  /** Stops watching the database. */
  stop(): void;
}

export function teamFiguresService(watch: WatchTeamSources, post: (reply: TeamFiguresReply) => void): TeamFiguresService {
  let sources: TeamSources | null = null;
  let latest: TeamFiguresRequest | null = null;
  let stopWatching: (() => void) | null = null;
  const fail = (id: number, error: unknown) => post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  const answer = () => {
    if (!sources || !latest) return;
    try {
      post({ type: 'figures', id: latest.id, figures: pageFigures(sources, latest.ask) });
    } catch (error) {
      fail(latest.id, error);
    }
  };
  return {
    ask(request) {
      latest = request;
      if (stopWatching) return answer();
      stopWatching = watch(
        (read) => {
          sources = read;
          answer();
        },
        (error) => latest && fail(latest.id, error),
      );
    },
    stop() {
      stopWatching?.();
      stopWatching = null;
    },
  };
}

export interface TeamFiguresScope {
  postMessage(message: TeamFiguresReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

/** The worker: every request checked, then answered from the sources `watch` hands over. */
export function serveTeamFigures(scope: TeamFiguresScope, watch: WatchTeamSources): void {
  const service = teamFiguresService(watch, (reply) => scope.postMessage(reply));
  scope.addEventListener('message', (event) => {
    const parsed = teamFiguresRequestSchema.safeParse(event.data);
    if (parsed.success) return service.ask(parsed.data);
    const id = typeof (event.data as { id?: unknown } | null)?.id === 'number' ? (event.data as { id: number }).id : 0;
    scope.postMessage({ type: 'failed', id, message: `the team figures request is not valid: ${contractProblem(parsed.error)}` });
  });
}
