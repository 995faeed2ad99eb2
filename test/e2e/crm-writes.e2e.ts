import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { logConnectedCall, openDealWithPopup } from '../support/crm-writes/rep-actions';

// Writing logged activities back to the CRM, in a real Chromium: a HubSpot deal page and HubSpot's
// API host, both served by this test at their real addresses, with a private-app token stored.
// A call logged in the popup reaches HubSpot after the undo hold and the side panel says so; when
// HubSpot fails, the activity is kept, the reason shown, and the write goes through once HubSpot
// is back, also after the service worker was stopped in between.

const here = import.meta.dirname;
const pageUrl = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.url'), 'utf8').trim();
const pageHtml = readFileSync(resolve(here, '../fixtures/crm/hubspot-de-eu1.html'), 'utf8');
const DEAL_ID = /record\/0-3\/(\d+)/.exec(pageUrl)![1]!;
const PORTAL_ID = /contacts\/(\d+)\//.exec(pageUrl)![1]!;
const account = () => JSON.stringify({ ...JSON.parse(readFileSync(resolve(here, '../fixtures/crm-api/hubspot/account.json'), 'utf8')), portalId: Number(PORTAL_ID) });
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
let nextId = 51_000;
/** While set, HubSpot makes each record it is asked to create but holds the answer until this settles. */
let holdCreates: Promise<void> | null = null;

/** HubSpot's API: writes are recorded and answered like HubSpot does; deal reads answer 404 (this test is about writing). */
/** What the fake HubSpot holds: id → kind and properties. */
const stored = new Map<string, { kind: string; properties: Record<string, string> }>();

async function serveHubspotApi(route: Route) {
  const request = route.request();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, PATCH, DELETE' };
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const path = new URL(request.url()).pathname;
  const json = { ...cors, 'content-type': 'application/json' };
  if (request.method() === 'GET' && path === '/account-info/v3/details') return route.fulfill({ status: 200, headers: json, body: account() });
  // An uncertain create looks for its marker: the deal's associated records of a kind, then their bodies.
  const associations = /^\/crm\/v4\/objects\/deals\/\d+\/associations\/(\w+)$/.exec(path);
  if (request.method() === 'GET' && associations) {
    const results = [...stored].filter(([, r]) => r.kind === associations[1]).map(([id]) => ({ toObjectId: Number(id), associationTypes: [] }));
    return route.fulfill({ status: 200, headers: json, body: JSON.stringify({ results }) });
  }
  if (request.method() === 'POST' && path.endsWith('/batch/read')) {
    const inputs = (JSON.parse(request.postData()!) as { inputs: { id: string }[] }).inputs;
    const results = inputs.filter((i) => stored.has(i.id)).map((i) => ({ id: i.id, properties: stored.get(i.id)!.properties }));
    return route.fulfill({ status: 200, headers: json, body: JSON.stringify({ status: 'COMPLETE', results }) });
  }
  if (request.method() === 'GET') return route.fulfill({ status: 404, headers: json, body: JSON.stringify({ status: 'error', message: 'not found', category: 'OBJECT_NOT_FOUND' }) });
  writes.push({ method: request.method(), path, authorization: request.headers().authorization ?? '', body: request.postData() ? JSON.parse(request.postData()!) : null });
  if (hubspot === 'down') return route.fulfill({ status: 503, headers: json, body: JSON.stringify({ status: 'error', message: 'Service unavailable', category: 'SERVICE_UNAVAILABLE' }) });
  if (request.method() === 'DELETE') return route.fulfill({ status: 204, headers: cors });
  const created = /^\/crm\/v3\/objects\/(calls|emails|meetings|notes|tasks)$/.exec(path);
  const body = request.postData() ? (JSON.parse(request.postData()!) as { properties?: Record<string, string> }) : {};
  const id = created ? String(nextId++) : path.split('/').pop()!;
  if (created) stored.set(id, { kind: created[1]!, properties: body.properties ?? {} });
  else if (stored.has(id)) stored.set(id, { ...stored.get(id)!, properties: { ...stored.get(id)!.properties, ...body.properties } });
  if (created && holdCreates) await holdCreates;
  const now = new Date().toISOString();
  // The extension may have stopped listening meanwhile (a timeout, a stopped worker): HubSpot has the record all the same.
  return route
    .fulfill({ status: created ? 201 : 200, headers: json, body: JSON.stringify({ id, properties: { ...body.properties, hs_object_id: id }, createdAt: now, updatedAt: now, archived: false }) })
    .catch(() => {});
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
/** The calls HubSpot holds for one logged activity (its marker names the activity). */
const callsFor = (activityId: string) => [...stored].filter(([, r]) => r.kind === 'calls' && (r.properties.hs_call_body ?? '').includes(`id=${activityId};`)).map(([id]) => id);

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

describe('a create whose outcome was unknown is never doubled in HubSpot', () => {
  it('the worker stops while HubSpot holds the answer: after the restart the call HubSpot made is adopted, not made again', async () => {
    writes.length = 0;
    let release!: () => void;
    holdCreates = new Promise((resolve) => (release = resolve));
    const { deal, panel, popup } = await openDeal();
    const logged = await logCall(popup);
    await expect.poll(() => createsSent().length, { timeout: 20_000 }).toBe(1); // HubSpot has it, the answer is held
    await stopServiceWorker(deal);
    holdCreates = null;
    release();

    await deal.reload(); // the content script wakes a new worker
    await expect.poll(() => activityRow(panel, logged.id).locator('[data-sync]').textContent(), { timeout: 30_000 }).toBe('✓ In HubSpot');
    expect(createsSent()).toHaveLength(1);
    const calls = callsFor(logged.id);
    expect(calls).toHaveLength(1);
    expect((await readStore<StoredActivity>(browser, 'activities')).find((a) => a.id === logged.id)!.crmRefs!.main).toEqual({ kind: 'calls', id: calls[0] });
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });

  it('a create that times out: HubSpot made the call, the retry finds and adopts it', async () => {
    writes.length = 0;
    let release!: () => void;
    holdCreates = new Promise((resolve) => (release = resolve));
    const { deal, panel, popup } = await openDeal();
    const logged = await logCall(popup);
    const status = activityRow(panel, logged.id).locator('[data-sync]');
    await expect.poll(() => createsSent().length, { timeout: 20_000 }).toBe(1);
    // no answer within the client's time limit: not known whether HubSpot has it
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain('Not in HubSpot yet');
    holdCreates = null;
    release();

    await panel.bringToFront();
    await status.getByRole('button', { name: /^Try again now/ }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('✓ In HubSpot');
    expect(createsSent()).toHaveLength(1);
    const calls = callsFor(logged.id);
    expect(calls).toHaveLength(1);
    expect((await readStore<StoredActivity>(browser, 'activities')).find((a) => a.id === logged.id)!.crmRefs!.main).toEqual({ kind: 'calls', id: calls[0] });
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });
});
