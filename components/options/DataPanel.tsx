import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { formatDate } from '@/lib/i18n/format';
import { exportFileName, readBackupFile, serializeBackup, type BackupFile, type IoError } from '@/lib/playbook-io';
import { clearAllData, createBackup, restoreBackup } from '@/lib/db/backup';
import { disconnectAll, type CredentialStore } from '@/lib/crm/api/credentials';
import { loadMailchimpConnection, mailchimpPermissionOrigin, removeMailchimpConnection } from '@/lib/mailchimp/key';
import { CRM_IDS } from '@/lib/model/deal';
import { MAILCHIMP_DATA_COLLECTION } from '@/lib/extension/data-collection';
import { permissionRequestFor, type PermissionRequest } from '../connections/Connections';
import { useI18n } from '../i18n';
import { IoErrorMessage, LiveStatus, storageErrorText } from './fields';

export interface DataPanelProps {
  db: StagecraftDb;
  download(fileName: string, text: string): void;
  /** Saves the editor's pending edits first (they belong in a backup, and must not land after a restore). */
  beforeReplace(): Promise<void>;
  onReplaced(): void;
  now: () => Date;
  /** Where CRM connections and tokens are kept: "Clear all data" removes them too, and gives back their permissions. */
  connections?: { store: CredentialStore; removePermissions?(request: PermissionRequest): Promise<boolean> };
}

type RestoreState = { kind: 'idle' } | { kind: 'error'; error: IoError } | { kind: 'preview'; backup: BackupFile };

/** Back up everything, restore it all or nothing, clear it with a typed confirmation. */
export function DataPanel({ db, download, beforeReplace, onReplaced, now, connections }: DataPanelProps) {
  const { t, locale } = useI18n();
  const [status, setStatus] = useState('');
  const [restore, setRestore] = useState<RestoreState>({ kind: 'idle' });
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const word = t('options.data.clearWord');

  const run = async (task: () => Promise<void>) => {
    setBusy(true);
    try {
      await task();
    } catch (error) {
      setStatus(storageErrorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  async function pick(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    await run(async () => {
      const read = await readBackupFile(file);
      setRestore(read.ok ? { kind: 'preview', backup: read.value } : { kind: 'error', error: read.error });
    });
    input.value = '';
  }

  return (
    <section class="panel data" aria-labelledby="data-title">
      <h2 id="data-title">{t('options.data.title')}</h2>

      <section class="card" aria-labelledby="backup-title">
        <h3 id="backup-title">{t('options.data.backupTitle')}</h3>
        <p>{t('options.data.backupBody')}</p>
        <button
          type="button"
          class="primary"
          disabled={busy}
          data-testid="backup"
          onClick={() =>
            void run(async () => {
              await beforeReplace();
              const when = now();
              const name = exportFileName({ id: 'all' }, when, 'backup');
              download(name, serializeBackup(await createBackup(db, when)));
              setStatus(t('options.data.backedUp', { file: name }));
            })
          }
        >
          {t('options.data.backup')}
        </button>
      </section>

      <section class="card" aria-labelledby="restore-title">
        <h3 id="restore-title">{t('options.data.restoreTitle')}</h3>
        <p>{t('options.data.restoreBody')}</p>
        <div class="field">
          <label for="restore-file">{t('options.data.restoreFile')}</label>
          <input id="restore-file" type="file" accept=".json,application/json" disabled={busy} data-testid="restore-file" onChange={(e) => void pick(e.currentTarget)} />
        </div>
        {restore.kind === 'error' ? <IoErrorMessage title={t('options.data.restoreRejected')} error={restore.error} /> : null}
        {restore.kind === 'preview' ? (
          <div class="import-preview" data-testid="restore-preview">
            <p>
              {t('options.data.restorePreview', {
                date: formatDate(restore.backup.exportedAt, locale),
                playbooks: restore.backup.tables.playbooks.length,
                deals: restore.backup.tables.deals.length,
                activities: restore.backup.tables.activities.length,
                checklist: restore.backup.tables.checklist.length,
                stageVisits: restore.backup.tables.stageVisits.length,
              })}
            </p>
            <div class="actions">
              <button
                type="button"
                class="danger"
                disabled={busy}
                data-testid="restore-confirm"
                onClick={() =>
                  void run(async () => {
                    await beforeReplace();
                    await restoreBackup(db, restore.backup);
                    setRestore({ kind: 'idle' });
                    setStatus(t('options.data.restored'));
                    onReplaced();
                  })
                }
              >
                {t('options.data.restoreConfirm')}
              </button>
              <button type="button" disabled={busy} onClick={() => setRestore({ kind: 'idle' })}>{t('options.action.cancel')}</button>
            </div>
          </div>
        ) : null}
      </section>

      <section class="card card--danger" aria-labelledby="clear-title">
        <h3 id="clear-title">{t('options.data.clearTitle')}</h3>
        <p>{t('options.data.clearBody')}</p>
        <div class="field">
          <label for="clear-confirm">{t('options.data.clearPrompt', { word })}</label>
          <input id="clear-confirm" type="text" autocomplete="off" spellcheck={false} value={typed} data-testid="clear-confirm" onInput={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <button
          type="button"
          class="danger"
          disabled={busy || typed.trim() !== word}
          data-testid="clear-all"
          onClick={() =>
            void run(async () => {
              await beforeReplace();
              await clearAllData(db);
              if (connections) {
                // Tokens live in extension storage, not in the database: they go too.
                await disconnectAll(connections.store);
                for (const crm of CRM_IDS) await connections.removePermissions?.(permissionRequestFor(crm)).catch(() => false);
                // The Mailchimp key too, its data centre's host permission and (Firefox) the consents.
                const mailchimp = await loadMailchimpConnection(connections.store);
                await removeMailchimpConnection(connections.store);
                if (mailchimp) await connections.removePermissions?.({ permissions: [], origins: [mailchimpPermissionOrigin(mailchimp.dataCentre)], dataCollection: MAILCHIMP_DATA_COLLECTION }).catch(() => false);
              }
              setTyped('');
              setStatus(t('options.data.cleared'));
              onReplaced();
            })
          }
        >
          {t('options.data.clear')}
        </button>
      </section>

      <LiveStatus testId="data-status">{status}</LiveStatus>
    </section>
  );
}
