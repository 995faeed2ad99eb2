import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, openDealWith, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';

// A rep's checklist progress reaches the team through the CRM, in a real Chromium: the demo deal
// (Pipedrive, "Proposal Made" = the playbook's "Proposal sent") and Pipedrive's API, both served by
// this test at their real addresses, with an API token stored. Two ticks by hand become two done
// task activities on the deal, "✓ <task>", each carrying its tick marker; the checklist marks them
// shared; an untick deletes its task.

const TOKEN = '0123456789abcdef0123456789abcdef01234567';
interface Received {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}
const received: Received[] = [];
let nextId = 7001;
let browser: ExtensionBrowser;

/** Pipedrive's API: activity writes recorded and answered as Pipedrive does; other reads answer 404 (this test is about sharing ticks). */
async function servePipedriveApi(route: Route) {
  const request = route.request();
  const url = new URL(request.url());
  const json = { 'content-type': 'application/json' };
  const body = request.postData() ? (JSON.parse(request.postData()!) as Record<string, unknown>) : null;
  if (url.pathname.startsWith('/api/v2/activities') && request.method() !== 'GET') {
    received.push({ method: request.method(), path: url.pathname, body });
    const id = request.method() === 'POST' ? nextId++ : Number(url.pathname.split('/').pop());
    return route.fulfill({ status: request.method() === 'POST' ? 201 : 200, headers: json, body: JSON.stringify({ success: true, data: { id, ...(body ?? {}) } }) });
  }
  return route.fulfill({ status: 404, headers: json, body: JSON.stringify({ success: false, error: 'not found', errorCode: 404 }) });
}

const posts = () => received.filter((r) => r.method === 'POST');
const task = (panel: Page, id: string) => panel.locator(`[data-task-id="${id}"]`);

beforeAll(async () => {
  browser = await launchWithExtension();
  await serveCrmPages(browser.context, demoPages());
  await browser.context.route('https://brightwave.pipedrive.com/api/**', servePipedriveApi);
  await setExtensionStorage(browser, { 'crmApi.pipedrive': { crm: 'pipedrive', company: 'brightwave', useSession: false, token: TOKEN, connectedAt: new Date().toISOString() } });
});

afterAll(async () => {
  await browser?.close();
});

describe('sharing checklist progress with the team through Pipedrive', () => {
  it('two ticks become two done task activities on the deal with their markers, marked shared; an untick deletes its task', async () => {
    const { page: panel } = await openDealWith(browser, DEMO_DEALS[0].url);
    await expect.poll(() => task(panel, 'send-proposal').count(), { timeout: 15_000 }).toBe(1);
    await task(panel, 'send-proposal').locator('input[type=checkbox]').check();
    await task(panel, 'review-proposal').locator('input[type=checkbox]').check();

    // After the hold, each tick is one done task on the deal.
    await expect.poll(() => posts().length, { timeout: 30_000 }).toBe(2);
    const bodies = posts().map((p) => p.body!).sort((a, b) => String(a.subject).localeCompare(String(b.subject)));
    expect(bodies).toEqual([
      expect.objectContaining({ subject: '✓ Review the proposal with the decision maker', type: 'task', deal_id: 1482, done: true, note: expect.stringMatching(/^\[stagecraft:v1;kind=tick;playbook=[^;]+;stage=proposal-sent;task=review-proposal;by=hand\]$/) }),
      expect.objectContaining({ subject: '✓ Send the proposal', type: 'task', deal_id: 1482, done: true, note: expect.stringMatching(/^\[stagecraft:v1;kind=tick;playbook=[^;]+;stage=proposal-sent;task=send-proposal;by=hand\]$/) }),
    ]);
    await expect.poll(() => panel.getByTestId('task-shared').count(), { timeout: 15_000 }).toBe(2);
    expect(await task(panel, 'send-proposal').getByTestId('task-shared').textContent()).toBe('in Pipedrive for the team');

    // Unticking takes its task back from Pipedrive.
    const shared = await readStore<{ taskId: string; ref: { id: string } | null }>(browser, 'tickShares');
    const reviewTask = shared.find((row) => row.taskId === 'review-proposal')!.ref!.id;
    await task(panel, 'review-proposal').locator('input[type=checkbox]').uncheck();
    await expect.poll(() => received.filter((r) => r.method === 'DELETE').map((r) => r.path), { timeout: 30_000 }).toEqual([`/api/v2/activities/${reviewTask}`]);
    expect(posts().length).toBe(2); // never written twice
    await expect.poll(() => panel.getByTestId('task-shared').count()).toBe(1);
  });
});
