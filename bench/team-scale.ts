// A manager of a 200-rep team opening the Team scorecards on the options page of the built extension,
// with the team synced from the CRM: 200 000 deals with their stage histories and 2 000 000 activities
// in the extension's IndexedDB, written in the page through the team sync's own store page by page
// (./team-scale-fill.ts: the deal rows the team pages read are written by the sync's commit). The Team
// tab is opened twice: first with nothing kept (the worker reads the whole team), then again, as a
// manager meets it every later time (its figures as last worked out shown at once, then brought up to
// date). Then, with the page open, a sync of the changes since writes 1 % of the team (deals moved on
// or closed, new deals) through the same store, and the page follows it. Figures: the time from
// navigation until figures are on screen and until they are current, from the small sync's first
// write until the open page shows the figures after it, the longest task on the options page's main
// thread meanwhile (Long Tasks API: every task over 50 ms), and the storage each synced deal takes
// (navigator.storage.estimate before and after). With TEAM_SCALE_TRACE=1 each opening is traced
// too, and each long task broken down (./long-tasks.ts): what ran in it and the functions sampled
// most (TEAM_SCALE_EXTENSION: a build not minified names them); TEAM_SCALE_DEALS: another size,
// 20 000 for a quick look.
import { build } from 'esbuild';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { ExtensionBrowser } from '../scripts/browser';
import type { FillOptions, SmallSyncOptions } from './team-scale-fill';
import type { Figure } from './stats';
import { describeLongTasks, longTasks, startTrace, type LongTask } from './long-tasks';

const root = resolve(import.meta.dirname, '..');
const DEALS = Number(process.env.TEAM_SCALE_DEALS ?? 200_000);
const ACTIVITIES_PER_DEAL = 10;
const REPS = 200;

export async function fillScript(): Promise<string> {
  const out = await build({ entryPoints: [resolve(import.meta.dirname, 'team-scale-fill.ts')], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', tsconfig: resolve(root, 'tsconfig.json'), logLevel: 'error' });
  return out.outputFiles[0]!.text;
}

export interface Opened {
  /** ms from navigation start until the team table was in the page (kept figures or current). */
  shownAt: number;
  /** ms from navigation start until the figures were those of the team's data now (no kept-figures note). */
  currentAt: number;
  /** The longest main-thread task that started before the current figures were shown (ms). */
  longestTask: number;
  /** The same after the page had started (its tabs on screen): while the figures were read, worked out and shown. */
  longestAfterStart: number;
  tasks: number;
  /** With TEAM_SCALE_TRACE=1: each long task broken down from a trace of the opening. */
  breakdown: LongTask[] | null;
}

const TRACE = process.env.TEAM_SCALE_TRACE === '1';

/** A fresh options page opened on the Team tab, watched from before its first script runs. */
export async function openTeamPage(browser: ExtensionBrowser): Promise<Opened> {
  const team = await browser.context.newPage();
  await team.addInitScript(() => {
    const w = window as unknown as { benchTasks: { start: number; duration: number }[]; benchStartedAt: number | null; benchShownAt: number | null; benchCurrentAt: number | null };
    w.benchTasks = [];
    w.benchStartedAt = null;
    w.benchShownAt = null;
    w.benchCurrentAt = null;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="tab-scorecards"]')) w.benchStartedAt ??= performance.now();
      if (!document.querySelector('[data-testid="team-table"]')) return;
      w.benchShownAt ??= performance.now();
      if (document.querySelector('[data-testid="stored-figures"]')) return;
      w.benchCurrentAt = performance.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  const stopTrace = TRACE ? await startTrace(await browser.context.newCDPSession(team)) : null;
  await team.goto(browser.extensionUrl('options.html#scorecards'));
  await team.bringToFront();
  await team.waitForFunction(() => (window as unknown as { benchCurrentAt: number | null }).benchCurrentAt !== null, null, { timeout: 900_000, polling: 500 });
  // Long tasks are reported once they end: give the last one time to arrive.
  await team.waitForTimeout(1000);
  const breakdown = stopTrace ? longTasks(await stopTrace(), '/chunks/options') : null;
  const opened: Opened = await team.evaluate(() => {
    const w = window as unknown as { benchTasks: { start: number; duration: number }[]; benchStartedAt: number; benchShownAt: number; benchCurrentAt: number };
    const during = w.benchTasks.filter((t) => t.start <= w.benchCurrentAt);
    // A task that ended after the tabs appeared was running while the figures were on their way.
    const afterStart = during.filter((t) => t.start + t.duration > w.benchStartedAt);
    return { shownAt: w.benchShownAt, currentAt: w.benchCurrentAt, longestTask: Math.max(0, ...during.map((t) => t.duration)), longestAfterStart: Math.max(0, ...afterStart.map((t) => t.duration)), tasks: during.length, breakdown: null };
  });
  opened.breakdown = breakdown;
  await team.close();
  return opened;
}

/** A small sync while the Team page is open: how long until the page's figures are those of the team after it. */
interface FollowedSync {
  /** ms from the sync's first write until the figures with its deals were on the open page. */
  shown: number;
  /** ms from the sync's page of deals committed until then. */
  afterCommit: number;
  /** ms the sync's page of deals took to write, and its completion (the forecast's weeks worked out again). */
  commit: number;
  complete: number;
  /** The longest main-thread task of the open page meanwhile (ms). */
  longestTask: number;
}

async function followSmallSync(browser: ExtensionBrowser, script: string, sync: SmallSyncOptions): Promise<FollowedSync> {
  const team = await browser.context.newPage();
  await team.addInitScript(() => {
    const w = window as unknown as { benchTasks: { start: number; duration: number }[] };
    w.benchTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask' });
  });
  await team.goto(browser.extensionUrl('options.html#scorecards'));
  await team.bringToFront();
  // The figures of the team's data now (not those kept from the last opening).
  await team.waitForFunction(() => document.querySelector('[data-testid="team-table"]') && !document.querySelector('[data-testid="stored-figures"]') && document.querySelector('[data-testid="sync-provenance"]'), null, { timeout: 900_000, polling: 500 });
  const expected = (await team.evaluate(() => Number(document.querySelector('[data-testid="sync-provenance"]')!.textContent!.split('·').at(-1)!.replace(/\D/g, '')))) + sync.added;
  // The page notes when its figures count the sync's new deals (the sync's page may be shown before its completion is written).
  const startTask = await team.evaluate((n) => {
    const w = window as unknown as { benchFollowedAt: number | null };
    w.benchFollowedAt = null;
    new MutationObserver((_, observer) => {
      if (Number(document.querySelector('[data-testid="sync-provenance"]')?.textContent?.split('·').at(-1)?.replace(/\D/g, '')) !== n) return;
      w.benchFollowedAt = Date.now();
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true, characterData: true });
    return performance.now();
  }, expected);
  const writer = await browser.context.newPage();
  await writer.goto(browser.extensionUrl('options.html'));
  await writer.evaluate(script);
  const written = await writer.evaluate((o) => (globalThis as unknown as { stagecraftBench: { syncSome(o: SmallSyncOptions): Promise<{ startedAt: number; committedAt: number; completedAt: number }> } }).stagecraftBench.syncSome(o), sync);
  await team.waitForFunction(() => (window as unknown as { benchFollowedAt: number | null }).benchFollowedAt !== null, null, { timeout: 900_000, polling: 200 });
  const shownAt = await team.evaluate(() => (window as unknown as { benchFollowedAt: number }).benchFollowedAt);
  await team.waitForTimeout(1000);
  const longestTask = await team.evaluate((from) => Math.max(0, ...(window as unknown as { benchTasks: { start: number; duration: number }[] }).benchTasks.filter((t) => t.start >= from).map((t) => t.duration)), startTask);
  await writer.close();
  await team.close();
  return { shown: shownAt - written.startedAt, afterCommit: shownAt - written.committedAt, commit: written.committedAt - written.startedAt, complete: written.completedAt - written.committedAt, longestTask };
}

export async function measureTeamScale(browser: ExtensionBrowser): Promise<Figure[]> {
  const options: FillOptions = { deals: DEALS, activitiesPerDeal: ACTIVITIES_PER_DEAL, reps: REPS, page: 2000, now: Date.now() };
  const count = DEALS.toLocaleString('en').replace(/,/g, ' ');
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.getByTestId('tab-scorecards').waitFor({ timeout: 30_000 });
  const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? Number.NaN);
  const before = await usage();
  const script = await fillScript();
  await page.evaluate(script);
  const fill = await page.evaluate((o) => (globalThis as unknown as { stagecraftBench: { fillTeam(o: FillOptions): Promise<{ seconds: number }> } }).stagecraftBench.fillTeam(o), options);
  const after = await usage();
  await page.close();

  const loadBefore = loadavg()[0]!;
  // The first opening after the sync: nothing kept yet, the worker reads the whole team.
  const first = await openTeamPage(browser);
  // Opened again (the figures of the first opening are kept): what a manager meets every later time.
  const again = await openTeamPage(browser);
  // A run of the changes since, while the page is open: half a per cent of the deals move on or close and as many are new (1 % of the team).
  const changed = Math.max(1, Math.round(DEALS / 200));
  const followed = await followSmallSync(browser, script, { deals: DEALS, changed, added: changed, activitiesPerDeal: ACTIVITIES_PER_DEAL, now: options.now });
  if (first.breakdown) console.log(`Team page, first opening: the long tasks of its main thread\n${describeLongTasks(first.breakdown)}`);
  if (again.breakdown) console.log(`Team page, opened again: the long tasks of its main thread\n${describeLongTasks(again.breakdown)}`);

  const detail = `${count} synced deals of ${REPS} reps, ${ACTIVITIES_PER_DEAL} activities each; filled through the sync's store in ${fill.seconds.toFixed(0)} s; load average ${loadBefore.toFixed(2)} on ${cpus().length} cores`;
  const tasks = (o: Opened) => `${o.tasks} tasks over 50 ms until the current figures`;
  return [
    { name: `Team page, ${count} synced deals, opened again: navigation until figures are shown (kept from the last opening)`, value: again.shownAt / 1000, unit: 's', budget: 1, kind: 'max', detail },
    { name: `Team page, ${count} synced deals, opened again: until the figures are those of the team's data now`, value: again.currentAt / 1000, unit: 's', budget: Number.POSITIVE_INFINITY, kind: 'max', detail },
    { name: `Team page, ${count} synced deals, first opening (nothing kept): until its figures are shown`, value: first.currentAt / 1000, unit: 's', budget: Number.POSITIVE_INFINITY, kind: 'max', detail },
    { name: `Team page, ${count} synced deals: longest options-page main-thread task, first opening`, value: first.longestTask, unit: 'ms', budget: 50, kind: 'max', detail: `${tasks(first)}; ${detail}` },
    { name: `Team page, ${count} synced deals: longest options-page main-thread task, opened again`, value: again.longestTask, unit: 'ms', budget: 50, kind: 'max', detail: `${tasks(again)}; ${detail}` },
    { name: `Team page, ${count} synced deals: longest main-thread task once the page had started, first opening / opened again`, value: Math.max(first.longestAfterStart, again.longestAfterStart), unit: 'ms', budget: 50, kind: 'max', detail: `first ${first.longestAfterStart} ms, again ${again.longestAfterStart} ms (the page's own start — loading its scripts — left out); ${detail}` },
    { name: `Team page, ${count} synced deals, open during a sync of the changes since (${changed} deals moved on or closed, ${changed} new): from its first write until the page shows the figures after it`, value: followed.shown / 1000, unit: 's', budget: 1, kind: 'max', detail: `${(followed.afterCommit / 1000).toFixed(1)} s after the sync's page was committed (written in ${(followed.commit / 1000).toFixed(1)} s), ${((followed.afterCommit - followed.complete) / 1000).toFixed(2)} s after its completion was (the forecast's weeks, written in ${(followed.complete / 1000).toFixed(1)} s); the page's longest main-thread task meanwhile ${followed.longestTask} ms; ${detail}` },
    { name: `Team page, ${count} synced deals: storage per synced deal (its activities and row included)`, value: (after - before) / DEALS, unit: 'bytes', budget: Number.POSITIVE_INFINITY, kind: 'max', detail: `${((after - before) / 1e6).toFixed(0)} MB in all; ${detail}` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launchWithExtension } = await import('../scripts/browser');
  // TEAM_SCALE_EXTENSION: another build of the extension (one not minified names the functions of a trace).
  const browser = await launchWithExtension(process.env.TEAM_SCALE_EXTENSION ? { extensionDir: resolve(process.env.TEAM_SCALE_EXTENSION) } : {});
  try {
    console.table(await measureTeamScale(browser));
  } finally {
    await browser.close();
  }
}
