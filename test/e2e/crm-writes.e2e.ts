import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { logConnectedCall, openDealWithPopup } from '../support/crm-writes/rep-actions';
import { fakeHubspot } from '../support/crm-writes/hubspot-engagements';

// Writing logged activities back to the CRM, in a real Chromium: a HubSpot deal page and HubSpot's
// API host, both served by this test at their real addresses, with a private-app token stored.
// A call logged in the popup reaches HubSpot after the undo hold and the side panel says so; when
// HubSpot fails, the activity is kept, the reason shown, and the write goes through once HubSpot
// is back, also after the service worker was stopped in between. (A create whose outcome is
// unknown is in crm-writes-unknown-outcome.e2e.ts, with Pipedrive's and Salesforce's.)

const here = import.meta.dirname;
const pageUrl = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.url'), 'utf8').trim();
const pageHtml = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.html'), 'utf8');
const DEAL_ID = /record\/0-3\/(\d+)/.exec(pageUrl)![1]!;
const PORTAL_ID = /contacts\/(\d+)\//.exec(pageUrl)![1]!;
const TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';

interface Received {
  method: string;
  path: string;
  authorization: string;
  body: unknown;
}
interface StoredActivity {
  id: string;
  type: string;
  sync: string;
  crmRefs: { main: { kind: string; id: string }; nextStep: { kind: string; id: string } | null } | null;
}

let browser: ExtensionBrowser;
let hubspot: 'up' | 'down' = 'up';
const writes: Received[] = [];
const hubspotApi = fakeHubspot(TOKEN, Number(PORTAL_ID));

/** HubSpot's API: writes are recorded, and answered 503 while HubSpot is down. */
async function serveHubspotApi(route: Route) {
  const request = route.request();
  const path = new URL(request.url()).pathname;
  const write = request.method() !== 'GET' && request.method() !== 'OPTIONS' && !path.endsWith('/batch/read');
  if (write) writes.push({ method: request.method(), path, authorization: request.headers().authorization ?? '', body: request.postData() ? JSON.parse(request.postData()!) : null });
  if (write && hubspot === 'down') {
    const headers = { 'access-control-allow-origin': '*', 'content-type': 'application/json' };
    return route.fulfill({ status: 503, headers, body: JSON.stringify({ status: 'error', message: 'Service unavailable', category: 'SERVICE_UNAVAILABLE' }) });
  }
  return hubspotApi.route(route);
}

const openDeal = () => openDealWithPopup(browser, pageUrl);
const logCall = (popup: Page) => logConnectedCall<StoredActivity>(browser, popup);

async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

const activityRow = (panel: Page, id: string) => panel.locator(`[data-activity-id="${id}"]`);
const createsSent = () => writes.filter((w) => w.method === 'POST' && w.path === '/crm/v3/objects/calls');

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, { [pageUrl]: pageHtml });
  await browser.context.route('https://api.hubapi.com/**', serveHubspotApi);
  await setExtensionStorage(browser, { 'crmApi.hubspot': { crm: 'hubspot', token: TOKEN, connectedAt: new Date().toISOString() } });
});

afterAll(async () => {
  await browser?.close();
});

describe('writing logged activities to HubSpot', () => {
  it('a call logged in the popup becomes a HubSpot call on the deal, and both pages say it is in HubSpot', async () => {
    const { panel, popup } = await openDeal();
    const logged = await logCall(popup);
    await expect.poll(() => popup.getByTestId('toast-sync').textContent()).toBe('Writing to HubSpot…');
    await expect.poll(() => activityRow(panel, logged.id).locator('[data-sync]').textContent(), { timeout: 20_000 }).toBe('✓ In HubSpot');
    await expect.poll(() => popup.getByTestId('toast-sync').textContent()).toBe('✓ In HubSpot');

    const [call] = writes.filter((w) => w.method === 'POST');
    expect(call).toMatchObject({ path: '/crm/v3/objects/calls', authorization: `Bearer ${TOKEN}` });
    expect(JSON.stringify(call!.body)).toContain(DEAL_ID);
    const stored = (await readStore<StoredActivity>(browser, 'activities')).find((a) => a.id === logged.id);
    expect(stored).toMatchObject({ sync: 'synced', crmRefs: { main: { kind: 'calls' } } });
    expect(await readStore(browser, 'crmWrites')).toEqual([]);
    await Promise.all([panel.close(), popup.close()]);
  });

  it('HubSpot down: the call is kept with the reason shown; after a worker restart it is written once HubSpot is back', async () => {
    hubspot = 'down';
    writes.length = 0;
    const { deal, panel, popup } = await openDeal();
    const logged = await logCall(popup);
    const status = activityRow(panel, logged.id).locator('[data-sync]');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('Not in HubSpot yet: could not reach HubSpot.');
    expect(await status.textContent()).toContain('Kept here and tried again');
    expect(writes.length).toBeGreaterThan(0); // it was tried
    expect(await readStore(browser, 'crmWrites')).toEqual([expect.objectContaining({ activityId: logged.id, op: 'create', attempts: 1 })]);
    // The toolbar badge tells the rep without opening anything.
    await expect.poll(() => panel.evaluate(() => chrome.action.getBadgeText({}))).toBe('1');
    expect(await panel.evaluate(() => chrome.action.getTitle({}))).toContain('logged activities not in the CRM yet: 1.');

    // The worker stops (the browser does this after 30 s idle); nothing is lost with it.
    await stopServiceWorker(deal);
    hubspot = 'up';
    await panel.bringToFront();
    await status.getByRole('button', { name: /^Try again now/ }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('✓ In HubSpot');
    await expect.poll(() => panel.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    expect(writes.filter((w) => w.method === 'POST' && w.path === '/crm/v3/objects/calls').length).toBe(2); // the failed try and the one that went through
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });

  it('a call logged just before the worker stops is still written: the queue is in IndexedDB, not in memory', async () => {
    writes.length = 0;
    const { deal, panel, popup } = await openDeal();
    const logged = await logCall(popup);
    await stopServiceWorker(deal); // within the undo hold, before the write went out
    // The write is queued in IndexedDB; wait until it is due (the undo hold is over) with no worker running.
    await expect
      .poll(async () => {
        const [queued] = await readStore<{ activityId: string; nextAttemptAt: string }>(browser, 'crmWrites');
        return queued?.activityId === logged.id && Date.parse(queued.nextAttemptAt) <= Date.now();
      }, { timeout: 20_000, interval: 500 })
      .toBe(true);
    expect(createsSent()).toHaveLength(0);
    // Back on the CRM page: the content script wakes the worker, which works through the queue.
    await deal.reload();
    await expect.poll(() => activityRow(panel, logged.id).locator('[data-sync]').textContent(), { timeout: 40_000 }).toBe('✓ In HubSpot');
    expect(writes.filter((w) => w.method === 'POST' && w.path === '/crm/v3/objects/calls')).toHaveLength(1);
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });

  it('editing the written call updates it in HubSpot; deleting it deletes it there', async () => {
    writes.length = 0;
    const { panel, popup } = await openDeal();
    const logged = await logCall(popup);
    const row = activityRow(panel, logged.id);
    await expect.poll(() => row.locator('[data-sync]').textContent(), { timeout: 20_000 }).toBe('✓ In HubSpot');
    const id = (await readStore<StoredActivity>(browser, 'activities')).find((a) => a.id === logged.id)!.crmRefs!.main.id;

    await panel.bringToFront();
    await row.locator('[data-action=edit]').click();
    await row.locator('textarea').fill('Budget confirmed by the CFO');
    await row.locator('textarea').press('Control+Enter');
    await expect.poll(() => writes.find((w) => w.method === 'PATCH')?.path, { timeout: 20_000 }).toBe(`/crm/v3/objects/calls/${id}`);
    expect(JSON.stringify(writes.find((w) => w.method === 'PATCH')!.body)).toContain('Budget confirmed by the CFO');
    await expect.poll(() => row.locator('[data-sync]').textContent(), { timeout: 20_000 }).toBe('✓ In HubSpot');

    await row.locator('[data-action=delete]').click();
    await expect.poll(() => writes.find((w) => w.method === 'DELETE')?.path, { timeout: 20_000 }).toBe(`/crm/v3/objects/calls/${id}`);
    await expect.poll(() => readStore(browser, 'crmWrites')).toEqual([]);
    await Promise.all([panel.close(), popup.close()]);
  });
});
