// Background service worker cold start to first answer: stop every service worker through the
// DevTools protocol, then time a `ping` from an extension page (the message wakes the worker).
import type { ExtensionBrowser } from '../scripts/browser';
import { median, type Figure } from './stats';

const RUNS = 15;

export async function measureColdStart(browser: ExtensionBrowser): Promise<Figure[]> {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(300);
    const ms = await page.evaluate(async () => {
      const started = performance.now();
      const reply = await chrome.runtime.sendMessage({ id: Date.now(), type: 'ping', data: null, timestamp: Date.now() });
      if (!reply?.res) throw new Error(`no answer: ${JSON.stringify(reply)}`);
      return performance.now() - started;
    });
    samples.push(ms);
  }
  await page.close();
  return [{ name: 'service worker cold start → first answer (median)', value: median(samples), unit: 'ms', budget: 100, kind: 'max', detail: `${RUNS} cold starts` }];
}
