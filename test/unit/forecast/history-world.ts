import type { CrmId } from '@/lib/model/deal';
import { dealIdFor, generateTeam, type World, type WorldDeal } from '../../support/crm-servers/team';

// A small team whose forecast history is known by hand (test/unit/forecast/reconstruct.test.ts works
// out each week): Ana's deals — one moved to a later stage between two weeks, one whose amount
// changed twice within a week, one whose close date was pushed from Q4 into 2027-Q1, one won on
// 20 October — and Björn's deal, whose amount and close date the CRM tracked only from 10 November.

export const NOW = Date.UTC(2026, 11, 7, 9, 0, 0); // a Monday
const at = (iso: string) => Date.parse(iso);

export function handMadeWorld(crm: CrmId, now = NOW, bjornsDealCreated = '2026-10-01T08:00:00Z'): World {
  const world = generateTeam({ crm, seed: 1, deals: 0, owners: 2, now });
  const stages = world.pipelines[0]!.stages.filter((s) => s.closes === null).map((s) => s.id);
  const [ana, bjorn] = world.owners;
  let n = 0;
  const deal = (fields: Partial<WorldDeal> & Pick<WorldDeal, 'createdAt' | 'entries' | 'value'>): WorldDeal => ({
    id: dealIdFor(crm, ++n),
    title: `Deal ${n}`,
    ownerId: ana!.id,
    pipeline: world.pipelines[0]!.id,
    currency: 'EUR',
    status: 'open',
    closedAt: null,
    historyHasClose: true,
    modifiedAt: now - 86_400_000,
    deleted: false,
    source: null,
    ...fields,
  });
  world.deals.push(
    // A: created in Qualified (10 %) on Tuesday 29 Sep, moved to Demo (40 %) on Wednesday 7 Oct, its category from pipeline to commit.
    deal({
      createdAt: at('2026-09-29T10:00:00Z'),
      entries: [{ stage: stages[0]!, at: at('2026-09-29T10:00:00Z') }, { stage: stages[2]!, at: at('2026-10-07T12:00:00Z') }],
      value: 10_000,
      closeDate: '2026-12-15',
      category: 'COMMIT',
      fieldChanges: [{ at: at('2026-10-07T12:00:00Z'), field: 'category', from: 'PIPELINE', to: 'COMMIT' }],
    }),
    // B: in Discovery (20 %) since 20 Sep; 5 000 → 8 000 on Tuesday 13 Oct → 6 000 on Thursday 15 Oct.
    deal({
      createdAt: at('2026-09-20T08:00:00Z'),
      entries: [{ stage: stages[1]!, at: at('2026-09-20T08:00:00Z') }],
      value: 6000,
      closeDate: '2026-11-30',
      fieldChanges: [
        { at: at('2026-10-13T09:00:00Z'), field: 'amount', from: 5000, to: 8000 },
        { at: at('2026-10-15T16:00:00Z'), field: 'amount', from: 8000, to: 6000 },
      ],
    }),
    // C: 20 000 in Discovery, its close date pushed from 20 Dec to 15 Jan (Q4 → 2027-Q1) on Wednesday 4 Nov.
    deal({
      createdAt: at('2026-09-15T08:00:00Z'),
      entries: [{ stage: stages[1]!, at: at('2026-09-15T08:00:00Z') }],
      value: 20_000,
      closeDate: '2027-01-15',
      fieldChanges: [{ at: at('2026-11-04T10:00:00Z'), field: 'closeDate', from: '2026-12-20', to: '2027-01-15' }],
    }),
    // D: 3 000 in Demo, won on Tuesday 20 Oct.
    deal({
      createdAt: at('2026-09-10T08:00:00Z'),
      entries: [{ stage: stages[2]!, at: at('2026-09-10T08:00:00Z') }],
      value: 3000,
      closeDate: '2026-10-20',
      status: 'won',
      closedAt: at('2026-10-20T12:00:00Z'),
    }),
    // E (Björn): 1 000 in Qualified since 1 Oct, 2 000 and closing 10 Dec from 12 Nov; the CRM tracked its fields only from 10 Nov.
    deal({
      ownerId: bjorn!.id,
      createdAt: at(bjornsDealCreated),
      entries: [{ stage: stages[0]!, at: at(bjornsDealCreated) }],
      value: 2000,
      closeDate: '2026-12-10',
      fieldHistoryFrom: at('2026-11-10T00:00:00Z'),
      fieldChanges: [
        { at: at('2026-11-12T10:00:00Z'), field: 'amount', from: 1000, to: 2000 },
        { at: at('2026-11-12T10:00:00Z'), field: 'closeDate', from: '2026-12-01', to: '2026-12-10' },
      ],
    }),
  );
  return world;
}
