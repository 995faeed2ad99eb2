import { projectionJob } from './job';
import { contractProblem, projectionRequestSchema, type ProjectionReply } from './protocol';

// The projection worker's side of the contract (./protocol): each request is checked, then the job
// runs to its end, each event posted as it happens. The page terminates the worker to stop a job
// whose figures it no longer needs; nothing here waits for that.

export interface ProjectionScope {
  postMessage(message: ProjectionReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

export function serveProjection(scope: ProjectionScope): void {
  scope.addEventListener('message', (event) => {
    const parsed = projectionRequestSchema.safeParse(event.data);
    const id = typeof (event.data as { id?: unknown } | null)?.id === 'number' ? (event.data as { id: number }).id : 0;
    if (!parsed.success) {
      scope.postMessage({ type: 'failed', id, message: `the projection request is not valid: ${contractProblem(parsed.error)}` });
      return;
    }
    const { input, asOf, quarters } = parsed.data;
    try {
      for (const reply of projectionJob(input, asOf, quarters)) scope.postMessage({ ...reply, id });
    } catch (error) {
      scope.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
