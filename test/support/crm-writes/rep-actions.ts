import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { openDealWith, readStore, type ExtensionBrowser } from '../../../scripts/browser';

// What a rep does in the write-back tests: opens a deal (its side panel and the quick-log popup
// bound to its tab) and logs a connected call with the keyboard.

export async function openDealWithPopup(browser: ExtensionBrowser, url: string): Promise<{ deal: Page; panel: Page; popup: Page }> {
  const { deal, page: panel, tabId } = await openDealWith(browser, url);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
  await expect.poll(() => popup.getByTestId('deal-title').textContent(), { timeout: 15_000 }).toBeTruthy();
  return { deal, panel, popup };
}

/** Logs a connected call in the popup ("1" call, "1" connected, Enter); returns it as stored, not yet in the CRM. */
export async function logConnectedCall<T extends { id: string }>(browser: ExtensionBrowser, popup: Page): Promise<T> {
  const before = new Set((await readStore<T>(browser, 'activities')).map((a) => a.id));
  await popup.bringToFront();
  await popup.keyboard.type('11');
  await popup.keyboard.press('Enter');
  await expect.poll(() => popup.getByTestId('toast').textContent()).toContain('Logged: Call — connected');
  const logged = (await readStore<T>(browser, 'activities')).find((a) => !before.has(a.id));
  expect(logged).toMatchObject({ type: 'call', sync: 'pending' });
  return logged!;
}
