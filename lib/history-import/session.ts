import type { Playbook } from '../model/playbook.schema';
import type { ColumnMapping, CsvFormat } from './formats';
import { detectMapping } from './mapping-sample';
import { openImportFile, reportOf, type FormatChoice, type OpenedFile } from './pipeline';
import type { History } from '../metrics/history';
import type { ConversionReport, FileProblem } from './to-history';

// One picked file being imported, kept where the work happens (the options page's worker): the
// opened table and the converted history stay here, and what the page shows travels as an
// ImportView — the header, one example value per column, the format and mapping, and the report
// without the history — never the whole table or the deals (a 100 MB export is ~700 000 deals:
// copying them to the page would freeze it for seconds). Import stores the history from here.

export type ImportPhase = 'reading' | 'parsing' | 'converting';

export interface ImportView {
  kind: OpenedFile['kind'];
  source: 'json' | 'csv' | 'xlsx' | null;
  header: string[];
  /** The first non-empty value of each column (cut to 60 characters), for the mapping table. */
  examples: string[];
  rows: number;
  footerRows: number;
  detected: CsvFormat | null;
  format: CsvFormat | null;
  mapping: ColumnMapping | null;
  /** Why the file cannot be read or recognised at all. */
  problem: FileProblem | null;
  report: ReportView | null;
}

/** The conversion report as the page sees it: everything but the history, and whether one is ready to store. */
export type ReportView = Omit<ConversionReport, 'history'> & { ready: boolean };

/** Stores a converted history (the options page's database, wired in by whoever runs the session). */
export type HistoryStore = (input: { name: string; format: string; history: History }) => Promise<{ ok: true } | { ok: false; error: string }>;

export type SaveOutcome = { ok: true; deals: number } | { ok: false; error: string };

/** How an import is listed: `scorecard-json`, or the CRM and the file kind (`hubspot-xlsx`). */
export function importFormatOf(view: Pick<ImportView, 'kind' | 'format' | 'source'>): string {
  return view.kind === 'json' ? 'scorecard-json' : `${view.format}-${view.source === 'xlsx' ? 'xlsx' : 'csv'}`;
}

export interface ConvertSettings {
  playbook?: Playbook | null;
  defaultRotDays?: number | null;
}

export interface StepOptions {
  onProgress?: (phase: ImportPhase, fraction: number) => void;
  signal?: AbortSignal;
  yieldToLoop?: () => Promise<void>;
}

function examplesOf(opened: OpenedFile): string[] {
  if (opened.kind !== 'table') return [];
  const { header, rows } = opened.table;
  return header.map((_, column) => {
    for (const row of rows) {
      const cell = row.fields[column]?.trim();
      if (cell) return cell.length > 60 ? `${cell.slice(0, 59)}…` : cell;
    }
    return '';
  });
}

export class ImportSession {
  private opened: OpenedFile | null = null;
  private settings: ConvertSettings = {};
  /** The history of the last conversion, when it has no problem. */
  private converted: History | null = null;
  private shown: ImportView | null = null;

  private view(report: ConversionReport | null): ImportView {
    const opened = this.opened!;
    this.converted = report?.history ?? null;
    const table = opened.kind === 'table' ? opened : null;
    const view: ImportView = {
      kind: opened.kind,
      source: opened.kind === 'json' ? 'json' : (table?.source ?? null),
      header: table ? table.table.header : [],
      examples: examplesOf(opened),
      rows: table ? table.table.rows.length : 0,
      footerRows: table?.footerRows ?? 0,
      detected: table?.detected ?? null,
      format: table?.format ?? null,
      mapping: table?.mapping ?? null,
      problem: opened.kind === 'problem' ? opened.problem : (table?.problem ?? null),
      report: report ? { summary: report.summary, missing: report.missing, problems: report.problems, problemCount: report.problemCount, fileProblem: report.fileProblem, ready: report.history !== null } : null,
    };
    this.shown = view;
    return view;
  }

  /** Stores the converted history under the file's name; the session then lets go of the file. */
  async save(name: string, store: HistoryStore): Promise<SaveOutcome> {
    const history = this.converted;
    if (!history || !this.shown) return { ok: false, error: 'nothing is ready to import' };
    const saved = await store({ name, format: importFormatOf(this.shown), history });
    if (!saved.ok) return saved;
    const deals = history.deals.length;
    this.opened = null;
    this.converted = null;
    this.shown = null;
    return { ok: true, deals };
  }

  private async convert(options: StepOptions): Promise<ImportView> {
    const opened = this.opened!;
    if (opened.kind === 'table' && (opened.problem || !opened.mapping)) return this.view(null);
    if (opened.kind === 'problem') return this.view(null);
    options.onProgress?.('converting', 0);
    const report = await reportOf(opened, {
      playbook: this.settings.playbook ?? null,
      defaultRotDays: this.settings.defaultRotDays ?? null,
      signal: options.signal,
      yieldToLoop: options.yieldToLoop,
      onProgress: (done, total) => options.onProgress?.('converting', total ? done / total : 1),
    });
    return this.view(report);
  }

  /** Opens the bytes of a picked file and converts it with the detected (or chosen) format. */
  async open(bytes: Uint8Array, settings: ConvertSettings, options: StepOptions & { format?: FormatChoice } = {}): Promise<ImportView> {
    this.settings = settings;
    options.onProgress?.('parsing', 0);
    this.opened = await openImportFile(bytes, {
      format: options.format,
      signal: options.signal,
      yieldToLoop: options.yieldToLoop,
      onProgress: (fraction) => options.onProgress?.('parsing', fraction),
    });
    return this.convert(options);
  }

  /** The open table read as another CRM's export (its mapping detected anew). */
  async chooseFormat(format: CsvFormat, options: StepOptions = {}): Promise<ImportView> {
    const opened = this.opened;
    if (opened?.kind !== 'table') throw new Error('no table is open');
    this.opened = { ...opened, format, mapping: detectMapping(opened.table, format), problem: null };
    return this.convert(options);
  }

  /** The open table converted with a changed mapping (a field's column, the date order, the decimal separator). */
  async remap(mapping: ColumnMapping, options: StepOptions = {}): Promise<ImportView> {
    const opened = this.opened;
    if (opened?.kind !== 'table') throw new Error('no table is open');
    this.opened = { ...opened, format: mapping.format, mapping, problem: null };
    return this.convert(options);
  }
}

/**
 * A Blob's bytes read as a stream, chunk by chunk, with progress (0–1) and a way to stop; the size
 * is known up front, so the chunks go straight into one buffer.
 */
export async function readBlobBytes(blob: Blob, options: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {}): Promise<Uint8Array> {
  if (typeof blob.stream !== 'function') return new Uint8Array(await blob.arrayBuffer());
  const out = new Uint8Array(blob.size);
  const reader = blob.stream().getReader();
  let at = 0;
  try {
    for (;;) {
      options.signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.length > out.length) throw new Error('the file changed while it was read');
      out.set(value, at);
      at += value.length;
      options.onProgress?.(out.length ? at / out.length : 1);
    }
  } finally {
    reader.releaseLock();
  }
  return at === out.length ? out : out.subarray(0, at);
}
