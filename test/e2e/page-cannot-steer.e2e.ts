import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, DEMO_ORIGIN, demoPages } from '../../scripts/demo/demo-site';

// A CRM page is not trusted: whatever its scripts do, the content script keeps reading the deal the
// tab shows, no faster than once a second, and a deal renamed to megabytes is still stored (cut).

const FORGER_URL = `${DEMO_ORIGIN}/deal/1482`;
const LONG_URL = `${DEMO_ORIGIN}/deal/7777`;
const LONG_TITLE = `Northwind ${'renamed '.repeat(655_360)}`.trim(); // 5 MB

let browser: ExtensionBrowser;
let worker: Worker;

/** The demo deal renamed: the title box shows one line (laying out 5 MB of wrapped text alone takes a browser most of a minute). */
function longTitlePage(): string {
  const base = demoPages()[DEMO_DEALS[0].url]!;
  return base
    .replaceAll('1482', '7777')
    .replace(/(<textarea class="cui5-editable-text__input")([^>]*>)[^<]*(<\/textarea>)/, `$1 rows="1" style="white-space: nowrap; overflow: hidden"$2${LONG_TITLE}$3`);
}

/** How many dealSeen messages the background received since the last call. */
async function dealSeenCount(): Promise<number> {
  return worker.evaluate(() => {
    const scope = globalThis as unknown as { __dealSeen?: number };
    const count = scope.__dealSeen ?? 0;
    scope.__dealSeen = 0;
    return count;
  });
}

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { ...demoPages(), [LONG_URL]: longTitlePage(), 'https://www.pipedrive.com/deal/1482': demoPages()[DEMO_DEALS[0].url]! });
  worker = await browser.serviceWorker();
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { __dealSeen?: number };
    scope.__dealSeen = 0;
    chrome.runtime.onMessage.addListener((message: { type?: string }) => {
      if (message?.type === 'dealSeen') scope.__dealSeen = (scope.__dealSeen ?? 0) + 1;
    });
  });
});

afterAll(async () => {
  await browser?.close();
});

const boundDeal = async (tabId: number) => (await readStore<{ tabId: number; dealKey: string | null }>(browser, 'tabs')).find((b) => b.tabId === tabId)?.dealKey;

describe('a page cannot stop the content script', () => {
  let page: Page;
  it('replaying the start-up message (extension id learned from the page) does not stop it', async () => {
    page = await browser.context.newPage();
    // The page's own script: learns the message the content script posts at start-up and posts it back, again and again.
    await page.addInitScript(() => {
      const scope = window as unknown as { __learned?: string; __forged?: number };
      scope.__forged = 0;
      window.addEventListener('message', (event) => {
        const data = event.data as { type?: unknown; messageId?: unknown } | null;
        if (typeof data?.type !== 'string' || !data.type.endsWith('wxt:content-script-started') || String(data.messageId).startsWith('forged')) return;
        scope.__learned = data.type;
        const forge = () => window.postMessage({ ...data, messageId: `forged-${scope.__forged!++}` }, '*');
        forge();
        setInterval(forge, 200);
      });
    });
    await page.goto(FORGER_URL);
    const tabId = await tabIdOf(browser, page);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __forged?: number }).__forged ?? 0), { timeout: 10_000 }).toBeGreaterThan(2);
    expect(await page.evaluate(() => (window as unknown as { __learned?: string }).__learned)).toContain(browser.extensionId);
    // Still following the tab: an in-app navigation to the other deal is read.
    await page.evaluate(() => (window as unknown as { __demoNavigate(path: string): void }).__demoNavigate('/deal/1519'));
    await expect.poll(() => boundDeal(tabId), { timeout: 10_000 }).toBe('pipedrive:brightwave:1519');
  });

  it('synthetic visibilitychange events do not hurry readings past one a second', async () => {
    await dealSeenCount();
    const flood = await page.evaluate(async () => {
      const textarea = document.querySelector('[data-testid="header-title"] textarea') as HTMLTextAreaElement;
      let events = 0;
      const until = performance.now() + 3_000;
      for (let i = 0; performance.now() < until; i++) {
        textarea.textContent = `Renamed ${i}`; // every read would send a new reading
        for (let k = 0; k < 20; k++, events++) document.dispatchEvent(new Event('visibilitychange'));
        await new Promise((r) => setTimeout(r, 20));
      }
      return events;
    });
    expect(flood).toBeGreaterThan(1_000);
    const sent = await dealSeenCount();
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(5); // 3 s of changes: about one reading a second
  });
});

describe('a deal renamed to a 5 MB title', () => {
  it('is stored with its title cut to 500 characters and not sent again', { timeout: 150_000 }, async () => {
    const page = await browser.context.newPage();
    await page.goto(LONG_URL, { timeout: 120_000 });
    const tabId = await tabIdOf(browser, page);
    const deal = async () => (await readStore<{ dealId: string; snapshot: { title: string } }>(browser, 'deals')).find((d) => d.dealId === '7777');
    await expect.poll(async () => (await deal())?.snapshot.title.length, { timeout: 15_000 }).toBe(500);
    expect((await deal())!.snapshot.title).toBe(`${LONG_TITLE.slice(0, 499).trimEnd()}…`);
    expect(await boundDeal(tabId)).toBe('pipedrive:brightwave:7777');
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 10_000 }).toMatch(/^Northwind renamed .*…$/);
    // Nothing is resent: the page mutating (a clock ticking) gives the same reading, which was taken.
    await dealSeenCount();
    await page.evaluate(async () => {
      for (let i = 0; i < 30; i++) {
        document.body.setAttribute('data-tick', String(i));
        await new Promise((r) => setTimeout(r, 100));
      }
    });
    expect(await dealSeenCount()).toBe(0);
    await panel.close();
    await page.close();
  });
});

describe('only company app hosts', () => {
  it('the content script does not run on Pipedrive\'s own sites', async () => {
    const isolatedWorlds = async (page: Page) => {
      const cdp = await browser.context.newCDPSession(page);
      const worlds: string[] = [];
      cdp.on('Runtime.executionContextCreated', (event: { context: { origin: string; auxData?: { type?: string } } }) => {
        if (event.context.auxData?.type === 'isolated') worlds.push(event.context.origin);
      });
      await cdp.send('Runtime.enable');
      return worlds;
    };
    const site = await browser.context.newPage();
    await site.goto('https://www.pipedrive.com/deal/1482');
    const siteWorlds = await isolatedWorlds(site);
    // The same page on a company host gets the content script (seen as its isolated world).
    const company = await browser.context.newPage();
    await company.goto(DEMO_DEALS[1].url);
    await tabIdOf(browser, company);
    const companyWorlds = await isolatedWorlds(company);
    expect(companyWorlds.some((origin) => origin.includes(browser.extensionId))).toBe(true);
    expect(siteWorlds.some((origin) => origin.includes(browser.extensionId))).toBe(false);
    expect((await readStore<{ url: string }>(browser, 'tabs')).some((b) => b.url.startsWith('https://www.pipedrive.com'))).toBe(false);
  });
});
