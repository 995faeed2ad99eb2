import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// The walking skeleton in a real Chromium: content script → background → IndexedDB → side panel,
// on pages served at their real CRM URLs.

let browser: ExtensionBrowser;
let deal: Page;
let panel: Page;
let tabId: number;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  tabId = await tabIdOf(browser, deal);
  panel = await browser.context.newPage();
  await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
});

afterAll(async () => {
  await browser?.close();
});

describe('walking skeleton', () => {
  it('shows the deal’s title and stage in the side panel of that tab', async () => {
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 15_000 }).toBe('Lakeshore Dental Group - Practice software rollout');
    expect(await panel.getByTestId('deal-stage').textContent()).toBe('Proposal Made');
  });

  it('stored the deal in the extension’s IndexedDB, not in the CRM site’s', async () => {
    const stored = (await readStore<{ key: string }>(browser, 'deals')).find((d) => d.key === 'pipedrive:brightwave:1482');
    expect(stored).toMatchObject({ crm: 'pipedrive', dealId: '1482', snapshot: { title: 'Lakeshore Dental Group - Practice software rollout', stage: 'Proposal Made' } });
    const crmDatabases = await deal.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(crmDatabases).not.toContain('stagecraft');
  });

  it('follows an in-app navigation to another deal, the panel staying open', async () => {
    // The panel's document follows (not reloaded); the time it takes is the bench's navigation figure.
    await panel.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await deal.getByRole('link', { name: 'Lakeshore Dental Group - Patient reminder add-on' }).click();
    expect(deal.url()).toBe(DEMO_DEALS[1].url);
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 15_000, interval: 50 }).toBe('Lakeshore Dental Group - Patient reminder add-on');
    expect(await panel.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await panel.getByTestId('deal-stage').textContent()).toBe('Demo Scheduled');
  });

  it('a web page cannot message the extension', async () => {
    const reachable = await deal.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage);
    expect(reachable).toBe('undefined');
  });

  it('the background rejects a deal report that does not come from a CRM tab, and stores nothing', async () => {
    const forged = await panel.evaluate(async (id) => {
      const message = {
        id: 1, type: 'dealSeen', timestamp: Date.now(),
        data: {
          url: 'https://brightwave.pipedrive.com/deal/9999',
          ref: { crm: 'pipedrive', account: 'brightwave', dealId: '9999' },
          snapshot: { crm: 'pipedrive', dealId: '9999', title: 'Forged', pipeline: null, stage: 'Won', stages: [], value: 1, currency: 'USD', owner: null, closeDate: null, status: 'won' },
        },
      };
      return chrome.runtime.sendMessage(id, message);
    }, browser.extensionId);
    expect(JSON.stringify(forged)).toMatch(/dealSeen rejected: sender (is not a tab|tab is not on a CRM host)/);
    const count = (await readStore(browser, 'deals')).length;
    expect(count).toBe(2);
  });

  it('a bad payload is rejected with an error naming the field', async () => {
    const reply = await panel.evaluate(
      () => chrome.runtime.sendMessage({ id: 2, type: 'rereadTab', timestamp: Date.now(), data: { tabId: 'all' } }),
    );
    expect(JSON.stringify(reply)).toMatch(/rereadTab rejected: tabId: /);
  });
});
