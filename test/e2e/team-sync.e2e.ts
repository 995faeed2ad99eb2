import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../support/crm-servers/hubspot';
import { generateTeam, groundTruth } from '../support/crm-servers/team';
import { routedTo, type CrmServer } from '../support/crm-servers/server';

// The manager's path in a real Chromium: HubSpot connected, HubSpot's API served at its real address
// by this test (a generated team of 600 deals), "Sync the team" on the Connections tab, and the
// Team scorecards then show every rep of the whole team with where the figures come from, and the
// team's money is in HubSpot's company currency at HubSpot's rates.

let browser: ExtensionBrowser;
const world = generateTeam({ crm: 'hubspot', seed: 77, deals: 600, now: Date.now() - 60_000 });
let server: CrmServer;

beforeAll(async () => {
  server = hubspotServer(world);
  browser = await launchWithExtension();
  await browser.context.route('https://api.hubapi.com/**', routedTo(server, { cors: true }));
  await setExtensionStorage(browser, { 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: new Date().toISOString() } });
});

afterAll(async () => {
  await browser?.close();
});

describe('Sync the team', () => {
  it('reads the whole HubSpot team; the team scorecards show every rep', async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    await options.getByTestId('tab-connections').click();
    await options.getByTestId('team-sync-start').click();
    await expect.poll(() => options.getByTestId('sync-provenance').textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/^Synced from HubSpot .* · \d+ deals$/);
    const truth = groundTruth(world, Date.UTC(new Date().getUTCFullYear() - 2, new Date().getUTCMonth(), new Date().getUTCDate()));
    expect(await options.getByTestId('sync-provenance').textContent()).toContain(`· ${new Intl.NumberFormat('en').format(truth.deals.length)} deals`);
    expect(server.log[0]!.line).toBe('GET /crm/v3/pipelines/deals');
    await options.getByTestId('tab-scorecards').click();
    await expect.poll(() => options.getByTestId('team-row').count(), { timeout: 20_000 }).toBe(new Set(truth.deals.map((d) => d.owner)).size);
    expect(await options.getByTestId('team-view').getByTestId('sync-provenance').textContent()).toMatch(/^Synced from HubSpot/);

    // The sync read HubSpot's company currency and rates: the team's money is in EUR at HubSpot's rates.
    expect(server.log.slice(-2).map((r) => r.line)).toEqual(['GET /account-info/v3/details', 'GET /settings/v3/currencies/exchange-rates/current']);
    await options.getByTestId('tab-team').click();
    await expect.poll(() => options.getByLabel('Base currency (ISO code)').inputValue()).toBe('EUR');
    expect(await options.getByTestId('base-currency-origin').textContent()).toBe('HubSpot’s company currency, read at the last team sync. Change it to choose your own.');
    expect(await options.getByTestId('crm-rate').allTextContents()).toEqual(['1 NOK = 0.085 EUR', '1 SEK = 0.087 EUR', '1 USD = 0.92 EUR']);
  });
});
