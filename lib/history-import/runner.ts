import { note } from '../model/detail-note';
import type { ColumnMapping, CsvFormat } from './formats';
import type { FormatChoice } from './pipeline';
import { MAX_IMPORT_BYTES } from './read';
import { ImportSession, readBlobBytes, type ConvertSettings, type HistoryStore, type ImportPhase, type ImportView, type SaveOutcome } from './session';
import { formatBytes } from '../playbook-io/untrusted';

// Where an import runs. The options page runs it in a worker (a 100 MB export is read, parsed and
// converted there, so the page never freezes); tests and a browser without module workers run the
// same session on the page's own thread in chunks. Both speak through ImportRunner; the worker
// side of the protocol is serveImportSession, wired to the worker's global scope by its entry file.

export type ProgressListener = (phase: ImportPhase, fraction: number) => void;

export interface ImportRunner {
  /** Reads, parses and converts a picked file (refused over the size limit before a byte is read). */
  open(file: Blob, settings: ConvertSettings, onProgress: ProgressListener, format?: FormatChoice): Promise<ImportView>;
  /** The open table read as another CRM's export. */
  chooseFormat(format: CsvFormat, onProgress: ProgressListener): Promise<ImportView>;
  /** The open table converted with a changed mapping. */
  remap(mapping: ColumnMapping, onProgress: ProgressListener): Promise<ImportView>;
  /** Stores the converted history (where it was converted: the page never holds the deals). */
  save(name: string): Promise<SaveOutcome>;
  /** Stops the work under way: its promise rejects with an AbortError, and the open file is let go. */
  cancel(): void;
  dispose(): void;
}

type Work = { type: 'open'; file: Blob; settings: ConvertSettings; format?: FormatChoice } | { type: 'format'; format: CsvFormat } | { type: 'remap'; mapping: ColumnMapping };
type Request = (Work | { type: 'save'; name: string }) & { id: number };

type Reply =
  | { type: 'progress'; id: number; phase: ImportPhase; fraction: number }
  | { type: 'done'; id: number; view: ImportView }
  | { type: 'saved'; id: number; outcome: SaveOutcome }
  // `name` keeps the kind of error (a full disk is a QuotaExceededError) across the worker boundary.
  | { type: 'failed'; id: number; message: string; name?: string };

const abortError = () => new DOMException('The import was cancelled.', 'AbortError');

function tooLargeView(size: number): ImportView {
  return {
    kind: 'problem',
    source: null,
    header: [],
    examples: [],
    rows: 0,
    footerRows: 0,
    detected: null,
    format: null,
    mapping: null,
    problem: { code: 'tooLarge', detail: `the file is ${formatBytes(size)}; the limit is ${formatBytes(MAX_IMPORT_BYTES)}`, note: note('fileTooLarge', { size: { bytes: size }, limit: { bytes: MAX_IMPORT_BYTES } }) },
    report: null,
  };
}

/** Runs one request against a session. */
async function run(session: ImportSession, request: Work & { id: number }, onProgress: ProgressListener, signal?: AbortSignal, yieldToLoop?: () => Promise<void>): Promise<ImportView> {
  const step = { onProgress, signal, yieldToLoop };
  switch (request.type) {
    case 'open': {
      if (request.file.size > MAX_IMPORT_BYTES) return tooLargeView(request.file.size);
      onProgress('reading', 0);
      const bytes = await readBlobBytes(request.file, { signal, onProgress: (fraction) => onProgress('reading', fraction) });
      if (bytes.length === 0) return { ...tooLargeView(0), problem: { code: 'empty', detail: 'the file is empty', note: note('empty') } };
      return session.open(bytes, request.settings, { ...step, format: request.format });
    }
    case 'format':
      return session.chooseFormat(request.format, step);
    case 'remap':
      return session.remap(request.mapping, step);
  }
}

/** The worker side: answers requests on a message port (a worker's global scope). */
export function serveImportSession(
  scope: { postMessage(message: Reply): void; addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void },
  store: HistoryStore,
): void {
  const session = new ImportSession();
  // Requests are handled one at a time, in order (a remap waits for the open before it).
  let queue: Promise<void> = Promise.resolve();
  // Progress is posted at most every 1 % so the page is not flooded with messages.
  scope.addEventListener('message', (event) => {
    const request = event.data;
    let last = -1;
    const progress: ProgressListener = (phase, fraction) => {
      const percent = Math.floor(fraction * 100);
      if (percent === last && fraction < 1) return;
      last = percent;
      scope.postMessage({ type: 'progress', id: request.id, phase, fraction });
    };
    // A worker has no page to keep responsive: a microtask is yield enough, and it is far faster.
    const failed = (error: unknown) => scope.postMessage({ type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : undefined });
    queue = queue.then(() =>
      request.type === 'save'
        ? session.save(request.name, store).then((outcome) => scope.postMessage({ type: 'saved', id: request.id, outcome }), failed)
        : run(session, request, progress, undefined, () => Promise.resolve()).then((view) => scope.postMessage({ type: 'done', id: request.id, view }), failed),
    );
  });
}

/** What the page needs of a Worker. */
export interface WorkerLike {
  postMessage(message: Request): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Reply>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent | Event) => void): void;
  terminate(): void;
}

/**
 * The page side over a worker made by `spawn`. Cancelling terminates the worker (whatever it is
 * doing stops at once, and its memory is freed); the next request starts a new one.
 */
export function workerRunner(spawn: () => WorkerLike): ImportRunner {
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(value: ImportView | SaveOutcome): void; reject(error: unknown): void; onProgress: ProgressListener }>();

  const failAll = (error: unknown) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const made = spawn();
    made.addEventListener('message', (event: MessageEvent<Reply>) => {
      const reply = event.data;
      const entry = pending.get(reply.id);
      if (!entry) return;
      if (reply.type === 'progress') entry.onProgress(reply.phase, reply.fraction);
      else {
        pending.delete(reply.id);
        if (reply.type === 'done') entry.resolve(reply.view);
        else if (reply.type === 'saved') entry.resolve(reply.outcome);
        else entry.reject(Object.assign(new Error(reply.message), reply.name ? { name: reply.name } : {}));
      }
    });
    made.addEventListener('error', (event: ErrorEvent | Event) => {
      const message = 'message' in event && event.message ? event.message : 'the import worker stopped';
      worker?.terminate();
      worker = null;
      failAll(new Error(message));
    });
    worker = made;
    return made;
  };
  function send(request: Work, onProgress: ProgressListener, fresh?: boolean): Promise<ImportView>;
  function send(request: { type: 'save'; name: string }, onProgress: ProgressListener): Promise<SaveOutcome>;
  function send(request: Work | { type: 'save'; name: string }, onProgress: ProgressListener, fresh = false): Promise<ImportView | SaveOutcome> {
    if (fresh && worker) {
      // A new file: whatever the old worker holds or does is let go.
      worker.terminate();
      worker = null;
      failAll(abortError());
    }
    const target = ensure();
    const id = nextId++;
    return new Promise<ImportView | SaveOutcome>((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      target.postMessage({ ...request, id });
    });
  }
  return {
    open: (file, settings, onProgress, format) => send({ type: 'open', file, settings, format }, onProgress, true),
    chooseFormat: (format, onProgress) => send({ type: 'format', format }, onProgress),
    remap: (mapping, onProgress) => send({ type: 'remap', mapping }, onProgress),
    save: (name) => send({ type: 'save', name }, () => {}),
    cancel() {
      worker?.terminate();
      worker = null;
      failAll(abortError());
    },
    dispose() {
      this.cancel();
    },
  };
}

/** The same session on this thread, yielding to the event loop between chunks (tests; no worker). */
export function inThreadRunner(store: HistoryStore): ImportRunner {
  let session = new ImportSession();
  let abort = new AbortController();
  // A newer request stops the one under way (its promise rejects with an AbortError).
  const go = (request: Work & { id: number }, onProgress: ProgressListener) => {
    abort.abort(abortError());
    abort = new AbortController();
    return run(session, request, onProgress, abort.signal);
  };
  return {
    open(file, settings, onProgress, format) {
      session = new ImportSession();
      return go({ type: 'open', id: 0, file, settings, format }, onProgress);
    },
    chooseFormat: (format, onProgress) => go({ type: 'format', id: 0, format }, onProgress),
    remap: (mapping, onProgress) => go({ type: 'remap', id: 0, mapping }, onProgress),
    save: (name) => session.save(name, store),
    cancel() {
      abort.abort(abortError());
      abort = new AbortController();
      session = new ImportSession();
    },
    dispose() {
      this.cancel();
    },
  };
}
