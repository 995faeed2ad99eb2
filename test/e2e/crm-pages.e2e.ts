import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { crmFixtures } from '../../bench/fixtures';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// Every CRM fixture page served at its real URL in Chromium: the content script (real match
// patterns, real DOM, real shadow roots) reads exactly the expected deal, and the side panel of
// that tab shows it. Also follows an in-app navigation between deals.

const fixtures = crmFixtures().filter((f) => {
  const expected = [resolve(import.meta.dirname, '..', 'fixtures', 'crm'), resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'crm')]
    .map((dir) => resolve(dir, `${f.name}.expected.json`))
    .find(existsSync);
  (f as { expectedFile?: string }).expectedFile = expected;
  return Boolean(expected);
}) as (ReturnType<typeof crmFixtures>[number] & { expectedFile: string })[];

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { ...Object.fromEntries(fixtures.map((f) => [f.url, f.html])), ...demoPages() });
});

afterAll(async () => {
  await browser?.close();
});

describe('CRM pages in a real browser', () => {
  it('has fixtures of all three CRMs', () => {
    const crms = new Set(fixtures.map((f) => new URL(f.url).hostname.split('.').slice(-2).join('.')));
    expect([...crms].sort()).toEqual(['force.com', 'hubspot.com', 'pipedrive.com']);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s is read as expected', async (_name, fixture) => {
    const expected = JSON.parse(readFileSync(fixture.expectedFile, 'utf8'));
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    const tabId = await tabIdOf(browser, page);
    const binding = (await readStore<{ tabId: number; dealKey: string | null; state: string }>(browser, 'tabs')).find((b) => b.tabId === tabId)!;
    await expect
      .poll(async () => {
        const b = (await readStore<{ tabId: number; dealKey: string | null }>(browser, 'tabs')).find((x) => x.tabId === tabId);
        return b?.dealKey ? (await readStore<{ key: string; snapshot: unknown }>(browser, 'deals')).find((d) => d.key === b.dealKey)?.snapshot : undefined;
      }, { timeout: 15_000 })
      .toEqual(expected);
    expect(binding).toBeDefined();
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await expect.poll(() => panel.getByTestId('deal-title').textContent(), { timeout: 10_000 }).toBe(expected.title ?? '—');
    await panel.close();
    await page.close();
  });

  it("a Pipedrive deal opened for the first time counts the days its stage bar shows, not 0", async () => {
    const fixture = fixtures.find((f) => f.name === 'pipedrive-missing-fields')!;
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    const tabId = await tabIdOf(browser, page);
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    // "9 days · Qualified" on the stage bar: the stay began nine days ago, as the CRM says.
    await expect.poll(() => panel.getByTestId('days-in-stage').textContent(), { timeout: 15_000 }).toBe('9 days in stage · as reported by the CRM');
    await panel.close();
    await page.close();
  });

  it('a page of the CRM that is not a deal tells the side panel so', async () => {
    const page = await browser.context.newPage();
    await page.goto(DEMO_DEALS[0].url);
    const tabId = await tabIdOf(browser, page);
    await page.evaluate(() => history.pushState({}, '', '/person/77'));
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await expect.poll(() => panel.locator('main, section').first().textContent(), { timeout: 10_000 }).toContain('Open a deal to get guidance');
  });
});
