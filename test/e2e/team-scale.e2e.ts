import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, readStore, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { teamView, type TeamViewData } from '../../lib/forecast/team-view';
import { formatMoney, formatPercent } from '../../lib/i18n/format';
import { moneyOf } from '../../lib/metrics/currency';
import { repairSettings } from '../../lib/model/settings.schema';
import { syncedSource } from '../../lib/team-sync/source';
import type { SyncedActivity, SyncedDeal, SyncedPipeline, SyncMeta } from '../../lib/team-sync/types';
import type { Playbook } from '../../lib/model/playbook.schema';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../support/crm-servers/hubspot';
import { changeTeam, generateTeam } from '../support/crm-servers/team';
import { routedTo, type CrmServer } from '../support/crm-servers/server';

// The Team scorecards of a synced team in a real Chromium, worked out in the options page's worker
// from the deal rows the sync keeps: every rep's figures are exactly those the page computed on its
// own thread from every synced deal and activity before (worked out here from the same stored data),
// and when a second sync brings new deals, the open Team page shows the new figures by itself.

let browser: ExtensionBrowser;
const world = generateTeam({ crm: 'hubspot', seed: 79, deals: 300, now: Date.now() - 60_000 });
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

/** The Team page's figures as the page worked them out on its own thread before: from every synced deal and activity. */
async function expectedView(now: Date): Promise<TeamViewData> {
  const [deals, activities, teamSync, playbooks, settingsRows] = await Promise.all([
    readStore<SyncedDeal>(browser, 'syncedDeals'),
    readStore<SyncedActivity>(browser, 'syncedActivities'),
    readStore<{ id: string; value: unknown }>(browser, 'teamSync'),
    readStore<{ playbook: Playbook }>(browser, 'playbooks'),
    readStore<{ value: unknown }>(browser, 'settings'),
  ]);
  const settings = repairSettings(settingsRows[0]?.value);
  const playbook = playbooks[0]!.playbook;
  const meta = teamSync.find((r) => r.id === 'meta')!.value as SyncMeta;
  const pipelines = teamSync.find((r) => r.id === 'pipelines')!.value as SyncedPipeline[];
  const synced = syncedSource(meta, { pipelines, deals, activities }, playbook);
  const observed = { playbook, deals: [], visits: [], activities: [], checklist: [], mappings: settings.stageMappings, defaultRotDays: settings.defaultRotDays, learnedRotDays: settings.learnedRotDays };
  return teamView({ observed, imported: [] }, 'quarter', now, { money: moneyOf(settings), synced });
}

/** Every rep's row as shown: stalled deals, weighted pipeline, win rate with what it rests on. */
async function shownRows(page: Page) {
  return page.getByTestId('team-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (id: string) => row.querySelector(`[data-measure="${id}"] .figure`)!;
      return { owner: row.getAttribute('data-owner'), stalled: cell('stalled').textContent, weighted: cell('weighted').textContent, winRate: cell('winRateCount').firstChild!.textContent, closed: cell('winRateCount').getAttribute('data-sample') };
    }),
  );
}

function rowsOf(view: TeamViewData) {
  const none = '—';
  return view.reps
    .map((rep) => ({
      owner: rep.owner,
      stalled: String(rep.metrics.stalled),
      weighted: formatMoney(Math.round(rep.metrics.weightedPipeline), view.currency, 'en'),
      winRate: rep.metrics.winRateCount === null ? none : formatPercent(rep.metrics.winRateCount, 'en'),
      closed: rep.metrics.winRateCount === null ? null : String(rep.metrics.samples.closed),
    }))
    .sort((a, b) => a.owner!.localeCompare(b.owner!, 'en'));
}

/** Where the last team sync stands, as the Connections tab reads it. */
const syncState = async () => (await readStore<{ id: string; value: { state?: string } }>(browser, 'teamSync')).find((r) => r.id === 'status')?.value.state;

describe('Team scorecards of a synced team', () => {
  it('show every rep’s figures from the worker exactly as the page worked them out before, and follow a sync that brings new deals', async () => {
    const connections = await browser.context.newPage();
    await connections.goto(browser.extensionUrl('options.html#connections'));
    await connections.getByTestId('team-sync-start').click();
    await expect.poll(syncState, { timeout: 60_000 }).toBe('complete');

    const team = await browser.context.newPage();
    await team.goto(browser.extensionUrl('options.html#scorecards'));
    await team.getByTestId('team-table').waitFor({ timeout: 30_000 });
    const first = await expectedView(new Date());
    expect(first.reps.length).toBeGreaterThan(3);
    await expect.poll(() => shownRows(team), { timeout: 20_000 }).toEqual(rowsOf(first));
    expect(await team.getByTestId('team-view').getByTestId('sync-provenance').textContent()).toContain(`· ${first.syncedDeals} deals`);

    // New deals in HubSpot; the sync is started from another options page while the Team page stays open.
    changeTeam(world, 80, Date.now() - 30_000);
    const before = first.syncedDeals;
    await connections.bringToFront();
    await connections.getByTestId('team-sync-start').click();
    await expect.poll(async () => (await expectedView(new Date())).syncedDeals, { timeout: 60_000 }).not.toBe(before);
    await expect.poll(syncState, { timeout: 60_000 }).toBe('complete');
    const second = await expectedView(new Date());
    await team.bringToFront();
    await expect.poll(() => team.getByTestId('team-view').getByTestId('sync-provenance').textContent(), { timeout: 30_000 }).toContain(`· ${second.syncedDeals} deals`);
    await expect.poll(() => shownRows(team), { timeout: 20_000 }).toEqual(rowsOf(second));
  });
});
