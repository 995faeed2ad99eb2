import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { combinedHistory } from '@/lib/forecast/combined-history';
import { teamView } from '@/lib/forecast/team-view';
import { maturitySignals } from '@/lib/maturity/signals';
import { EMPTY_KPI_INPUTS } from '@/lib/kpi';
import { serializeHistory } from '@/lib/metrics/history';
import { contractMetrics } from '@/lib/metrics/scorecard';
import { scorecardView } from '@/lib/metrics/view';
import { activity, deal, done, fileDeal, fileHistory, key, observedData, storedHistory, visit } from '../forecast/fixtures';

// One data set, every view: the side panel's Scorecard tab ("me" and "team"), the team scorecards
// (the rep's row and the total), maturity's adoption signal and the `scorecard` command on the same
// history show the same figures — money converted to one currency, pipelines matched to the playbook.

const now = new Date('2026-03-20T00:00:00Z'); // 00:00Z, so "now" and the command's as-of day look at stalled alike
const observed = observedData({
  deals: [
    deal('1', 'Anna', 'Negotiation', 'won', 1000, { firstSeenAt: '2026-01-05T09:00:00.000Z', closedAt: '2026-02-10T09:00:00.000Z' }),
    deal('2', 'Anna', 'Demo', 'open', 500),
    deal('3', 'Ben', 'Qualified', 'open', 800, { firstSeenAt: '2026-01-02T09:00:00.000Z' }),
  ],
  visits: [
    visit('1', 'Qualified', '2026-01-05T09:00:00.000Z'), visit('1', 'Negotiation', '2026-01-20T09:00:00.000Z'),
    visit('2', 'Demo', '2026-01-06T09:00:00.000Z'),
    visit('3', 'Qualified', '2026-01-02T09:00:00.000Z'),
  ],
  activities: [activity('a1', '2', 'Anna', '2026-01-07T09:00:00.000Z', '2026-04-01T09:00:00.000Z'), activity('a2', '3', 'Ben', '2026-01-08T09:00:00.000Z')],
  checklist: [done('1', 'qualified', 'discovery', '2026-01-10T09:00:00.000Z')],
});
// An import whose pipeline is the playbook's "Sales" under its CRM name, with a USD and a SEK deal.
const imported = storedHistory(
  'crm-export',
  fileHistory(
    [
      { ...fileDeal('crm-7', 'Ben', 'won', 2000, '2025-11-01T00:00:00Z', '2026-01-15T00:00:00Z', [['qualified', '2025-11-01T00:00:00Z'], ['demo', '2025-12-01T00:00:00Z']]), pipeline: 'p', currency: 'USD' },
      { ...fileDeal('crm-8', 'Ben', 'lost', 800, '2025-11-03T00:00:00Z', '2026-02-15T00:00:00Z', [['qualified', '2025-11-03T00:00:00Z']]), pipeline: 'p' },
      { ...fileDeal('crm-9', 'Ben', 'won', 5000, '2025-10-03T00:00:00Z', '2026-02-01T00:00:00Z', [['qualified', '2025-10-03T00:00:00Z']]), pipeline: 'p', currency: 'SEK' },
    ],
    { pipelines: [{ id: 'p', name: 'Sales pipeline', stages: [{ id: 'qualified', name: 'Qualified', probability: 0.1 }, { id: 'demo', name: 'Demo', probability: 0.4 }] }] },
  ),
);
const money = { base: 'EUR', rates: { USD: 0.5 } }; // no SEK rate: crm-9 is left out of money figures

describe('one truth for every figure', () => {
  const combine = { money };
  const side = scorecardView(observed, 'Ben', 'all', now, [imported], combine);
  const team = teamView({ observed, imported: [imported] }, 'all', now, combine);
  const ben = team.reps.find((r) => r.owner === 'Ben')!;

  it('the side panel’s "me" and the team page’s row for the same rep are the same figures', () => {
    expect(side.me).toEqual(ben.metrics);
    expect(side.team).toEqual(team.team.metrics);
  });

  it('one pipeline, one funnel: the import’s "Sales pipeline" is the playbook’s Sales', () => {
    expect(Object.keys(team.pipelineNames)).toEqual(['sales']);
    expect(Object.keys(side.breakdown.team.pipeline)).toEqual(['sales']);
  });

  it('money in one currency, the deal without a rate left out and counted', () => {
    expect(side.currency).toBe('EUR');
    expect(team.unpriced).toEqual({ SEK: 1 });
    // Ben: won crm-7 (2000 USD × 0.5 = 1000 EUR) and crm-9 (no rate), lost crm-8 (800 EUR).
    expect(ben.metrics.won).toBe(2);
    expect(ben.metrics.winRateCount).toBeCloseTo(2 / 3);
    expect(ben.metrics.avgWonValue).toBe(1000); // the priced won deal only
    expect(ben.metrics.winRateValue).toBeCloseTo(1000 / 1800);
    expect(ben.metrics.samples).toMatchObject({ closed: 3, closedPriced: 2, wonPriced: 1 });
  });

  it('adoption counts the tick earned before the deal left the stage; maturity reads the same number', () => {
    // Deal 1 left "qualified" on Jan 20 with its one required task done on Jan 10. The imported deals
    // also left "qualified", but the file carries no checklist: they are left out, not counted as missed.
    expect(side.team.adoption).toEqual({ done: 1, required: 1, rate: 1 });
    const signals = maturitySignals({ observed, combined: combinedHistory(observed, [imported], combine), snapshots: [], kpiInputs: EMPTY_KPI_INPUTS, now });
    expect(signals.adoption).toEqual({ done: 1, required: 1 });
  });

  it('next step scheduled: of the open deals whose next steps are known (observed), the same share everywhere', () => {
    expect(team.team.metrics.nextStep).toEqual({ scheduled: 1, open: 2, share: 0.5 });
    expect(side.me!.nextStep).toEqual({ scheduled: 0, open: 1, share: 0 });
    expect(side.stalledDeals.map((d) => d.key)).toEqual(team.team.metrics.stalled ? [key('3')] : []);
  });

  it('the scorecard command on the same history prints the same contract figures', async () => {
    const history = combinedHistory(observed, [imported], combine).history;
    const dir = mkdtempSync(join(tmpdir(), 'one-truth-'));
    const file = join(dir, 'history.json');
    writeFileSync(file, serializeHistory(history));
    // Anna has no unpriced deal: every contract figure is the command's. The team's count figures too
    // (the SEK deal has no value in the base currency, so the file cannot carry its money).
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/scorecard.ts', file, '--as-of', '2026-03-20'], { cwd: resolve(import.meta.dirname, '../../..') });
    const command = JSON.parse(stdout);
    const same = (figures: typeof side.team) => JSON.parse(JSON.stringify(contractMetrics(figures)));
    for (const owner of ['Anna'] as const) expect(command.owners[owner]).toEqual(same(team.reps.find((r) => r.owner === owner)!.metrics));
    const { winRateCount, stalled, stageConversion } = same(side.team);
    expect(command.team).toMatchObject({ winRateCount, stalled, stageConversion });
  });
});
