import { useState } from 'preact/hooks';
import type { Script, Task } from '@/lib/model/playbook.schema';
import { fillScript, hasMissing, mailtoLink, scriptText, type ScriptPart, type ScriptValues } from '@/lib/playbook/scripts';
import type { MessageKey, Translate } from '@/lib/i18n';
import { useI18n } from '../i18n';
import { causeText } from '@/lib/i18n/cause';

export interface ScriptsProps {
  scripts: readonly Script[];
  /** The stage's key tasks (a script may tick one when used). */
  tasks: readonly Task[];
  values: ScriptValues;
  /** Puts text on the clipboard (tests pass their own). */
  copyText?: (text: string) => Promise<void>;
  /** A script was copied or opened in mail: tick the task it is evidence for. */
  onUse(script: Script): void;
}

const VARIABLE_KEYS: Record<string, MessageKey> = {
  'deal.title': 'scripts.var.deal.title',
  'deal.owner': 'scripts.var.deal.owner',
  'contact.firstName': 'scripts.var.contact.firstName',
  'stage.next': 'scripts.var.stage.next',
  'me.name': 'scripts.var.me.name',
};

/** The rep's words for a missing variable, e.g. "contact's first name". */
export function missingLabel(t: Translate, name: string, known: boolean): string {
  const key = known ? VARIABLE_KEYS[name] : undefined;
  return key ? t(key) : t('scripts.var.unknown', { name });
}

const browserCopy = (text: string) => navigator.clipboard.writeText(text);

/** A filled template as text nodes, missing values marked (never raw braces, never HTML). */
function FilledText({ parts, t }: { parts: readonly ScriptPart[]; t: Translate }) {
  return (
    <>
      {parts.map((part, i) =>
        part.kind === 'text' ? part.text : <mark key={i} class="script__missing" data-variable={part.name}>{missingLabel(t, part.name, part.known)}</mark>,
      )}
    </>
  );
}

/** The stage's call scripts and e-mail templates, filled for this deal, one click to copy or mail. */
export function Scripts({ scripts, tasks, values, copyText = browserCopy, onUse }: ScriptsProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  if (scripts.length === 0) return null;
  const label = (name: string, known: boolean) => missingLabel(t, name, known);

  return (
    <section class="card" aria-labelledby="scripts-heading" data-testid="scripts">
      <h2 id="scripts-heading">{t('scripts.heading')}</h2>
      <ul class="scripts">
        {scripts.map((script) => {
          const body = fillScript(script.body, values);
          const subject = script.kind === 'email' ? fillScript(script.subject, values) : [];
          const bodyText = scriptText(body, label);
          const subjectText = scriptText(subject, label);
          const ticks = script.ticksTask ? tasks.find((task) => task.id === script.ticksTask) : undefined;
          const used = () => {
            onUse(script);
            if (ticks) setStatus({ text: t('scripts.ticked', { task: ticks.title }), error: false });
          };
          const copy = async () => {
            const text = script.kind === 'email' && subjectText ? `${subjectText}\n\n${bodyText}` : bodyText;
            try {
              await copyText(text);
              setStatus({ text: t('scripts.copied', { title: script.title }), error: false });
              used();
            } catch (error) {
              setStatus({ text: t('scripts.copyFailed', { detail: causeText({ kind: 'clipboard', ...(error instanceof Error && { technical: `${error.name}: ${error.message}` }) }, t) }), error: true });
            }
          };
          const mail = script.kind === 'email' ? mailtoLink(null, subjectText, bodyText, t('scripts.mailCut')) : null;
          return (
            <li key={script.id} class="script" data-script-id={script.id}>
              <details>
                <summary>
                  <span class="script__kind">{t(script.kind === 'call' ? 'scripts.kind.call' : 'scripts.kind.email')}</span> <span class="script__title">{script.title}</span>
                </summary>
                {script.kind === 'email' && script.subject ? (
                  <p class="script__subject" data-testid="script-subject"><span class="muted">{t('scripts.subject')}</span> <FilledText parts={subject} t={t} /></p>
                ) : null}
                <p class="script__body" data-testid="script-body"><FilledText parts={body} t={t} /></p>
                {hasMissing(body) || hasMissing(subject) ? <p class="muted small">{t('scripts.missingNote')}</p> : null}
                {ticks ? <p class="muted small">{t('scripts.ticks', { task: ticks.title })}</p> : null}
              </details>
              <div class="script__actions">
                <button type="button" onClick={() => void copy()} title={t('scripts.copyTitle', { title: script.title })} aria-label={t('scripts.copyTitle', { title: script.title })} data-testid="script-copy">
                  {t('scripts.copy')}
                </button>
                {mail ? (
                  <a class="button" href={mail.href} target="_blank" rel="noopener noreferrer" onClick={used} data-testid="script-mail">
                    {t('scripts.openMail')}
                  </a>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <p class={status?.error ? 'field-error small' : 'muted small'} role="status" aria-live="polite" data-testid="script-status">{status?.text ?? ''}</p>
    </section>
  );
}
