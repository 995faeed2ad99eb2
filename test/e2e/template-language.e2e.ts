import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, openDealWith, serveCrmPages, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// A Swedish manager installs Stagecraft: the playbook it starts with is Swedish from the first deal
// page on, and the English Pipedrive stage of the demo deal ("Proposal Made") still finds its stage.

let browser: ExtensionBrowser;
let panel: Page;

beforeAll(async () => {
  browser = await launchWithExtension({ locale: 'sv-SE' });
  await serveCrmPages(browser.context, demoPages());
  ({ page: panel } = await openDealWith(browser, DEMO_DEALS[0].url));
  await panel.getByTestId('stage-guidance').waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('a Swedish install', () => {
  it('shows the Swedish playbook on the deal: stage path, guidance, key tasks and scripts', async () => {
    const steps = await panel.locator('.stage-path__step .stage-path__name').allTextContents();
    expect(steps).toEqual(['Behovsmöte bokat', 'Kvalificerad', 'Demo genomförd', 'Offert skickad', 'Avtal skickat', 'Vunnen', 'Förlorad']);
    expect(await panel.locator('.stage-path__step[aria-current="step"] .stage-path__name').textContent()).toBe('Offert skickad');
    expect(await panel.getByTestId('stage-guidance').textContent()).toContain('Gör det lätt att säga ja.');
    await expect.poll(() => panel.locator('body').textContent()).toContain('Gå igenom offerten med beslutsfattaren');
    const scripts = await panel.getByTestId('scripts').textContent();
    expect(scripts).toContain('Offertmejl');
    expect(scripts).toContain('Uppföljning på beslutsdatumet');
    expect(await panel.locator('body').textContent()).not.toContain('Send the proposal');
  });
});
