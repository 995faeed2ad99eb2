import type { StagecraftDb } from '@/lib/db/database';
import { watchTeamSources } from '@/lib/db/team-sources';
import { inThreadProjectionRunner, workerProjectionRunner, type ProjectionRunner } from '@/lib/projection/runner';
import type { WorkerLike } from '@/lib/projection/runner';
import ProjectionWorker from './projection.worker.ts?worker';

// The projection and its backtest run in a module worker that reads the team itself, so a team's
// large history never blocks the options page; where workers are missing, the same job runs here a
// step at a time.
export function createProjectionRunner(db: StagecraftDb): ProjectionRunner {
  if (typeof Worker === 'undefined') return inThreadProjectionRunner(undefined, watchTeamSources(db));
  return workerProjectionRunner(() => new ProjectionWorker({ name: 'projection' }) as unknown as WorkerLike);
}
