// `npm run bench`: builds the extension, measures every speed and size figure against its budget,
// prints a table, writes bench-results.json and refreshes the table in the README.
// `npm run bench -- scorecard-command` (any of the step names below, one or more): only those
// figures, measured and put in place of their rows in bench-results.json and the README's table
// (the rest stay as last measured; the extension is built only for a step that needs the browser).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../scripts/browser';
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

interface Step {
  name: string;
  label: string;
  /** Measured in Chromium with the extension. */
  browser?: boolean;
  /** Needs the extension built. */
  built?: boolean;
  run: (browser: ExtensionBrowser) => Promise<Figure[]> | Figure[];
}
const STEPS: Step[] = [
  { name: 'content-size', label: 'content script size', built: true, run: () => measureContentScriptSize() },
  { name: 'scorecard-command', label: 'scorecard command at 100 000, 300 000 and 1 000 000 deals (several minutes)', run: () => measureScorecardCommand() },
  { name: 'guidance', label: 'guidance parsing', run: () => measureGuidanceParsing() },
  { name: 'projection', label: 'projection and backtest of 20 000 deals', run: () => measureProjection() },
  { name: 'team-sync', label: 'team sync of 20 000 deals', run: () => measureTeamSync() },
  { name: 'import-command', label: 'import command on a 100 MB export (a minute or two)', run: () => measureImportCommand() },
  { name: 'read-time', label: 'deal reading time', browser: true, run: (b) => measureReadTime(b) },
  { name: 'navigation', label: 'navigation → side panel', browser: true, run: (b) => measureNavigation(b) },
  { name: 'quick-log', label: 'quick-log save', browser: true, run: (b) => measureQuickLogSave(b) },
  { name: 'cold-start', label: 'service worker cold start', browser: true, run: (b) => measureColdStart(b) },
  { name: 'busy-page', label: 'busy page cost (about a minute)', browser: true, run: (b) => measureBusyPageCost(b) },
  { name: 'history-import', label: 'history import of a 100 MB export (a few minutes)', browser: true, run: (b) => measureHistoryImport(b) },
  { name: 'team-scale', label: 'Team page with 200 000 synced deals and 2 000 000 activities (filling them takes minutes)', browser: true, run: (b) => measureTeamScale(b) },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !STEPS.some((step) => step.name === name));
if (unknown.length) {
  console.error(`unknown bench step ${unknown.join(', ')} (steps: ${STEPS.map((step) => step.name).join(', ')})`);
  process.exit(2);
}
const chosen = asked.length ? STEPS.filter((step) => asked.includes(step.name)) : STEPS;

if (chosen.some((step) => step.browser || step.built)) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

const figures: Figure[] = [];
let browser: ExtensionBrowser | null = null;
try {
  for (const step of chosen) {
    process.stdout.write(`Measuring ${step.label}…\n`);
    if (step.browser) browser ??= await launchWithExtension();
    figures.push(...(await step.run(browser!)));
  }
} finally {
  await browser?.close();
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
const resultsPath = resolve(root, 'bench-results.json');
const readmePath = resolve(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const rowOf = (r: (typeof rows)[number], marks = '') => `| ${r.figure}${marks} | ${r.value} | ${r.budget} | ${r.verdict} |`;

if (!asked.length) {
  writeFileSync(resultsPath, `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, figures }, null, 2)}\n`);
  const table = [`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`, '', '| figure | value | budget | |', '|---|---|---|---|', ...rows.map((r) => rowOf(r))].join('\n');
  const marked = /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/;
  if (marked.test(readme)) writeFileSync(readmePath, readme.replace(marked, `$1${table}$2`));
} else {
  // Only the figures measured now: each replaces the figure (and the README row) of the same name.
  const kept = JSON.parse(readFileSync(resultsPath, 'utf8')) as { figures: (Figure & { measuredAt?: string; machine?: string })[] };
  const measuredAt = new Date().toISOString();
  const fresh = figures.map((f) => ({ ...f, measuredAt, machine }));
  const others = kept.figures.filter((f) => !figures.some((n) => n.name === f.name));
  writeFileSync(resultsPath, `${JSON.stringify({ ...kept, figures: [...others, ...fresh] }, null, 2)}\n`);
  const lines = readme.split('\n');
  const end = lines.indexOf('<!-- bench:end -->');
  for (const r of rows) {
    // A row keeps the footnote marks after its name (` ¹`).
    const at = lines.findIndex((line, i) => i < end && line.startsWith(`| ${r.figure}`) && /^[ ¹²³⁴⁵⁶⁷⁸⁹]* \|/.test(line.slice(2 + r.figure.length)));
    if (at >= 0) lines[at] = rowOf(r, lines[at]!.slice(2 + r.figure.length).match(/^[ ¹²³⁴⁵⁶⁷⁸⁹]*(?= \|)/)![0]);
    else {
      const last = lines.findLastIndex((line, i) => i < end && line.startsWith('| '));
      if (last >= 0) lines.splice(last + 1, 0, rowOf(r));
    }
  }
  writeFileSync(readmePath, lines.join('\n'));
  console.log(`Updated ${rows.length} figure(s) of ${chosen.map((step) => step.name).join(', ')} in bench-results.json and the README; say when and where they were measured in the README's notes.`);
}

const over = figures.filter((f) => Number.isFinite(f.budget) && !withinBudget(f));
console.log(over.length === 0 ? 'Every figure is within its budget.' : `Over budget: ${over.map((f) => f.name).join('; ')}`);
process.exitCode = over.length === 0 ? 0 : 1;
