import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// Quick-log in a real Chromium: the popup for the deal's tab logs a proposal from the keyboard;
// the side panel shows the activity and the "Send the proposal" task ticked by evidence.

let browser: ExtensionBrowser;
let popup: Page;
let panel: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  const deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  const tabId = await tabIdOf(browser, deal);
  panel = await browser.context.newPage();
  await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
  popup = await browser.context.newPage();
  await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
});

afterAll(async () => {
  await browser?.close();
});

describe('quick-log popup', () => {
  it('shows the tab’s deal at the top', async () => {
    await expect.poll(() => popup.getByTestId('deal-title').textContent(), { timeout: 15_000 }).toBe('Lakeshore Dental Group - Practice software rollout');
    expect(await popup.getByTestId('deal-stage').textContent()).toBe('Proposal Made');
  });

  it('logs a proposal from the keyboard; the side panel shows it and the task ticked by evidence', async () => {
    await panel.locator('[data-task-id="send-proposal"]').waitFor({ timeout: 15_000 });
    expect(await panel.locator('[data-task-id="send-proposal"] input').isChecked()).toBe(false);
    await popup.locator('form').focus();
    await popup.keyboard.press('5'); // proposal (the fifth default key type)
    await popup.keyboard.press('1'); // sent
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('toast').textContent()).toContain('Logged: proposal — sent');
    const stored = await readStore<{ type: string; outcome: string }>(browser, 'activities');
    expect(stored).toEqual([expect.objectContaining({ type: 'proposal', outcome: 'sent' })]);
    await expect.poll(() => panel.locator('[data-task-id="send-proposal"] input').isChecked(), { timeout: 5_000 }).toBe(true);
    expect(await panel.locator('[data-task-id="send-proposal"] [data-testid=task-evidence]').textContent()).toContain('ticked by a logged proposal');
    expect(await panel.getByTestId('activity-history').textContent()).toContain('proposal — sent');
    await expect
      .poll(async () => (await readStore<{ taskId: string; by: string }>(browser, 'checklist')).find((e) => e.taskId === 'send-proposal')?.by)
      .toBe('evidence');
  });

  it('an activity logged before a service-worker restart is still there after it', async () => {
    const cdp = await browser.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await panel.reload();
    await expect.poll(() => panel.getByTestId('activity-history').textContent(), { timeout: 10_000 }).toContain('proposal — sent');
  });
});
