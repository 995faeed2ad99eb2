// `npm run --silent import -- FILE [--playbook PLAYBOOK.json] [--format auto|pipedrive|hubspot|salesforce|json] [--out FILE.json]`
//
// Turns a CRM export (Pipedrive deals, HubSpot deals, Salesforce opportunity history; CSV or
// .xlsx, any language the importer knows) or a scorecard JSON file into the scorecard history
// file, exactly as the options page's Import history does (lib/history-import: the same reading,
// format recognition, column mapping, checks and playbook matching of stages). The history goes
// to stdout, or to --out. The file can then go to `scorecard`, or into a spreadsheet.
//
// A CSV export of any size: it is read, converted and written as it streams (lib/history-import/
// stream.ts), keeping only what each deal needs; a scorecard JSON file is read as it streams into
// the history it holds (read again whole only to name a problem); an .xlsx workbook is read whole.
// The history is checked as it is written, into a file beside --out renamed into place once the whole
// input proved good (for stdout, a temporary file copied out then): a refused file leaves an existing
// --out as it was.
//
// A file that cannot be imported: exit code 2, nothing on stdout, the problems on stderr one per
// line (`line 14: Deal - Value "12,5k" is not a number`; the first 20, then how many more). A bad
// argument or playbook: exit code 1 and one line on stderr.
//
// Arguments: `--flag value` or `--flag=value`; `--` ends the options.
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FORMAT_CHOICES, problemLines, type FormatChoice } from '../lib/history-import';
import { importStream } from '../lib/history-import/stream';
import type { Playbook } from '../lib/model/playbook.schema';
import { parsePlaybookFile } from '../lib/playbook-io/playbook-file';

const USAGE = 'usage: import FILE [--playbook PLAYBOOK.json] [--format auto|pipedrive|hubspot|salesforce|json] [--out FILE.json]';
const FLAGS = ['--playbook', '--format', '--out'] as const;
type Flag = (typeof FLAGS)[number];

class UsageError extends Error {}

interface Args {
  file: string;
  playbook: string | null;
  format: FormatChoice;
  out: string | null;
}

function parseArgs(args: readonly string[]): Args {
  const values: Partial<Record<Flag, string>> = {};
  let file: string | null = null;
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = (eq < 0 ? arg : arg.slice(0, eq)) as Flag;
      if (!FLAGS.includes(name)) throw new UsageError(`unknown option ${name} (${USAGE})`);
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === '') throw new UsageError(`${name}: expected a value (${USAGE})`);
      values[name] = value;
    } else if (file === null) file = arg;
    else throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (${USAGE})`);
  }
  if (file === null) throw new UsageError(USAGE);
  const format = (values['--format'] ?? 'auto') as FormatChoice;
  if (!FORMAT_CHOICES.includes(format)) throw new UsageError(`--format: expected one of ${FORMAT_CHOICES.join(', ')}, not ${JSON.stringify(format)}`);
  return { file, playbook: values['--playbook'] ?? null, format, out: values['--out'] ?? null };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Returns the exit code; writes the history or the problems. */
async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }

  let playbook: Playbook | null = null;
  if (args.playbook !== null) {
    let text: string;
    try {
      text = readFileSync(args.playbook, 'utf8');
    } catch (error) {
      process.stderr.write(`${args.playbook}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
      return 1;
    }
    const parsed = parsePlaybookFile(text);
    if (!parsed.ok) {
      process.stderr.write(`${args.playbook}: ${oneLine(parsed.error.detail)}\n`);
      return 1;
    }
    playbook = parsed.value;
  }

  try {
    if (!statSync(args.file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    process.stderr.write(`${args.file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return 2;
  }

  // The history goes to a file beside --out (or in the temporary folder, for stdout) as it is made
  // and checked; only a history written whole is renamed into place or copied to stdout, so a file
  // refused late leaves an existing --out untouched and nothing on stdout.
  const partial = new PartialFile(args.out);
  try {
    // 64 kB pieces: a piece and its text die young, where megabyte pieces would wait for a full collection.
    const open = () => createReadStream(args.file, { highWaterMark: 1 << 16 });
    let imported: Awaited<ReturnType<typeof importStream>>;
    try {
      imported = await importStream(open, (piece) => partial.write(piece), { format: args.format, playbook });
    } catch (error) {
      if (error instanceof WriteError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      process.stderr.write(`${args.file}: cannot read (${code})\n`);
      return 2;
    }
    if (!imported.written) {
      for (const line of problemLines(imported.report, 20)) process.stderr.write(`${oneLine(line)}\n`);
      return 2;
    }
    partial.write('\n');
    await partial.keep();
    return 0;
  } catch (error) {
    if (!(error instanceof WriteError)) throw error;
    process.stderr.write(`${args.out ?? 'stdout'}: cannot write (${error.code})\n`);
    return 1;
  } finally {
    partial.discard();
  }
}

class WriteError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * The history being written: opened at its first piece, kept by renaming it to `out` (or by copying
 * it to stdout) once whole, else removed.
 */
class PartialFile {
  private readonly path: string;
  private readonly folder: string | null;
  private fd: number | null = null;

  constructor(private readonly out: string | null) {
    this.folder = out === null ? mkdtempSync(join(tmpdir(), 'stagecraft-import-')) : null;
    this.path = out === null ? join(this.folder!, 'history.json') : join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  }

  write(piece: string): void {
    try {
      this.fd ??= openSync(this.path, 'w');
      writeSync(this.fd, piece);
    } catch (error) {
      throw new WriteError(codeOf(error));
    }
  }

  async keep(): Promise<void> {
    this.close();
    if (this.out === null) {
      await pipeline(createReadStream(this.path, { highWaterMark: 1 << 16 }), process.stdout, { end: false });
      return;
    }
    try {
      renameSync(this.path, this.out);
    } catch (error) {
      throw new WriteError(codeOf(error));
    }
  }

  /** Removes what is left of it (nothing once renamed). */
  discard(): void {
    this.close();
    rmSync(this.folder ?? this.path, { recursive: true, force: true });
  }

  private close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
