import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, serveCrmPages, setExtensionStorage, stopServiceWorker, type ExtensionBrowser } from '../../scripts/browser';
import { fakePipedrive } from '../support/crm-writes/pipedrive-activities';
import { fakeSalesforce } from '../support/crm-writes/salesforce-activities';
import { fakeHubspot } from '../support/crm-writes/hubspot-engagements';
import type { HeldAnswers } from '../support/crm-writes/held-answers';
import { logConnectedCall, openDealWithPopup } from '../support/crm-writes/rep-actions';

// A create whose outcome is unknown is never doubled in Pipedrive, HubSpot or Salesforce, in a real
// Chromium: each CRM's deal page and its API served at their real addresses, the API connection
// stored. A call logged in the popup is made by the CRM, but its answer never reaches the
// extension — the service worker is stopped while the CRM holds it, or the client gives up
// waiting. The retry asks the CRM for the deal's records carrying the activity's marker, adopts the
// one it made and brings it up to date: one create, one lookup (HubSpot's in two requests: the
// deal's associated calls, then their bodies), one update, and exactly one record in the CRM.

const fixture = (name: string, ext: 'url' | 'html') => readFileSync(resolve(import.meta.dirname, `../fixtures/crm/${name}.${ext}`), 'utf8').trim();

const PIPEDRIVE_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const SALESFORCE_SESSION = '00D5g000004CrEs!AQ0AQFakeSessionForTheWriteTests';
const HUBSPOT_TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';
const HUBSPOT_PAGE = fixture('hubspot-de-eu1', 'url');
const pipedrive = fakePipedrive(PIPEDRIVE_TOKEN);
const salesforce = fakeSalesforce(SALESFORCE_SESSION);
const hubspot = fakeHubspot(HUBSPOT_TOKEN, Number(/contacts\/(\d+)\//.exec(HUBSPOT_PAGE)![1]));

interface Crm {
  name: 'Pipedrive' | 'HubSpot' | 'Salesforce';
  /** The deal page's fixture and its address. */
  page: string;
  pageUrl: string;
  requests: HeldAnswers;
  /** The request that creates the call, the marker lookup's requests, and the update of the record found. */
  create: string;
  lookup: string[];
  update(id: string): string;
  /** The records the CRM holds for one logged activity (its marker names it), as the activity refers to them. */
  recordsOf(activityId: string): { kind: string; id: string }[];
}

const marked = (activityId: string) => (text: string | null) => (text ?? '').includes(`;id=${activityId};role=main]`);
const PIPEDRIVE_DEAL = 3120;
const HUBSPOT_DEAL = /record\/0-3\/(\d+)/.exec(HUBSPOT_PAGE)![1]!;
const SALESFORCE_DEAL = '0065g00000Vb7cQAAR';
const CRMS: Crm[] = [
  {
    name: 'Pipedrive',
    page: 'pipedrive-de',
    pageUrl: fixture('pipedrive-de', 'url'),
    requests: pipedrive.requests,
    create: 'POST /api/v2/activities',
    lookup: [`GET /api/v2/activities?deal_id=${PIPEDRIVE_DEAL}&limit=500&sort_by=add_time&sort_direction=desc`],
    update: (id) => `PATCH /api/v2/activities/${id}`,
    recordsOf: (activityId) => [...pipedrive.activities.values()].filter((a) => a.deal_id === PIPEDRIVE_DEAL && marked(activityId)(a.note)).map((a) => ({ kind: 'activity', id: String(a.id) })),
  },
  {
    name: 'HubSpot',
    page: 'hubspot-de-eu1',
    pageUrl: HUBSPOT_PAGE,
    requests: hubspot.requests,
    create: 'POST /crm/v3/objects/calls',
    // The deal's calls, then their bodies (hs_call_body, where the marker is) in one batch.
    lookup: [`GET /crm/v4/objects/deals/${HUBSPOT_DEAL}/associations/calls?limit=500`, 'POST /crm/v3/objects/calls/batch/read'],
    update: (id) => `PATCH /crm/v3/objects/calls/${id}`,
    recordsOf: (activityId) => [...hubspot.engagements.values()].filter((e) => e.dealIds.includes(HUBSPOT_DEAL) && marked(activityId)(e.properties.hs_call_body ?? null)).map((e) => ({ kind: e.kind, id: e.id })),
  },
  {
    name: 'Salesforce',
    page: 'salesforce-console-workspace',
    pageUrl: fixture('salesforce-console-workspace', 'url'),
    requests: salesforce.requests,
    create: 'POST /services/data/v60.0/sobjects/Task',
    lookup: [`GET /services/data/v60.0/query?q=SELECT Id, Description FROM Task WHERE WhatId = '${SALESFORCE_DEAL}' ORDER BY CreatedDate DESC LIMIT 200`],
    update: (id) => `PATCH /services/data/v60.0/sobjects/Task/${id}`,
    recordsOf: (activityId) => [...salesforce.activities.values()].filter((a) => a.WhatId === SALESFORCE_DEAL && marked(activityId)(a.Description)).map((a) => ({ kind: a.type, id: a.Id })),
  },
];

interface StoredActivity {
  id: string;
  sync: string;
  crmRefs: { main: { kind: string; id: string }; nextStep: unknown } | null;
}

let browser: ExtensionBrowser;

beforeAll(async () => {
  // Salesforce is read with the rep's own session: the rep allowed reading its cookie (the
  // Connections tab asks for it), and is signed in to the org.
  browser = await launchWithExtension({ granted: { permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'] } });
  await serveCrmPages(browser.context, Object.fromEntries(CRMS.map((crm) => [crm.pageUrl, fixture(crm.page, 'html')])));
  await browser.context.route('https://rheinsoft.pipedrive.com/api/**', pipedrive.route);
  await browser.context.route('https://crestpoint.my.salesforce.com/services/**', salesforce.route);
  await browser.context.route('https://api.hubapi.com/**', hubspot.route);
  await browser.context.addCookies([{ name: 'sid', value: SALESFORCE_SESSION, domain: 'crestpoint.my.salesforce.com', path: '/', secure: true, httpOnly: true, sameSite: 'None' }]);
  const connectedAt = new Date().toISOString();
  await setExtensionStorage(browser, {
    'crmApi.pipedrive': { crm: 'pipedrive', company: 'rheinsoft', useSession: false, token: PIPEDRIVE_TOKEN, connectedAt },
    'crmApi.salesforce': { crm: 'salesforce', mode: 'session', connectedAt },
    'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TOKEN, connectedAt },
  });
});

afterAll(async () => {
  await browser?.close();
});

const openDeal = (crm: Crm) => openDealWithPopup(browser, crm.pageUrl);
const logCall = (popup: Page) => logConnectedCall<StoredActivity>(browser, popup);

const syncState = (panel: Page, activityId: string) => panel.locator(`[data-activity-id="${activityId}"] [data-sync]`);
/** What the writer sent: the deal's read (from its page's visit) and HubSpot's portal check left out. */
const writesAndLookups = (crm: Crm) => crm.requests.log.filter((line) => line === crm.create || crm.lookup.includes(line) || line.startsWith('PATCH ') || line.startsWith('DELETE '));

async function expectOneRecordAdopted(crm: Crm, activityId: string, sentBefore: number): Promise<void> {
  const records = crm.recordsOf(activityId);
  expect(records).toHaveLength(1);
  expect(writesAndLookups(crm).slice(sentBefore)).toEqual([crm.create, ...crm.lookup, crm.update(records[0]!.id)]);
  const stored = (await readStore<StoredActivity>(browser, 'activities')).find((a) => a.id === activityId)!;
  expect(stored).toMatchObject({ sync: 'synced', crmRefs: { main: records[0], nextStep: null } });
  expect(await readStore(browser, 'crmWrites')).toEqual([]);
}

for (const crm of CRMS) describe(`a create whose outcome was unknown is never doubled in ${crm.name}`, () => {
  it(`the worker stops while ${crm.name} holds the answer: after the restart the call ${crm.name} made is adopted, not made again`, async () => {
    const sentBefore = writesAndLookups(crm).length;
    const release = crm.requests.hold();
    const { deal, panel, popup } = await openDeal(crm);
    const logged = await logCall(popup);
    await expect.poll(() => writesAndLookups(crm).slice(sentBefore), { timeout: 20_000 }).toEqual([crm.create]); // the CRM made it; the answer is held
    await expect.poll(() => crm.recordsOf(logged.id).length).toBe(1);
    await stopServiceWorker(browser, deal);
    release();

    await deal.reload(); // the content script wakes a new worker, which takes the cut-off write up again
    await expect.poll(() => syncState(panel, logged.id).textContent(), { timeout: 30_000 }).toBe(`✓ In ${crm.name}`);
    await expectOneRecordAdopted(crm, logged.id, sentBefore);
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });

  it(`a create that times out: ${crm.name} made the call, the retry finds and adopts it`, async () => {
    const sentBefore = writesAndLookups(crm).length;
    const release = crm.requests.hold();
    const { deal, panel, popup } = await openDeal(crm);
    const logged = await logCall(popup);
    const status = syncState(panel, logged.id);
    await expect.poll(() => writesAndLookups(crm).slice(sentBefore), { timeout: 20_000 }).toEqual([crm.create]);
    // No answer within the client's time limit: whether the CRM has it is not known.
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain(`Not in ${crm.name} yet: ${crm.name} did not answer in time.`);
    release();

    await panel.bringToFront();
    await status.getByRole('button', { name: /^Try again now/ }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe(`✓ In ${crm.name}`);
    await expectOneRecordAdopted(crm, logged.id, sentBefore);
    await Promise.all([panel.close(), popup.close(), deal.close()]);
  });
});
