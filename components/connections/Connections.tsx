import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import type { MessageKey } from '@/lib/i18n';
import type { CrmId } from '@/lib/model/deal';
import {
  connectHubspot,
  connectPipedrive,
  connectSalesforce,
  disconnect,
  loadConnections,
  removeToken,
  setShareChecklist,
  setWriteActivities,
  summarise,
  validToken,
  type ConnectionSummary,
  type CredentialStore,
} from '@/lib/crm/api/credentials';
import { apiPermissionOrigins, apiPermissions } from '@/lib/crm/api/hosts';
import { pipedriveCompany } from '@/lib/crm/pipedrive/connection';
import { describeApiProblem } from '@/lib/crm/api/problem';
import { failureCause } from '@/lib/db/errors';
import { causeText } from '@/lib/i18n/cause';
import { CRM_DATA_COLLECTION, hostsOnly, type ConnectionPermissions } from '@/lib/extension/data-collection';
import type { CrmApiFailure } from '@/lib/crm/api/types';
import type { StagecraftDb } from '@/lib/db/database';
import { AccountHint } from './AccountHint';

/** What `browser.permissions.request/contains/remove` take (with Firefox's data consent). */
export type PermissionRequest = ConnectionPermissions;

export interface ConnectionsProps {
  /** Extension storage (`storageAreaStore(browser.storage.local)`); never IndexedDB. */
  store: CredentialStore;
  /** The deals seen, to tell a connection whose account is not known yet (Salesforce's org) what to do. */
  db?: StagecraftDb;
  /**
   * `browser.permissions.request(request)`. Called synchronously at the start of the click
   * handler, so it runs within the user's gesture.
   */
  requestPermissions(request: PermissionRequest): Promise<boolean>;
  /** `browser.permissions.contains(request)`: shows when a connected CRM lost its permission. */
  hasPermissions?(request: PermissionRequest): Promise<boolean>;
  /** `browser.permissions.remove(request)`, after a CRM is disconnected. */
  removePermissions?(request: PermissionRequest): Promise<boolean>;
  /** Asks the background whether the connection works; the button shows only with this. */
  checkConnection?(crm: CrmId): Promise<{ ok: true } | CrmApiFailure>;
  /** A connection changed (the background should drop its cached API reads of that CRM). */
  onChange?(crm: CrmId): void;
  now?: () => Date;
}

const CRM_NAME_KEYS = { salesforce: 'crm.salesforce', pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot' } as const satisfies Record<CrmId, MessageKey>;
const ORDER: readonly CrmId[] = ['salesforce', 'pipedrive', 'hubspot'];

export const permissionRequestFor = (crm: CrmId): PermissionRequest => ({ permissions: apiPermissions(crm), origins: apiPermissionOrigins(crm), dataCollection: CRM_DATA_COLLECTION });

type Summaries = Record<CrmId, ConnectionSummary>;
interface Note {
  text: string;
  tone: 'ok' | 'error';
}

/** The options-page section where a rep connects each CRM's API. Tokens are only ever shown masked. */
export function Connections({ store, db, requestPermissions, hasPermissions, removePermissions, checkConnection, onChange, now = () => new Date() }: ConnectionsProps) {
  const { t, locale } = useI18n();
  const [summaries, setSummaries] = useState<Summaries | null>(null);
  const [missing, setMissing] = useState<Partial<Record<CrmId, boolean>>>({});
  const [notes, setNotes] = useState<Partial<Record<CrmId, Note>>>({});
  const [busy, setBusy] = useState<CrmId | null>(null);
  const [company, setCompany] = useState('');
  const [pdToken, setPdToken] = useState('');
  const [useSession, setUseSession] = useState(true);
  const [hsToken, setHsToken] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'company' | 'pdToken' | 'hsToken', MessageKey>>>({});

  const name = (crm: CrmId) => t(CRM_NAME_KEYS[crm]);
  const note = (crm: CrmId, value: Note | undefined) => setNotes((n) => ({ ...n, [crm]: value }));

  async function refresh(): Promise<Summaries> {
    const connections = await loadConnections(store);
    const next = { salesforce: summarise('salesforce', connections.salesforce), pipedrive: summarise('pipedrive', connections.pipedrive), hubspot: summarise('hubspot', connections.hubspot) };
    setSummaries(next);
    if (hasPermissions) {
      const entries = await Promise.all(ORDER.map(async (crm) => [crm, next[crm].connected ? !(await hasPermissions(permissionRequestFor(crm)).catch(() => true)) : false] as const));
      setMissing(Object.fromEntries(entries));
    }
    return next;
  }

  useEffect(() => {
    void refresh().then((loaded) => {
      if (loaded.pipedrive.company) setCompany(loaded.pipedrive.company);
      if (loaded.pipedrive.connected) setUseSession(loaded.pipedrive.useSession ?? false);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store]);

  /** Permission first (inside the click's gesture), then the write; nothing is saved without it. */
  async function connectWith(crm: CrmId, save: () => Promise<boolean>) {
    const granted = requestPermissions(permissionRequestFor(crm));
    setBusy(crm);
    note(crm, undefined);
    try {
      if (!(await granted.catch(() => false))) {
        note(crm, { text: t('connections.permissionDenied', { crm: name(crm) }), tone: 'error' });
        return;
      }
      if (!(await save())) return;
      await refresh();
      onChange?.(crm);
      note(crm, { text: t('connections.connected', { crm: name(crm) }), tone: 'ok' });
    } catch (error) {
      note(crm, { text: t('connections.saveFailed', { detail: causeText(failureCause(error), t) }), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  async function change(crm: CrmId, action: () => Promise<void>, message: MessageKey, dropPermission: boolean) {
    setBusy(crm);
    note(crm, undefined);
    try {
      await action();
      const next = await refresh();
      if (dropPermission && !next[crm].connected) await removePermissions?.(hostsOnly(permissionRequestFor(crm))).catch(() => false);
      onChange?.(crm);
      note(crm, { text: t(message, { crm: name(crm) }), tone: 'ok' });
    } catch (error) {
      note(crm, { text: t('connections.saveFailed', { detail: causeText(failureCause(error), t) }), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  async function check(crm: CrmId) {
    if (!checkConnection) return;
    setBusy(crm);
    note(crm, { text: t('connections.checking'), tone: 'ok' });
    try {
      const result = await checkConnection(crm);
      // The CRM's HTTP status after the sentence, for support.
      const status = !result.ok && result.status ? ` ${t('cause.technicalOnly', { technical: `HTTP ${result.status}` })}` : '';
      note(crm, result.ok ? { text: t('connections.checkOk', { crm: name(crm) }), tone: 'ok' } : { text: describeApiProblem(t, result, crm) + status, tone: 'error' });
    } catch (error) {
      note(crm, { text: describeApiProblem(t, { kind: 'network', messageKey: 'connections.problem.network' }, crm), tone: 'error' });
    } finally {
      setBusy(null);
    }
  }

  const onPipedrive = (event: Event) => {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!pipedriveCompany(company)) errors.company = 'connections.pipedrive.companyError';
    const typed = pdToken.trim();
    if (typed && !validToken('pipedrive', typed)) errors.pdToken = 'connections.pipedrive.tokenError';
    const saved = summaries?.pipedrive.maskedToken && summaries.pipedrive.company === pipedriveCompany(company);
    if (!errors.pdToken && !typed && !useSession && !saved) errors.pdToken = 'connections.pipedrive.tokenOrSession';
    setFieldErrors(errors);
    if (errors.company || errors.pdToken) return;
    void connectWith('pipedrive', async () => {
      const result = await connectPipedrive(store, { company, token: typed, useSession }, now());
      if (!result.ok) {
        setFieldErrors(result.field === 'company' ? { company: 'connections.pipedrive.companyError' } : { pdToken: result.problem === 'tokenOrSession' ? 'connections.pipedrive.tokenOrSession' : 'connections.pipedrive.tokenError' });
        return false;
      }
      setPdToken('');
      setCompany(pipedriveCompany(company) ?? company);
      return true;
    });
  };

  const onHubspot = (event: Event) => {
    event.preventDefault();
    const typed = hsToken.trim();
    if (!validToken('hubspot', typed)) {
      setFieldErrors({ hsToken: 'connections.hubspot.tokenError' });
      return;
    }
    setFieldErrors({});
    void connectWith('hubspot', async () => {
      const result = await connectHubspot(store, { token: typed }, now());
      if (!result.ok) {
        setFieldErrors({ hsToken: 'connections.hubspot.tokenError' });
        return false;
      }
      setHsToken('');
      return true;
    });
  };

  const date = (iso: string | undefined) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '');

  async function toggleWrites(crm: CrmId, on: boolean) {
    await setWriteActivities(store, crm, on);
    await refresh();
    onChange?.(crm);
  }

  async function toggleShare(crm: CrmId, on: boolean) {
    await setShareChecklist(store, crm, on);
    await refresh();
    onChange?.(crm);
  }

  // Render helpers (plain calls, not components: their buttons keep focus across renders).
  function header(crm: CrmId) {
    const summary = summaries?.[crm];
    return (
      <>
        <h3 id={`connection-${crm}-title`}>
          {name(crm)}{' '}
          <span class={`badge connection__state connection__state--${summary?.connected ? 'on' : 'off'}`} data-testid={`connection-${crm}-state`}>
            {t(summary?.connected ? 'connections.status.connected' : 'connections.status.notConnected')}
          </span>
        </h3>
        {summary?.connected ? <p class="field-hint">{t('connections.connectedSince', { date: date(summary.connectedAt) })}</p> : null}
        {summary?.connected ? (
          <div class="connection__writes">
            <label>
              <input
                type="checkbox"
                checked={summary.writeActivities !== false}
                disabled={busy !== null}
                data-testid={`connection-${crm}-write`}
                aria-describedby={`connection-${crm}-write-hint`}
                onChange={(e) => void toggleWrites(crm, (e.target as HTMLInputElement).checked)}
              />{' '}
              {t('writes.toggle', { crm: name(crm) })}
            </label>
            <p class="field-hint" id={`connection-${crm}-write-hint`}>{t('writes.toggle.hint', { crm: name(crm) })}</p>
            <label>
              <input
                type="checkbox"
                checked={summary.writeActivities !== false && summary.shareChecklist !== false}
                disabled={busy !== null || summary.writeActivities === false}
                data-testid={`connection-${crm}-share`}
                aria-describedby={`connection-${crm}-share-hint`}
                onChange={(e) => void toggleShare(crm, (e.target as HTMLInputElement).checked)}
              />{' '}
              {t('share.toggle', { crm: name(crm) })}
            </label>
            <p class="field-hint" id={`connection-${crm}-share-hint`}>{t('share.toggle.hint', { crm: name(crm) })}</p>
          </div>
        ) : null}
        {summary?.connected && db ? <AccountHint db={db} store={store} crm={crm} /> : null}
        {summary?.connected && missing[crm] ? (
          <p class="connection__warning" role="alert" data-testid={`connection-${crm}-missing`}>
            {t('connections.permissionMissing', { crm: name(crm) })}
          </p>
        ) : null}
      </>
    );
  }

  function footer(crm: CrmId) {
    const current = notes[crm];
    return (
      <>
        {checkConnection && summaries?.[crm].connected ? (
          <div class="actions">
            <button type="button" disabled={busy !== null} onClick={() => void check(crm)} data-testid={`connection-${crm}-check`}>
              {t('connections.check')}
            </button>
          </div>
        ) : null}
        <p class={`live-status connection__note${current?.tone === 'error' ? ' connection__note--error' : ''}`} role="status" aria-live="polite" data-testid={`connection-${crm}-note`}>
          {current?.text ?? ''}
        </p>
      </>
    );
  }

  function fieldError(id: string, error: MessageKey | undefined) {
    return error ? (
      <p class="field-error" id={id}>
        {t(error)}
      </p>
    ) : null;
  }

  const sf = summaries?.salesforce;
  const pd = summaries?.pipedrive;
  const hs = summaries?.hubspot;

  return (
    <section class="panel connections" aria-labelledby="connections-title" aria-busy={summaries === null} data-testid="connections">
      <h2 id="connections-title">{t('connections.title')}</h2>
      <p>{t('connections.intro')}</p>
      <p class="field-hint">{t('connections.privacy')}</p>

      <section class="card connection" aria-labelledby="connection-salesforce-title" data-testid="connection-salesforce">
        {header('salesforce')}
        <p class="field-hint">{t(sf?.connected ? 'connections.salesforce.using' : 'connections.salesforce.hint')}</p>
        <div class="actions">
          {sf?.connected ? (
            <button type="button" disabled={busy !== null} onClick={() => void change('salesforce', () => disconnect(store, 'salesforce'), 'connections.disconnected', true)}>
              {t('connections.salesforce.disconnect')}
            </button>
          ) : (
            <button type="button" class="primary" disabled={busy !== null || !summaries} onClick={() => void connectWith('salesforce', async () => (await connectSalesforce(store, now())).ok)}>
              {t('connections.salesforce.connect')}
            </button>
          )}
        </div>
        {footer('salesforce')}
      </section>

      <section class="card connection" aria-labelledby="connection-pipedrive-title" data-testid="connection-pipedrive">
        {header('pipedrive')}
        <p class="field-hint">{t('connections.pipedrive.hint')}</p>
        {pd?.connected ? (
          <ul class="connection__facts" data-testid="connection-pipedrive-facts">
            <li>{t('connections.pipedrive.account', { host: `${pd.company}.pipedrive.com` })}</li>
            {pd.maskedToken ? <li data-testid="connection-pipedrive-token">{t('connections.savedToken', { masked: pd.maskedToken })}</li> : null}
            {pd.useSession ? <li>{t('connections.pipedrive.sessionFirst')}</li> : null}
          </ul>
        ) : null}
        <form onSubmit={onPipedrive} noValidate>
          <div class="field-row">
            <div class={`field${fieldErrors.company ? ' field--invalid' : ''}`}>
              <label for="connection-pipedrive-company">{t('connections.pipedrive.company')}</label>
              <input
                id="connection-pipedrive-company"
                type="text"
                autocomplete="off"
                spellcheck={false}
                maxLength={200}
                value={company}
                aria-invalid={Boolean(fieldErrors.company)}
                aria-describedby={fieldErrors.company ? 'connection-pipedrive-company-hint connection-pipedrive-company-error' : 'connection-pipedrive-company-hint'}
                onInput={(e) => setCompany(e.currentTarget.value)}
              />
              <p class="field-hint" id="connection-pipedrive-company-hint">{t('connections.pipedrive.companyHint')}</p>
              {fieldError("connection-pipedrive-company-error", fieldErrors.company)}
            </div>
            <div class={`field${fieldErrors.pdToken ? ' field--invalid' : ''}`}>
              <label for="connection-pipedrive-token">{t('connections.pipedrive.token')}</label>
              <input
                id="connection-pipedrive-token"
                type="password"
                autocomplete="off"
                spellcheck={false}
                maxLength={512}
                value={pdToken}
                aria-invalid={Boolean(fieldErrors.pdToken)}
                aria-describedby={fieldErrors.pdToken ? 'connection-pipedrive-token-hint connection-pipedrive-token-error' : 'connection-pipedrive-token-hint'}
                onInput={(e) => setPdToken(e.currentTarget.value)}
              />
              <p class="field-hint" id="connection-pipedrive-token-hint">
                {t('connections.pipedrive.tokenHint')}
                {pd?.maskedToken ? ` ${t('connections.tokenKeep')}` : ''}
              </p>
              {fieldError("connection-pipedrive-token-error", fieldErrors.pdToken)}
            </div>
          </div>
          <label class="checkbox">
            <input type="checkbox" checked={useSession} onChange={(e) => setUseSession(e.currentTarget.checked)} data-testid="connection-pipedrive-session" />
            {t('connections.pipedrive.useSession')}
          </label>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy !== null || !summaries}>
              {t('connections.connect')}
            </button>
            {pd?.maskedToken ? (
              <button type="button" disabled={busy !== null} onClick={() => void change('pipedrive', () => removeToken(store, 'pipedrive'), 'connections.tokenRemoved', true)}>
                {t('connections.removeToken')}
              </button>
            ) : null}
            {pd?.connected ? (
              <button type="button" disabled={busy !== null} onClick={() => void change('pipedrive', () => disconnect(store, 'pipedrive'), 'connections.disconnected', true)}>
                {t('connections.disconnect')}
              </button>
            ) : null}
          </div>
        </form>
        {footer('pipedrive')}
      </section>

      <section class="card connection" aria-labelledby="connection-hubspot-title" data-testid="connection-hubspot">
        {header('hubspot')}
        <p class="field-hint">{t('connections.hubspot.hint')}</p>
        {hs?.maskedToken ? (
          <p data-testid="connection-hubspot-token">{t('connections.savedToken', { masked: hs.maskedToken })}</p>
        ) : null}
        <form onSubmit={onHubspot} noValidate>
          <div class={`field${fieldErrors.hsToken ? ' field--invalid' : ''}`}>
            <label for="connection-hubspot-token">{t('connections.hubspot.token')}</label>
            <input
              id="connection-hubspot-token"
              type="password"
              autocomplete="off"
              spellcheck={false}
              maxLength={512}
              value={hsToken}
              aria-invalid={Boolean(fieldErrors.hsToken)}
              aria-describedby={fieldErrors.hsToken ? 'connection-hubspot-token-hint connection-hubspot-token-error' : 'connection-hubspot-token-hint'}
              onInput={(e) => setHsToken(e.currentTarget.value)}
            />
            <p class="field-hint" id="connection-hubspot-token-hint">{t('connections.hubspot.tokenHint')}</p>
            {fieldError("connection-hubspot-token-error", fieldErrors.hsToken)}
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy !== null || !summaries}>
              {t('connections.connect')}
            </button>
            {hs?.connected ? (
              <button type="button" disabled={busy !== null} onClick={() => void change('hubspot', () => removeToken(store, 'hubspot'), 'connections.tokenRemoved', true)}>
                {t('connections.removeToken')}
              </button>
            ) : null}
          </div>
        </form>
        {footer('hubspot')}
      </section>
    </section>
  );
}
