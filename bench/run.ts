// `npm run bench`: builds the extension, measures every speed and size figure against its budget,
// prints a table, writes bench-results.json and refreshes the table in the README.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { launchWithExtension } from '../scripts/browser';
import { measureBusyPageCost } from './busy-page';
import { measureColdStart } from './cold-start';
import { measureContentScriptSize } from './content-size';
import { measureGuidanceParsing } from './guidance';
import { measureHistoryImport } from './history-import';
import { measureImportCommand } from './import-command';
import { measureNavigation } from './navigation';
import { measureProjection } from './projection';
import { measureQuickLogSave } from './quick-log';
import { measureReadTime } from './read-time';
import { measureScorecardCommand } from './scorecard-command';
import { measureTeamSync } from './team-sync';
import { measureTeamScale } from './team-scale';
import { withinBudget, type Figure } from './stats';

const root = resolve(import.meta.dirname, '..');

console.log('Building the extension…');
execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const figures: Figure[] = [];
const step = async (label: string, run: () => Promise<Figure[]> | Figure[]) => {
  process.stdout.write(`Measuring ${label}…\n`);
  figures.push(...(await run()));
};

await step('content script size', () => measureContentScriptSize());
await step('scorecard command at 100 000, 300 000 and 1 000 000 deals (several minutes)', () => measureScorecardCommand());
await step('guidance parsing', () => measureGuidanceParsing());
await step('projection and backtest of 20 000 deals', () => measureProjection());
await step('team sync of 20 000 deals', () => measureTeamSync());
await step('import command on a 100 MB export (a minute or two)', () => measureImportCommand());
const browser = await launchWithExtension();
try {
  await step('deal reading time', () => measureReadTime(browser));
  await step('navigation → side panel', () => measureNavigation(browser));
  await step('quick-log save', () => measureQuickLogSave(browser));
  await step('service worker cold start', () => measureColdStart(browser));
  await step('busy page cost (about a minute)', () => measureBusyPageCost(browser));
  await step('history import of a 100 MB export (a few minutes)', () => measureHistoryImport(browser));
  await step('Team page with 200 000 synced deals and 2 000 000 activities (filling them takes minutes)', () => measureTeamScale(browser));
} finally {
  await browser.close();
}

const format = (f: Figure) => f.value.toFixed(f.value < 10 ? 2 : 1);
const rows = figures.map((f) => ({
  figure: f.name,
  value: `${format(f)} ${f.unit}`,
  budget: Number.isFinite(f.budget) ? `≤ ${f.budget} ${f.unit}` : '—',
  verdict: Number.isFinite(f.budget) ? (withinBudget(f) ? 'within' : 'OVER') : '',
}));
console.table(rows);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
writeFileSync(resolve(root, 'bench-results.json'), `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, figures }, null, 2)}\n`);

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
  '',
  '| figure | value | budget | |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.figure} | ${r.value} | ${r.budget} | ${r.verdict} |`),
].join('\n');
const readmePath = resolve(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const marked = /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/;
if (marked.test(readme)) writeFileSync(readmePath, readme.replace(marked, `$1${table}$2`));

const over = figures.filter((f) => Number.isFinite(f.budget) && !withinBudget(f));
console.log(over.length === 0 ? 'Every figure is within its budget.' : `Over budget: ${over.map((f) => f.name).join('; ')}`);
process.exitCode = over.length === 0 ? 0 : 1;
