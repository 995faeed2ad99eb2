// What is wrong with the playbook editor's draft, said in the reader's language: each issue names
// the field as the editor labels it (a task's due days as "Task 1 › Due after (days in stage)")
// and what is wrong there (lib/model/issue-note.ts), and the save status adds where it is (the
// stage and pipeline). zod's own English never reaches the page.

import type { z } from 'zod';
import type { MessageKey, Translate } from '../i18n';
import { detailText } from '../i18n/detail-text';
import { issueNote } from '../model/issue-note';
import { formatPath } from '../model/issues';
import type { Locale } from '../model/settings.schema';

export interface EditorIssue {
  /** The field's path, as the editor's fields carry it (`pipelines[0].stages[2].name`). */
  path: string;
  /** "Task 1 › Due after (days in stage): expected a whole number": shown next to the field. */
  text: string;
  /** With where it is in front, for the save status: "Stage 3 of pipeline “Sales” — …". */
  full: string;
}

const CRM_KEYS: Record<string, MessageKey> = { pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot', salesforce: 'crm.salesforce' };
const STAGE_FIELDS: Record<string, MessageKey> = {
  name: 'options.editor.stageName',
  outcome: 'options.editor.outcome',
  guidance: 'options.editor.guidance',
  goal: 'options.editor.goal',
  tasks: 'options.editor.tasks',
  qualifications: 'options.editor.qualifications',
  scripts: 'options.scripts.legend',
  rotDays: 'options.editor.rotDays',
  probability: 'options.editor.probability',
  forecastCategory: 'options.editor.forecast',
  hard: 'options.editor.hard',
  aliases: 'options.editor.aliases',
};
const TASK_FIELDS: Record<string, MessageKey> = { dueDays: 'options.editor.taskDue', evidence: 'options.editor.taskEvidence', required: 'options.editor.taskRequired' };
const CRITERION_FIELDS: Record<string, MessageKey> = { field: 'options.editor.criterionField', activityType: 'options.editor.criterionActivity', label: 'options.editor.criterionLabel' };
const SCRIPT_FIELDS: Record<string, MessageKey> = { kind: 'options.scripts.kind', subject: 'options.scripts.subject', body: 'options.scripts.body', ticksTask: 'options.scripts.ticks' };

type Path = readonly PropertyKey[];
const num = (value: PropertyKey | undefined) => (typeof value === 'number' ? value + 1 : 1);

/** A CRM's names of a stage or pipeline: "Names of this stage in your CRM › HubSpot". */
function aliasesName(t: Translate, whole: MessageKey, crm: PropertyKey | undefined): string {
  const key = typeof crm === 'string' ? CRM_KEYS[crm] : undefined;
  return key ? t('options.issue.part', { whole: t(whole), part: t(key) }) : t(whole);
}

/** A field of a stage, from the path below the stage (`['tasks', 0, 'dueDays']`). */
function stageFieldName(t: Translate, rest: Path): string {
  const [field, index, sub] = rest;
  const part = (whole: string, key: MessageKey | undefined) => (key ? t('options.issue.part', { whole, part: t(key) }) : whole);
  switch (field) {
    case 'tasks':
      if (index === undefined) break;
      return sub === 'title' || sub === undefined || sub === 'id' ? t('options.editor.taskTitle', { n: num(index) }) : part(t('options.editor.taskTitle', { n: num(index) }), TASK_FIELDS[String(sub)]);
    case 'goal':
      if (index === undefined) break;
      return part(t('options.editor.criterionKind', { n: num(index) }), sub === undefined ? undefined : CRITERION_FIELDS[String(sub)]);
    case 'scripts':
      if (index === undefined) break;
      return sub === 'title' ? t('options.scripts.title', { n: num(index) }) : part(t('options.issue.script', { n: num(index) }), sub === undefined ? undefined : SCRIPT_FIELDS[String(sub)]);
    case 'aliases':
      return aliasesName(t, 'options.editor.aliases', index);
    case 'id':
      return t('options.issue.id');
  }
  const key = STAGE_FIELDS[String(field)];
  return key ? t(key) : t('options.issue.stage');
}

/** The field's name as the editor labels it. */
function fieldName(t: Translate, path: Path): string {
  if (path[0] !== 'pipelines') return path[0] === 'name' ? t('options.editor.playbookName') : t('options.issue.playbook');
  if (path.length === 1) return t('options.issue.pipelines');
  const [, , field, s, ...rest] = path;
  if (field === 'stages') return s === undefined ? t('options.issue.stages') : stageFieldName(t, rest);
  if (field === 'name') return t('options.editor.pipelineName');
  if (field === 'aliases') return aliasesName(t, 'options.editor.pipelineAliases', s);
  if (field === 'id') return t('options.issue.id');
  return t('options.editor.pipeline');
}

/** Where the field is: "Stage 3 of pipeline “Sales”", "Pipeline “Sales”", or nowhere in particular. */
function placeOf(t: Translate, path: Path, draft: unknown): string | null {
  if (path[0] !== 'pipelines' || typeof path[1] !== 'number') return null;
  const pipelines = (draft as { pipelines?: { name?: unknown }[] } | null)?.pipelines;
  const name = pipelines?.[path[1]]?.name;
  const pipeline = typeof name === 'string' && name.trim() ? name.trim() : String(path[1] + 1);
  if (path[2] === 'stages' && typeof path[3] === 'number') return t('options.issue.inStage', { n: path[3] + 1, pipeline });
  return t('options.issue.inPipeline', { pipeline });
}

/** What is wrong there, in the reader's words (a win probability in percent, as the editor shows it). */
function problemOf(issue: z.core.$ZodIssue, draft: unknown, t: Translate, locale: Locale): string {
  if (issue.path.at(-1) === 'probability') return t('options.editor.probabilityError');
  const { at: _, ...note } = issueNote(issue, draft);
  return detailText({ detail: '', note }, t, locale);
}

/** The draft's issues, the first per field, in the reader's language. */
export function editorIssues(issues: readonly z.core.$ZodIssue[], draft: unknown, t: Translate, locale: Locale): EditorIssue[] {
  const seen = new Map<string, EditorIssue>();
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (seen.has(path)) continue;
    const text = t('options.issue.field', { field: fieldName(t, issue.path), problem: problemOf(issue, draft, t, locale) });
    const place = placeOf(t, issue.path, draft);
    seen.set(path, { path, text, full: place ? t('options.issue.at', { place, text }) : text });
  }
  return [...seen.values()];
}
