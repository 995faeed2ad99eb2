import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import { isMessageKey } from '@/lib/i18n';
import { blankPlaybook, DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';
import { useI18n } from '../i18n';
import { LiveStatus, storageErrorText } from './fields';

const BLANK = 'blank';

export interface TemplatePickerProps {
  db: StagecraftDb;
  /** The playbook that would be replaced, if any: asks for confirmation first. */
  replacing: string | null;
  beforeReplace(): Promise<void>;
  onReplaced(): void;
  now: () => Date;
}

/** Start from a shipped template or a blank playbook. */
export function TemplatePicker({ db, replacing, beforeReplace, onReplaced, now }: TemplatePickerProps) {
  const { t, locale } = useI18n();
  const [choice, setChoice] = useState<string>(DEFAULT_TEMPLATE_ID);
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function start() {
    const when = now();
    // Built in the page's language: stage names, guidance, tasks and scripts (ids are the same in all).
    const template = TEMPLATES.find((x) => x.id === choice);
    const playbook = template ? template.build(when, locale) : blankPlaybook(when, locale);
    let saved: Awaited<ReturnType<typeof replaceActivePlaybook>>;
    try {
      await beforeReplace();
      saved = await replaceActivePlaybook(db, playbook);
    } catch (failure) {
      setError(storageErrorText(t, failure));
      return;
    }
    if (!saved.ok) {
      setError(saved.error);
      return;
    }
    setError(null);
    setConfirming(false);
    setStatus(t('options.start.done', { name: saved.playbook.name }));
    onReplaced();
  }

  const templateName = (nameKey: string, id: string) => (isMessageKey(nameKey) ? t(nameKey) : id);

  return (
    <section class={replacing ? 'template-picker template-picker--again' : 'card template-picker'} aria-labelledby="template-title" data-testid="template-picker">
      <h3 id="template-title">{replacing ? t('options.start.replaceTitle') : t('options.start.title')}</h3>
      {replacing ? null : <p>{t('options.start.body')}</p>}
      <div class="field-row">
        <div class="field">
          <label for="template-choice">{t('options.start.template')}</label>
          <select id="template-choice" value={choice} data-testid="template-choice" onChange={(e) => { setChoice(e.currentTarget.value); setConfirming(false); }}>
            {TEMPLATES.map((template) => <option key={template.id} value={template.id}>{templateName(template.nameKey, template.id)}</option>)}
            <option value={BLANK}>{t('options.start.blank')}</option>
          </select>
        </div>
        {!confirming ? (
          <button type="button" class={replacing ? '' : 'primary'} data-testid="template-start" onClick={() => (replacing ? setConfirming(true) : void start())}>
            {t('options.start.create')}
          </button>
        ) : null}
      </div>
      {confirming && replacing ? (
        <div class="confirm" role="alertdialog" aria-labelledby="template-confirm-text">
          <p id="template-confirm-text">{t('options.start.replaceWarning', { name: replacing })}</p>
          <div class="actions">
            <button type="button" class="danger" data-testid="template-confirm" onClick={() => void start()}>{t('options.start.confirmReplace')}</button>
            <button type="button" onClick={() => setConfirming(false)}>{t('options.action.cancel')}</button>
          </div>
        </div>
      ) : null}
      {error ? <p class="field-error" role="alert">{error}</p> : null}
      <LiveStatus>{status}</LiveStatus>
    </section>
  );
}
