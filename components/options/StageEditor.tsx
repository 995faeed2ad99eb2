import type { LearnedRot } from '@/lib/metrics/learned-rot';
import type { StageRate } from '@/lib/rewards/hard-stage';
import { formatPercent } from '@/lib/i18n/format';
import { ACTIVITY_TYPES, type ActivityType } from '@/lib/model/activity';
import { CRM_ALIAS_KEYS, DEAL_FIELDS, FORECAST_CATEGORIES, type Criterion, type Qualification, type Stage } from '@/lib/model/playbook.schema';
import type { MessageKey } from '@/lib/i18n';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { CRM_LABEL_KEYS, Field, LinesInput, NumberInput } from './fields';
import { MAX_CRITERIA, MAX_STAGE_QUALIFICATIONS, MAX_TASKS, move, newCriterion, newTask, stagePath } from './editing';
import { GuidancePreview } from './GuidancePreview';
import { ScriptsEditor } from './ScriptsEditor';

export const ACTIVITY_KEYS: Record<ActivityType, MessageKey> = {
  call: 'options.activity.call',
  email: 'options.activity.email',
  meeting: 'options.activity.meeting',
  demo: 'options.activity.demo',
  proposal: 'options.activity.proposal',
  note: 'options.activity.note',
  task: 'options.activity.task',
};

const CRITERION_KEYS: Record<Criterion['kind'], MessageKey> = {
  requiredTasks: 'options.criterion.requiredTasks',
  field: 'options.criterion.field',
  closeDateNotPast: 'options.criterion.closeDateNotPast',
  activity: 'options.criterion.activity',
  manual: 'options.criterion.manual',
};
const CRITERION_KINDS = Object.keys(CRITERION_KEYS) as Criterion['kind'][];

const FIELD_KEYS: Record<(typeof DEAL_FIELDS)[number], MessageKey> = {
  value: 'options.field.value',
  closeDate: 'options.field.closeDate',
  owner: 'options.field.owner',
};

const FORECAST_KEYS: Record<(typeof FORECAST_CATEGORIES)[number], MessageKey> = {
  pipeline: 'options.forecast.pipeline',
  bestCase: 'options.forecast.bestCase',
  commit: 'options.forecast.commit',
  closed: 'options.forecast.closed',
  omitted: 'options.forecast.omitted',
};


export interface StageEditorProps {
  pipelineIndex: number;
  stageIndex: number;
  stage: Stage;
  /** The playbook's qualification checklists, any of which may be laid over this stage. */
  qualifications: readonly Qualification[];
  readOnly: boolean;
  defaultRotDays: number;
  /** The limit learned from the team's history for this stage, if there is one. */
  learned?: LearnedRot;
  /** The team's conversion here, when this is the stage of the pipeline the team converts worst at. */
  lowestConversion?: StageRate;
  update(change: (stage: Stage) => void): void;
}

/** Everything about one stage. */
export function StageEditor({ pipelineIndex: p, stageIndex: s, stage, qualifications, readOnly, defaultRotDays, learned, lowestConversion, update }: StageEditorProps) {
  const { t, locale } = useI18n();
  const tasksRef = useRef<HTMLOListElement>(null);
  const focusTask = useRef<{ id: string; action: 'task-up' | 'task-down' } | null>(null);
  const [taskAnnouncement, setTaskAnnouncement] = useState('');
  // A moved task keeps the focus on the button that moved it (or its twin, once that one is disabled at the end).
  useLayoutEffect(() => {
    const target = focusTask.current;
    if (!target) return;
    focusTask.current = null;
    const row = tasksRef.current?.querySelector<HTMLElement>(`[data-task-id="${target.id.replace(/["\\]/g, '\\$&')}"]`);
    const button = row?.querySelector<HTMLButtonElement>(`[data-action=${target.action}]`);
    (button && !button.disabled ? button : row?.querySelector<HTMLButtonElement>('[data-action^=task-]:not([disabled])'))?.focus();
  });
  const moveTask = (from: number, to: number) => {
    const task = stage.tasks[from];
    if (!task || to < 0 || to >= stage.tasks.length) return;
    focusTask.current = { id: task.id, action: to < from ? 'task-up' : 'task-down' };
    update((st) => void (st.tasks = move(st.tasks, from, to)));
    setTaskAnnouncement(t('options.editor.moved', { name: task.title, position: to + 1, count: stage.tasks.length }));
  };
  const path = (...rest: (string | number)[]) => stagePath(p, s, ...rest);

  return (
    <section class="stage-editor" aria-labelledby="stage-editor-title" data-testid="stage-editor">
      <h3 id="stage-editor-title">{t('options.editor.stageDetails', { name: stage.name })}</h3>
      <div class="field-row">
        <Field label={t('options.editor.stageName')} path={path('name')}>
          {(field) => <input {...field} type="text" value={stage.name} maxLength={250} onInput={(e) => update((st) => void (st.name = e.currentTarget.value))} data-testid="stage-name" />}
        </Field>
        <Field label={t('options.editor.outcome')} path={path('outcome')}>
          {(field) => (
            <select {...field} value={stage.outcome ?? 'open'} onChange={(e) => update((st) => void (st.outcome = e.currentTarget.value === 'open' ? null : (e.currentTarget.value as 'won' | 'lost')))}>
              <option value="open">{t('options.editor.outcome.open')}</option>
              <option value="won">{t('options.editor.outcome.won')}</option>
              <option value="lost">{t('options.editor.outcome.lost')}</option>
            </select>
          )}
        </Field>
      </div>

      <fieldset class="group">
        <legend>{t('options.editor.aliases')}</legend>
        <p class="field-hint">{t('options.editor.aliasesHint')}</p>
        <div class="field-row">
          {CRM_ALIAS_KEYS.map((crm) => (
            <Field key={crm} label={t(CRM_LABEL_KEYS[crm])} path={path('aliases', crm)} nested>
              {(field) => <LinesInput {...field} value={stage.aliases[crm]} onValue={(lines) => update((st) => void (st.aliases[crm] = lines))} />}
            </Field>
          ))}
        </div>
      </fieldset>

      <div class="guidance-editor">
        <Field label={t('options.editor.guidance')} path={path('guidance')} hint={t('options.editor.guidanceHint')}>
          {(field) => <textarea {...field} rows={8} value={stage.guidance} onInput={(e) => update((st) => void (st.guidance = e.currentTarget.value))} data-testid="guidance-input" />}
        </Field>
        <section class="guidance-preview" aria-label={t('options.editor.preview')} aria-live="off">
          <h4>{t('options.editor.preview')}</h4>
          {stage.guidance.trim() ? <GuidancePreview text={stage.guidance} /> : <p class="muted">{t('options.editor.previewEmpty')}</p>}
        </section>
      </div>

      <fieldset class="group" data-path={path('goal')} tabIndex={-1}>
        <legend>{t('options.editor.goal')}</legend>
        <p class="field-hint">{t('options.editor.goalHint')}</p>
        <ol class="criteria">
          {stage.goal.map((criterion, c) => (
            <li key={c} class="criterion" data-testid="criterion">
              <Field label={t('options.editor.criterionKind', { n: c + 1 })} path={path('goal', c, 'kind')}>
                {(field) => (
                  <select {...field} value={criterion.kind} onChange={(e) => update((st) => void (st.goal[c] = newCriterion(e.currentTarget.value as Criterion['kind'], st, t('options.editor.newCriterionLabel'))))}>
                    {CRITERION_KINDS.map((kind) => <option key={kind} value={kind}>{t(CRITERION_KEYS[kind])}</option>)}
                  </select>
                )}
              </Field>
              {criterion.kind === 'field' ? (
                <Field label={t('options.editor.criterionField')} path={path('goal', c, 'field')}>
                  {(field) => (
                    <select {...field} value={criterion.field} onChange={(e) => update((st) => void (st.goal[c] = { kind: 'field', field: e.currentTarget.value as (typeof DEAL_FIELDS)[number] }))}>
                      {DEAL_FIELDS.map((f) => <option key={f} value={f}>{t(FIELD_KEYS[f])}</option>)}
                    </select>
                  )}
                </Field>
              ) : null}
              {criterion.kind === 'activity' ? (
                <Field label={t('options.editor.criterionActivity')} path={path('goal', c, 'activityType')}>
                  {(field) => (
                    <select {...field} value={criterion.activityType} onChange={(e) => update((st) => void (st.goal[c] = { kind: 'activity', activityType: e.currentTarget.value as ActivityType }))}>
                      {ACTIVITY_TYPES.map((a) => <option key={a} value={a}>{t(ACTIVITY_KEYS[a])}</option>)}
                    </select>
                  )}
                </Field>
              ) : null}
              {criterion.kind === 'manual' ? (
                <Field label={t('options.editor.criterionLabel')} path={path('goal', c, 'label')}>
                  {(field) => <input {...field} type="text" value={criterion.label} onInput={(e) => update((st) => { const cr = st.goal[c]; if (cr?.kind === 'manual') cr.label = e.currentTarget.value; })} />}
                </Field>
              ) : null}
              {readOnly ? null : (
                <button type="button" class="icon-button icon-button--danger" aria-label={t('options.editor.removeCriterion', { n: c + 1 })} title={t('options.editor.removeCriterion', { n: c + 1 })} onClick={() => update((st) => void st.goal.splice(c, 1))}>✕</button>
              )}
            </li>
          ))}
        </ol>
        {readOnly ? null : (
          <button type="button" class="add-button" disabled={stage.goal.length >= MAX_CRITERIA} onClick={() => update((st) => void st.goal.push(newCriterion('activity', st, t('options.editor.newCriterionLabel'))))}>
            + {t('options.editor.addCriterion')}
          </button>
        )}
      </fieldset>

      <fieldset class="group" data-path={path('tasks')} tabIndex={-1}>
        <legend>{t('options.editor.tasks')}</legend>
        <p class="field-hint">{t('options.editor.tasksHint')}</p>
        <ol class="tasks" ref={tasksRef}>
          {stage.tasks.map((task, i) => (
            <li key={task.id} class="task" data-testid="task" data-task-id={task.id}>
              <Field label={t('options.editor.taskTitle', { n: i + 1 })} path={path('tasks', i, 'title')} class="task__title">
                {(field) => <input {...field} type="text" value={task.title} maxLength={250} onInput={(e) => update((st) => void (st.tasks[i]!.title = e.currentTarget.value))} data-testid="task-title" />}
              </Field>
              <Field label={t('options.editor.taskDue')} path={path('tasks', i, 'dueDays')} class="task__due">
                {(field) => <NumberInput {...field} value={task.dueDays} min={0} max={365} step={1} onValue={(n) => update((st) => void (st.tasks[i]!.dueDays = n))} data-testid="task-due" />}
              </Field>
              <Field label={t('options.editor.taskEvidence')} path={path('tasks', i, 'evidence')} class="task__evidence">
                {(field) => (
                  <select {...field} value={task.evidence?.activityType ?? ''} onChange={(e) => update((st) => void (st.tasks[i]!.evidence = e.currentTarget.value ? { activityType: e.currentTarget.value as ActivityType } : null))}>
                    <option value="">{t('options.editor.evidenceNone')}</option>
                    {ACTIVITY_TYPES.map((a) => <option key={a} value={a}>{t(ACTIVITY_KEYS[a])}</option>)}
                  </select>
                )}
              </Field>
              <label class="checkbox task__required">
                <input type="checkbox" checked={task.required} data-path={path('tasks', i, 'required')} onChange={(e) => update((st) => void (st.tasks[i]!.required = e.currentTarget.checked))} />
                {t('options.editor.taskRequired')}
              </label>
              {readOnly ? null : (
                <>
                  <button type="button" class="icon-button" data-action="task-up" aria-label={t('options.editor.moveUp', { name: task.title })} title={t('options.editor.moveUp', { name: task.title })} disabled={i === 0} onClick={() => moveTask(i, i - 1)}>↑</button>
                  <button type="button" class="icon-button" data-action="task-down" aria-label={t('options.editor.moveDown', { name: task.title })} title={t('options.editor.moveDown', { name: task.title })} disabled={i === stage.tasks.length - 1} onClick={() => moveTask(i, i + 1)}>↓</button>
                </>
              )}
              {readOnly ? null : (
                <button type="button" class="icon-button icon-button--danger" aria-label={t('options.editor.removeTask', { name: task.title })} title={t('options.editor.removeTask', { name: task.title })} onClick={() => update((st) => void st.tasks.splice(i, 1))}>✕</button>
              )}
            </li>
          ))}
        </ol>
        <p class="visually-hidden" role="status" aria-live="polite" data-testid="task-announcement">{taskAnnouncement}</p>
        {readOnly ? null : stage.tasks.length >= MAX_TASKS ? (
          <p class="field-hint" data-testid="tasks-full">{t('options.editor.tasksFull')}</p>
        ) : (
          <button type="button" class="add-button" onClick={() => update((st) => void st.tasks.push(newTask(st, t('options.editor.newTaskTitle'))))} data-testid="add-task">
            + {t('options.editor.addTask')}
          </button>
        )}
      </fieldset>

      <fieldset class="group" data-path={path('qualifications')} tabIndex={-1} data-testid="stage-qualifications">
        <legend>{t('options.editor.qualifications')}</legend>
        {qualifications.length === 0 ? (
          <p class="field-hint">{t('options.editor.qualificationsNone')}</p>
        ) : (
          <>
            <p class="field-hint">{t('options.editor.qualificationsHint', { max: MAX_STAGE_QUALIFICATIONS })}</p>
            {qualifications.map((q) => {
              const on = stage.qualifications.includes(q.id);
              const full = !on && stage.qualifications.length >= MAX_STAGE_QUALIFICATIONS;
              return (
                <label key={q.id} class="checkbox">
                  <input
                    type="checkbox"
                    checked={on}
                    disabled={readOnly || full}
                    data-qualification={q.id}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      // Kept in the playbook's order, so the side panel lists them the same way everywhere.
                      update((st) => void (st.qualifications = qualifications.map((x) => x.id).filter((id) => (id === q.id ? checked : st.qualifications.includes(id)))));
                    }}
                  />
                  {t('options.editor.qualificationOption', { name: q.name, count: q.items.length })}
                </label>
              );
            })}
          </>
        )}
      </fieldset>

      <ScriptsEditor stage={stage} readOnly={readOnly} path={path} update={update} />

      {stage.outcome === null ? (
        <div class="field" data-testid="stage-hard">
          <label class="checkbox">
            <input type="checkbox" checked={stage.hard} data-path={path('hard')} onChange={(e) => update((st) => void (st.hard = e.currentTarget.checked))} data-testid="stage-hard-input" />
            {t('options.editor.hard')}
          </label>
          {lowestConversion ? <p class="field-hint" data-testid="stage-hard-measured">{t('options.editor.hardLowest', { rate: formatPercent(lowestConversion.rate, locale), deals: lowestConversion.deals })}</p> : null}
        </div>
      ) : null}

      <div class="field-row">
        <Field label={t('options.editor.rotDays')} path={path('rotDays')} hint={learned ? t('options.editor.rotDaysLearned', { days: learned.days, deals: learned.deals }) : t('options.editor.rotDaysHint', { days: defaultRotDays })}>
          {(field) => <NumberInput {...field} value={stage.rotDays} emptyValue={null} min={1} max={3650} step={1} onValue={(n) => update((st) => void (st.rotDays = n))} />}
        </Field>
        <Field label={t('options.editor.probability')} path={path('probability')}>
          {(field) => <NumberInput {...field} value={stage.probability} scale={100} min={0} max={100} step="any" onValue={(n) => update((st) => void (st.probability = n))} />}
        </Field>
        <Field label={t('options.editor.forecast')} path={path('forecastCategory')}>
          {(field) => (
            <select {...field} value={stage.forecastCategory} onChange={(e) => update((st) => void (st.forecastCategory = e.currentTarget.value as Stage['forecastCategory']))}>
              {FORECAST_CATEGORIES.map((f) => <option key={f} value={f}>{t(FORECAST_KEYS[f])}</option>)}
            </select>
          )}
        </Field>
      </div>
    </section>
  );
}
