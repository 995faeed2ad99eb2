import { useEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import type { MessageKey } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/format';
import type { Playbook } from '@/lib/model/playbook.schema';
import { formatBytes } from '@/lib/i18n/format';
import { detailText } from '@/lib/i18n/detail-text';
import {
  CSV_FORMATS,
  formatFields,
  inThreadRunner,
  MAX_IMPORT_BYTES,
  withColumn,
  type ColumnMapping,
  type CsvFormat,
  type FieldId,
  type FileProblem,
  type FileProblemCode,
  type ImportPhase,
  type ImportRunner,
  type ImportView,
  type HistoryStore,
  type ReportView,
  type RowProblem,
} from '@/lib/history-import';
import { deleteImportedHistory, listImportedHistories, saveImportedHistory } from '@/lib/db/histories';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { LiveStatus, storageErrorText } from '../options/fields';
import './history-import.css';
import { failureCause } from '@/lib/db/errors';
import { causeText } from '@/lib/i18n/cause';

export interface HistoryImportProps {
  db: StagecraftDb;
  /** The team's playbook: a pipeline of the same name gives the imported stages their order, probability and rot days. */
  playbook?: Playbook;
  now?: () => Date;
  /** Where files are read and converted: the options page passes a worker; by default this thread, in chunks. */
  /** Makes the runner; `store` saves a confirmed history where the runner has none of its own. */
  createRunner?: (store: HistoryStore) => ImportRunner;
}

/** Problems shown in the list; the rest are counted. */
const LISTED = 50;

const FILE_PROBLEM_KEYS: Record<FileProblemCode, MessageKey> = {
  tooLarge: 'historyImport.file.tooLarge',
  empty: 'historyImport.file.empty',
  unreadable: 'historyImport.file.unreadable',
  invalidJson: 'historyImport.file.invalidJson',
  truncated: 'historyImport.file.truncated',
  forbiddenKey: 'historyImport.file.forbiddenKey',
  tooDeep: 'historyImport.file.tooDeep',
  notHistory: 'historyImport.file.notHistory',
  csvSyntax: 'historyImport.file.csvSyntax',
  noRows: 'historyImport.file.noRows',
  unknownFormat: 'historyImport.file.unknownFormat',
  tooManyStages: 'historyImport.file.tooManyStages',
  invalidHistory: 'historyImport.file.invalidHistory',
};

const FORMAT_KEYS: Record<CsvFormat | 'json', MessageKey> = {
  pipedrive: 'historyImport.format.pipedrive',
  hubspot: 'historyImport.format.hubspot',
  salesforce: 'historyImport.format.salesforce',
  json: 'historyImport.format.json',
};

const STORED_FORMAT_KEYS: Record<string, MessageKey> = {
  'scorecard-json': 'historyImport.format.json',
  'pipedrive-csv': 'historyImport.format.pipedrive',
  'hubspot-csv': 'historyImport.format.hubspot',
  'salesforce-csv': 'historyImport.format.salesforce',
  'pipedrive-xlsx': 'historyImport.format.pipedrive',
  'hubspot-xlsx': 'historyImport.format.hubspot',
  'salesforce-xlsx': 'historyImport.format.salesforce',
};

const FIELD_KEYS: Record<FieldId, MessageKey> = {
  id: 'historyImport.field.id',
  title: 'historyImport.field.title',
  owner: 'historyImport.field.owner',
  value: 'historyImport.field.value',
  currency: 'historyImport.field.currency',
  pipeline: 'historyImport.field.pipeline',
  stage: 'historyImport.field.stage',
  status: 'historyImport.field.status',
  fromStage: 'historyImport.field.fromStage',
  toStage: 'historyImport.field.toStage',
  changedAt: 'historyImport.field.changedAt',
  createdAt: 'historyImport.field.createdAt',
  closedAt: 'historyImport.field.closedAt',
  wonAt: 'historyImport.field.wonAt',
  lostAt: 'historyImport.field.lostAt',
  lastStageChange: 'historyImport.field.lastStageChange',
  won: 'historyImport.field.won',
  closed: 'historyImport.field.closed',
  probability: 'historyImport.field.probability',
};

/** A picked file and what the runner made of it. */
interface Picked {
  name: string;
  size: number;
  view: ImportView;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/**
 * The options-page panel that imports sales history: pick a file (size checked before reading),
 * a progress bar while it is read, parsed and checked off the page's thread (with Stop), the
 * detected format and column mapping (each field's column can be changed), every bad row with its
 * line (nothing can be imported while one remains), a preview, Import; and the list of imports.
 */
export function HistoryImport({ db, playbook, now = () => new Date(), createRunner = inThreadRunner }: HistoryImportProps) {
  const { t, locale } = useI18n();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [problem, setProblem] = useState<{ size: number; problem: FileProblem } | null>(null);
  const [busy, setBusy] = useState<{ phase: ImportPhase; fraction: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const runner = useRef<ImportRunner | null>(null);
  const run = useRef(0);
  const input = useRef<HTMLInputElement | null>(null);
  const imports = useLiveQuery(() => listImportedHistories(db), [db]);

  const getRunner = () => (runner.current ??= createRunner((input) => saveImportedHistory(db, input, now())));
  useEffect(
    () => () => {
      runner.current?.dispose();
      runner.current = null;
    },
    [],
  );

  const announce = (view: ImportView) => {
    const report = view.report;
    if (view.problem && view.kind !== 'table') setStatus(t('historyImport.status.rejected'));
    else if (view.problem) setStatus(t('historyImport.file.unknownFormat'));
    else if (report?.fileProblem) setStatus(t('historyImport.status.rejected'));
    else if (report?.ready && report.summary) setStatus(t('historyImport.status.ready', { count: report.summary.deals }));
    else if (report && report.problemCount > 0) setStatus(t('historyImport.status.problems', { count: report.problemCount }));
    else setStatus('');
  };

  /** Runs one step on the runner; a newer step or Stop makes an older one's result be dropped. */
  async function step(work: (onProgress: (phase: ImportPhase, fraction: number) => void) => Promise<ImportView>, name: string, size: number) {
    const id = ++run.current;
    const isCurrent = () => run.current === id;
    try {
      const view = await work((phase, fraction) => {
        if (isCurrent()) setBusy({ phase, fraction });
      });
      if (!isCurrent()) return;
      // A file that cannot be read at all (or a JSON file that is no history) has nothing to map or preview.
      const refusal = view.kind === 'problem' ? view.problem : view.kind === 'json' ? (view.report?.fileProblem ?? null) : null;
      if (refusal) {
        setPicked(null);
        setProblem({ size, problem: refusal });
      } else setPicked({ name, size, view });
      announce(view);
    } catch (error) {
      if (!isCurrent() || isAbort(error)) return;
      setStatus(t('historyImport.status.failed', { detail: causeText(failureCause(error), t) }));
    } finally {
      if (isCurrent()) setBusy(null);
    }
  }

  async function pick(target: HTMLInputElement) {
    const file = target.files?.[0];
    target.value = ''; // the same file can be picked again
    if (!file) return;
    setPicked(null);
    setProblem(null);
    setStatus(t('historyImport.phase.reading'));
    setBusy({ phase: 'reading', fraction: 0 });
    const settings = await loadSettings(db);
    await step((onProgress) => getRunner().open(file, { playbook: playbook ?? null, defaultRotDays: settings.defaultRotDays }, onProgress), file.name, file.size);
  }

  async function remap(change: { format: CsvFormat } | { mapping: ColumnMapping }) {
    if (!picked) return;
    const { name, size } = picked;
    setPicked({ ...picked, view: { ...picked.view, report: null, ...('mapping' in change ? { mapping: change.mapping } : {}) } });
    setBusy({ phase: 'converting', fraction: 0 });
    await step((onProgress) => ('format' in change ? getRunner().chooseFormat(change.format, onProgress) : getRunner().remap(change.mapping, onProgress)), name, size);
  }

  async function confirm() {
    const view = picked?.view;
    if (!picked || !view?.report?.ready) return;
    setSaving(true);
    try {
      const saved = await getRunner().save(picked.name);
      if (!saved.ok) setStatus(t('historyImport.status.failed', { detail: causeText(failureCause(saved.error), t) }));
      else {
        setStatus(t('historyImport.status.imported', { name: picked.name, count: saved.deals }));
        setPicked(null);
        input.current?.focus();
      }
    } catch (error) {
      setStatus(storageErrorText(t, error));
    } finally {
      setSaving(false);
    }
  }

  /** Stops the work under way, or lets go of the picked file. */
  function cancel() {
    const wasBusy = busy !== null;
    run.current++;
    runner.current?.cancel();
    setPicked(null);
    setProblem(null);
    setBusy(null);
    setStatus(wasBusy ? t('historyImport.status.cancelled') : '');
    input.current?.focus();
  }

  async function remove(id: string, name: string) {
    try {
      await deleteImportedHistory(db, id);
      setStatus(t('historyImport.list.deleted', { name }));
    } catch (error) {
      setStatus(storageErrorText(t, error));
    }
  }

  const view = picked?.view ?? null;
  const report = view?.report ?? null;
  const percent = busy ? Math.round(busy.fraction * 100) : 0;

  return (
    <section class="panel history-import" aria-labelledby="history-import-title">
      <h2 id="history-import-title">{t('historyImport.title')}</h2>
      <p>{t('historyImport.intro')}</p>

      <div class="card">
        <div class="field">
          <label for="history-import-file">{t('historyImport.file')}</label>
          <input
            ref={input}
            id="history-import-file"
            type="file"
            accept=".csv,.json,.txt,.tsv,.xlsx,text/csv,application/json,text/plain,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="history-import-file-hint"
            disabled={saving}
            data-testid="history-import-file"
            onChange={(e) => void pick(e.currentTarget)}
          />
          <p class="field-hint" id="history-import-file-hint">{t('historyImport.fileHint', { limit: formatBytes(MAX_IMPORT_BYTES, locale) })}</p>
        </div>

        {busy ? (
          <div class="history-import__progress" data-testid="history-import-progress">
            <span id="history-import-progress-label">{t(`historyImport.phase.${busy.phase}`)}</span>
            <div
              class="history-import__bar"
              role="progressbar"
              aria-labelledby="history-import-progress-label"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={t('historyImport.progressText', { percent })}
            >
              <div class="history-import__bar-fill" style={{ width: `${percent}%` }} />
            </div>
            <button type="button" data-testid="history-import-stop" onClick={cancel}>
              {t('historyImport.stop')}
            </button>
          </div>
        ) : null}

        {problem ? <FileError problem={problem.problem} size={problem.size} /> : null}

        {view?.kind === 'json' ? <p data-testid="history-import-format">{t('historyImport.format.detected', { format: t(FORMAT_KEYS.json) })}</p> : null}
        {view?.kind === 'table' && view.problem ? <FileError problem={view.problem} size={picked?.size ?? 0} /> : null}
        {view?.kind === 'table' ? (
          <MappingEditor view={view} disabled={saving} onFormat={(format) => void remap({ format })} onMapping={(mapping) => void remap({ mapping })} />
        ) : null}

        {report?.fileProblem ? <FileError problem={report.fileProblem} size={picked?.size ?? 0} /> : null}
        {report && report.missing.length > 0 ? (
          <ul class="history-import__missing" data-testid="history-import-missing">
            {report.missing.map((group) => (
              <li key={group.join('|')} class="field-error">
                {t('historyImport.mapping.missing', { fields: group.map((field) => t(FIELD_KEYS[field])).join(' / ') })}
              </li>
            ))}
          </ul>
        ) : null}
        {report && report.problemCount > 0 ? <ProblemList problems={report.problems} count={report.problemCount} /> : null}
        {report?.summary ? <Preview report={report} footerRows={view?.footerRows ?? 0} /> : null}

        {picked ? (
          <div class="actions">
            <button type="button" class="primary" disabled={!report?.ready || busy !== null || saving} data-testid="history-import-confirm" onClick={() => void confirm()}>
              {t('historyImport.import')}
            </button>
            <button type="button" disabled={saving} onClick={cancel}>
              {t('historyImport.cancel')}
            </button>
          </div>
        ) : null}
        <LiveStatus testId="history-import-status">{status}</LiveStatus>
      </div>

      <section class="card" aria-labelledby="history-import-list-title">
        <h3 id="history-import-list-title">{t('historyImport.list.title')}</h3>
        {imports.status === 'loading' ? (
          <p class="muted">{t('historyImport.list.loading')}</p>
        ) : imports.status === 'error' ? (
          <p class="field-error" role="alert">{imports.error}</p>
        ) : imports.value.length === 0 ? (
          <p class="muted" data-testid="history-import-empty">{t('historyImport.list.empty')}</p>
        ) : (
          <ul class="history-import__list" data-testid="history-import-list">
            {imports.value.map((item) => (
              <li key={item.id} data-testid="history-import-item" data-id={item.id}>
                <span class="history-import__item-text">
                  <strong>{item.name}</strong>
                  <span class="muted">
                    {t('historyImport.list.item', {
                      format: STORED_FORMAT_KEYS[item.format] ? t(STORED_FORMAT_KEYS[item.format]!) : item.format,
                      deals: item.deals,
                      date: formatDate(item.importedAt, locale),
                    })}
                  </span>
                </span>
                <button type="button" class="danger" aria-label={t('historyImport.list.deleteLabel', { name: item.name })} onClick={() => void remove(item.id, item.name)}>
                  {t('historyImport.list.delete')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function FileError({ problem, size }: { problem: FileProblem; size: number }) {
  const { t, locale } = useI18n();
  const headline = problem.code === 'tooLarge' ? t('historyImport.file.tooLarge', { size: formatBytes(size, locale), limit: formatBytes(MAX_IMPORT_BYTES, locale) }) : t(FILE_PROBLEM_KEYS[problem.code]);
  return (
    <div class="io-error history-import__error" role="alert" data-testid="history-import-error" data-code={problem.code}>
      <p>
        <strong>{t('historyImport.rejected')}</strong>
      </p>
      <p>{headline}</p>
      {problem.code === 'tooLarge' ? null : (
        <p class="io-error__detail" data-testid="history-import-error-detail">
          {t('historyImport.detail', { detail: detailText(problem, t, locale) })}
        </p>
      )}
      <p>{t('historyImport.nothingStored')}</p>
    </div>
  );
}

interface MappingEditorProps {
  view: ImportView;
  disabled: boolean;
  onFormat(format: CsvFormat): void;
  onMapping(mapping: ColumnMapping): void;
}

/** The format (detected or chosen), then one row per field: its column (a select) and the first value it reads. */
function MappingEditor({ view, disabled, onFormat, onMapping }: MappingEditorProps) {
  const { t } = useI18n();
  const { header, examples, detected, mapping } = view;
  const firstValue = (column: number | null | undefined) => (column === null || column === undefined ? '' : (examples[column] ?? ''));
  return (
    <div class="history-import__mapping" data-testid="history-import-mapping">
      <div class="field">
        <label for="history-import-format">{t('historyImport.format')}</label>
        <select id="history-import-format" data-testid="history-import-format-select" value={mapping?.format ?? ''} disabled={disabled} onChange={(e) => e.currentTarget.value && onFormat(e.currentTarget.value as CsvFormat)}>
          {mapping ? null : <option value="">{t('historyImport.format.choose')}</option>}
          {CSV_FORMATS.map((format) => (
            <option key={format} value={format}>
              {t(FORMAT_KEYS[format])}
            </option>
          ))}
        </select>
      </div>
      <p data-testid="history-import-format" class={detected ? undefined : 'field-error'}>
        {detected ? t('historyImport.format.detected', { format: t(FORMAT_KEYS[detected]) }) : t('historyImport.format.unknown')}
      </p>
      {mapping ? (
        <>
          <table class="history-import__table">
            <caption>
              <strong>{t('historyImport.mapping.title')}</strong>
              <span class="field-hint">{t('historyImport.mapping.hint')}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('historyImport.mapping.field')}</th>
                <th scope="col">{t('historyImport.mapping.column')}</th>
                <th scope="col">{t('historyImport.mapping.example')}</th>
              </tr>
            </thead>
            <tbody>
              {formatFields(mapping.format).map(({ field, required, or }) => {
                const column = mapping.columns[field] ?? null;
                const id = `history-import-map-${field}`;
                return (
                  <tr key={field} data-field={field}>
                    <th scope="row">
                      <label for={id}>
                        {t(FIELD_KEYS[field])}
                        {required ? (
                          <span class="history-import__required">
                            {' '}
                            ({or.length ? t('historyImport.mapping.requiredOr', { fields: or.map((f) => t(FIELD_KEYS[f])).join(' / ') }) : t('historyImport.mapping.required')})
                          </span>
                        ) : null}
                      </label>
                    </th>
                    <td>
                      <select
                        id={id}
                        data-testid={`history-import-map-${field}`}
                        value={column === null ? '' : String(column)}
                        disabled={disabled}
                        onChange={(e) => onMapping(withColumn(mapping, field, e.currentTarget.value === '' ? null : Number(e.currentTarget.value)))}
                      >
                        <option value="">{t('historyImport.mapping.none')}</option>
                        {header.map((name, index) => (
                          <option key={index} value={String(index)}>
                            {name || `#${index + 1}`}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td class="history-import__example">{firstValue(column)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {mapping.stageColumns.length > 0 ? (
            <p class="muted" data-testid="history-import-stage-columns">
              {t('historyImport.mapping.stageColumns', { count: mapping.stageColumns.length, stages: mapping.stageColumns.map((c) => c.stage).join(', ') })}
            </p>
          ) : null}
          <div class="field-row">
            <div class="field">
              <label for="history-import-date-order">{t('historyImport.mapping.dateOrder')}</label>
              <select id="history-import-date-order" value={mapping.dateOrder} disabled={disabled} onChange={(e) => onMapping({ ...mapping, dateOrder: e.currentTarget.value as ColumnMapping['dateOrder'] })}>
                <option value="mdy">{t('historyImport.mapping.dateOrder.mdy')}</option>
                <option value="dmy">{t('historyImport.mapping.dateOrder.dmy')}</option>
              </select>
            </div>
            <div class="field">
              <label for="history-import-decimal">{t('historyImport.mapping.decimal')}</label>
              <select id="history-import-decimal" value={mapping.decimal} disabled={disabled} onChange={(e) => onMapping({ ...mapping, decimal: e.currentTarget.value as ColumnMapping['decimal'] })}>
                <option value=".">{t('historyImport.mapping.decimal.dot')}</option>
                <option value=",">{t('historyImport.mapping.decimal.comma')}</option>
              </select>
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}

function ProblemList({ problems, count }: { problems: readonly RowProblem[]; count: number }) {
  const { t } = useI18n();
  const shown = problems.slice(0, LISTED);
  return (
    <div class="history-import__problems" role="region" aria-labelledby="history-import-problems-title" data-testid="history-import-problems">
      <h4 id="history-import-problems-title">{t('historyImport.problems.title', { count })}</h4>
      <p>{t('historyImport.problems.body')}</p>
      <ul>
        {shown.map((problem, i) => (
          <li key={`${problem.line}-${i}`} data-testid="history-import-problem" data-line={problem.line} data-code={problem.code}>
            {t(`historyImport.problem.${problem.code}`, { line: problem.line, ...problem.params })}
          </li>
        ))}
      </ul>
      {count > shown.length ? <p class="muted" data-testid="history-import-more">{t('historyImport.problems.more', { count: count - shown.length })}</p> : null}
    </div>
  );
}

function Preview({ report, footerRows }: { report: ReportView; footerRows: number }) {
  const { t, locale } = useI18n();
  const summary = report.summary!;
  const day = (ms: number) => formatDate(new Date(ms).toISOString(), locale);
  return (
    <div class="import-preview history-import__preview" role="region" aria-labelledby="history-import-preview-title" data-testid="history-import-preview">
      <h4 id="history-import-preview-title">{t('historyImport.preview.title')}</h4>
      <dl>
        <div>
          <dt>{t('historyImport.preview.deals')}</dt>
          <dd data-testid="history-import-preview-deals">{t('historyImport.preview.dealCounts', { count: summary.deals, open: summary.open, won: summary.won, lost: summary.lost })}</dd>
        </div>
        <div>
          <dt>{t('historyImport.preview.owners')}</dt>
          <dd data-testid="history-import-preview-owners">{summary.owners.join(', ')}</dd>
        </div>
        {summary.from !== null && summary.to !== null ? (
          <div>
            <dt>{t('historyImport.preview.range')}</dt>
            <dd data-testid="history-import-preview-range">{t('historyImport.preview.rangeValue', { from: day(summary.from), to: day(summary.to) })}</dd>
          </div>
        ) : null}
      </dl>
      <h5>{t('historyImport.preview.pipelines')}</h5>
      <ul class="history-import__pipelines">
        {summary.pipelines.map((pipeline, i) => (
          <li key={i} data-testid="history-import-preview-pipeline">
            <strong>{pipeline.name}</strong>: {pipeline.stages.join(' → ')}
          </li>
        ))}
      </ul>
      {summary.skipped > 0 ? <p class="muted">{t('historyImport.preview.skipped', { count: summary.skipped })}</p> : null}
      {footerRows > 0 ? (
        <p class="muted" data-testid="history-import-preview-footer">
          {t('historyImport.preview.footer', { count: footerRows })}
        </p>
      ) : null}
    </div>
  );
}
