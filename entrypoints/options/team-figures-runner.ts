import type { StagecraftDb } from '@/lib/db/database';
import { inThreadTeamFiguresRunner, workerTeamFiguresRunner, type TeamFiguresRunner, type TeamFiguresWorker } from '@/lib/team-figures';
import { watchTeamSources } from '@/lib/db/team-sources';
import { dexieStoredFigures } from '@/lib/db/team-figures';
import TeamFiguresWorkerScript from './team-figures.worker.ts?worker';

// The team pages' figures (and the side panel's scorecard) are worked out in a module worker that reads the database itself, so a
// large team never blocks the options page; where workers are missing, the same service runs here.
export function createTeamFiguresRunner(db: StagecraftDb): TeamFiguresRunner {
  if (typeof Worker === 'undefined') return inThreadTeamFiguresRunner(watchTeamSources(db), { store: dexieStoredFigures(db), now: () => Date.now() });
  return workerTeamFiguresRunner(() => new TeamFiguresWorkerScript({ name: 'team-figures' }) as unknown as TeamFiguresWorker);
}
