import { MAX_SCRIPTS, SCRIPT_KINDS, type Script, type ScriptKind, type Stage } from '@/lib/model/playbook.schema';
import { fillScript, SCRIPT_VARIABLES } from '@/lib/playbook/scripts';
import { useI18n } from '../i18n';
import { Field } from './fields';
import { freshId } from './editing';

export interface ScriptsEditorProps {
  stage: Stage;
  readOnly: boolean;
  path(...rest: (string | number)[]): string;
  update(change: (stage: Stage) => void): void;
}

const KIND_KEYS = { call: 'scripts.kind.call', email: 'scripts.kind.email' } as const;

/** Variables a template uses that Stagecraft does not know (a typo would show up marked to every rep). */
function unknownVariables(script: Script): string[] {
  const noValues = Object.fromEntries(SCRIPT_VARIABLES.map((name) => [name, null])) as Record<(typeof SCRIPT_VARIABLES)[number], null>;
  const names = [...fillScript(script.subject, noValues), ...fillScript(script.body, noValues)].flatMap((part) => (part.kind === 'missing' && !part.known ? [part.name] : []));
  return [...new Set(names)];
}

/** A stage's call scripts and e-mail templates: kind, title, subject, text, and the task using it ticks. */
export function ScriptsEditor({ stage, readOnly, path, update }: ScriptsEditorProps) {
  const { t } = useI18n();
  const variables = SCRIPT_VARIABLES.map((name) => `{{${name}}}`).join(', ');
  const add = () =>
    update((st) => void st.scripts.push({ id: freshId('script', st.scripts.map((s) => s.id)), kind: 'call', title: t('options.scripts.newTitle'), subject: '', body: '', ticksTask: null }));
  return (
    <fieldset class="group" data-path={path('scripts')} tabIndex={-1} data-testid="stage-scripts">
      <legend>{t('options.scripts.legend')}</legend>
      <p class="field-hint">{t('options.scripts.hint', { variables })}</p>
      <ol class="scripts-editor">
        {stage.scripts.map((script, i) => {
          const unknown = unknownVariables(script);
          return (
            <li key={script.id} class="script-editor" data-testid="script-editor" data-script-id={script.id}>
              <div class="field-row">
                <Field label={t('options.scripts.kind')} path={path('scripts', i, 'kind')}>
                  {(field) => (
                    <select {...field} disabled={readOnly} value={script.kind} onChange={(e) => update((st) => void (st.scripts[i]!.kind = e.currentTarget.value as ScriptKind))}>
                      {SCRIPT_KINDS.map((kind) => <option key={kind} value={kind}>{t(KIND_KEYS[kind])}</option>)}
                    </select>
                  )}
                </Field>
                <Field label={t('options.scripts.title', { n: i + 1 })} path={path('scripts', i, 'title')}>
                  {(field) => <input {...field} readOnly={readOnly} type="text" value={script.title} maxLength={250} onInput={(e) => update((st) => void (st.scripts[i]!.title = e.currentTarget.value))} data-testid="script-title" />}
                </Field>
                <Field label={t('options.scripts.ticks')} path={path('scripts', i, 'ticksTask')}>
                  {(field) => (
                    <select {...field} disabled={readOnly} value={script.ticksTask ?? ''} onChange={(e) => update((st) => void (st.scripts[i]!.ticksTask = e.currentTarget.value || null))} data-testid="script-ticks">
                      <option value="">{t('options.scripts.ticksNone')}</option>
                      {stage.tasks.map((task) => <option key={task.id} value={task.id}>{task.title}</option>)}
                    </select>
                  )}
                </Field>
              </div>
              {script.kind === 'email' ? (
                <Field label={t('options.scripts.subject')} path={path('scripts', i, 'subject')}>
                  {(field) => <input {...field} readOnly={readOnly} type="text" value={script.subject} maxLength={250} onInput={(e) => update((st) => void (st.scripts[i]!.subject = e.currentTarget.value))} data-testid="script-subject-input" />}
                </Field>
              ) : null}
              <Field label={t('options.scripts.body')} path={path('scripts', i, 'body')}>
                {(field) => <textarea {...field} readOnly={readOnly} rows={6} value={script.body} onInput={(e) => update((st) => void (st.scripts[i]!.body = e.currentTarget.value))} data-testid="script-body-input" />}
              </Field>
              {unknown.length ? <p class="field-error" data-testid="script-unknown">{t('options.scripts.unknownVariables', { names: unknown.join(', ') })}</p> : null}
              {readOnly ? null : (
                <button type="button" class="icon-button icon-button--danger" aria-label={t('options.scripts.remove', { name: script.title })} title={t('options.scripts.remove', { name: script.title })} onClick={() => update((st) => void st.scripts.splice(i, 1))}>✕</button>
              )}
            </li>
          );
        })}
      </ol>
      {readOnly ? null : stage.scripts.length >= MAX_SCRIPTS ? (
        <p class="field-hint">{t('options.scripts.full', { max: MAX_SCRIPTS })}</p>
      ) : (
        <button type="button" class="add-button" onClick={add} data-testid="add-script">+ {t('options.scripts.add')}</button>
      )}
    </fieldset>
  );
}
