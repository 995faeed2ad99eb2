import { inThreadRunner, workerRunner, type ImportRunner, type WorkerLike } from '@/lib/history-import/runner';
import HistoryImportWorker from './history-import.worker.ts?worker';

// History files are read, parsed and converted in a module worker, so a 100 MB export never blocks
// the options page; where workers are missing, the same session runs here in chunks.
export function createHistoryImportRunner(): ImportRunner {
  if (typeof Worker === 'undefined') return inThreadRunner();
  return workerRunner(() => new HistoryImportWorker({ name: 'history-import' }) as unknown as WorkerLike);
}
