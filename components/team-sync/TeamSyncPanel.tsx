import { useEffect, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadTeamSyncState, type TeamSyncStatus } from '@/lib/db/team-sync';
import { loadConnections, type CredentialStore } from '@/lib/crm/api/credentials';
import type { MessageKey } from '@/lib/i18n';
import type { CrmId } from '@/lib/model/deal';
import { useCrmWriteBack } from '../common/CrmWriteBack';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { SyncProvenance } from './SyncProvenance';
import { causeText, serviceOf } from '@/lib/i18n/cause';
import { useTeamFigures, type CreateTeamFiguresRunner } from '../team/useTeamFigures';

const CRM_NAME_KEYS = { salesforce: 'crm.salesforce', pipedrive: 'crm.pipedrive', hubspot: 'crm.hubspot' } as const satisfies Record<CrmId, MessageKey>;
const ORDER: readonly CrmId[] = ['hubspot', 'pipedrive', 'salesforce'];
const REASON_KEYS = {
  unauthorized: 'teamSync.reason.unauthorized',
  forbidden: 'teamSync.reason.forbidden',
  rateLimited: 'teamSync.reason.rateLimited',
  network: 'teamSync.reason.network',
  timeout: 'teamSync.reason.network',
  malformed: 'teamSync.reason.malformed',
  notFound: 'teamSync.reason.notFound',
  notConnected: 'teamSync.reason.notConnected',
} as const satisfies Record<string, MessageKey>;

export interface TeamSyncPanelProps {
  db: StagecraftDb;
  /** Where the connections are (the Connections tab's store). */
  store: CredentialStore;
  /** Asks the background to sync the team from `crm`. */
  start(crm: CrmId): void;
  now?: () => Date;
  /** Where the shared ticks are counted (the options page passes its worker's: every synced deal is read). */
  createFiguresRunner?: CreateTeamFiguresRunner;
  /**
   * Whether the panel is on screen: the shared ticks are counted only then, so the options page
   * opened on another tab does not read a large team a second time for a count nobody sees.
   */
  shown?: boolean;
}

/** How many checklist ticks the synced team shared, and how many were ignored (another or an older playbook). */
function SharedTicks({ db, createFiguresRunner, openedAt, number }: { db: StagecraftDb; createFiguresRunner?: CreateTeamFiguresRunner; openedAt: number; number(n: number): string }) {
  const { t } = useI18n();
  const ticks = useTeamFigures(db, createFiguresRunner, { page: 'ticks', now: openedAt });
  if (ticks.status !== 'ready') return null;
  return (
    <>
      {ticks.value.shared > 0 ? <p class="muted small" data-testid="team-sync-ticks">{t('teamSync.ticks', { count: number(ticks.value.shared) })}</p> : null}
      {ticks.value.ignored > 0 ? <p class="muted small" data-testid="team-sync-ticks-ignored">{t(ticks.value.ignored === 1 ? 'teamSync.ticksIgnored.one' : 'teamSync.ticksIgnored', { count: number(ticks.value.ignored) })}</p> : null}
    </>
  );
}

/** "Sync the team": start a sync from a connected CRM, its progress, why it failed, when it last completed. */
export function TeamSyncPanel({ db, store, start, now = () => new Date(), createFiguresRunner, shown = true }: TeamSyncPanelProps) {
  const { t, locale } = useI18n();
  const writeBack = useCrmWriteBack();
  const [connected, setConnected] = useState<CrmId[]>([]);
  const [chosen, setChosen] = useState<CrmId | null>(null);
  const state = useLiveQuery(() => loadTeamSyncState(db), [db]);
  const [openedAt] = useState(() => now().getTime());

  useEffect(() => {
    let current = true;
    const load = () => void loadConnections(store).then((all) => current && setConnected(ORDER.filter((crm) => all[crm] !== null)));
    load();
    const stop = writeBack.onChange(load);
    return () => {
      current = false;
      stop();
    };
  }, [store, writeBack]);

  const value = state.status === 'ready' ? state.value : { status: null, run: null, meta: null };
  const crm = chosen ?? (value.meta && connected.includes(value.meta.crm) ? value.meta.crm : connected[0]) ?? null;
  const running = value.status?.state === 'running';
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const reason = (status: Extract<TeamSyncStatus, { state: 'failed' }>) => {
    const { failure } = status;
    // Not the CRM's doing: the browser's storage, or an unexpected error (its text only as the technical detail).
    if (failure.kind === 'storage') return causeText({ kind: 'storage', failure: failure.storage ?? 'other', ...(failure.detail && { technical: failure.detail }) }, t);
    if (failure.kind === 'unexpected') return causeText({ kind: 'unexpected', ...(failure.detail && { technical: failure.detail }) }, t);
    // Firefox's data consent withdrawn: nothing was sent, and what to allow again.
    if (failure.kind === 'noConsent') return causeText({ kind: 'service', failure: 'noConsent', service: serviceOf(status.crm) }, t);
    const key = REASON_KEYS[status.failure.kind as keyof typeof REASON_KEYS] ?? REASON_KEYS.malformed;
    const text = t(key, { crm: t(CRM_NAME_KEYS[status.crm as CrmId] ?? 'crm.hubspot') });
    // The CRM's status, the request and what it said (or where its answer broke), only after the sentence, for support.
    const technical = [failure.status, failure.request, failure.path ?? failure.detail].filter((part) => part !== undefined && part !== '').join(' · ');
    return technical ? t('cause.withTechnical', { text, technical: technical.slice(0, 200) }) : text;
  };

  return (
    <section class="card team-sync" aria-labelledby="team-sync-title" data-testid="team-sync">
      <h2 id="team-sync-title">{t('teamSync.title')}</h2>
      <p class="field-hint">{t('teamSync.intro')}</p>
      {connected.length === 0 ? (
        <p class="muted">{t('teamSync.noConnection')}</p>
      ) : (
        <div class="actions">
          {connected.length > 1 ? (
            <label>
              {t('teamSync.crm')}{' '}
              <select value={crm ?? ''} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value as CrmId)} data-testid="team-sync-crm">
                {connected.map((c) => (
                  <option key={c} value={c}>
                    {t(CRM_NAME_KEYS[c])}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <button type="button" disabled={running || !crm} onClick={() => crm && start(crm)} data-testid="team-sync-start">
            {t('teamSync.button')}
          </button>
        </div>
      )}
      {running && value.run ? (
        <p role="status" data-testid="team-sync-progress">
          {value.run.dealsTotal !== null ? t('teamSync.running', { read: number(value.run.dealsRead), total: number(value.run.dealsTotal) }) : t('teamSync.runningNoTotal', { read: number(value.run.dealsRead) })}
          {value.run.requestsLeft !== null ? ` · ${t('teamSync.requestsLeft', { left: number(value.run.requestsLeft) })}` : ''}
        </p>
      ) : null}
      {value.status?.state === 'failed' ? (
        <p class="error" role="alert" data-testid="team-sync-failure">
          {t('teamSync.failed', { reason: reason(value.status) })}
        </p>
      ) : null}
      {value.meta ? <SyncProvenance provenance={{ crm: value.meta.crm, syncedAt: value.meta.completedAt, deals: value.meta.deals }} now={now} /> : <p class="muted small">{t('teamSync.never')}</p>}
      {value.meta && shown ? <SharedTicks db={db} createFiguresRunner={createFiguresRunner} openedAt={openedAt} number={number} /> : null}
    </section>
  );
}
