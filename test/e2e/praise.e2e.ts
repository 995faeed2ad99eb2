import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';
import { seriousViolations } from './axe';
import { movePipedriveStage } from '../support/pipedrive-stage-bar';

// Praise in a real Chromium. The manager marks "Proposal sent" hard in the options page's stage
// editor; the demo Pipedrive deal (served at its real address) sits in "Proposal Made", which is
// that stage. The rep moves it on to "Negotiations Started" on the page: the side panel shows one
// line of praise. The page read again, and the service worker stopped and started again, leave
// exactly one line, in the panel and in the database.

const DEAL_KEY = 'pipedrive:brightwave:1482';
let browser: ExtensionBrowser;

interface StoredPraise {
  id: string;
  dealKey: string;
  kind: string;
  stageId: string;
  count: number;
  endedAt: string | null;
}
const praise = () => readStore<StoredPraise>(browser, 'praise');
const lines = (panel: Page) => panel.locator('[data-testid=praise]');

const moveStage = movePipedriveStage;

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
});

afterAll(async () => {
  await browser?.close();
});

describe('praise for a deal moved past a hard stage', () => {
  it('the manager marks the stage hard, the rep moves the deal past it on the page, and one line of praise appears once', async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.locator('[data-stage-id="proposal-sent"]').click();
    await expect.poll(() => options.getByTestId('stage-name').inputValue()).toBe('Proposal sent');
    await options.getByTestId('stage-hard-input').check();
    await expect
      .poll(async () => (await readStore<{ playbook: { pipelines: { stages: { id: string; hard?: boolean }[] }[] } }>(browser, 'playbooks'))[0]?.playbook.pipelines[0]!.stages.find((s) => s.id === 'proposal-sent')?.hard, { timeout: 10_000 })
      .toBe(true);
    await options.close();

    const deal = await browser.context.newPage();
    await deal.goto(DEMO_DEALS[0].url);
    const panel = await browser.context.newPage();
    await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${await tabIdOf(browser, deal)}`));
    const currentStep = () => panel.locator('[data-testid=stage-path] [aria-current=step]').textContent();
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Proposal sent/);
    expect(await lines(panel).count()).toBe(0);

    await deal.bringToFront();
    await moveStage(deal, 'Negotiations Started');
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Contract sent/);
    await expect.poll(() => lines(panel).count(), { timeout: 10_000 }).toBe(1);
    expect(await lines(panel).locator('p').innerText()).toBe('★ Your first deal past “Proposal sent” this month — a stage the team finds hard.');
    expect(await praise()).toEqual([expect.objectContaining({ id: `pass|${DEAL_KEY}|new-business/proposal-sent`, dealKey: DEAL_KEY, kind: 'passedHardStage', stageId: 'proposal-sent', count: 1, endedAt: null })]);

    expect(await seriousViolations(panel)).toEqual([]);

    // The worker stops and starts again, and the page is read again — the served page still shows
    // the old stage, so the deal is back in "Proposal sent" — and moved past it once more: the same
    // move, still one line, stored once.
    const cdp = await browser.context.newCDPSession(deal);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await deal.reload();
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Proposal sent/);
    await cdp.send('ServiceWorker.stopAllWorkers');
    await moveStage(deal, 'Negotiations Started');
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Contract sent/);
    const observed = (await readStore<{ dealKey: string; source: string }>(browser, 'stageVisits')).filter((v) => v.dealKey === DEAL_KEY && v.source === 'observed');
    expect(observed).toHaveLength(4); // in, past, back, past again: every reading arrived
    expect(await praise()).toHaveLength(1);
    expect(await lines(panel).count()).toBe(1);

    // Dismissed, it is gone and stays gone.
    await panel.bringToFront();
    await lines(panel).getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => lines(panel).count(), { timeout: 15_000 }).toBe(0);
    expect(await praise()).toEqual([expect.objectContaining({ endedAt: expect.any(String) })]);
  });
});
