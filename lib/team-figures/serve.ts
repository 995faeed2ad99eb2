import { pageFigures, type TeamSources, type WatchTeamSources } from './pages';
import { contractProblem, pageFiguresSchema, teamFiguresRequestSchema, type TeamFiguresReply, type TeamFiguresRequest } from './protocol';
import { storedFiguresKey, type StoredFiguresStore } from './stored';

// The team figures' side of the contract (./protocol). The sources are read once and again whenever
// the database changes (lib/db/team-sources.ts: it hears the background's writes too); the latest ask
// is answered from the latest sources, at once when it comes and again after each change. The
// combined history of one reading is shared by every ask (./pages), so a new period costs only its
// figures. Until the first reading is done, an ask is answered with its page's figures as last worked
// out (./stored.ts), saying when; every answer from the sources is kept for the next time.

export interface TeamFiguresService {
  ask(request: TeamFiguresRequest): void;
  /** Stops watching the database. */
  stop(): void;
}

/** Where the figures last worked out are kept, and the clock that dates them (epoch ms). */
export interface KeptFigures {
  store: StoredFiguresStore;
  now(): number;
}

export function teamFiguresService(watch: WatchTeamSources, post: (reply: TeamFiguresReply) => void, kept: KeptFigures | null = null): TeamFiguresService {
  let sources: TeamSources | null = null;
  let latest: TeamFiguresRequest | null = null;
  let stopWatching: (() => void) | null = null;
  /** The id of the latest ask answered from the sources (its kept figures are then too old to show). */
  let answeredId = -1;
  const fail = (id: number, error: unknown) => post({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  const answer = () => {
    if (!sources || !latest) return;
    const request = latest;
    try {
      const figures = pageFigures(sources, request.ask);
      answeredId = request.id;
      post({ type: 'figures', id: request.id, figures, storedAt: null });
      // Keeping them only saves the next opening a wait: if the browser refuses, the page is right all the same.
      kept?.store.write(storedFiguresKey(request.ask), { figures, computedAt: kept.now() }).catch(() => undefined);
    } catch (error) {
      fail(request.id, error);
    }
  };
  const showKept = (request: TeamFiguresRequest) => {
    kept?.store.read(storedFiguresKey(request.ask)).then(
      (found) => {
        if (!found || latest !== request || answeredId === request.id) return;
        // Kept by an older version, or damaged: not shown (the figures from the sources follow).
        const figures = pageFiguresSchema.safeParse(found.figures);
        if (figures.success && figures.data.page === request.ask.page) post({ type: 'figures', id: request.id, figures: figures.data, storedAt: found.computedAt });
      },
      () => undefined,
    );
  };
  return {
    ask(request) {
      latest = request;
      if (!sources) showKept(request);
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
export function serveTeamFigures(scope: TeamFiguresScope, watch: WatchTeamSources, kept: KeptFigures | null = null): void {
  const service = teamFiguresService(watch, (reply) => scope.postMessage(reply), kept);
  scope.addEventListener('message', (event) => {
    const parsed = teamFiguresRequestSchema.safeParse(event.data);
    if (parsed.success) return service.ask(parsed.data);
    const id = typeof (event.data as { id?: unknown } | null)?.id === 'number' ? (event.data as { id: number }).id : 0;
    scope.postMessage({ type: 'failed', id, message: `the team figures request is not valid: ${contractProblem(parsed.error)}` });
  });
}
