import { describe, expect, it } from 'vitest';
import { breakdowns, nextStepShare, requestToDecision } from '@/lib/metrics/breakdown';
import { days, history, ms } from './build';

describe('win rate and deal size by pipeline, source and product', () => {
  const h = history({
    deals: [
      { owner: 'Anna', status: 'won', value: 1000, closedAt: '2026-01-10T00:00:00Z', source: 'webinar', product: 'core' },
      { owner: 'Anna', status: 'won', value: 3000, closedAt: '2026-01-20T00:00:00Z', source: 'referral', product: 'core' },
      { owner: 'Ben', status: 'won', value: 8000, closedAt: '2026-02-10T00:00:00Z', source: 'webinar' },
      { owner: 'Ben', status: 'lost', value: 4000, closedAt: '2026-02-11T00:00:00Z', source: 'webinar', product: 'addon' },
      { owner: 'Ben', pipeline: 'p2', status: 'lost', value: 500, closedAt: '2026-02-12T00:00:00Z' },
      { owner: 'Ben', status: 'open', value: 99999, source: 'webinar' }, // open: not counted
    ],
  });
  const b = breakdowns(h, { asOf: '2026-03-01' });

  it('per pipeline (every pipeline listed)', () => {
    expect(b.pipeline.p1).toEqual({ won: 3, lost: 1, winRateCount: 3 / 4, winRateValue: 12000 / 16000, avgWonValue: 12000 / 3, medianWonValue: 3000 });
    expect(b.pipeline.p2).toEqual({ won: 0, lost: 1, winRateCount: 0, winRateValue: 0, avgWonValue: null, medianWonValue: null });
  });

  it('per source and product, only deals that have one', () => {
    expect(Object.keys(b.source)).toEqual(['webinar', 'referral']);
    expect(b.source.webinar).toMatchObject({ won: 2, lost: 1, winRateCount: 2 / 3, winRateValue: 9000 / 13000, avgWonValue: 4500, medianWonValue: (1000 + 8000) / 2 });
    expect(b.product).toEqual({
      core: { won: 2, lost: 0, winRateCount: 1, winRateValue: 1, avgWonValue: 2000, medianWonValue: 2000 },
      addon: { won: 0, lost: 1, winRateCount: 0, winRateValue: 0, avgWonValue: null, medianWonValue: null },
    });
  });

  it('uses the closed-deal window and can be limited to one owner', () => {
    expect(breakdowns(h, { from: '2026-02-01', to: '2026-02-28' }).pipeline.p1).toMatchObject({ won: 1, lost: 1 });
    expect(breakdowns(h, {}, 'Anna').pipeline).toMatchObject({ p1: { won: 2, lost: 0 }, p2: { won: 0, lost: 0, winRateCount: null } });
  });
});

describe('share of open deals with a next step scheduled', () => {
  const deals = [
    { id: 'a', owner: 'Anna', status: 'open' as const },
    { id: 'b', owner: 'Anna', status: 'open' as const },
    { id: 'c', owner: 'Ben', status: 'open' as const },
    { id: 'd', owner: 'Ben', status: 'won' as const },
  ];
  const now = ms('2026-03-01T12:00:00Z');

  it('due now or later counts; overdue does not; closed deals are left out', () => {
    const share = nextStepShare(
      deals,
      [
        { dealId: 'a', dueAt: now }, // due this instant: scheduled
        { dealId: 'b', dueAt: now - 1 }, // overdue
        { dealId: 'c', dueAt: now + 86_400_000 },
        { dealId: 'd', dueAt: now + 1 }, // won deal
      ],
      now,
    );
    expect(share.team).toEqual({ scheduled: 2, open: 3, share: 2 / 3 });
    expect(share.owners).toEqual({ Anna: { scheduled: 1, open: 2, share: 0.5 }, Ben: { scheduled: 1, open: 1, share: 1 } });
    expect(nextStepShare([], [], now).team.share).toBeNull();
  });
});

describe('request-to-decision time', () => {
  const h = history({
    deals: [
      { id: 'w', owner: 'Anna', status: 'won', closedAt: '2026-02-11T00:00:00Z' },
      { id: 'l', owner: 'Ben', status: 'lost', closedAt: '2026-02-20T12:00:00Z' },
      { id: 'x', owner: 'Ben', status: 'won', closedAt: '2026-02-20T00:00:00Z' }, // proposal only after closing
      { id: 'n', owner: 'Ben', status: 'won', closedAt: '2026-02-20T00:00:00Z' }, // no proposal
      { id: 'o', owner: 'Anna', status: 'open' },
    ],
    activities: [
      { dealId: 'w', owner: 'Anna', type: 'proposal', at: '2026-02-05T00:00:00Z' }, // revised later: the first counts
      { dealId: 'w', owner: 'Anna', type: 'proposal', at: '2026-02-01T00:00:00Z' },
      { dealId: 'w', owner: 'Anna', type: 'call', at: '2026-01-01T00:00:00Z' },
      { dealId: 'l', owner: 'Cleo', type: 'proposal', at: '2026-02-10T00:00:00Z' },
      { dealId: 'x', owner: 'Ben', type: 'proposal', at: '2026-02-21T00:00:00Z' },
      { dealId: 'o', owner: 'Anna', type: 'proposal', at: '2026-02-21T00:00:00Z' },
    ],
  });

  it('first proposal → won/lost, median days, per deal owner', () => {
    const r = requestToDecision(h);
    const w = days('2026-02-01T00:00:00Z', '2026-02-11T00:00:00Z'); // 10
    const l = days('2026-02-10T00:00:00Z', '2026-02-20T12:00:00Z'); // 10.5
    expect(r.team).toEqual({ count: 2, medianDays: (w + l) / 2, meanDays: (w + l) / 2 });
    expect(r.owners).toEqual({ Anna: { count: 1, medianDays: w, meanDays: w }, Ben: { count: 1, medianDays: l, meanDays: l } });
  });

  it('uses the closed-deal window', () => {
    expect(requestToDecision(h, { from: '2026-02-12' }).team).toMatchObject({ count: 1, medianDays: 10.5 });
    expect(requestToDecision(h, { to: '2026-01-31' }).team).toEqual({ count: 0, medianDays: null, meanDays: null });
  });
});
