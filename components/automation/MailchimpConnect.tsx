import { useEffect, useId, useState } from 'preact/hooks';
import type { CredentialStore } from '@/lib/crm/api/credentials';
import { loadMailchimpConnection, mailchimpDataCentre, mailchimpPermissionOrigin, maskedKey, removeMailchimpConnection, saveMailchimpConnection, type MailchimpConnection } from '@/lib/mailchimp/key';
import type { AutomationOp, AutomationReply } from '@/lib/messaging/protocol';
import type { PermissionRequest } from '../connections/Connections';
import { MAILCHIMP_DATA_COLLECTION } from '@/lib/extension/data-collection';
import { useI18n } from '../i18n';
import { replyText } from './format';

export interface MailchimpAccess {
  /** Extension storage: the key lives there only. */
  store: CredentialStore;
  requestPermissions(request: PermissionRequest): Promise<boolean>;
  removePermissions?(request: PermissionRequest): Promise<boolean>;
}

export interface MailchimpConnectProps extends MailchimpAccess {
  run(op: AutomationOp): Promise<AutomationReply>;
  now: () => Date;
  onChange(connection: MailchimpConnection | null): void;
}

/** Connect Mailchimp with an API key: the browser is asked for the key's data centre host only. */
export function MailchimpConnect({ store, requestPermissions, removePermissions, run, now, onChange }: MailchimpConnectProps) {
  const { t, locale } = useI18n();
  const id = useId();
  const [connection, setConnection] = useState<MailchimpConnection | null | undefined>(undefined);
  const [key, setKey] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    void loadMailchimpConnection(store).then((c) => (setConnection(c), onChange(c)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

  const connect = (event: Event) => {
    event.preventDefault();
    const dataCentre = mailchimpDataCentre(key);
    if (!dataCentre) return setMessage({ tone: 'error', text: t('automation.mailchimp.keyError') });
    // Asked within the click: the browser shows its prompt only for a user's gesture.
    const asked = requestPermissions({ permissions: [], origins: [mailchimpPermissionOrigin(dataCentre)], dataCollection: MAILCHIMP_DATA_COLLECTION });
    void (async () => {
      if (!(await asked.catch(() => false))) return setMessage({ tone: 'error', text: t('automation.mailchimp.permissionRefused', { host: `${dataCentre}.api.mailchimp.com` }) });
      const saved = await saveMailchimpConnection(store, key, now());
      setConnection(saved);
      onChange(saved);
      setKey('');
      const reply = await run('mailchimpLists');
      setMessage(reply.ok ? { tone: 'ok', text: t('automation.mailchimp.connected', { host: `${dataCentre}.api.mailchimp.com` }) } : { tone: 'error', text: replyText(t, locale, reply) });
    })();
  };
  const disconnect = async () => {
    if (!connection) return;
    await removeMailchimpConnection(store);
    await removePermissions?.({ permissions: [], origins: [mailchimpPermissionOrigin(connection.dataCentre)] }).catch(() => false);
    setConnection(null);
    onChange(null);
    setMessage({ tone: 'ok', text: t('automation.mailchimp.disconnected') });
  };

  if (connection === undefined) return null;
  return (
    <div class="automation-mailchimp-connect" data-testid="mailchimp-connect">
      {connection ? (
        <div class="actions">
          <span data-testid="mailchimp-connected">{t('automation.mailchimp.connectedAs', { key: maskedKey(connection.key), host: `${connection.dataCentre}.api.mailchimp.com` })}</span>
          <button type="button" class="link" onClick={() => void disconnect()} data-testid="mailchimp-disconnect">
            {t('automation.mailchimp.disconnect')}
          </button>
        </div>
      ) : (
        <form class="field-row" onSubmit={connect}>
          <div class="field">
            <label for={`${id}-key`}>{t('automation.mailchimp.key')}</label>
            <input id={`${id}-key`} type="password" autocomplete="off" spellcheck={false} value={key} aria-describedby={`${id}-hint`} data-testid="mailchimp-key" onInput={(e) => setKey(e.currentTarget.value)} />
            <p class="field-hint" id={`${id}-hint`}>
              {t('automation.mailchimp.keyHint')}
            </p>
          </div>
          <div>
            <button type="submit" data-testid="mailchimp-connect-button">
              {t('automation.mailchimp.connect')}
            </button>
          </div>
        </form>
      )}
      <p class={message?.tone === 'error' ? 'error' : 'live-status'} role="status" aria-live="polite" data-testid="mailchimp-connect-status">
        {message?.text ?? ''}
      </p>
    </div>
  );
}
