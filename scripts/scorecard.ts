// `npm run --silent scorecard -- FILE.json [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`
//
// Prints the scorecard (lib/metrics/scorecard.ts) as one JSON object on stdout. A malformed file, an
// unreadable file or a bad argument: one line on stderr (a bad file names its first bad path, e.g.
// `deals[3].stageHistory[0].enteredAt: invalid date`), nothing on stdout, exit code 1 (2 for an internal error).
//
// Arguments: `--flag value` or `--flag=value`; a repeated flag takes the last value; `--` ends the
// options. Days are UTC calendar days; --as-of defaults to today (UTC). --from after --to is allowed
// and simply selects no closed deals.
import { statSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { parseDay } from '../lib/metrics/dates';
import { HistoryError, readHistory } from '../lib/metrics/history.schema';
import { computeScorecard, scorecardOptions } from '../lib/metrics/scorecard';
import { readText } from './read-text';
import { scorecardOnTwoThreads, serveScorecardBuilder, TWO_THREADS_FROM, type BuilderData } from './scorecard-threads';

const USAGE = 'usage: scorecard FILE.json [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD]';
const FLAGS = { '--as-of': 'asOf', '--from': 'from', '--to': 'to' } as const;

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { file: string; days: { asOf?: string; from?: string; to?: string } } {
  const days: { asOf?: string; from?: string; to?: string } = {};
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
      const name = eq < 0 ? arg : arg.slice(0, eq);
      if (!(name in FLAGS)) throw new UsageError(`unknown option ${name} (${USAGE})`);
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${name}: expected a date YYYY-MM-DD`);
      if (parseDay(value) === null) throw new UsageError(`${name}: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
      days[FLAGS[name as keyof typeof FLAGS]] = value;
    } else if (file === null) file = arg;
    else throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (${USAGE})`);
  }
  if (file === null) throw new UsageError(USAGE);
  return { file, days };
}

/** The file's size in bytes; 0 when it cannot be read (the reading then says why). */
function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Returns the exit code; writes the result or one error line. */
async function main(args: readonly string[]): Promise<number> {
  const fail = (message: string, code = 1) => {
    process.stderr.write(`${message.replace(/\s+/g, ' ').trim()}\n`);
    return code;
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  try {
    const options = scorecardOptions(parsed.days, new Date());
    // Read piece by piece: a file of any size the disk holds (one string stops near 537 M characters).
    // On two threads first; a file with a problem is read again on one, to name its first problem.
    let text = size(parsed.file) >= TWO_THREADS_FROM ? await scorecardOnTwoThreads(parsed.file, options, new URL(import.meta.url)) : null;
    if (text === null) {
      const history = await readHistory(() => readText(parsed.file), parsed.file, { activities: 'count' });
      text = JSON.stringify(computeScorecard(history, options));
    }
    process.stdout.write(`${text}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HistoryError) return fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && (error as NodeJS.ErrnoException).syscall) return fail(`${parsed.file}: cannot read (${code})`);
    return fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

// The same module serves the worker that builds the deals (./scorecard-threads).
if (isMainThread) process.exitCode = await main(process.argv.slice(2));
else serveScorecardBuilder(workerData as BuilderData);
