import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// A CRM page whose deal title and stage carry HTML and script: every extension page shows them as
// text and no script of theirs ever runs in an extension page.

const HOSTILE_TITLE = `<img src=x onerror="document.title='pwned';window.__pwned=1">Acme <script>window.__pwned=2</script>`;
const HOSTILE_STAGE = `<a href="javascript:window.__pwned=3">Proposal Made</a>`;
const HOSTILE_URL = 'https://brightwave.pipedrive.com/deal/6666';

function hostilePage(): string {
  const base = demoPages()[DEMO_DEALS[0].url]!;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return base
    .replaceAll('1482', '6666')
    .replace(/(<textarea class="cui5-editable-text__input"[^>]*>)[^<]*(<\/textarea>)/, `$1${escape(HOSTILE_TITLE)}$2`)
    .replace(/aria-selected="true" aria-label="Proposal Made" title="Proposal Made"/, `aria-selected="true" aria-label="${escape(HOSTILE_STAGE)}" title="${escape(HOSTILE_STAGE)}"`);
}

let browser: ExtensionBrowser;
let tabId: number;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { [HOSTILE_URL]: hostilePage() });
  const page = await browser.context.newPage();
  await page.goto(HOSTILE_URL);
  tabId = await tabIdOf(browser, page);
});

afterAll(async () => {
  await browser?.close();
});

async function assertInert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.title()).not.toBe('pwned');
  expect(await page.locator('main img, header img, main script').count()).toBe(0);
}

describe('hostile page content', () => {
  it('is stored exactly as text', async () => {
    await expect.poll(async () => (await readStore<{ dealId: string; snapshot: { title: string } }>(browser, 'deals')).find((d) => d.dealId === '6666')?.snapshot.title, { timeout: 15_000 }).toBe(
      HOSTILE_TITLE.replace(/\s+/g, ' '),
    );
  });

  it.each(['sidepanel.html', 'popup.html'])('%s shows it as text and runs none of it', async (path) => {
    const page = await browser.context.newPage();
    await page.goto(browser.extensionUrl(`${path}?tab=${tabId}`));
    await expect.poll(() => page.getByTestId('deal-title').textContent(), { timeout: 15_000 }).toBe(HOSTILE_TITLE.replace(/\s+/g, ' '));
    await page.waitForTimeout(300);
    await assertInert(page);
    await page.close();
  });

  it('guidance and notes with HTML and javascript: links stay text in the side panel and the options page', async () => {
    await serveCrmPages(browser.context, demoPages());
    const deal = await browser.context.newPage();
    await deal.goto(DEMO_DEALS[0].url);
    const dealTab = await tabIdOf(browser, deal);
    const hostileGuidance = 'Read [this](javascript:window.__pwned=4) and <img src=x onerror="window.__pwned=5"> then the [guide](https://example.com/guide).';
    // Plant a hostile playbook text and activity note directly in the database, as a bad import would try.
    const writer = await browser.context.newPage();
    await writer.goto(browser.extensionUrl('managed-schema.json'));
    await writer.evaluate(
      ([guidance, dealKey]) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('stagecraft');
          open.onsuccess = () => {
            const tx = open.result.transaction(['playbooks', 'activities'], 'readwrite');
            const store = tx.objectStore('playbooks');
            store.getAll().onsuccess = (event) => {
              for (const row of (event.target as IDBRequest).result) {
                for (const pipeline of row.playbook.pipelines) for (const stage of pipeline.stages) stage.guidance = guidance;
                store.put(row);
              }
            };
            tx.objectStore('activities').put({ id: 'hostile-note', dealKey, type: 'note', outcome: null, note: '<script>window.__pwned=6</script><img src=x onerror="window.__pwned=7">', at: new Date().toISOString(), nextStep: null, owner: null, sync: 'local' });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      [hostileGuidance, 'pipedrive:brightwave:1482'],
    );
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${dealTab}`));
    const guidance = panel.getByTestId('stage-guidance');
    await expect.poll(() => guidance.textContent(), { timeout: 15_000 }).toContain('<img src=x onerror=');
    expect(await guidance.locator('a').count()).toBe(1);
    expect(await guidance.locator('a').getAttribute('href')).toBe('https://example.com/guide');
    expect(await guidance.locator('a').getAttribute('target')).toBe('_blank');
    expect(await guidance.locator('a').getAttribute('rel')).toContain('noopener');
    await expect.poll(() => panel.getByTestId('activity-history').textContent()).toContain('<script>window.__pwned=6</script>');
    await assertInert(panel);
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.waitForTimeout(1_000);
    expect(await options.locator('a[href^="javascript"]').count()).toBe(0);
    await assertInert(options);
  });
});
