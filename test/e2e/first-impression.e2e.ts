import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, openDealWith, serveCrmPages, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// What a new user sees first, in a real Chromium at side-panel width: text at its full size
// (Chrome's own `body { font-size: 75% }` for extension pages must not shrink it) and every stage
// of the path named in full.

const SIDE_PANEL_WIDTH = 360;

let browser: ExtensionBrowser;
let panel: Page;
let tabId: number;

const fontSize = (page: Page, selector: string) => page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  ({ page: panel, tabId } = await openDealWith(browser, DEMO_DEALS[0].url));
  await panel.setViewportSize({ width: SIDE_PANEL_WIDTH, height: 900 });
  await panel.getByTestId('stage-guidance').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('text size', () => {
  it('the side panel’s body text is 14 px, its stage chips and small print no smaller than 11 px', async () => {
    expect(await fontSize(panel, 'body')).toBe(14);
    expect(await fontSize(panel, '.guidance p')).toBe(14);
    expect(await fontSize(panel, '.stage-path__step')).toBeGreaterThanOrEqual(11);
    expect(await fontSize(panel, '.task__meta')).toBeGreaterThanOrEqual(11);
  });

  it('the scorecard’s table headers stay readable', async () => {
    await panel.getByRole('tab', { name: 'Scorecard' }).click();
    await panel.locator('.measures thead th').first().waitFor();
    expect(await fontSize(panel, '.measures td')).toBeGreaterThanOrEqual(12);
    expect(await fontSize(panel, '.measures thead th')).toBeGreaterThanOrEqual(11);
    await panel.getByRole('tab', { name: 'Deal' }).click();
  });

  it('the popup and the options page have 14 px body text', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.locator('form').first().waitFor();
    expect(await fontSize(popup, 'body')).toBe(14);
    expect(await fontSize(popup, 'legend')).toBe(14);
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.locator('h1').first().waitFor();
    expect(await fontSize(options, 'body')).toBe(14);
    expect(await fontSize(options, '[role="tab"]')).toBe(14);
    await popup.close();
    await options.close();
  });
});

describe('stage path at side-panel width', () => {
  it('names every stage in full: no chip is cut or overflows the panel', async () => {
    await panel.getByTestId('stage-path').waitFor();
    const steps = await panel.locator('.stage-path__step').evaluateAll((elements) =>
      elements.map((el) => {
        const name = el.querySelector('.stage-path__name')!;
        const box = el.getBoundingClientRect();
        return {
          name: name.textContent,
          title: el.getAttribute('title'),
          cut: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
          outside: box.left < 0 || box.right > document.documentElement.clientWidth,
        };
      }),
    );
    expect(steps.length).toBeGreaterThan(4);
    for (const step of steps) expect(step, step.name ?? '').toMatchObject({ cut: false, outside: false, title: step.name });
    expect(await panel.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    const current = panel.locator('.stage-path__step[aria-current="step"]');
    expect(await current.textContent()).toContain('Proposal sent');
  });
});
