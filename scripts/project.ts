// `npm run --silent project -- FILE.json [--as-of YYYY-MM-DD] [--quarters N]`
//
// Prints the revenue projection (lib/projection) of a sales history file as one JSON object:
// {"asOf", "team": {"<YYYY-Qn>": {"expected", "low", "high", "count"}}, "owners": {…}, "backtest",
// "drivers"}. A malformed file, an unreadable file or a bad argument: one line on stderr (a bad file
// names its first bad path), nothing on stdout, exit code 1; a history too short to project: one
// line saying what is missing, exit code 1; an internal error: exit code 2.
//
// Arguments as the `scorecard` command: `--flag value` or `--flag=value`; a repeated flag takes the
// last value; `--` ends the options. --as-of is a UTC day (default today, UTC): the projection looks
// from its 00:00Z. --quarters is 1–12 (default 3), counted from the quarter --as-of falls in.
import { createReadStream } from 'node:fs';
import { parseDay, startOfUtcDay } from '../lib/metrics/dates';
import { HistoryError, readHistory } from '../lib/metrics/history.schema';
import { DEFAULT_QUARTERS, projectionSummary, type MissingHistory } from '../lib/projection';

const USAGE = 'usage: project FILE.json [--as-of YYYY-MM-DD] [--quarters N]';
const MAX_QUARTERS = 12;

class UsageError extends Error {}

function parseArgs(args: readonly string[]): { file: string; asOf: number | null; quarters: number } {
  let file: string | null = null;
  let asOf: number | null = null;
  let quarters = DEFAULT_QUARTERS;
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
      if (name !== '--as-of' && name !== '--quarters') throw new UsageError(`unknown option ${name} (${USAGE})`);
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (name === '--as-of') {
        if (value === undefined) throw new UsageError(`${name}: expected a date YYYY-MM-DD`);
        asOf = parseDay(value);
        if (asOf === null) throw new UsageError(`${name}: ${JSON.stringify(value)} is not a date YYYY-MM-DD`);
      } else {
        if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_QUARTERS)
          throw new UsageError(`${name}: ${value === undefined ? 'expected' : `${JSON.stringify(value)} is not`} a whole number from 1 to ${MAX_QUARTERS}`);
        quarters = Number(value);
      }
    } else if (file === null) file = arg;
    else throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (${USAGE})`);
  }
  if (file === null) throw new UsageError(USAGE);
  return { file, asOf, quarters };
}

const NEEDS: Record<MissingHistory['what'], string> = {
  months: 'full months of history',
  closed: 'closed deals',
  won: 'won deals',
};

/** "too little history to project: full months of history 3 (needs 6), closed deals 2 (needs 20)". */
function missingLine(missing: readonly MissingHistory[]): string {
  return `too little history to project: ${missing.map((m) => `${NEEDS[m.what]} ${m.have} (needs ${m.need})`).join(', ')}`;
}

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
    // Read piece by piece: a file of any size the disk holds (one string stops near 537 M characters).
    const history = await readHistory(() => createReadStream(parsed.file, { encoding: 'utf8', highWaterMark: 1 << 20 }), parsed.file, {});
    const result = projectionSummary(history, parsed.asOf ?? startOfUtcDay(Date.now()), parsed.quarters);
    if (result.status !== 'projected') return fail(missingLine(result.missing));
    process.stdout.write(`${JSON.stringify(result.summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HistoryError) return fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && (error as NodeJS.ErrnoException).syscall) return fail(`${parsed.file}: cannot read (${code})`);
    return fail(`internal error: ${error instanceof Error ? error.message : String(error)}`, 2);
  }
}

process.exitCode = await main(process.argv.slice(2));
