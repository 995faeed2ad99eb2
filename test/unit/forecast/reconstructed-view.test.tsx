import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { ForecastView } from '@/components/team/ForecastView';
import { syncTeam } from '@/lib/background/team-sync';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { openDatabase, type ForecastSnapshot, type StagecraftDb } from '@/lib/db/database';
import { loadForecastGaps } from '@/lib/db/forecast-history';
import { formatDate } from '@/lib/i18n/format';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { memoryStore } from '../crm-api/memory-store';
import { allByTestId, byTestId, cleanup, mount, select, text, waitFor } from '../helpers/render';
import { handMadeWorld } from './history-world';

// Forecast accuracy the day the team is first synced: the team sync reconstructs each rep's weekly
// forecast from HubSpot's history, stores it as locked snapshots marked reconstructed beside the
// live one this browser took (which stays as it was), and the Forecast view shows the closed
// quarter's accuracy on it — naming the quarter it cannot reconstruct for a rep instead of guessing.

const NOW = Date.UTC(2027, 0, 13, 9, 0, 0); // 2026-Q4 has closed
let db: StagecraftDb | null = null;
afterEach(async () => {
  await cleanup();
  if (db) await Dexie.delete(db.name);
  db = null;
});

describe('forecast reconstructed by the team sync', () => {
  it('closed-quarter accuracy right after the first sync, live snapshots untouched, a rep’s gap named', async () => {
    // Björn's deal exists from 22 Sep, before its history was tracked (10 Nov): his Q4 cannot be reconstructed.
    const world = handMadeWorld('hubspot', NOW, '2026-09-22T08:00:00Z');
    const server = hubspotServer(world);
    const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
    const deps = { client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(NOW) }), credentials, salesforceSession: async () => null, now: () => new Date(NOW), sleep: async () => {} };
    db = openDatabase('forecast-reconstructed');
    // A snapshot this browser took live in the week of 12 Oct: locked, whatever the CRM's history says.
    const live: ForecastSnapshot = { owner: 'Ana Berg', period: '2026-Q4', week: '2026-10-12', weightedPipeline: 1, categories: { pipeline: 10 }, takenAt: '2026-10-12T08:00:00.000Z', basis: 'live' };
    await db.forecastSnapshots.add(live);

    expect(await syncTeam(db, deps, 'hubspot')).toMatchObject({ state: 'complete' });
    expect(await db.forecastSnapshots.get(['Ana Berg', '2026-Q4', '2026-10-12'])).toEqual(live);
    const stored = await db.forecastSnapshots.toArray();
    expect(stored.filter((s) => s.basis === 'reconstructed').length).toBeGreaterThan(10);
    expect(await db.forecastSnapshots.get(['Ana Berg', '2026-Q4', '2026-09-28'])).toMatchObject({ weightedPipeline: 6200, basis: 'reconstructed' });
    expect((await loadForecastGaps(db)).filter((g) => g.week <= '2026-11-09').map((g) => [g.owner, g.week])).toEqual(
      ['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09'].map((week) => ['Björn Berg', week]),
    );

    // The next (incremental) sync works out no week twice: every row stays as it is.
    expect(await syncTeam(db, deps, 'hubspot')).toMatchObject({ state: 'complete' });
    expect(await db.forecastSnapshots.toArray()).toEqual(stored);

    const { container } = await mount(<ForecastView db={db} now={() => new Date(NOW)} />);
    await waitFor(() => byTestId(container, 'forecast-period'));
    await select(byTestId<HTMLSelectElement>(container, 'forecast-period'), '2026-Q4');
    // The whole team: Björn's Q4 cannot be reconstructed, so no team figure is made up; the quarter is named.
    await waitFor(() => expect(text(byTestId(container, 'forecast-gaps'))).toContain('Periods it cannot reconstruct from the CRM’s history: 2026-Q4 (Björn Berg).'));
    expect(allByTestId(container, 'forecast-accuracy-row').some((row) => row.dataset.period === '2026-Q4')).toBe(false);

    await select(byTestId<HTMLSelectElement>(container, 'forecast-rep'), 'Ana Berg');
    // Ana's forecast as Q4 began (week of 28 Sep): 6 200 weighted; won in Q4: D's 3 000.
    await waitFor(() => expect(allByTestId(container, 'forecast-accuracy-row').find((row) => row.dataset.period === '2026-Q4')).toBeTruthy());
    const row = allByTestId(container, 'forecast-accuracy-row').find((r) => r.dataset.period === '2026-Q4')!;
    const cells = [...row.children].map((c) => text(c));
    expect(cells[1]).toBe('€6,200');
    expect(cells[2]).toBe('€3,000');
    expect(cells[3]).toBe('+€3,200');
    expect(cells[6]).toBe(`Reconstructed from the CRM’s history, week of ${formatDate('2026-09-28', 'en')}`);
    // Her weeks: reconstructed ones marked, the live one not.
    const weeks = allByTestId(container, 'forecast-week');
    expect(weeks.find((w) => w.dataset.week === '2026-09-28')!.querySelector('[data-testid="forecast-week-reconstructed"]')).not.toBeNull();
    expect(weeks.find((w) => w.dataset.week === '2026-10-12')!.querySelector('[data-testid="forecast-week-reconstructed"]')).toBeNull();
  });
});
