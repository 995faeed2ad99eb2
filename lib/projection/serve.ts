import type { WatchTeamSources } from '../team-figures/pages';
import { projectionJob } from './job';
import { contractProblem, requestSchemaOf, type ProjectionReply } from './protocol';
import { teamProjectionInput } from './team';

// The projection worker's side of the contract (./protocol): each request is checked, then the job
// runs to its end, each event posted as it happens. A request for the team reads the team's sources
// itself (`watchTeam`: lib/db/team-sources.ts) and runs the job again after each change, first saying
// what the history now holds. The page terminates the worker to stop a job whose figures it no
// longer needs; nothing here waits for that.

export interface ProjectionScope {
  postMessage(message: ProjectionReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export function serveProjection(scope: ProjectionScope, watchTeam: WatchTeamSources | null = null): void {
  let stopFollowing: (() => void) | null = null;
  scope.addEventListener('message', (event) => {
    const parsed = requestSchemaOf(event.data).safeParse(event.data);
    const id = typeof (event.data as { id?: unknown } | null)?.id === 'number' ? (event.data as { id: number }).id : 0;
    const fail = (error: unknown) => scope.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    if (!parsed.success) {
      scope.postMessage({ type: 'failed', id, message: `the projection request is not valid: ${contractProblem(parsed.error)}` });
      return;
    }
    const { asOf, quarters } = parsed.data;
    if (!('input' in parsed.data)) {
      stopFollowing?.();
      if (!watchTeam) return fail(new Error('this worker cannot read the team'));
      stopFollowing = watchTeam((sources) => {
        try {
          const { input, basis } = teamProjectionInput(sources);
          scope.postMessage({ type: 'team', id, basis });
          for (const reply of projectionJob(input, asOf, quarters)) scope.postMessage({ ...reply, id });
        } catch (error) {
          fail(error);
        }
      }, fail);
      return;
    }
    try {
      for (const reply of projectionJob(parsed.data.input, asOf, quarters)) scope.postMessage({ ...reply, id });
    } catch (error) {
      fail(error);
    }
  });
}
