import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, openDealWith, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';

// The CRM API path in a real Chromium: a HubSpot deal page and HubSpot's API host, both served by
// this test at their real addresses. With a private-app token stored, the background reads the
// deal from the API: the side panel shows the whole stage path and the true days in stage, with
// the API as their source. Then the API answers 401 and the page reading keeps working.

const here = import.meta.dirname;
const pageUrl = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.url'), 'utf8').trim();
const pageHtml = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.html'), 'utf8');
const DEAL_ID = /record\/0-3\/(\d+)/.exec(pageUrl)![1]!;
const PORTAL_ID = /contacts\/(\d+)\//.exec(pageUrl)![1]!;
const api = (name: string) => readFileSync(resolve(here, '../fixtures/crm-api/hubspot', name), 'utf8');
const DAY = 86_400_000;
const enteredAt = new Date(Date.now() - 12 * DAY - 3_600_000).toISOString(); // 12 days ago

/** HubSpot's API answers, from the recorded fixtures, for the page's deal. */
function hubspotAnswer(url: URL): { status: number; body: string } | null {
  const path = url.pathname;
  if (path === '/crm/v3/pipelines/deals') return { status: 200, body: api('pipelines.json') };
  if (path === '/account-info/v3/details') return { status: 200, body: JSON.stringify({ ...JSON.parse(api('account.json')), portalId: Number(PORTAL_ID) }) };
  if (path === `/crm/v3/objects/deals/${DEAL_ID}`) {
    const deal = JSON.parse(api('deal.json'));
    deal.id = DEAL_ID;
    deal.properties.hs_object_id = DEAL_ID;
    deal.properties.hs_date_entered_presentationscheduled = enteredAt;
    deal.propertiesWithHistory.dealstage[0].timestamp = enteredAt;
    return { status: 200, body: JSON.stringify(deal) };
  }
  if (path.startsWith('/crm/v3/owners/')) return { status: 200, body: api('owner.json') };
  const association = /\/associations\/(calls|emails|meetings|notes|tasks)$/.exec(path);
  if (association) return { status: 200, body: api(association[1] === 'emails' ? 'associations-empty.json' : `associations-${association[1]}.json`) };
  const batch = /\/crm\/v3\/objects\/(calls|meetings|notes|tasks)\/batch\/read$/.exec(path);
  if (batch) return { status: 200, body: api(`batch-${batch[1]}.json`) };
  return null;
}

let browser: ExtensionBrowser;
let apiMode: 'ok' | 'unauthorized' = 'ok';
const apiCalls: string[] = [];

async function serveHubspotApi(route: Route) {
  const request = route.request();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST' };
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  apiCalls.push(`${request.method()} ${new URL(request.url()).pathname} ${request.headers().authorization ?? ''}`);
  if (apiMode === 'unauthorized') return route.fulfill({ status: 401, headers: { ...cors, 'content-type': 'application/json' }, body: api('unauthorized.json') });
  const answer = hubspotAnswer(new URL(request.url()));
  return route.fulfill({ status: answer?.status ?? 404, headers: { ...cors, 'content-type': 'application/json' }, body: answer?.body ?? api('not-found.json') });
}

async function openDeal(): Promise<{ deal: Page; panel: Page }> {
  const { deal, page } = await openDealWith(browser, pageUrl);
  return { deal, panel: page };
}

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { [pageUrl]: pageHtml });
  await browser.context.route('https://api.hubapi.com/**', serveHubspotApi);
  // The rep connected HubSpot with a private-app token (the options page stores it like this).
  await setExtensionStorage(browser, { 'crmApi.hubspot': { crm: 'hubspot', token: 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab', connectedAt: new Date().toISOString() } });
});

afterAll(async () => {
  await browser?.close();
});

describe('HubSpot API connected', () => {
  it('shows every stage of the pipeline, the true days in stage and the CRM’s activities, from the API', async () => {
    const { panel } = await openDeal();
    await expect.poll(() => panel.getByTestId('days-in-stage').textContent(), { timeout: 15_000 }).toMatch(/^12 days in stage · as reported by the CRM/);
    expect(await panel.locator('[data-testid=stage-path] [aria-current=step]').textContent()).toMatch(/^Demo completed/);
    expect(await panel.locator('[data-testid=stage-path] li').count()).toBe(7);
    expect(await panel.getByTestId('data-sources').textContent()).toMatch(/From the HubSpot API · Read at/);
    expect(await panel.getByTestId('crm-activities').textContent()).toMatch(/\(\d+\)/);
    const deals = await readStore<{ dealId: string; snapshot: { stages: string[] } }>(browser, 'deals');
    expect(deals.find((d) => d.dealId === DEAL_ID)?.snapshot.stages).toEqual(['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Decision Maker Bought-In', 'Contract Sent', 'Closed Won', 'Closed Lost']);
    expect(apiCalls.every((call) => call.endsWith('Bearer pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab'))).toBe(true);
  });

  it('a 401 shows a short reconnect message and the page reading keeps working', async () => {
    apiMode = 'unauthorized';
    const worker = await browser.serviceWorker();
    await worker.evaluate(() => {}); // make sure it runs; a fresh worker has no cached read
    const cdp = await browser.context.newCDPSession((await browser.context.pages())[0]!);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers'); // drops the in-memory API cache
    const { panel } = await openDeal();
    await expect.poll(() => panel.getByTestId('api-problem').textContent(), { timeout: 15_000 }).toMatch(/HubSpot/);
    expect(await panel.getByTestId('deal-title').textContent()).toBeTruthy();
    expect(await panel.getByTestId('stage-path').count()).toBe(1);
  });
});
