import { CRM_ALIAS_KEYS, type Playbook } from '../model/playbook.schema';
import type { MessageKey, Params } from '../i18n';
import { crmName } from '../crm/index';
import { normalizeLabel } from '../playbook/match';
import { findHopeWord, findWord, STRUCTURED_HINTS, type StructuredSuggestion } from './words';

// The process checker: pure rules over a playbook (or an imported draft that may not even pass the
// schema), each finding saying what is wrong, why it matters and how to fix it.

export type Severity = 'error' | 'warning' | 'info';
export type FindingKind = 'hopeName' | 'tooManyTasks' | 'noExitCriterion' | 'emptyStage' | 'duplicateAlias' | 'manualCriterion';
export type FindingPath = readonly (string | number)[];

export interface Finding {
  kind: FindingKind;
  severity: Severity;
  /** Where in the playbook: `['pipelines', 0, 'stages', 2, 'name']` (see formatPath). */
  path: FindingPath;
  /** What is wrong and why (i18n). */
  key: MessageKey;
  /** How to fix it (i18n, same params). */
  fixKey: MessageKey;
  params: Params;
}

export const MAX_KEY_TASKS = 5;

/** A playbook as the checker reads it: every part optional, so drafts that fail the schema can be checked too. */
export interface CheckablePlaybook {
  pipelines?: readonly CheckablePipeline[];
}
interface CheckablePipeline {
  name?: unknown;
  stages?: readonly CheckableStage[];
}
interface CheckableStage {
  name?: unknown;
  aliases?: Partial<Record<string, unknown>>;
  guidance?: unknown;
  goal?: readonly unknown[];
  tasks?: readonly unknown[];
  outcome?: unknown;
}

const arrayOf = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Same normalisation as stage matching (lib/playbook/match.ts): case-, accent- and punctuation-insensitive. */
export const normalizeAlias = normalizeLabel;

const SUGGESTION_FIX: Record<StructuredSuggestion, MessageKey> = {
  proposal: 'checker.manual.fix.proposal',
  demo: 'checker.manual.fix.demo',
  meeting: 'checker.manual.fix.meeting',
  closeDate: 'checker.manual.fix.closeDate',
  amount: 'checker.manual.fix.amount',
  owner: 'checker.manual.fix.owner',
};

/** Which structured criterion a free-text criterion label describes, if any. */
export function suggestStructured(label: string): StructuredSuggestion | null {
  for (const [suggestion, words] of Object.entries(STRUCTURED_HINTS) as [StructuredSuggestion, readonly string[]][]) {
    if (findWord(label, words)) return suggestion;
  }
  return null;
}

/** A goal that can actually be met: any criterion except "required tasks done" when no task is required. */
function hasExitCriterion(stage: CheckableStage): boolean {
  const tasks = arrayOf<unknown>(stage.tasks);
  return arrayOf<unknown>(stage.goal).some((criterion) => {
    if (!isObject(criterion)) return false;
    if (criterion.kind === 'requiredTasks') return tasks.some((task) => isObject(task) && task.required === true);
    return typeof criterion.kind === 'string';
  });
}

export function checkPlaybook(playbook: CheckablePlaybook | Playbook): Finding[] {
  const findings: Finding[] = [];
  arrayOf<CheckablePipeline>(playbook.pipelines).forEach((rawPipeline, p) => {
    if (!isObject(rawPipeline)) return;
    const pipeline = rawPipeline as CheckablePipeline;
    const pipelineName = textOf(pipeline.name);
    // crm → normalised label → first stage that uses it
    const aliasOwners = new Map<string, Map<string, { stage: number; name: string }>>();
    // Only aliases count: matching tries every alias before any stage name, so an alias equal to
    // another stage's name is a deliberate re-mapping (the shipped templates use it), not a clash.

    arrayOf<CheckableStage>(pipeline.stages).forEach((rawStage, s) => {
      if (!isObject(rawStage)) return;
      const stage = rawStage as CheckableStage;
      const at = (...rest: (string | number)[]): FindingPath => ['pipelines', p, 'stages', s, ...rest];
      const name = textOf(stage.name);
      const terminal = stage.outcome === 'won' || stage.outcome === 'lost';
      const tasks = arrayOf<unknown>(stage.tasks);

      const hope = findHopeWord(name);
      if (hope) {
        findings.push({ kind: 'hopeName', severity: 'warning', path: at('name'), key: 'checker.hopeName', fixKey: 'checker.hopeName.fix', params: { stage: name, word: hope } });
      }

      if (tasks.length > MAX_KEY_TASKS) {
        findings.push({ kind: 'tooManyTasks', severity: 'error', path: at('tasks'), key: 'checker.tooManyTasks', fixKey: 'checker.tooManyTasks.fix', params: { stage: name, count: tasks.length, max: MAX_KEY_TASKS } });
      }

      if (!terminal && !hasExitCriterion(stage)) {
        findings.push({ kind: 'noExitCriterion', severity: 'warning', path: at('goal'), key: 'checker.noExitCriterion', fixKey: 'checker.noExitCriterion.fix', params: { stage: name } });
      }

      if (!terminal && textOf(stage.guidance).trim() === '' && tasks.length === 0) {
        findings.push({ kind: 'emptyStage', severity: 'warning', path: at('guidance'), key: 'checker.emptyStage', fixKey: 'checker.emptyStage.fix', params: { stage: name } });
      }

      const aliases = isObject(stage.aliases) ? stage.aliases : {};
      for (const crm of CRM_ALIAS_KEYS) {
        const owners = aliasOwners.get(crm) ?? new Map<string, { stage: number; name: string }>();
        aliasOwners.set(crm, owners);
        const seenHere = new Set<string>();
        arrayOf<unknown>(aliases[crm]).forEach((alias, a) => {
          const label = textOf(alias);
          const normalized = normalizeAlias(label);
          if (!normalized || seenHere.has(normalized)) return; // a repeat within one stage is harmless
          seenHere.add(normalized);
          const owner = owners.get(normalized);
          if (owner && owner.stage !== s) {
            findings.push({
              kind: 'duplicateAlias', severity: 'error', path: at('aliases', crm, a), key: 'checker.duplicateAlias', fixKey: 'checker.duplicateAlias.fix',
              params: { label, crm: crmName(crm), stage: name, other: owner.name, pipeline: pipelineName },
            });
          } else if (!owner) {
            owners.set(normalized, { stage: s, name });
          }
        });
      }

      arrayOf<unknown>(stage.goal).forEach((criterion, c) => {
        if (!isObject(criterion) || criterion.kind !== 'manual') return;
        const label = textOf(criterion.label);
        const suggestion = suggestStructured(label);
        if (!suggestion) return;
        findings.push({ kind: 'manualCriterion', severity: 'info', path: at('goal', c, 'label'), key: 'checker.manual', fixKey: SUGGESTION_FIX[suggestion], params: { stage: name, label, suggestion } });
      });
    });
  });
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  // Stable: same severity keeps playbook order.
  return findings.map((f, i) => [f, i] as const).sort((a, b) => order[a[0].severity] - order[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}
