import type { LearnedRotDays } from '../metrics/learned-rot';
import type { DealSnapshot } from '../model/deal';
import type { ChecklistChange } from '../model/checklist-change';
import type { Criterion, Pipeline, Playbook, Qualification, Stage, Task } from '../model/playbook.schema';
import type { Activity, ChecklistEntry, StageVisit } from '../model/records.schema';
import type { CriterionStatus, Params } from './criteria';
import type { PlaybookI18nKey } from './i18n-keys';
import type { StageMatch } from './match';
import type { PauseLike } from './pause';
import type { PathState } from './stage-history';

// What the playbook engine (./engine.ts) takes and gives: a deal and what is known about it in,
// the stage's needs and the next steps out. Types only, shared by the engine and its parts
// (./next-steps.ts, ./writes.ts) so none of them imports another in a circle.

export interface DealContext {
  playbook: Playbook;
  snapshot: DealSnapshot;
  /** The CRM account (for remembered stage mappings). */
  account: string;
  dealKey: string;
  /** This deal's stage visits, any order. */
  visits: readonly StageVisit[];
  /** This deal's checklist entries. */
  checklist: readonly ChecklistEntry[];
  /** This deal's activities. */
  activities: readonly Activity[];
  /** settings.stageMappings: `crm:account:normalised label` → `pipelineId/stageId`. */
  mappings: Readonly<Record<string, string>>;
  /** settings.defaultRotDays, for stages without rotDays (and without a learned limit). */
  defaultRotDays: number;
  /** settings.learnedRotDays: limits learned from the team's history, for stages without rotDays. */
  learnedRotDays?: LearnedRotDays;
  now: Date;
  /** Minutes east of UTC of the calendar due dates are counted in; 0 (UTC) when absent. */
  utcOffsetMinutes?: number;
  /** This deal's pauses (see pause.ts): a running one means not stalled, no next steps; due dates move on by them. */
  pauses?: readonly PauseLike[];
}
export type DealInput = DealContext;

export type TaskState = 'open' | 'done' | 'skipped';

export interface TaskStatus {
  task: Task;
  state: TaskState;
  by: ChecklistEntry['by'] | null;
  /** The activity that ticked it, when `by` is `evidence`. */
  evidenceActivityId: string | null;
  /** Stage entry + dueDays × 24 h; null when the stage entry is unknown. */
  dueAt: string | null;
  /** The due day (YYYY-MM-DD) in the engine's calendar: day of stage entry + dueDays. */
  dueDate: string | null;
  /** Open and its due day has passed. */
  overdue: boolean;
  /** Open and due today. */
  dueToday: boolean;
  /** Open and due within the next two days (not today). */
  dueSoon: boolean;
}

type Step<K extends string, Extra> = { kind: K; key: PlaybookI18nKey; params: Params } & Extra;
type TaskStep = { taskId: string; title: string; dueDate: string };

/** One thing to do next: `key` + `params` say it (i18n); the other fields are for the UI's own use. */
export type NextStep =
  | Step<'overdue', TaskStep>
  | Step<'criterion', { criterion: Criterion }>
  | Step<'dueToday', TaskStep>
  | Step<'dueSoon', TaskStep>
  | Step<'noNextActivity', {}>
  | Step<'stalled', { days: number; limit: number }>;

export interface QualificationItemStatus {
  id: string;
  title: string;
  hint: string;
  /** Its checklist task id: `q:<qualificationId>:<itemId>`. */
  taskId: string;
  state: TaskState;
  done: boolean;
}

export interface QualificationStatus {
  qualification: Qualification;
  items: QualificationItemStatus[];
  done: number;
  total: number;
}

export interface PathStep {
  /** A playbook stage; on a CRM path, a stand-in carrying the CRM's label as its name (id `crm-<index>`). */
  stage: Stage;
  state: PathState;
  /** What to show: the playbook stage's name, or the CRM's label. */
  label: string;
  /** The playbook stage this step is (on a CRM path: the one its label maps to, if any). */
  stageId: string | null;
}

export interface DealGuidance {
  dealKey: string;
  pipeline: Pipeline;
  /** The playbook stage the deal is in and how it was found, or null when its CRM stage maps to none. */
  match: StageMatch | null;
  /** Same as match?.stage. */
  stage: Stage | null;
  /** The CRM's stage label (what to offer "map this stage to…" for when `match` is null). */
  crmStage: string | null;
  /** Every stage in order with its state. */
  path: PathStep[];
  /** `playbook`: the pipeline's stages; `crm`: the CRM's own stage list (the deal's stage is not in the playbook). */
  pathSource: 'playbook' | 'crm';
  /** When the deal (last) entered its stage; null when unknown. */
  stageEnteredAt: string | null;
  entrySource: StageVisit['source'] | null;
  /** The deal has a playbook stage but no visit into it: no due dates, no stalling. */
  stageEntryUnknown: boolean;
  /** The deal left this stage and came back: due dates count from the latest entry. */
  reentered: boolean;
  /** Fractional days since stageEnteredAt (never negative). */
  daysInStage: number | null;
  tasks: TaskStatus[];
  goal: CriterionStatus[];
  /** Every exit criterion met (a stage without criteria never is). */
  goalMet: boolean;
  /** The stage to move the deal to once the goal is met: the next working stage, after the last one Won. */
  suggestNext: Stage | null;
  nextSteps: NextStep[];
  stalled: { days: number; limit: number } | null;
  qualifications: QualificationStatus[];
  /** The pause running today, if any. */
  paused: PauseLike | null;
  /** Evidence ticks and goal skips not yet stored (checklistWrites against the input checklist); idempotent. */
  writes: ChecklistChange[];
}
