// The content script's cost on a busy CRM page: the same deal page at its real CRM URL, mutating
// 2 000 nodes a second for 10 seconds, in a Chromium with the extension and in one without it,
// alternating, in the same run. Main-thread time comes from Chromium's own accounting
// (CDP Performance.getMetrics → TaskDuration).
import type { BrowserContext } from 'playwright-core';
import type { ExtensionBrowser } from '../scripts/browser';
import { launchChromium, serveCrmPages } from '../scripts/browser';
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

interface ProfileNode {
  id: number;
  callFrame: { url: string };
  children?: number[];
}

/**
 * Main-thread time of the page during the churn (TaskDuration), and the part of it spent in the
 * content script's own code, from a CPU profile: every sample whose stack has a frame of the
 * content script counts (natives it calls included).
 */
async function mainThreadMs(context: BrowserContext, url: string): Promise<{ total: number; ours: number }> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForTimeout(1_500); // let the content script settle on its first read
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  await page.addScriptTag({ content: CHURN });
  await cdp.send('Profiler.start');
  const before = await read();
  await page.evaluate(([d, n]) => (window as unknown as { __churn: (a: number, b: number) => Promise<number> }).__churn(d!, n!), [DURATION_MS, NODES_PER_SECOND]);
  await page.waitForTimeout(1_200); // the last throttled read
  const after = await read();
  const { profile } = await cdp.send('Profiler.stop');
  await page.close();
  const nodes = profile.nodes as ProfileNode[];
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ourNode = new Map<number, boolean>();
  const isOurs = (id: number): boolean => {
    const known = ourNode.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const result = node.callFrame.url.includes('/content-scripts/') || (parent.has(id) && isOurs(parent.get(id)!));
    ourNode.set(id, result);
    return result;
  };
  let ours = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) if (isOurs(samples[i]!)) ours += (deltas[i + 1] ?? 0) / 1000;
  return { total: after - before, ours };
}

export async function measureBusyPageCost(browser: ExtensionBrowser): Promise<Figure[]> {
  const fixture = crmFixtures().find((f) => f.url.includes('pipedrive.com')) ?? crmFixtures()[0]!;
  const plain = await launchChromium({ withExtension: false });
  try {
    await serveCrmPages(browser.context, { [fixture.url]: fixture.html });
    await serveCrmPages(plain.context, { [fixture.url]: fixture.html });
    const shares: number[] = [];
    const differences: number[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so warm-up and drift do not favour one side.
      const withFirst = round % 2 === 0;
      const first = await mainThreadMs(withFirst ? browser.context : plain.context, fixture.url);
      const second = await mainThreadMs(withFirst ? plain.context : browser.context, fixture.url);
      const withExtension = withFirst ? first : second;
      const without = withFirst ? second : first;
      shares.push(withExtension.ours / without.total);
      differences.push((withExtension.total - without.total) / without.total);
      rounds.push(`${withExtension.ours.toFixed(1)} ms ours of ${withExtension.total.toFixed(0)} ms; without the extension ${without.total.toFixed(0)} ms`);
    }
    return [
      {
        name: 'busy page: extra main-thread time with the content script (median)',
        value: median(shares) * 100,
        unit: '%',
        budget: 3,
        kind: 'max',
        detail:
          `content script's own CPU time (profiled) ÷ the page's main-thread time without the extension; ` +
          `${NODES_PER_SECOND} nodes/s for ${DURATION_MS / 1000} s, ${ROUNDS} rounds: ${rounds.join('; ')}. ` +
          `Whole-page A/B difference (noisy on a shared machine): median ${(median(differences) * 100).toFixed(1)} %`,
      },
    ];
  } finally {
    await plain.close();
  }
}
