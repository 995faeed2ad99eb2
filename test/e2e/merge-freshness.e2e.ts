import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, openDealWith, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, DEMO_ORIGIN, demoPages } from '../../scripts/demo/demo-site';

// Merge by freshness in a real Chromium. The demo Pipedrive deal is served at its real address,
// and so is Pipedrive's API (same host, /api/), which answers from the recorded fixtures with the
// deal in "Proposal made". The rep moves the deal to "Negotiations Started" on the page while the
// API still answers the old stage: the background drops its cached answer and asks again (the
// request is sent), and the side panel shows the new stage — the answer does not turn it back.

const here = import.meta.dirname;
const fixture = (name: string) => JSON.parse(readFileSync(resolve(here, '../fixtures/crm-api/pipedrive', name), 'utf8'));
const DEAL_ID = 1482;
const DEAL_KEY = `pipedrive:brightwave:${DEAL_ID}`;

/** Pipedrive's answers for the demo deal: in "Proposal made" (stage 4) since 28 Feb, no activities, no recorded changes. */
function pipedriveAnswer(url: URL): unknown {
  const path = url.pathname;
  if (path === `/api/v2/deals/${DEAL_ID}`) {
    const deal = fixture('deal.json');
    Object.assign(deal.data, { id: DEAL_ID, title: 'Lakeshore Dental Group - Practice software rollout', stage_id: 4, value: 48000, currency: 'USD', add_time: '2026-02-03T10:14:00Z', stage_change_time: '2026-02-28T09:00:00Z', expected_close_date: '2027-03-31' });
    return deal;
  }
  if (path === '/api/v2/stages') return fixture('stages.json');
  if (path === '/api/v2/pipelines') return fixture('pipelines.json');
  if (path === `/api/v1/deals/${DEAL_ID}/flow`) return { success: true, data: [], additional_data: { pagination: { start: 0, limit: 100, more_items_in_collection: false } } };
  if (path === '/api/v2/activities') return { success: true, data: [] };
  if (path === '/api/v1/users/11') return fixture('user.json');
  return null;
}

let browser: ExtensionBrowser;
let deal: Page;
let panel: Page;
const dealReads: string[] = [];

async function servePipedriveApi(route: Route) {
  const request = route.request();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'accept, x-api-token', 'access-control-allow-methods': 'GET' };
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const url = new URL(request.url());
  if (url.pathname === `/api/v2/deals/${DEAL_ID}`) dealReads.push(`${request.method()} ${url.pathname} ${request.headers()['x-api-token'] ?? ''}`);
  const answer = pipedriveAnswer(url);
  return route.fulfill({ status: answer ? 200 : 404, headers: { ...cors, 'content-type': 'application/json' }, body: JSON.stringify(answer ?? fixture('not-found.json')) });
}

interface StoredDeal {
  key: string;
  snapshot: { stage: string | null };
  api?: { readAt: { dom: string; api?: string }; sources: Record<string, string>; awaiting?: string[] };
}
const storedDeal = async () => (await readStore<StoredDeal>(browser, 'deals')).find((d) => d.key === DEAL_KEY);
const currentStep = () => panel.locator('[data-testid=stage-path] [aria-current=step]').textContent();

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  // Registered after the pages, so it is asked first for the API's paths.
  await browser.context.route(`${DEMO_ORIGIN}/api/**`, servePipedriveApi);
  await setExtensionStorage(browser, {
    'crmApi.pipedrive': { crm: 'pipedrive', company: 'brightwave', useSession: false, token: '0123456789abcdef0123456789abcdef01234567', connectedAt: new Date().toISOString(), writeActivities: false },
  });
  ({ deal, page: panel } = await openDealWith(browser, DEMO_DEALS[0].url));
});

afterAll(async () => {
  await browser?.close();
});

describe('a stage changed on the page while the API still answers the old one', () => {
  it('first, page and API agree: Proposal sent, the full stage list from the API', async () => {
    await expect.poll(async () => (await storedDeal())?.api?.readAt.api, { timeout: 15_000 }).toBeTruthy();
    expect(dealReads).toEqual([`GET /api/v2/deals/${DEAL_ID} 0123456789abcdef0123456789abcdef01234567`]);
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Proposal sent/);
  });

  it('the rep moves the deal on: the cached answer is dropped, the deal is read again, and the panel shows the new stage', async () => {
    const before = (await storedDeal())!.api!.readAt.api!;
    await deal.evaluate(() => {
      for (const stage of document.querySelectorAll<HTMLElement>('.cui5-stage-selector__stage')) {
        const next = stage.getAttribute('aria-label') === 'Negotiations Started';
        stage.setAttribute('aria-selected', String(next));
        stage.classList.toggle('cui5-stage-selector__stage--current', next);
      }
    });
    // The refetch is sent although the first answer is well within the cache's five minutes.
    await expect.poll(() => dealReads.length, { timeout: 15_000 }).toBe(2);
    // Its answer (still "Proposal made") is merged…
    await expect.poll(async () => (await storedDeal())?.api?.readAt.api, { timeout: 15_000 }).not.toBe(before);
    const stored = (await storedDeal())!;
    // …and the page's change stands, waiting for the CRM to confirm it.
    expect(stored.snapshot.stage).toBe('Negotiations Started');
    expect(stored.api).toMatchObject({ sources: { stage: 'dom', stages: 'api' }, awaiting: ['stage'] });
    await expect.poll(currentStep, { timeout: 15_000 }).toMatch(/^Contract sent/);
    expect(await panel.locator('[data-testid=stage-path] li').count()).toBeGreaterThan(1);
  });
});
