// The content script's cost on a busy CRM page: the same deal page mutating 2 000 nodes a second
// for 10 seconds, once at its real CRM URL (content script running) and once at a host the
// extension does not match (no content script), in the same browser run. Main-thread time comes
// from Chromium's own accounting (CDP Performance.getMetrics → TaskDuration).
import type { ExtensionBrowser } from '../scripts/browser';
import { serveCrmPages } from '../scripts/browser';
import { crmFixtures } from './fixtures';
import { median, type Figure } from './stats';

const DURATION_MS = 10_000;
const NODES_PER_SECOND = 2_000;
const ROUNDS = 6;

/** Page script: every 50 ms replace 100 nodes in a live feed (like an activity stream). */
const CHURN = `
window.__churn = (durationMs, perSecond) => new Promise((done) => {
  const feed = document.createElement('ul');
  feed.setAttribute('data-testid', 'live-feed');
  document.body.appendChild(feed);
  const perTick = perSecond / 20;
  let tick = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const item = document.createElement('li');
      item.className = 'feed-item feed-item--' + (tick % 3);
      item.textContent = 'Update ' + tick + '.' + i;
      feed.appendChild(item);
      if (feed.childElementCount > 200) feed.firstElementChild.remove();
    }
    tick++;
    if (performance.now() - started >= durationMs) { clearInterval(timer); done(tick); }
  }, 50);
});`;

async function mainThreadMs(browser: ExtensionBrowser, url: string): Promise<number> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForTimeout(1_500); // let the content script settle on its first read
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  await page.addScriptTag({ content: CHURN });
  const before = await read();
  await page.evaluate(([d, n]) => (window as unknown as { __churn: (a: number, b: number) => Promise<number> }).__churn(d!, n!), [DURATION_MS, NODES_PER_SECOND]);
  await page.waitForTimeout(500); // the last debounced read
  const after = await read();
  await page.close();
  return after - before;
}

export async function measureBusyPageCost(browser: ExtensionBrowser): Promise<Figure[]> {
  const fixture = crmFixtures().find((f) => f.url.includes('pipedrive.com')) ?? crmFixtures()[0]!;
  const crmUrl = fixture.url;
  const plainUrl = `https://busy-page.bench.invalid${new URL(fixture.url).pathname}`;
  await serveCrmPages(browser.context, { [crmUrl]: fixture.html, [plainUrl]: fixture.html });
  const ratios: number[] = [];
  const pairs: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so warm-up and thermal drift do not favour one side.
    const withFirst = round % 2 === 0;
    const a = await mainThreadMs(browser, withFirst ? crmUrl : plainUrl);
    const b = await mainThreadMs(browser, withFirst ? plainUrl : crmUrl);
    const withExtension = withFirst ? a : b;
    const without = withFirst ? b : a;
    ratios.push((withExtension - without) / without);
    pairs.push(`${withExtension.toFixed(0)}/${without.toFixed(0)} ms`);
  }
  return [
    {
      name: 'busy page: extra main-thread time with the content script (median)',
      value: median(ratios) * 100,
      unit: '%',
      budget: 3,
      kind: 'max',
      detail: `${NODES_PER_SECOND} nodes/s for ${DURATION_MS / 1000} s, ${ROUNDS} rounds (with/without): ${pairs.join(', ')}`,
    },
  ];
}
