import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, DEMO_ORIGIN, demoPages } from '../../scripts/demo/demo-site';

// The rep's day in a real Chromium: a rep with three deals opens the side panel on a tab that is
// not a deal page and sees My day; on a deal page copies a stage script (checked on the real
// clipboard); pauses a deal and sees it leave My day.

let browser: ExtensionBrowser;
const THIRD_DEAL = `${DEMO_ORIGIN}/deal/1600`;
const NOT_A_DEAL = `${DEMO_ORIGIN}/pipeline/1`;

function pages(): Record<string, string> {
  const demo = demoPages();
  // A third deal: the first demo deal under another id and title.
  const third = demo[DEMO_DEALS[0].url]!.replaceAll('1482', '1600').replaceAll('Practice software rollout', 'Imaging archive migration');
  return { ...demo, [THIRD_DEAL]: third, [NOT_A_DEAL]: '<!doctype html><html><body><h1>Deals</h1><p>Pipeline view</p></body></html>' };
}

async function open(url: string): Promise<{ page: Page; tabId: number }> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(browser, page) };
}

const myDayKeys = (panel: Page) => panel.locator('[data-testid=my-day-item]').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.dealKey));

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, pages());
  // The clipboard is read back from a CRM page (Chromium grants no permission to extension origins).
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: DEMO_ORIGIN });
});

afterAll(async () => {
  await browser?.close();
});

describe('the rep’s day', () => {
  it('My day off a deal page, a copied script, a paused deal leaving My day', async () => {
    for (const url of [DEMO_DEALS[0].url, DEMO_DEALS[1].url, THIRD_DEAL]) await open(url);
    await expect.poll(async () => (await readStore(browser, 'deals')).length, { timeout: 10_000 }).toBe(3);

    // The side panel on a CRM tab that is not a deal page: My day across the three deals.
    const list = await open(NOT_A_DEAL);
    const dayPanel = await browser.context.newPage();
    await dayPanel.goto(browser.extensionUrl(`sidepanel.html?tab=${list.tabId}`));
    await expect.poll(() => myDayKeys(dayPanel), { timeout: 10_000 }).toHaveLength(3);
    expect(await dayPanel.locator('[data-testid=my-day-item]').first().innerText()).toMatch(/No next activity scheduled/);
    await expect.poll(() => dayPanel.locator('body').innerText()).toMatch(/Open a deal to get guidance/);

    // On a deal page: copy the stage's call script, filled for the deal.
    const deal = await open(DEMO_DEALS[0].url);
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${deal.tabId}`));
    const script = panel.locator('[data-script-id=proposal-follow-up]');
    await panel.bringToFront();
    await script.locator('[data-testid=script-copy]').click();
    await expect.poll(() => panel.locator('[data-testid=script-status]').innerText()).toMatch(/Ticked “Follow up on the decision date”/);
    await deal.page.bringToFront();
    const copied = await deal.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^Hi \[contact’s first name\], it is \[your name\]\. You planned to decide about Lakeshore Dental Group - Practice software rollout around now\.\n- Where are you in the decision\?/);
    expect(copied).not.toMatch(/\{\{|\}\}/);

    // Pause the deal: it leaves My day (the other panel follows live).
    await panel.locator('[data-testid=pause-open]').click();
    await panel.getByLabel('Why').fill('Budget freeze until the new fiscal year');
    await panel.locator('[data-testid=pause-save]').click();
    await expect.poll(() => panel.locator('[data-testid=paused] h2').innerText(), { timeout: 15_000 }).toMatch(/^Paused until /);
    const pausedKey = 'pipedrive:brightwave:1482';
    await expect.poll(() => myDayKeys(dayPanel), { timeout: 10_000 }).toHaveLength(2);
    expect(await myDayKeys(dayPanel)).not.toContain(pausedKey);
    expect(await dayPanel.locator('[data-testid=my-day-summary]').innerText()).toMatch(/Paused until they wake, so left out: 1\./);
    const [stored] = await readStore<{ dealKey: string; reason: string; endedAt: string | null }>(browser, 'pauses');
    expect(stored).toMatchObject({ dealKey: pausedKey, reason: 'Budget freeze until the new fiscal year', endedAt: null });
  });
});
