import { useEffect, useRef, useState } from 'preact/hooks';
import type { StagecraftDb } from '@/lib/db/database';
import { loadSettings } from '@/lib/db/settings';
import type { MessageKey } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/format';
import type { Playbook } from '@/lib/model/playbook.schema';
import { formatBytes } from '@/lib/playbook-io/untrusted';
import {
  convertTable,
  CSV_FORMATS,
  deleteImportedHistory,
  detectFormat,
  detectMapping,
  formatFields,
  importHistoryJson,
  listImportedHistories,
  looksLikeJson,
  MAX_IMPORT_BYTES,
  readCsvTable,
  readImportText,
  saveImportedHistory,
  withColumn,
  type ColumnMapping,
  type ConversionReport,
  type CsvFormat,
  type CsvTable,
  type FieldId,
  type FileProblem,
  type FileProblemCode,
  type ImportFormat,
  type RowProblem,
} from '@/lib/history-import';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useI18n } from '../i18n';
import { LiveStatus, storageErrorText } from '../options/fields';
import './history-import.css';

export interface HistoryImportProps {
  db: StagecraftDb;
  /** The team's playbook: a pipeline of the same name gives the imported stages their order, probability and rot days. */
  playbook?: Playbook;
  now?: () => Date;
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

type Phase = 'reading' | 'parsing' | 'converting';

/** What was picked: the scorecard file, or a CSV table with its format and mapping. */
type Picked =
  | { kind: 'json'; name: string; size: number; report: ConversionReport }
  | { kind: 'csv'; name: string; size: number; table: CsvTable; detected: CsvFormat | null; mapping: ColumnMapping | null; report: ConversionReport | null };

/**
 * The options-page panel that imports sales history: pick a file (size checked before reading),
 * a progress bar while it is read and checked in chunks (the page stays responsive), the detected
 * format and column mapping (each field's column can be changed), every bad row with its line
 * (nothing can be imported while one remains), a preview, Import; and the list of imports.
 */
export function HistoryImport({ db, playbook, now = () => new Date() }: HistoryImportProps) {
  const { t, locale } = useI18n();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [problem, setProblem] = useState<{ name: string; size: number; problem: FileProblem } | null>(null);
  const [busy, setBusy] = useState<{ phase: Phase; fraction: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState('');
  const run = useRef<{ id: number; abort: AbortController | null }>({ id: 0, abort: null });
  const input = useRef<HTMLInputElement | null>(null);
  const imports = useLiveQuery(() => listImportedHistories(db), [db]);

  useEffect(() => () => run.current.abort?.abort(), []);

  /** Starts a new run (a newer file or mapping wins over an older one still working). */
  const begin = () => {
    run.current.abort?.abort();
    const abort = new AbortController();
    run.current = { id: run.current.id + 1, abort };
    return { id: run.current.id, signal: abort.signal };
  };

  const announce = (report: ConversionReport | null, fileProblem: FileProblem | null) => {
    if (fileProblem || report?.fileProblem) setStatus(t('historyImport.status.rejected'));
    else if (report?.history) setStatus(t('historyImport.status.ready', { count: report.history.deals.length }));
    else if (report && report.problemCount > 0) setStatus(t('historyImport.status.problems', { count: report.problemCount }));
    else setStatus('');
  };

  async function convert(table: CsvTable, mapping: ColumnMapping, signal: AbortSignal, isCurrent: () => boolean): Promise<ConversionReport | null> {
    setBusy({ phase: 'converting', fraction: 0 });
    const settings = await loadSettings(db);
    const report = await convertTable(table, mapping, {
      playbook: playbook ?? null,
      defaultRotDays: settings.defaultRotDays,
      signal,
      onProgress: (done, total) => {
        if (isCurrent()) setBusy({ phase: 'converting', fraction: total ? done / total : 1 });
      },
    });
    return isCurrent() ? report : null;
  }

  async function pick(target: HTMLInputElement) {
    const file = target.files?.[0];
    if (!file) return;
    const { id, signal } = begin();
    const isCurrent = () => run.current.id === id && !signal.aborted;
    setPicked(null);
    setProblem(null);
    setStatus(t('historyImport.phase.reading'));
    setBusy({ phase: 'reading', fraction: 0 });
    try {
      const read = await readImportText(file, MAX_IMPORT_BYTES);
      if (!isCurrent()) return;
      if (!read.ok) {
        setProblem({ name: file.name, size: file.size, problem: read.problem });
        announce(null, read.problem);
        return;
      }
      if (looksLikeJson(read.text)) {
        const report = importHistoryJson(read.text);
        if (report.fileProblem) setProblem({ name: file.name, size: file.size, problem: report.fileProblem });
        else setPicked({ kind: 'json', name: file.name, size: file.size, report });
        announce(report, null);
        return;
      }
      setBusy({ phase: 'parsing', fraction: 0 });
      const parsed = await readCsvTable(read.text, { signal, onProgress: (fraction) => isCurrent() && setBusy({ phase: 'parsing', fraction }) });
      if (!isCurrent()) return;
      if (!parsed.ok) {
        setProblem({ name: file.name, size: file.size, problem: parsed.problem });
        announce(null, parsed.problem);
        return;
      }
      const detected = detectFormat(parsed.table.header);
      const mapping = detected ? detectMapping(parsed.table, detected) : null;
      const report = mapping ? await convert(parsed.table, mapping, signal, isCurrent) : null;
      if (!isCurrent()) return;
      setPicked({ kind: 'csv', name: file.name, size: file.size, table: parsed.table, detected, mapping, report });
      if (report) announce(report, null);
      else setStatus(t('historyImport.format.unknown'));
    } catch (error) {
      if (signal.aborted) return;
      setStatus(t('historyImport.status.failed', { detail: error instanceof Error ? error.message : String(error) }));
    } finally {
      if (isCurrent()) setBusy(null);
      target.value = ''; // the same file can be picked again
    }
  }

  async function remap(mapping: ColumnMapping) {
    if (picked?.kind !== 'csv') return;
    const { id, signal } = begin();
    const isCurrent = () => run.current.id === id && !signal.aborted;
    const table = picked.table;
    setPicked({ ...picked, mapping, report: null });
    try {
      const report = await convert(table, mapping, signal, isCurrent);
      if (!report || !isCurrent()) return;
      setPicked((current) => (current?.kind === 'csv' && current.table === table ? { ...current, mapping, report } : current));
      announce(report, null);
    } catch (error) {
      if (!signal.aborted) setStatus(t('historyImport.status.failed', { detail: error instanceof Error ? error.message : String(error) }));
    } finally {
      if (isCurrent()) setBusy(null);
    }
  }

  async function confirm() {
    if (!picked?.report?.history) return;
    const format: ImportFormat = picked.kind === 'json' ? 'scorecard-json' : (`${picked.mapping!.format}-csv` as ImportFormat);
    setSaving(true);
    try {
      const saved = await saveImportedHistory(db, { name: picked.name, format, history: picked.report.history }, now());
      if (!saved.ok) setStatus(t('historyImport.status.failed', { detail: saved.error }));
      else {
        setStatus(t('historyImport.status.imported', { name: picked.name, count: picked.report.history.deals.length }));
        setPicked(null);
        input.current?.focus();
      }
    } catch (error) {
      setStatus(storageErrorText(t, error));
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    run.current.abort?.abort();
    setPicked(null);
    setProblem(null);
    setBusy(null);
    setStatus('');
  }

  async function remove(id: string, name: string) {
    try {
      await deleteImportedHistory(db, id);
      setStatus(t('historyImport.list.deleted', { name }));
    } catch (error) {
      setStatus(storageErrorText(t, error));
    }
  }

  const report = picked?.report ?? null;
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
            accept=".csv,.json,.txt,.tsv,text/csv,application/json,text/plain,text/tab-separated-values"
            aria-describedby="history-import-file-hint"
            disabled={saving}
            data-testid="history-import-file"
            onChange={(e) => void pick(e.currentTarget)}
          />
          <p class="field-hint" id="history-import-file-hint">{t('historyImport.fileHint', { limit: formatBytes(MAX_IMPORT_BYTES) })}</p>
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
          </div>
        ) : null}

        {problem ? <FileError problem={problem.problem} size={problem.size} /> : null}

        {picked?.kind === 'json' ? <p data-testid="history-import-format">{t('historyImport.format.detected', { format: t(FORMAT_KEYS.json) })}</p> : null}
        {picked?.kind === 'csv' ? (
          <MappingEditor
            table={picked.table}
            detected={picked.detected}
            mapping={picked.mapping}
            disabled={saving}
            onFormat={(format) => void remap(detectMapping(picked.table, format))}
            onMapping={(mapping) => void remap(mapping)}
          />
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
        {report?.summary ? <Preview report={report} /> : null}

        {picked ? (
          <div class="actions">
            <button type="button" class="primary" disabled={!report?.history || busy !== null || saving} data-testid="history-import-confirm" onClick={() => void confirm()}>
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
  const { t } = useI18n();
  const headline = problem.code === 'tooLarge' ? t('historyImport.file.tooLarge', { size: formatBytes(size), limit: formatBytes(MAX_IMPORT_BYTES) }) : t(FILE_PROBLEM_KEYS[problem.code]);
  return (
    <div class="io-error history-import__error" role="alert" data-testid="history-import-error" data-code={problem.code}>
      <p>
        <strong>{t('historyImport.rejected')}</strong>
      </p>
      <p>{headline}</p>
      {problem.code === 'tooLarge' ? null : (
        <p class="io-error__detail" data-testid="history-import-error-detail">
          {t('historyImport.detail', { detail: problem.detail })}
        </p>
      )}
      <p>{t('historyImport.nothingStored')}</p>
    </div>
  );
}

interface MappingEditorProps {
  table: CsvTable;
  detected: CsvFormat | null;
  mapping: ColumnMapping | null;
  disabled: boolean;
  onFormat(format: CsvFormat): void;
  onMapping(mapping: ColumnMapping): void;
}

/** The format (detected or chosen), then one row per field: its column (a select) and the first value it reads. */
function MappingEditor({ table, detected, mapping, disabled, onFormat, onMapping }: MappingEditorProps) {
  const { t } = useI18n();
  const firstValue = (column: number | null | undefined) => {
    if (column === null || column === undefined) return '';
    for (const row of table.rows) {
      const cell = row.fields[column]?.trim();
      if (cell) return cell.length > 60 ? `${cell.slice(0, 59)}…` : cell;
    }
    return '';
  };
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
                        {table.header.map((name, index) => (
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

function Preview({ report }: { report: ConversionReport }) {
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
    </div>
  );
}
