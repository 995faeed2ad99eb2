// Quick-log save → stored, through the popup's real keyboard path: the time from the Enter key to
// the form resetting, which happens once IndexedDB has committed the activity.
import type { ExtensionBrowser } from '../scripts/browser';
import { serveCrmPages, tabIdOf } from '../scripts/browser';
import { DEMO_DEALS, demoPages } from '../scripts/demo/demo-site';
import { percentile, type Figure } from './stats';

const RUNS = 40;

export async function measureQuickLogSave(browser: ExtensionBrowser): Promise<Figure[]> {
  await serveCrmPages(browser.context, demoPages());
  const deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[1].url);
  const tabId = await tabIdOf(browser, deal);
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
  await page.getByTestId('deal-title').waitFor();
  await page.evaluate(() => {
    const state = { started: 0, samples: [] as number[] };
    (window as unknown as { __bench: typeof state }).__bench = state;
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') state.started = performance.now();
    }, true);
    new MutationObserver(() => {
      if (state.started && !document.querySelector('input[name=type]:checked')) {
        state.samples.push(performance.now() - state.started);
        state.started = 0;
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  for (let i = 0; i < RUNS; i++) {
    await page.locator('form').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await page.waitForFunction((count: number) => (window as unknown as { __bench: { samples: number[] } }).__bench.samples.length > count, i);
  }
  const samples = await page.evaluate(() => (window as unknown as { __bench: { samples: number[] } }).__bench.samples);
  await page.close();
  await deal.close();
  return [{ name: 'quick-log save → stored (p95)', value: percentile(samples, 95), unit: 'ms', budget: 30, kind: 'max', detail: `${RUNS} saves through the popup; median ${percentile(samples, 50).toFixed(1)} ms` }];
}
