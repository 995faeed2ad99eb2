import { useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { replaceActivePlaybook } from '@/lib/db/playbooks';
import type { Playbook } from '@/lib/model/playbook.schema';
import type { MessageKey } from '@/lib/i18n';
import { checkPlaybook } from '@/lib/checker';
import { diffPlaybooks, exportFileName, exportPlaybook, readPlaybookFile, type Change, type IoError, type PlaybookDiff } from '@/lib/playbook-io';
import { useI18n } from '../i18n';
import { IoErrorMessage, LiveStatus, storageErrorText } from './fields';

export interface SharingPanelProps {
  db: StagecraftDb;
  /** What reps follow now (the managed one when there is one). */
  current: Playbook | null;
  managed: boolean;
  download(fileName: string, text: string): void;
  /** Saves the editor's pending edits first, so an import starts from what the manager sees. */
  beforeReplace(): Promise<void>;
  /** The latest stored playbook (after pending edits are saved). */
  loadCurrent(): Promise<Playbook | null>;
  onReplaced(): void;
  now: () => Date;
}

const CHANGE_KEYS: Record<Change['kind'], MessageKey> = {
  pipelineAdded: 'options.change.pipelineAdded',
  pipelineRemoved: 'options.change.pipelineRemoved',
  pipelineRenamed: 'options.change.pipelineRenamed',
  stageAdded: 'options.change.stageAdded',
  stageRemoved: 'options.change.stageRemoved',
  stageRenamed: 'options.change.stageRenamed',
  stagesReordered: 'options.change.stagesReordered',
  guidanceChanged: 'options.change.guidanceChanged',
  goalChanged: 'options.change.goalChanged',
  stageSettingsChanged: 'options.change.stageSettingsChanged',
  taskAdded: 'options.change.taskAdded',
  taskRemoved: 'options.change.taskRemoved',
  taskChanged: 'options.change.taskChanged',
};

type ImportState =
  | { kind: 'idle' }
  | { kind: 'error'; error: IoError }
  /** `base`: the stored playbook the diff was made against; `changedMeanwhile`: it was made again because another tab saved. */
  | { kind: 'preview'; playbook: Playbook; diff: PlaybookDiff; findings: number; base: Playbook | null; changedMeanwhile?: boolean }
  | { kind: 'done'; name: string }
  | { kind: 'failed'; message: string };

/** Export the playbook as a file; import one with a preview of what changes, then confirm. */
export function SharingPanel({ db, current, managed, download, beforeReplace, loadCurrent, onReplaced, now }: SharingPanelProps) {
  const { t } = useI18n();
  const [exported, setExported] = useState<string | null>(null);
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);

  async function pick(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      const read = await readPlaybookFile(file);
      if (!read.ok) setState({ kind: 'error', error: read.error });
      else {
        await beforeReplace();
        const latest = await loadCurrent();
        setState({ kind: 'preview', playbook: read.value, diff: diffPlaybooks(latest, read.value), findings: checkPlaybook(read.value).length, base: latest });
      }
    } finally {
      setBusy(false);
      input.value = ''; // the same file can be picked again
    }
  }

  async function confirm(playbook: Playbook, base: Playbook | null) {
    setBusy(true);
    try {
      await beforeReplace();
      // Only over the version the preview showed: a change saved meanwhile is never replaced unseen.
      const saved = await replaceActivePlaybook(db, playbook, { expected: base });
      if (!saved.ok && saved.changedMeanwhile) {
        const { current: now } = saved.changedMeanwhile;
        setState({ kind: 'preview', playbook, diff: diffPlaybooks(now, playbook), findings: checkPlaybook(playbook).length, base: now, changedMeanwhile: true });
      } else if (!saved.ok) setState({ kind: 'error', error: { code: 'invalid', detail: saved.error } });
      else {
        setState({ kind: 'done', name: saved.playbook.name });
        onReplaced();
      }
    } catch (error) {
      setState({ kind: 'failed', message: storageErrorText(t, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel sharing" aria-labelledby="sharing-title">
      <h2 id="sharing-title">{t('options.share.title')}</h2>

      <section class="card" aria-labelledby="export-title">
        <h3 id="export-title">{t('options.share.exportTitle')}</h3>
        <p>{t('options.share.exportBody')}</p>
        <button
          type="button"
          class="primary"
          disabled={!current}
          data-testid="export-playbook"
          onClick={async () => {
            await beforeReplace();
            const latest = await loadCurrent();
            if (!latest) return;
            const when = now();
            const name = exportFileName(latest, when);
            download(name, exportPlaybook(latest, when));
            setExported(name);
          }}
        >
          {t('options.share.export')}
        </button>
        <LiveStatus>{exported ? t('options.share.exported', { file: exported }) : ''}</LiveStatus>
      </section>

      <section class="card" aria-labelledby="import-title">
        <h3 id="import-title">{t('options.share.importTitle')}</h3>
        {managed ? (
          <p class="muted" data-testid="import-managed">{t('options.share.importManaged')}</p>
        ) : (
          <>
            <p>{t('options.share.importBody')}</p>
            <div class="field">
              <label for="import-file">{t('options.share.importFile')}</label>
              <input id="import-file" type="file" accept=".json,application/json" disabled={busy} data-testid="import-file" onChange={(e) => void pick(e.currentTarget)} />
            </div>
          </>
        )}
        {state.kind === 'failed' ? <p class="field-error" role="alert">{state.message}</p> : null}
        {state.kind === 'error' ? <IoErrorMessage title={t('options.share.rejected')} error={state.error} /> : null}
        {state.kind === 'preview' ? (
          <div class="import-preview" data-testid="import-preview" role="region" aria-labelledby="import-preview-title">
            <h4 id="import-preview-title">{t('options.share.previewTitle')}</h4>
            {state.changedMeanwhile ? <p class="field-error" role="alert" data-testid="import-changed-meanwhile">{t('options.share.changedMeanwhile')}</p> : null}
            {state.diff.replacesOther && current ? (
              <p>{t('options.share.previewReplaces', { name: state.playbook.name, current: current.name })}</p>
            ) : state.diff.renamed ? (
              <p>{t('options.share.previewRenamed', state.diff.renamed)}</p>
            ) : !current ? (
              <p>{t('options.share.previewNew', { name: state.playbook.name })}</p>
            ) : null}
            {state.diff.changes.length === 0 && !state.diff.renamed ? (
              <p>{t('options.share.noChanges')}</p>
            ) : (
              <ul class="changes" data-testid="import-changes">
                {state.diff.changes.map((change, i) => (
                  <li key={i} data-kind={change.kind}>{t(CHANGE_KEYS[change.kind], change as unknown as Record<string, string>)}</li>
                ))}
              </ul>
            )}
            {state.findings > 0 ? <p class="muted">{t('options.share.previewFindings', { count: state.findings })}</p> : null}
            <div class="actions">
              <button type="button" class="primary" disabled={busy} data-testid="import-confirm" onClick={() => void confirm(state.playbook, state.base)}>{t('options.share.confirm')}</button>
              <button type="button" disabled={busy} onClick={() => setState({ kind: 'idle' })}>{t('options.action.cancel')}</button>
            </div>
          </div>
        ) : null}
        <LiveStatus testId="import-status">{state.kind === 'done' ? t('options.share.imported', { name: state.name }) : ''}</LiveStatus>
      </section>
    </section>
  );
}
