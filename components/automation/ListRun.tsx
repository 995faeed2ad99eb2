import { useState } from 'preact/hooks';
import type { StoredListPlan } from '@/lib/db/mailchimp';
import type { MailchimpList } from '@/lib/mailchimp/client';
import type { ListNote } from '@/lib/mailchimp/plan';
import type { MessageKey, Translate } from '@/lib/i18n';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import { useI18n } from '../i18n';
import { countText, failureText, formatMoment, replyText } from './format';
import { causeText } from '@/lib/i18n/cause';
import { failureCause } from '@/lib/db/errors';

const WHAT_KEYS = { subscribe: 'automation.mailchimp.what.subscribe', unsubscribe: 'automation.mailchimp.what.unsubscribe', removeTags: 'automation.mailchimp.what.removeTags' } as const satisfies Record<string, MessageKey>;

export function listNoteText(t: Translate, note: ListNote, listName: (id: string) => string): string {
  switch (note.kind) {
    case 'unknownList':
      return t('automation.mailchimp.note.unknownList', { id: note.listId });
    case 'noContacts':
      return t('automation.mailchimp.note.noContacts', { deal: note.title });
    case 'unreadable':
      return t('automation.note.unreadable', { deal: note.title, detail: failureText(t, note.detail, 'crm') });
    case 'skip':
      return t('automation.mailchimp.note.skip', { deal: note.title, email: note.email, list: listName(note.listId), why: t(`automation.mailchimp.skip.${note.reason}` as MessageKey) });
  }
}

export interface ListRunProps {
  plan: StoredListPlan | null;
  lists: readonly MailchimpList[] | null;
  hasRules: boolean;
  connected: boolean;
  run(op: AutomationOp): Promise<AutomationReply>;
}

/** Dry run → what would be sent to Mailchimp, contact by contact; Apply sends exactly that. */
export function ListRun({ plan, lists, hasRules, connected, run }: ListRunProps) {
  const { t, locale } = useI18n();
  const [working, setWorking] = useState<AutomationOp | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const listName = (id: string) => lists?.find((l) => l.id === id)?.name ?? id;
  const press = async (op: AutomationOp, done: string) => {
    setWorking(op);
    setMessage(null);
    try {
      const reply = await run(op);
      setMessage(reply.ok ? { tone: 'ok', text: done } : { tone: 'error', text: replyText(t, locale, reply) });
    } catch (error) {
      setMessage({ tone: 'error', text: t('automation.reason.other', { detail: causeText(failureCause(error), t) }) });
    } finally {
      setWorking(null);
    }
  };
  return (
    <div data-testid="list-run" aria-busy={working !== null}>
      <div class="actions">
        <button type="button" disabled={working !== null || !hasRules || !connected} onClick={() => void press('mailchimpDryRun', t('automation.mailchimp.dryRunDone'))} data-testid="list-dry-run">
          {working === 'mailchimpDryRun' ? t('automation.run.dryRunning') : t('automation.run.dryRun')}
        </button>
        <button type="button" class="primary" disabled={working !== null || !plan || plan.plan.changes.length === 0} onClick={() => void press('mailchimpApply', t('automation.run.applied'))} data-testid="list-apply">
          {working === 'mailchimpApply' ? t('automation.run.applying') : t('automation.run.apply')}
        </button>
      </div>
      <p class={message?.tone === 'error' ? 'error' : 'live-status'} role="status" aria-live="polite" data-testid="list-run-status">
        {message?.text ?? ''}
      </p>
      {plan ? (
        <div data-testid="list-plan">
          <p class="small muted">{t('automation.mailchimp.plan.made', { at: formatMoment(locale, plan.createdAt), events: plan.events })}</p>
          <p class="automation-plan__count" data-testid="list-plan-count">
            {countText(t, locale, 'automation.mailchimp.plan.count', plan.plan.changes.length)}
          </p>
          {plan.plan.changes.length ? (
            <table class="automation-table">
              <caption class="visually-hidden">{t('automation.plan.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('automation.col.deal')}</th>
                  <th scope="col">{t('automation.mailchimp.col.contact')}</th>
                  <th scope="col">{t('automation.mailchimp.col.change')}</th>
                  <th scope="col">{t('automation.mailchimp.col.tags')}</th>
                </tr>
              </thead>
              <tbody>
                {plan.plan.changes.map((c) => (
                  <tr key={c.entryKey} data-testid="list-plan-row">
                    <th scope="row">{c.title}</th>
                    <td>{c.contact.email}</td>
                    <td>{t(WHAT_KEYS[c.action], { list: listName(c.listId) })}</td>
                    <td>{(c.decision.addTags.length ? c.decision.addTags : c.decision.removeTags).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {plan.plan.notes.length ? (
            <ul class="automation-notes" data-testid="list-plan-notes">
              {plan.plan.notes.map((n, i) => (
                <li key={i} class={n.kind === 'unknownList' || n.kind === 'unreadable' ? 'field-error' : 'muted'}>
                  {listNoteText(t, n, listName)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
