// Quick-log save → stored: from the popup page, the time an activity takes to be committed to
// IndexedDB through the same code path the form uses.
import type { ExtensionBrowser } from '../scripts/browser';
import { percentile, type Figure } from './stats';

const RUNS = 60;

export async function measureQuickLogSave(browser: ExtensionBrowser): Promise<Figure[]> {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('popup.html?tab=999999'));
  await page.waitForLoadState('load');
  const samples = await page.evaluate(async (runs: number) => {
    const bench = (window as unknown as { __stagecraftBench?: { saveActivity(): Promise<void> } }).__stagecraftBench;
    if (!bench) throw new Error('the popup exposes no bench hook');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await bench.saveActivity();
      times.push(performance.now() - started);
    }
    return times;
  }, RUNS);
  await page.close();
  return [{ name: 'quick-log save → stored (p95)', value: percentile(samples, 95), unit: 'ms', budget: 30, kind: 'max', detail: `${RUNS} saves; median ${percentile(samples, 50).toFixed(1)} ms` }];
}
