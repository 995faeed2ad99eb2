import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, openRealSidePanel, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// The real Chrome side panel (not a page bound with ?tab=) follows the active tab of its window.

let browser: ExtensionBrowser;
let first: Page;
let second: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  first = await browser.context.newPage();
  await first.goto(DEMO_DEALS[0].url);
  second = await browser.context.newPage();
  await second.goto(DEMO_DEALS[1].url);
  await tabIdOf(browser, first);
  await tabIdOf(browser, second);
});

afterAll(async () => {
  await browser?.close();
});

describe('the side panel follows the active tab', () => {
  it('shows the deal of whichever tab is in front', async () => {
    const panel = await openRealSidePanel(browser);
    const title = () => panel.evaluate<string | null>(`document.querySelector('[data-testid=deal-title]')?.textContent ?? document.body.innerText.slice(0, 60)`);
    await first.bringToFront();
    await expect.poll(title, { timeout: 15_000 }).toBe('Lakeshore Dental Group - Practice software rollout');
    await second.bringToFront();
    await expect.poll(title, { timeout: 15_000 }).toBe('Lakeshore Dental Group - Patient reminder add-on');
    await first.bringToFront();
    await expect.poll(title, { timeout: 15_000 }).toBe('Lakeshore Dental Group - Practice software rollout');
  });
});
