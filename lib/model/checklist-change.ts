import type { ChecklistEntry } from './records.schema';

/** One change to a deal's checklist: a rep's tick, or state the playbook engine derived (evidence, goal skips). */
export interface ChecklistChange {
  dealKey: string;
  stageId: string;
  taskId: string;
  state: ChecklistEntry['state'];
  by: ChecklistEntry['by'];
  evidenceActivityId?: string | null;
  /**
   * When it happened; the write's own time when absent. An evidence tick is done when its
   * activity happened, so adoption ("done before the deal left the stage") judges it by that.
   */
  at?: string;
}
