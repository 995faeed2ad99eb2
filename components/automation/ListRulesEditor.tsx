import { draftProblemText } from './format';
import { causeText, type Cause } from '@/lib/i18n/cause';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { saveMailchimpSettings } from '@/lib/db/mailchimp';
import type { MailchimpList } from '@/lib/mailchimp/client';
import { LOST_STAGE, WON_STAGE, parseMailchimpSettings, type ListRule, type MailchimpSettings } from '@/lib/mailchimp/rules';
import type { SyncedPipeline } from '@/lib/team-sync/types';
import { useI18n } from '../i18n';
import { storageErrorText } from '../options/fields';
import { StageOptions } from './StageSelect';

const ACTIONS = ['subscribe', 'unsubscribe', 'removeTags'] as const;
const ACTION_KEYS = { subscribe: 'automation.mailchimp.rule.subscribe', unsubscribe: 'automation.mailchimp.rule.unsubscribe', removeTags: 'automation.mailchimp.rule.removeTags' } as const;
const splitTags = (text: string) => text.split(',').map((v) => v.trim()).filter(Boolean);

function ListRuleRow({ rule, position, pipelines, lists, onChange, onRemove }: { rule: ListRule; position: number; pipelines: readonly SyncedPipeline[]; lists: readonly MailchimpList[] | null; onChange(next: ListRule): void; onRemove(): void }) {
  const { t } = useI18n();
  const id = useId();
  const [tagsText, setTagsText] = useState(rule.tags.join(', '));
  const gone = lists !== null && !lists.some((l) => l.id === rule.listId);
  const listIds = lists?.map((l) => l.id) ?? [];
  const choices = rule.listId && !listIds.includes(rule.listId) ? [...listIds, rule.listId] : listIds;
  return (
    <li class="card" data-testid="list-rule">
      <h4>{t('automation.mailchimp.rule.heading', { n: position + 1 })}</h4>
      <div class="field-row">
        <div class="field">
          <label for={`${id}-stage`}>{t('automation.mailchimp.rule.stage')}</label>
          <select id={`${id}-stage`} value={rule.stage} data-testid="list-rule-stage" onChange={(e) => onChange({ ...rule, stage: e.currentTarget.value })}>
            <StageOptions pipelines={pipelines} pipeline={null} current={[WON_STAGE, LOST_STAGE].includes(rule.stage) ? null : rule.stage} />
            <option value={WON_STAGE}>{t('automation.mailchimp.won')}</option>
            <option value={LOST_STAGE}>{t('automation.mailchimp.lost')}</option>
          </select>
        </div>
        <div class="field">
          <label for={`${id}-action`}>{t('automation.mailchimp.rule.action')}</label>
          <select id={`${id}-action`} value={rule.action} data-testid="list-rule-action" onChange={(e) => onChange({ ...rule, action: e.currentTarget.value as ListRule['action'] })}>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(ACTION_KEYS[a])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={`${id}-list`}>{t('automation.mailchimp.rule.list')}</label>
          <select id={`${id}-list`} value={rule.listId} aria-invalid={gone} aria-describedby={gone ? `${id}-gone` : undefined} data-testid="list-rule-list" onChange={(e) => onChange({ ...rule, listId: e.currentTarget.value })}>
            {rule.listId === '' ? <option value="">{t('automation.mailchimp.rule.chooseList')}</option> : null}
            {choices.map((l) => (
              <option key={l} value={l}>
                {lists?.find((x) => x.id === l)?.name ?? t('automation.unknownId', { id: l })}
              </option>
            ))}
          </select>
          {gone ? (
            <p class="field-error" id={`${id}-gone`} data-testid="list-rule-gone">
              {t('automation.mailchimp.listGone', { id: rule.listId })}
            </p>
          ) : null}
        </div>
        <div class="field">
          <label for={`${id}-tags`}>{t(rule.action === 'subscribe' ? 'automation.mailchimp.rule.tagsAdd' : 'automation.mailchimp.rule.tagsRemove')}</label>
          <input id={`${id}-tags`} type="text" value={tagsText} data-testid="list-rule-tags" onInput={(e) => (setTagsText(e.currentTarget.value), onChange({ ...rule, tags: splitTags(e.currentTarget.value) }))} />
        </div>
      </div>
      <button type="button" class="link" aria-label={t('automation.mailchimp.rule.remove', { n: position + 1 })} onClick={onRemove}>
        {t('automation.remove')}
      </button>
    </li>
  );
}

/** Per stage: subscribe the deal's contacts to a list (with tags), unsubscribe them, or take tags off. */
export function ListRulesEditor({ db, stored, storedProblem, pipelines, lists, now }: { db: StagecraftDb; stored: MailchimpSettings; storedProblem: Cause | null; pipelines: readonly SyncedPipeline[]; lists: readonly MailchimpList[] | null; now: () => Date }) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState(stored);
  const [dirty, setDirty] = useState(false);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const counter = useRef(0);
  const storedJson = JSON.stringify(stored);
  useEffect(() => {
    if (!dirty) setDraft(stored);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [storedJson]);
  const edit = (next: Partial<MailchimpSettings>) => (setDraft((d) => ({ ...d, ...next })), setDirty(true), setStatus(null));
  const firstStage = pipelines.flatMap((p) => p.stages.filter((s) => s.closes === null))[0]?.id ?? WON_STAGE;
  const add = () => edit({ rules: [...draft.rules, { id: `list-${now().getTime().toString(36)}-${(counter.current++).toString(36)}`, stage: firstStage, listId: lists?.[0]?.id ?? '', action: 'subscribe', tags: [] }] });
  const save = async (event: Event) => {
    event.preventDefault();
    const parsed = parseMailchimpSettings(draft);
    if (!parsed.ok) return setStatus({ tone: 'error', text: t('automation.save.invalid', { problem: draftProblemText(t, locale, parsed.problem) }) });
    try {
      setDraft(await saveMailchimpSettings(db, parsed.value, now()));
      setDirty(false);
      setStatus({ tone: 'ok', text: t('automation.save.saved') });
    } catch (error) {
      setStatus({ tone: 'error', text: storageErrorText(t, error) });
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} data-testid="list-rules-editor">
      {storedProblem ? (
        <p class="error" role="alert" data-testid="list-rules-stored-problem">
          {t('automation.storedProblem', { detail: causeText(storedProblem, t, locale) })}
        </p>
      ) : null}
      <h3>{t('automation.mailchimp.rules.title')}</h3>
      {draft.rules.length === 0 ? <p class="muted">{t('automation.rules.none')}</p> : null}
      <ul class="plain-list">
        {draft.rules.map((rule, i) => (
          <ListRuleRow key={rule.id} rule={rule} position={i} pipelines={pipelines} lists={lists} onChange={(next) => edit({ rules: draft.rules.map((r, j) => (j === i ? next : r)) })} onRemove={() => edit({ rules: draft.rules.filter((_, j) => j !== i) })} />
        ))}
      </ul>
      <button type="button" class="add-button" data-testid="add-list-rule" onClick={add}>
        {t('automation.mailchimp.rules.add')}
      </button>
      <label class="checkbox">
        <input type="checkbox" checked={draft.afterSync} onChange={(e) => edit({ afterSync: e.currentTarget.checked })} /> {t('automation.mailchimp.afterSync')}
      </label>
      <div class="actions">
        <button type="submit" class="primary" data-testid="list-rules-save">
          {t('automation.save')}
        </button>
      </div>
      <p class={status?.tone === 'error' ? 'field-error' : 'live-status'} role="status" aria-live="polite" data-testid="list-rules-status">
        {status?.text ?? (dirty ? t('automation.save.unsaved') : '')}
      </p>
    </form>
  );
}
