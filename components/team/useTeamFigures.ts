import { useEffect, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { inThreadTeamFiguresRunner, type PageFigures, type TeamFiguresAsk, type TeamFiguresRunner } from '@/lib/team-figures';
import { watchTeamSources } from '@/lib/db/team-sources';
import type { Live } from '../hooks/useLiveQuery';

/** Makes the runner a team page asks for its figures (the options page's entry passes a worker's). */
export type CreateTeamFiguresRunner = () => TeamFiguresRunner;

/** A page's figures; `storedAt`: null when they are from the team's data now, else when these kept ones were worked out. */
export type TeamFigures<F> = Live<F> & { storedAt: number | null };

/**
 * One page's figures, asked of the runner and asked again when the page's choices change; they
 * follow the team's data by themselves. The figures shown stay until the new ones arrive, so a
 * choice keeps its focus.
 */
export function useTeamFigures<P extends PageFigures['page']>(db: StagecraftDb, createRunner: CreateTeamFiguresRunner | undefined, ask: Extract<TeamFiguresAsk, { page: P }>): TeamFigures<Extract<PageFigures, { page: P }>> {
  const [state, setState] = useState<TeamFigures<Extract<PageFigures, { page: P }>>>({ status: 'loading', storedAt: null });
  const [runner] = useState(() => (createRunner ? createRunner() : inThreadTeamFiguresRunner(watchTeamSources(db))));
  useEffect(() => () => runner.dispose(), [runner]);
  const key = JSON.stringify(ask);
  useEffect(() => {
    runner.ask(
      ask,
      (figures, storedAt) => setState({ status: 'ready', value: figures as Extract<PageFigures, { page: P }>, storedAt }),
      (error) => setState({ status: 'error', error, storedAt: null }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runner, key]);
  return state;
}
