import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, openDealWith, serveCrmPages, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';
import { seriousViolations } from './axe';

// axe-core on every extension page, in light and dark, in a real Chromium: no serious or critical
// violation. The team pages are checked with a sales history imported, so their charts and the
// tables behind them (opened) are on the page.

const HISTORY = resolve(import.meta.dirname, '../fixtures/history-import/scorecard.json');


let browser: ExtensionBrowser;
let tabId: number;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  ({ tabId } = await openDealWith(browser, DEMO_DEALS[0].url));
  const options = await browser.context.newPage();
  await options.goto(browser.extensionUrl('options.html'));
  await options.getByTestId('tab-history').click();
  await options.getByTestId('history-import-file').setInputFiles(HISTORY);
  await options.getByTestId('history-import-confirm').click({ timeout: 20_000 });
  await options.getByTestId('history-import-list').getByText('scorecard.json').waitFor({ timeout: 20_000 });
  await options.close();
});
afterAll(async () => {
  await browser?.close();
});


const PAGES = [
  ['side panel, deal', () => `sidepanel.html?tab=${tabId}`, 'stage-guidance'],
  ['popup', () => `popup.html?tab=${tabId}`, null],
  ['options', () => 'options.html', null],
  ['privacy policy', () => 'privacy.html', null],
] as const;

it('the options page links to the privacy policy the extension ships', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  const link = page.getByTestId('privacy-link');
  const [policy] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
  await policy.getByRole('heading', { level: 1, name: 'Stagecraft privacy policy' }).waitFor({ timeout: 20_000 });
  expect(await policy.getByRole('heading', { level: 2 }).allTextContents()).toContain('What leaves your browser');
  await policy.close();
  await page.close();
});

it('the check sees a real violation (an image without a text alternative)', async () => {
  const page = await browser.context.newPage();
  await page.goto(browser.extensionUrl('options.html'));
  await page.locator('h1').first().waitFor();
  await page.evaluate(() => document.body.append(Object.assign(document.createElement('img'), { src: 'icon/16.png' })));
  expect((await seriousViolations(page)).join('\n')).toMatch(/^image-alt \(critical\)/m);
  await page.close();
});

describe.each(['light', 'dark'] as const)('%s theme', (scheme) => {
  it.each(PAGES)('%s has no serious or critical violation', async (_name, path, ready) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 400, height: 900 });
    await page.goto(browser.extensionUrl(path()));
    if (ready) await page.getByTestId(ready).waitFor({ timeout: 20_000 });
    else await page.locator('h1, form').first().waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it.each([
    ['team scorecards', 'scorecards', ['team-chart-reps', 'team-chart-conversion']],
    ['forecast', 'forecast', ['forecast-chart']],
    ['process maturity', 'maturity', ['maturity-chart']],
  ] as const)('options, %s with its charts and their tables has no serious or critical violation', async (_name, tab, charts) => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(browser.extensionUrl('options.html'));
    await page.getByTestId(`tab-${tab}`).click();
    for (const chart of charts) {
      const figure = page.getByTestId(chart);
      await figure.locator('svg[role="img"]').waitFor({ timeout: 20_000 });
      // The table behind the chart opens from the keyboard.
      await figure.locator('summary').focus();
      await page.keyboard.press('Enter');
      await figure.locator('details table').waitFor();
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('side panel, scorecard and my day tabs have no serious or critical violation', async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 400, height: 900 });
    await page.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await page.getByTestId('tab-scorecard').click();
    await page.locator('.scorecard h1').waitFor({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('tab-my-day').click();
    await page.getByRole('tab', { name: /./, selected: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});
