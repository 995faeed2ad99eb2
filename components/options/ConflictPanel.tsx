import type { Playbook } from '@/lib/model/playbook.schema';
import type { MessageKey, Translate } from '@/lib/i18n';
import { getAt, type MergeConflict, type MergePath } from '@/lib/playbook/merge';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS } from './fields';

// What both this tab and another one (or an import) changed differently, each with both versions
// and the choice between them. Values are shown as text, whatever they hold.

const FIELD_KEYS: Record<string, MessageKey> = {
  name: 'options.conflict.name',
  title: 'options.conflict.name',
  label: 'options.conflict.name',
  guidance: 'options.editor.guidance',
  goal: 'options.editor.goal',
  tasks: 'options.editor.tasks',
  qualifications: 'options.editor.qualifications',
  scripts: 'options.scripts.legend',
  stages: 'options.editor.stages',
  rotDays: 'options.editor.rotDays',
  probability: 'options.editor.probability',
  forecastCategory: 'options.editor.forecast',
  outcome: 'options.editor.outcome',
  hard: 'options.editor.hard',
  aliases: 'options.editor.aliases',
  dueDays: 'options.editor.taskDue',
  required: 'options.editor.taskRequired',
  evidence: 'options.editor.taskEvidence',
  kind: 'options.scripts.kind',
  subject: 'options.scripts.subject',
  body: 'options.scripts.body',
  ticksTask: 'options.scripts.ticks',
};
/** A list in the path is named by its items; these keys only lead to them. */
const CONTAINERS = new Set(['pipelines', 'stages', 'tasks', 'scripts', 'qualifications', 'items']);

export interface ConflictPanelProps {
  conflicts: readonly MergeConflict[];
  /** The common ancestor: items are named as they were before either side changed them. */
  base: Playbook;
  mine: Playbook;
  theirs: Playbook;
  onDecide(conflict: MergeConflict, keep: 'mine' | 'theirs'): void;
}

export function ConflictPanel({ conflicts, base, mine, theirs, onDecide }: ConflictPanelProps) {
  const { t } = useI18n();
  return (
    <section class="conflicts" role="alert" aria-labelledby="conflicts-title" data-testid="conflicts">
      <h3 id="conflicts-title">{t('options.conflict.title')}</h3>
      <p>{t('options.conflict.body')}</p>
      <ul>
        {conflicts.map((conflict, i) => {
          const where = describePath(t, conflict, [base, mine, theirs]);
          const show = (value: unknown, book: Playbook) => (conflict.kind === 'order' ? orderText(value, conflict.path, book) : valueText(t, value, conflict.path));
          return (
            <li key={i} class="conflict" data-testid="conflict">
              <p class="conflict__where" data-testid="conflict-where">{where}</p>
              <dl>
                <dt>{t('options.conflict.mine')}</dt>
                <dd data-testid="conflict-mine">{show(conflict.mine, mine)}</dd>
                <dt>{t('options.conflict.theirs')}</dt>
                <dd data-testid="conflict-theirs">{show(conflict.theirs, theirs)}</dd>
              </dl>
              <div class="conflict__actions">
                <button type="button" aria-label={t('options.conflict.keepMineLabel', { where })} onClick={() => onDecide(conflict, 'mine')} data-testid="conflict-keep-mine">
                  {t('options.conflict.keepMine')}
                </button>
                <button type="button" aria-label={t('options.conflict.takeTheirsLabel', { where })} onClick={() => onDecide(conflict, 'theirs')} data-testid="conflict-take-theirs">
                  {t('options.conflict.takeTheirs')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** "Sales › Discovery › Guidance for reps": the items' names, then the field. */
function describePath(t: Translate, conflict: MergeConflict, versions: readonly Playbook[]): string {
  const parts: string[] = [];
  conflict.path.forEach((step, i) => {
    const last = i === conflict.path.length - 1;
    if (typeof step !== 'string') {
      const here = conflict.path.slice(0, i + 1);
      parts.push(versions.map((book) => nameOf(getAt(book, here))).find((name) => name !== undefined) ?? step.id);
    } else if (CRM_LABEL_KEYS[step as keyof typeof CRM_LABEL_KEYS]) parts.push(t(CRM_LABEL_KEYS[step as keyof typeof CRM_LABEL_KEYS]));
    else if (!CONTAINERS.has(step) || last) parts.push(FIELD_KEYS[step] ? t(FIELD_KEYS[step]) : step);
  });
  if (conflict.kind === 'order') parts.push(t('options.conflict.order'));
  return parts.length > 0 ? parts.join(' › ') : t('options.editor.playbookName');
}

function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['name', 'title', 'label']) if (typeof record[key] === 'string' && record[key]) return record[key] as string;
  return undefined;
}

function valueText(t: Translate, value: unknown, path: MergePath): string {
  if (value === undefined) return t('options.conflict.deleted');
  if (value === null || value === '') return t('options.conflict.empty');
  if (path[path.length - 1] === 'probability' && typeof value === 'number') return `${Math.round(value * 100)} %`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? t('options.conflict.empty') : value.map((item) => valueText(t, item, [])).join('; ');
  const named = nameOf(value);
  if (named) return named;
  const record = value as Record<string, unknown>;
  if (typeof record.kind === 'string') return Object.values(record).filter((x) => typeof x === 'string').join(': ');
  return JSON.stringify(value);
}

/** A list's order as its items' names. */
function orderText(ids: unknown, path: MergePath, book: Playbook): string {
  const list = getAt(book, path);
  const items = Array.isArray(list) ? (list as { id: string }[]) : [];
  return (Array.isArray(ids) ? (ids as string[]) : []).map((id) => nameOf(items.find((item) => item.id === id)) ?? id).join(' → ');
}
