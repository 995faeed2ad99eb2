import { inThreadRunner, workerRunner, type ImportRunner, type WorkerLike } from '@/lib/history-import/runner';
import type { HistoryStore } from '@/lib/history-import/session';
import HistoryImportWorker from './history-import.worker.ts?worker';

// History files are read, parsed and converted in a module worker, so a 100 MB export never blocks
// the options page; where workers are missing, the same session runs here in chunks.
// The worker stores a confirmed history in the extension's database itself; `store` is the page's
// way, for the in-thread fallback.
export function createHistoryImportRunner(store: HistoryStore): ImportRunner {
  if (typeof Worker === 'undefined') return inThreadRunner(store);
  return workerRunner(() => new HistoryImportWorker({ name: 'history-import' }) as unknown as WorkerLike);
}
