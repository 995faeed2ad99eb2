import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, tabIdOf, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// Quick-log in a real Chromium: the popup for the deal's tab logs a proposal from the keyboard;
// the side panel shows the activity and the "Send the proposal" task ticked by evidence; an undo
// takes both back.

interface StoredActivity {
  id: string;
  dealKey: string;
  type: string;
  outcome: string | null;
  note: string;
  nextStep: { title: string; dueAt: string } | null;
  sync: string;
}
interface StoredTick {
  taskId: string;
  by: string;
  state: string;
  evidenceActivityId: string | null;
}

let browser: ExtensionBrowser;
let popup: Page;
let panel: Page;

const activities = () => readStore<StoredActivity>(browser, 'activities');
const sendProposal = () => panel.locator('[data-task-id="send-proposal"]');

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  const deal = await browser.context.newPage();
  await deal.goto(DEMO_DEALS[0].url);
  const tabId = await tabIdOf(browser, deal);
  panel = await browser.context.newPage();
  await panel.goto(browser.extensionUrl(`sidepanel.html?tab=${tabId}`));
  popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(browser.extensionUrl(`popup.html?tab=${tabId}`));
});

afterAll(async () => {
  await browser?.close();
});

describe('quick-log popup', () => {
  it('shows the tab’s deal at the top, ready for keys', async () => {
    await expect.poll(() => popup.getByTestId('deal-title').textContent(), { timeout: 15_000 }).toBe('Lakeshore Dental Group - Practice software rollout');
    expect(await popup.getByTestId('deal-stage').textContent()).toBe('Proposal Made');
    expect(await popup.evaluate(() => document.activeElement?.tagName)).toBe('FORM');
    expect(await popup.getByTestId('key-hint').textContent()).toContain('Enter saves');
  });

  it('logs a proposal with 5, 1, Enter; the side panel shows it and the task ticked by evidence', async () => {
    await sendProposal().waitFor({ timeout: 15_000 });
    expect(await sendProposal().locator('input').isChecked()).toBe(false);
    // Typed as fast as the browser takes keys: the second key must already go to the outcome.
    await popup.keyboard.type('51'); // 5: proposal (the fifth default key type), 1: sent
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.getByTestId('toast').textContent()).toContain('Logged: Proposal — sent');
    const stored = await activities();
    expect(stored).toEqual([expect.objectContaining({ dealKey: 'pipedrive:brightwave:1482', type: 'proposal', outcome: 'sent', note: '', nextStep: null, sync: 'local' })]);
    await expect.poll(() => sendProposal().locator('input').isChecked(), { timeout: 15_000 }).toBe(true);
    expect(await sendProposal().getByTestId('task-evidence').textContent()).toContain('ticked by a logged proposal');
    expect(await panel.getByTestId('activity-history').textContent()).toContain('Proposal — sent');
    await expect
      .poll(async () => (await readStore<StoredTick>(browser, 'checklist')).find((e) => e.taskId === 'send-proposal'))
      .toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: stored[0]!.id });
    // The form is ready for the next log.
    expect(await popup.locator('input[name=type]:checked').count()).toBe(0);
  });

  it('Ctrl+Z undoes it: gone from IndexedDB, and the task is open again in the side panel', async () => {
    await popup.keyboard.press('Control+z');
    await expect.poll(() => popup.getByTestId('toast').textContent()).toContain('Removed: Proposal — sent');
    expect(await activities()).toEqual([]);
    await expect.poll(() => sendProposal().locator('input').isChecked(), { timeout: 15_000 }).toBe(false);
    expect(await panel.getByTestId('activity-history').textContent()).toContain('Nothing logged on this deal yet.');
  });

  it('logs it again with a note and a next step typed from the keyboard', async () => {
    // The undo gave the values back: proposal / sent are still picked.
    expect(await popup.locator('input[name=type]:checked').getAttribute('value')).toBe('proposal');
    expect(await popup.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('type'); // the focus is on the type
    await popup.keyboard.press('Tab'); // → the outcome
    await popup.keyboard.press('Tab'); // → the note
    expect(await popup.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await popup.keyboard.type('Sent v2 with the reminder add-on');
    await popup.keyboard.press('Tab'); // → next step
    await popup.keyboard.type('Chase the signature');
    await popup.keyboard.press('Tab'); // → due
    await popup.keyboard.type('3d');
    await expect.poll(() => popup.getByTestId('due-parsed').textContent()).toMatch(/^Due /);
    await popup.keyboard.press('Enter');
    await expect.poll(async () => (await activities()).length).toBe(1);
    const [logged] = await activities();
    expect(logged).toMatchObject({ type: 'proposal', outcome: 'sent', note: 'Sent v2 with the reminder add-on', nextStep: { title: 'Chase the signature' } });
    expect(logged!.nextStep!.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999[+-]\d{2}:\d{2}$/);
    await expect.poll(() => sendProposal().locator('input').isChecked(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => panel.getByTestId('activity-history').textContent()).toContain('Chase the signature');
    expect(await panel.getByTestId('next-steps').textContent()).not.toContain('No next activity scheduled');
  });

  it('an activity logged before a service-worker restart is still there after it', async () => {
    const cdp = await browser.context.newCDPSession(panel);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await panel.reload();
    await expect.poll(() => panel.getByTestId('activity-history').textContent(), { timeout: 10_000 }).toContain('Proposal — sent');
  });

  it('on a tab without a deal, says where Stagecraft works and offers the side panel', async () => {
    const other = await browser.context.newPage();
    await other.goto(browser.extensionUrl('popup.html?tab=999999'));
    await expect.poll(() => other.getByTestId('quicklog-state').textContent(), { timeout: 10_000 }).toContain('Open a deal to log an activity');
    expect(await other.getByTestId('quicklog-state').textContent()).toContain('*.pipedrive.com');
    expect(await other.getByRole('button', { name: 'Open the side panel' }).isVisible()).toBe(true);
    await other.close();
  });
});
