import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// Derived state is stored where the data arrives, not where it is shown. In a real Chromium, with
// no side panel open anywhere: the quick-log popup logs a proposal on the demo deal (Pipedrive,
// "Proposal Made" = the playbook's "Proposal sent"). The stored checklist has "Send the proposal"
// ticked by that proposal; the side panel, opened afterwards, shows it ticked and writes nothing;
// when the page moves the deal on, the adoption figure counts the tick (1 of the stage's 2
// required tasks).

interface StoredActivity {
  id: string;
  type: string;
  at: string;
}
interface StoredTick {
  dealKey: string;
  stageId: string;
  taskId: string;
  state: string;
  by: string;
  at: string;
  evidenceActivityId: string | null;
}
interface StoredDeal {
  key: string;
  snapshot: { stage: string | null };
}

const DEAL_KEY = 'pipedrive:brightwave:1482';
let browser: ExtensionBrowser;
let deal: Page;
let tabId: number;

const ticks = () => readStore<StoredTick>(browser, 'checklist');

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  tabId = await tabIdOf(browser, deal);
});

afterAll(async () => {
  await browser?.close();
});

describe('a proposal logged with the side panel closed', () => {
  it('ticks "Send the proposal" in the database when it is logged', async () => {
    expect(browser.context.pages().some((p) => p.url().includes('sidepanel.html'))).toBe(false);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 380, height: 600 });
    await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
    await expect.poll(() => popup.getByTestId('deal-stage').textContent(), { timeout: 15_000 }).toBe('Proposal Made');
    await popup.keyboard.type('51'); // proposal, sent
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('toast').textContent()).toContain('Logged: Proposal — sent');
    await popup.close();

    const [proposal] = await readStore<StoredActivity>(browser, 'activities');
    expect(proposal).toMatchObject({ type: 'proposal' });
    expect(await ticks()).toEqual([
      { dealKey: DEAL_KEY, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', by: 'evidence', evidenceActivityId: proposal!.id, at: proposal!.at },
    ]);
  });

  it('the side panel, opened afterwards, shows the tick and writes nothing', async () => {
    const before = await ticks();
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    const task = panel.locator('[data-task-id="send-proposal"]');
    await expect.poll(() => task.locator('input').isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await task.getByTestId('task-evidence').textContent()).toContain('ticked by a logged proposal');
    expect(await panel.locator('[data-task-id="review-proposal"] input').isChecked()).toBe(false);
    expect(await ticks()).toEqual(before);
    await panel.close();
  });

  it('once the page moves the deal on, the adoption figure counts it: 1 of the stage’s 2 required tasks', async () => {
    // The rep moves the deal to "Negotiations Started" in Pipedrive's stage bar.
    await deal.evaluate(() => {
      const stages = [...document.querySelectorAll<HTMLElement>('.cui5-stage-selector__stage')];
      for (const stage of stages) {
        const next = stage.getAttribute('aria-label') === 'Negotiations Started';
        stage.setAttribute('aria-selected', String(next));
        stage.classList.toggle('cui5-stage-selector__stage--current', next);
        if (stage.getAttribute('aria-label') === 'Proposal Made') stage.classList.add('cui5-stage-selector__stage--passed');
      }
    });
    await expect
      .poll(async () => (await readStore<StoredDeal>(browser, 'deals')).find((d) => d.key === DEAL_KEY)?.snapshot.stage, { timeout: 15_000 })
      .toBe('Negotiations Started');

    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
    await panel.getByTestId('tab-scorecard').click();
    const adoption = panel.locator('[data-testid=scorecard] table.measures tr', { has: panel.locator('th', { hasText: 'Process adoption' }) });
    await expect.poll(() => adoption.locator('td').last().textContent(), { timeout: 15_000 }).toMatch(/^50\s?%/);
    // The tick is still stored with the stage the deal left (the side panel changed nothing).
    expect((await ticks()).map((t) => `${t.stageId}/${t.taskId}:${t.state}:${t.by}`)).toEqual(['proposal-sent/send-proposal:done:evidence']);
  });
});
