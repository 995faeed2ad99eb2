import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// A rep's first deal page on a new install: the side panel shows the mapped stage's guidance,
// goal and checklist; a tick survives a page reload and a service-worker restart.

let browser: ExtensionBrowser;
let deal: Page;
let panel: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  const tabId = await tabIdOf(browser, deal);
  panel = await browser.context.newPage();
  await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
});

afterAll(async () => {
  await browser?.close();
});

const task = (id: string) => panel.locator(`[data-task-id="${id}"]`);

describe('the rep’s side panel on a deal', () => {
  it('shows the mapped stage’s guidance, exit criteria and checklist with due dates', async () => {
    await expect.poll(() => panel.getByTestId('stage-guidance').textContent(), { timeout: 15_000 }).toContain('Make it easy to say yes');
    expect(await panel.locator('[data-testid=stage-path] [aria-current=step]').textContent()).toContain('Proposal sent');
    expect(await panel.getByTestId('goal').textContent()).toContain('A proposal logged in this stage');
    expect(await task('send-proposal').textContent()).toMatch(/Send the proposal.*required.*due/i);
  });

  it('next steps change as an item is ticked', async () => {
    const before = await panel.getByTestId('next-steps').textContent();
    expect(before).toContain('The buyer reviewed the proposal with us');
    await panel.getByTestId('goal').getByLabel('The buyer reviewed the proposal with us').check();
    await expect.poll(() => panel.getByTestId('next-steps').textContent()).not.toContain('The buyer reviewed the proposal with us');
  });

  it('a tick survives a page reload and a service-worker restart', async () => {
    await task('send-proposal').getByRole('checkbox').check();
    await expect.poll(async () => (await readStore<{ taskId: string; state: string; by: string }>(browser, 'checklist')).find((e) => e.taskId === 'send-proposal')).toMatchObject({ state: 'done', by: 'hand' });
    const cdp = await browser.context.newCDPSession(deal);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await deal.reload();
    await panel.reload();
    await expect.poll(() => task('send-proposal').getByRole('checkbox').isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await panel.getByTestId('goal').getByLabel('The buyer reviewed the proposal with us').isChecked()).toBe(true);
  });

  it('two pages ticking different items at the same time lose neither tick', async () => {
    const second = await browser.context.newPage();
    await second.goto(panel.url());
    await second.locator('[data-task-id="review-proposal"]').waitFor();
    await Promise.all([
      task('follow-up').getByRole('checkbox').check(),
      second.locator('[data-task-id="review-proposal"]').getByRole('checkbox').check(),
    ]);
    await expect
      .poll(async () => (await readStore<{ taskId: string; state: string }>(browser, 'checklist')).filter((e) => e.state === 'done').map((e) => e.taskId).sort())
      .toEqual(expect.arrayContaining(['follow-up', 'review-proposal', 'send-proposal']));
    await second.close();
  });

  it('an unknown CRM stage offers "map this stage to…", and remembers the choice', async () => {
    await deal.evaluate(() => {
      const current = document.querySelector('button.cui5-stage-selector__stage[aria-selected=true]')!;
      current.setAttribute('aria-label', 'Legal review');
      current.setAttribute('title', 'Legal review');
    });
    await panel.getByTestId('stage-mapper').waitFor({ timeout: 10_000 });
    await panel.getByTestId('stage-mapper').locator('select').selectOption({ label: 'Contract sent' });
    await panel.getByTestId('stage-mapper').getByRole('button').click();
    await expect.poll(() => panel.locator('[data-testid=stage-path] [aria-current=step]').textContent(), { timeout: 10_000 }).toContain('Contract sent');
  });
});
