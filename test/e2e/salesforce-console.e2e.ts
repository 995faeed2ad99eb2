import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';

// A Lightning console with two opportunities open in workspace tabs, in Chromium (real declarative
// shadow roots, the console's CSS hiding the workspace not in front): the side panel shows the deal in
// front and follows the user to the other workspace tab.

const dir = resolve(import.meta.dirname, '..', 'fixtures', 'crm');
const html = readFileSync(resolve(dir, 'salesforce-console-workspace.html'), 'utf8');
const url = readFileSync(resolve(dir, 'salesforce-console-workspace.url'), 'utf8').trim();
const expected = JSON.parse(readFileSync(resolve(dir, 'salesforce-console-workspace.expected.json'), 'utf8'));
const OTHER_PATH = '/lightning/r/Opportunity/0065g00000TqV8m/view?ws=%2Flightning%2Fr%2FOpportunity%2F0065g00000TqV8mAAF%2Fview';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { [url]: html });
});

afterAll(async () => {
  await browser?.close();
});

describe('Salesforce console workspace', () => {
  it('reads the opportunity in front, then the other one when its workspace tab is brought to front', async () => {
    const page = await browser.context.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(browser, page);
    const shown = async () => {
      const binding = (await readStore<{ tabId: number; dealKey: string | null }>(browser, 'tabs')).find((b) => b.tabId === tabId);
      return (await readStore<{ key: string; snapshot: { dealId: string; title: string; owner: string | null; value: number | null } }>(browser, 'deals')).find((d) => d.key === binding?.dealKey)?.snapshot;
    };
    await expect.poll(shown, { timeout: 15_000 }).toEqual(expected);
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 10_000 }).toBe(expected.title);
    // The user clicks the other workspace tab (a 15-character link): the console swaps the tabs and the URL.
    await page.evaluate((path) => {
      for (const tab of Array.from(document.querySelectorAll('section.oneConsoleTab'))) {
        tab.classList.toggle('active');
        tab.setAttribute('aria-expanded', String(tab.classList.contains('active')));
      }
      history.pushState({}, '', path);
    }, OTHER_PATH);
    await expect.poll(async () => (await shown())?.dealId, { timeout: 10_000 }).toBe('0065g00000TqV8mAAF');
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 10_000 }).not.toBe(expected.title);
  });
});
