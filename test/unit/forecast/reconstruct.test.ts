import { describe, expect, it } from 'vitest';
import { pastWeeks, reconstructForecast } from '@/lib/forecast/reconstruct';
import type { CrmId } from '@/lib/model/deal';
import type { TeamSyncTarget } from '@/lib/team-sync';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { salesforceServer, SALESFORCE_TEST_TOKEN } from '../../support/crm-servers/salesforce';
import type { CrmServer } from '../../support/crm-servers/server';
import type { World } from '../../support/crm-servers/team';
import { handMadeWorld, NOW } from './history-world';
import { syncOnce } from '../team-sync/helpers';

// The weekly forecast reconstructed from each CRM's change history, against figures worked out by
// hand: a deal that moved to a later stage between two weeks, an amount changed twice within one
// week, a close date pushed from Q4 into the next quarter, a deal won in the quarter — and a rep
// whose deal's history the CRM did not track before a day, whose weeks before it are named as gaps
// (Pipedrive's flow records every change with its old value, so it has none).

const SINCE = Date.UTC(2026, 8, 28); // Monday 28 September 2026

const targets: Record<CrmId, [(world: World) => CrmServer, TeamSyncTarget]> = {
  hubspot: [(w) => hubspotServer(w), { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }],
  pipedrive: [(w) => pipedriveServer(w), { crm: 'pipedrive', company: 'acme', token: PIPEDRIVE_TEST_TOKEN }],
  salesforce: [(w) => salesforceServer(w), { crm: 'salesforce', instance: 'acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }],
};

type Row = [week: string, period: string, weighted: number, categories: Partial<Record<string, number>>];

/** Ana's weeks, worked out by hand (weighted = amount × the stage's probability then). */
function anasWeeks(crmCategory: boolean): Row[] {
  // With the CRM's own category, A is commit from 7 Oct; without one (Pipedrive) every open deal is pipeline.
  const split = (pipeline: number, commit: number) => (crmCategory ? { pipeline, commit } : { pipeline: pipeline + commit });
  const rows: Row[] = [
    // B 5 000 × 20 % + C 20 000 × 20 % + D 3 000 × 40 %; A not created yet.
    ['2026-09-28', '2026-Q4', 6200, { pipeline: 28_000 }],
    // + A in Qualified: 10 000 × 10 %.
    ['2026-10-05', '2026-Q4', 7200, { pipeline: 38_000 }],
    // A in Demo since Wednesday: 10 000 × 40 %; B still 5 000 at the week's start.
    ['2026-10-12', '2026-Q4', 10_200, split(28_000, 10_000)],
    // B's two changes within the week: the week after sees the last, 6 000 × 20 %.
    ['2026-10-19', '2026-Q4', 10_400, split(29_000, 10_000)],
    // D won on 20 Oct: booked (closed), no longer weighted.
    ['2026-10-26', '2026-Q4', 9200, { ...split(26_000, 10_000), closed: 3000 }],
    ['2026-11-02', '2026-Q4', 9200, { ...split(26_000, 10_000), closed: 3000 }],
  ];
  // C's close date pushed to 15 Jan on 4 Nov: from the next week it is forecast in 2027-Q1.
  for (const week of ['2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']) rows.push([week, '2026-Q4', 5200, { ...split(6000, 10_000), closed: 3000 }], [week, '2027-Q1', 4000, { pipeline: 20_000 }]);
  return rows;
}

const asRows = (snapshots: ReturnType<typeof reconstructForecast>['snapshots'], owner: string): Row[] =>
  snapshots
    .filter((s) => s.owner === owner)
    .map((s) => [s.week, s.period, Math.round(s.weightedPipeline * 100) / 100, Object.fromEntries(Object.entries(s.categories).filter(([, v]) => v !== 0))]);

describe('pastWeeks', () => {
  it('every week starting in the window and ended before this week', () => {
    expect(pastWeeks(SINCE, new Date(NOW), 'monday')).toEqual(['2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    // A window starting mid-week begins with the next whole week; Sunday weeks end on Saturday.
    expect(pastWeeks(Date.UTC(2026, 10, 18), new Date(NOW), 'sunday')).toEqual(['2026-11-22', '2026-11-29']);
  });
});

describe.each(['hubspot', 'salesforce', 'pipedrive'] as const)('forecast reconstructed from %s’s history', (crm) => {
  it('each rep’s weekly pipeline as it was, by hand; a week whose history is not tracked is a gap', async () => {
    const world = handMadeWorld(crm);
    const [server, target] = targets[crm];
    const { store, result } = await syncOnce(server(world), target, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const { pipelines } = await store.lookups();
    const reconstructed = reconstructForecast({ deals: store.deals.values(), pipelines, since: SINCE, now: new Date(NOW), weekStart: 'monday', toBase: (v) => v, playbookStage: () => undefined });
    expect(reconstructed.weeks).toHaveLength(10);
    expect(reconstructed.snapshots.every((s) => s.basis === 'reconstructed' && s.takenAt === new Date(NOW).toISOString())).toBe(true);

    expect(asRows(reconstructed.snapshots, 'Ana Berg')).toEqual(anasWeeks(crm !== 'pipedrive'));

    // Björn's deal: 1 000 × 10 % until 12 Nov, then 2 000 × 10 %, both in Q4.
    const later: Row[] = ['2026-11-16', '2026-11-23', '2026-11-30'].map((week) => [week, '2026-Q4', 200, { pipeline: 2000 }]);
    const earlier = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09'];
    if (crm === 'pipedrive') {
      expect(asRows(reconstructed.snapshots, 'Björn Berg')).toEqual([...earlier.map((week): Row => [week, '2026-Q4', 100, { pipeline: 1000 }]), ...later]);
      expect(reconstructed.gaps).toEqual([]);
    } else {
      // The CRM kept the deal's amount and close date only from 10 Nov (first change 12 Nov): the weeks before are not invented.
      expect(asRows(reconstructed.snapshots, 'Björn Berg')).toEqual(later);
      expect(reconstructed.gaps).toEqual(earlier.map((week) => ({ owner: 'Björn Berg', week, deals: 1 })));
    }

    // Weeks already reconstructed are locked: not worked out again.
    const again = reconstructForecast({ deals: store.deals.values(), pipelines, since: SINCE, now: new Date(NOW), weekStart: 'monday', toBase: (v) => v, playbookStage: () => undefined, done: new Set(reconstructed.weeks) });
    expect(again).toEqual({ snapshots: [], gaps: [], weeks: [] });
  });
});
