import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, openDealWith, readStore, serveCrmPages, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { DEMO_DEALS, demoPages } from '../../scripts/demo/demo-site';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../support/crm-servers/pipedrive';
import { DAY, generateTeam } from '../support/crm-servers/team';
import { routedTo, type CrmServer } from '../support/crm-servers/server';

// A rep's checklist progress reaches the team through the CRM, in a real Chromium: the demo deal
// (Pipedrive, "Proposal Made" = the playbook's "Proposal sent") and Pipedrive's API, both served by
// this test at their real addresses, with an API token stored. Two ticks by hand become two done
// task activities on the deal, "✓ <task>", each carrying its tick marker; the checklist marks them
// shared; an untick deletes its task. Then a manager's own browser profile syncs the team from the
// same Pipedrive and sees that rep's adoption: both required tasks of "Proposal sent" done before
// the deal moved on.

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

/** The Pipedrive company both profiles use: one rep's deal 1482 in "Proposal sent" of the playbook's pipeline. */
function company(): ReturnType<typeof generateTeam> {
  const now = Date.now();
  const world = generateTeam({ crm: 'pipedrive', seed: 15, deals: 1, owners: 1, now });
  world.pipelines = [{ id: '1', name: 'Pipeline', stages: [{ id: '3', name: 'Proposal sent', probability: 0.6, rotDays: null, closes: null }, { id: '4', name: 'Contract sent', probability: 0.8, rotDays: null, closes: null }] }];
  world.deals = [{ ...world.deals[0]!, id: '1482', ownerId: world.owners[0]!.id, pipeline: '1', status: 'open', closedAt: null, historyHasClose: false, createdAt: now - 30 * DAY, entries: [{ stage: '3', at: now - 10 * DAY }], modifiedAt: now - 10 * DAY, deleted: false }];
  world.activities = [];
  return world;
}

describe('the manager sees the rep\'s adoption after a team sync', () => {
  it('a rep ticks two tasks in one profile; the manager\'s profile syncs the same Pipedrive and shows that rep\'s adoption', async () => {
    const world = company();
    const server: CrmServer = pipedriveServer(world);
    const serve = routedTo(server);
    const connection = { 'crmApi.pipedrive': { crm: 'pipedrive', company: 'brightwave', useSession: false, token: PIPEDRIVE_TEST_TOKEN, connectedAt: new Date().toISOString() } };

    const rep = await launchWithExtension();
    const manager = await launchWithExtension();
    try {
      await serveCrmPages(rep.context, demoPages());
      await rep.context.route('https://brightwave.pipedrive.com/api/**', serve);
      await setExtensionStorage(rep, connection);
      const { page: panel } = await openDealWith(rep, DEMO_DEALS[0].url);
      await expect.poll(() => task(panel, 'send-proposal').count(), { timeout: 15_000 }).toBe(1);
      await task(panel, 'send-proposal').locator('input[type=checkbox]').check();
      await task(panel, 'review-proposal').locator('input[type=checkbox]').check();
      await expect.poll(() => world.activities.filter((a) => !a.deleted && a.body?.includes('kind=tick')).length, { timeout: 30_000 }).toBe(2);

      // The deal moves on in Pipedrive after the ticks.
      world.deals[0]!.entries.push({ stage: '4', at: Date.now() });
      world.deals[0]!.modifiedAt = Date.now();

      await manager.context.route('https://brightwave.pipedrive.com/api/**', serve);
      await setExtensionStorage(manager, connection);
      const options = await manager.context.newPage();
      await options.goto(manager.extensionUrl('options.html'));
      await options.getByTestId('tab-connections').click();
      await options.getByTestId('team-sync-start').click();
      await expect.poll(() => options.getByTestId('sync-provenance').textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/^Synced from Pipedrive .* · 1 deals?$/);
      await expect.poll(() => options.getByTestId('team-sync-ticks').textContent().catch(() => ''), { timeout: 15_000 }).toBe('Checklist ticks shared by the team: 2.');
      await options.getByTestId('tab-scorecards').click();
      const owner = `${world.owners[0]!.firstName} ${world.owners[0]!.lastName}`;
      const row = options.locator(`[data-testid="team-row"][data-owner="${owner}"]`);
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
      await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('100% · 2 required tasks');
    } finally {
      await Promise.all([rep.close(), manager.close()]);
    }
  });
});
