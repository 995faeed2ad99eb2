// Which synced tasks are checklist ticks a rep shared with the team: those whose body (HubSpot
// hs_task_body, Pipedrive note, Salesforce Description) ends with a readable tick marker. A task
// without one, or with a marker that is broken, of a newer version or of another kind, is what it
// looks like: an ordinary task (a tick edited by hand in the CRM is never misread as one).

import { readMarker } from '../crm/marker';
import type { SyncedTick } from './types';

export function tickOf(body: string | null | undefined): SyncedTick | undefined {
  const reading = readMarker(body);
  if (reading.status !== 'ok' || reading.marker.kind !== 'tick') return undefined;
  const { playbookId, stageId, taskId, by } = reading.marker;
  return { playbookId, stageId, taskId, by };
}
