// `npm run --silent scorecard -- FILE.json [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD]`
// Prints the scorecard as one JSON object. A bad file or argument: a one-line error on stderr,
// nothing on stdout, non-zero exit.
import { readFileSync } from 'node:fs';
import { HistoryError, parseHistoryText } from '../lib/metrics/history';
import { computeScorecard, scorecardOptions } from '../lib/metrics/scorecard';

const USAGE = 'usage: scorecard FILE.json [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD]';

function die(message: string, code = 1): never {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
}

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

const args = process.argv.slice(2);
const flags: Record<string, string> = {};
let file: string | null = null;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--as-of' || arg === '--from' || arg === '--to') {
    const value = args[++i];
    if (value === undefined) die(`${arg}: expected a date YYYY-MM-DD`);
    if (!isDay(value)) die(`${arg}: "${value}" is not a date YYYY-MM-DD`);
    flags[arg.slice(2)] = value;
  } else if (arg.startsWith('-')) die(`unknown option ${arg} (${USAGE})`);
  else if (file === null) file = arg;
  else die(`unexpected argument ${arg} (${USAGE})`);
}
if (file === null) die(USAGE);
if (flags.from && flags.to && flags.from > flags.to) die(`--from ${flags.from} is after --to ${flags.to}`);

let content: string;
try {
  content = readFileSync(file, 'utf8');
} catch (error) {
  die(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
}

try {
  const history = parseHistoryText(content, file);
  const scorecard = computeScorecard(history, scorecardOptions({ asOf: flags['as-of'], from: flags.from, to: flags.to }, new Date()));
  process.stdout.write(`${JSON.stringify(scorecard)}\n`);
} catch (error) {
  if (error instanceof HistoryError) die(error.message);
  throw error;
}
