import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { combinedHistory, combineSources, parseStoredHistories, type ImportedHistory } from '@/lib/forecast/combined-history';
import { teamView } from '@/lib/forecast/team-view';
import { serializeHistory, type History } from '@/lib/metrics/history';
import { computeScorecard, contractMetrics, scorecardOptions } from '@/lib/metrics/scorecard';
import { deal, fileDeal, fileHistory, key, observedData, storedHistory, visit, activity } from './fixtures';

const T = (iso: string) => Date.parse(iso);
const sales = { id: 'sales', name: 'Sales', stages: [{ id: 'a', name: 'A', probability: 0.2, rotDays: null }, { id: 'b', name: 'B', probability: 1, rotDays: null }] };
const hDeal = (id: string, owner: string, value: number, pipeline = 'sales', status: 'open' | 'won' | 'lost' = 'won') => ({
  id, title: id, owner, pipeline, value, currency: 'EUR', createdAt: T('2026-01-01T00:00:00Z'), closedAt: status === 'open' ? null : T('2026-02-01T00:00:00Z'), status, stageHistory: [],
});
const hActivity = (dealId: string, owner: string) => ({ dealId, owner, type: 'call' as const, at: T('2026-01-10T00:00:00Z') });

describe('combineSources: observed + imported', () => {
  const observed: History = { version: 1, pipelines: [sales], deals: [hDeal('D1', 'Anna', 100), hDeal('D2', 'Anna', 50, 'sales', 'open')], activities: [hActivity('D1', 'Anna')], forecasts: [] };
  const crm = { id: 'crm', name: 'CRM', stages: [{ id: 'x', name: 'X', probability: 0.5, rotDays: null }] };
  const crmOther = { id: 'crm', name: 'Other CRM', stages: [{ id: 'y', name: 'Y', probability: 0.5, rotDays: null }, { id: 'z', name: 'Z', probability: 1, rotDays: null }] };
  const first: ImportedHistory = {
    id: 'imp1', name: 'first.json', importedAt: '2026-02-01T00:00:00.000Z',
    history: {
      version: 1,
      pipelines: [sales, crm],
      deals: [hDeal('D1', 'Ben', 999), hDeal('D3', 'Ben', 300, 'crm'), hDeal('D4', 'Ben', 400, 'crm')],
      activities: [hActivity('D1', 'Ben'), hActivity('D3', 'Ben'), hActivity('D4', 'Ben'), hActivity('orphan', 'Ben')],
      forecasts: [{ owner: 'Ben', period: '2026-Q1', amount: 100 }, { owner: 'Ben', period: '2026-Q1', amount: 50 }, { owner: 'Anna', period: '2026-Q1', amount: 200 }],
    },
  };
  const second: ImportedHistory = {
    id: 'imp2', name: 'second.json', importedAt: '2026-03-01T00:00:00.000Z',
    history: {
      version: 1,
      pipelines: [crmOther],
      deals: [hDeal('D4', 'Cleo', 444, 'crm'), hDeal('D5', 'Cleo', 500, 'crm')],
      activities: [hActivity('D4', 'Cleo')],
      forecasts: [{ owner: 'Ben', period: '2026-Q1', amount: 300 }],
    },
  };

  // Sources in precedence order: observed, then the later import, then the earlier one.
  const merged = combineSources([observed, second.history, first.history]);

  it('keeps the observed deal when the same id was imported, and the later import between two imports', () => {
    expect(merged.deals.map((d) => [d.id, d.owner, d.value])).toEqual([
      ['D1', 'Anna', 100], // observed wins over imp1's D1 (Ben, 999)
      ['D2', 'Anna', 50],
      ['D4', 'Cleo', 444], // imp2 (later) wins over imp1
      ['D5', 'Cleo', 500],
      ['D3', 'Ben', 300],
    ]);
  });

  it('one pipeline per id: the stages of every source are merged into it, in process order', () => {
    expect(merged.pipelines.map((p) => p.id)).toEqual(['sales', 'crm']);
    // imp2's crm (y, z) came first; imp1's stage x matched nothing and is added before y (it was first in its own list).
    expect(merged.pipelines[1]!.stages.map((s) => s.id)).toEqual(['x', 'y', 'z']);
    for (const id of ['D3', 'D4', 'D5']) expect(merged.deals.find((d) => d.id === id)!.pipeline).toBe('crm');
  });

  it('activities follow their deal: those of a deal taken from another source are dropped', () => {
    expect(merged.activities.map((a) => `${a.dealId}:${a.owner}`)).toEqual(['D1:Anna', 'D4:Cleo', 'D3:Ben', 'orphan:Ben']);
  });

  it('forecast rows: summed within an import, replaced by a later import', () => {
    expect(merged.forecasts).toEqual([
      { owner: 'Ben', period: '2026-Q1', amount: 300 },
      { owner: 'Anna', period: '2026-Q1', amount: 200 },
    ]);
  });

  it('an imported pipeline named like the playbook’s is the same pipeline: one row, one funnel', () => {
    const renamed = { id: 'new-biz', name: 'sales', stages: [{ id: 'A', name: 'a', probability: 0.1, rotDays: null }, { id: 'extra', name: 'Extra', probability: 0.5, rotDays: null }, { id: 'B', name: 'B', probability: 1, rotDays: null }] };
    const imported: History = { version: 1, pipelines: [renamed], deals: [{ ...hDeal('D9', 'Ben', 70, 'new-biz', 'open'), stageHistory: [{ stage: 'extra', enteredAt: T('2026-01-02T00:00:00Z') }] }], activities: [], forecasts: [] };
    const one = combineSources([observed, imported]);
    expect(one.pipelines.map((p) => p.id)).toEqual(['sales']);
    expect(one.pipelines[0]!.stages.map((s) => s.id)).toEqual(['a', 'extra', 'b']);
    expect(one.deals.find((d) => d.id === 'D9')).toMatchObject({ pipeline: 'sales', stageHistory: [{ stage: 'extra' }] });
  });

  it('does not change its inputs', () => {
    expect(first.history.deals.find((d) => d.id === 'D4')!.pipeline).toBe('crm');
    expect(second.history.deals[0]!.pipeline).toBe('crm');
    expect(observed.deals).toHaveLength(2);
  });
});

describe('combinedHistory: the stored rows', () => {
  const observed = observedData({
    deals: [
      deal('1', 'Anna', 'Negotiation', 'won', 1000, { firstSeenAt: '2026-01-05T09:00:00.000Z', closedAt: '2026-02-10T09:00:00.000Z' }),
      deal('2', 'Anna', 'Demo', 'open', 500),
    ],
    visits: [visit('1', 'Qualified', '2026-01-05T09:00:00.000Z'), visit('1', 'Negotiation', '2026-01-20T09:00:00.000Z'), visit('2', 'Demo', '2026-01-06T09:00:00.000Z')],
    activities: [activity('a1', '2', 'Anna', '2026-01-07T09:00:00.000Z')],
  });
  const file = fileHistory(
    [
      // The same deal the extension observed (exported earlier, imported again): observed wins.
      fileDeal(key('1'), 'Someone else', 'won', 99999, '2025-12-01T00:00:00Z', '2026-01-02T00:00:00Z'),
      fileDeal('crm-7', 'Ben', 'won', 2000, '2025-11-01T00:00:00Z', '2026-01-15T00:00:00Z', [['lead', '2025-11-01T00:00:00Z'], ['offer', '2025-12-01T00:00:00Z']]),
      fileDeal('crm-8', 'Ben', 'lost', 800, '2025-11-03T00:00:00Z', '2026-02-15T00:00:00Z'),
    ],
    { activities: [{ dealId: key('1'), owner: 'Someone else', type: 'call', at: '2025-12-02T00:00:00Z' }, { dealId: 'crm-7', owner: 'Ben', type: 'email', at: '2025-11-02T00:00:00Z' }] },
  );

  it('parses each row with validateHistory and reports the rows that are not a history', () => {
    const { imported, rejected } = parseStoredHistories([storedHistory('good', file), storedHistory('bad', { version: 1, pipelines: [], deals: [{ id: 'x' }] })]);
    expect(imported.map((i) => i.id)).toEqual(['good']);
    expect(imported[0]!.history.deals[1]!.closedAt).toBe(T('2026-01-15T00:00:00Z'));
    expect(rejected).toEqual([{ id: 'bad', name: 'bad.json', error: 'deals[0].owner: expected a string', note: { id: 'missing', at: 'deals[0].owner', values: { expected: { kind: 'text' } } } }]);
  });

  it('merges observed and imported deals; the observed one wins', () => {
    const combined = combinedHistory(observed, [storedHistory('good', file)]);
    const one = combined.history.deals.find((d) => d.id === key('1'))!;
    expect(one).toMatchObject({ owner: 'Anna', value: 1000, pipeline: 'sales' });
    expect(combined.history.deals.map((d) => d.id).sort()).toEqual([key('1'), key('2'), 'crm-7', 'crm-8'].sort());
    expect(combined.history.activities.map((a) => a.owner)).toEqual(['Anna', 'Ben']);
    expect([...combined.observedDealIds].sort()).toEqual([key('1'), key('2')]);
  });

  it('with no playbook yet, the imports alone', () => {
    const combined = combinedHistory(null, [storedHistory('good', file)]);
    expect(combined.history.deals.map((d) => d.owner)).toEqual(['Someone else', 'Ben', 'Ben']);
    expect(combined.observedDealIds.size).toBe(0);
  });

  it('the team view shows the scorecard command’s figures on the combined history', async () => {
    const now = new Date('2026-03-20T12:00:00Z');
    const view = teamView({ observed, imported: [storedHistory('good', file)] }, 'all', now);
    const combined = combinedHistory(observed, [storedHistory('good', file)]).history;
    const card = computeScorecard(combined, scorecardOptions({ asOf: '2026-03-20' }, now));
    expect(view.reps.map((r) => r.owner)).toEqual(['Anna', 'Ben']);
    expect(contractMetrics(view.reps[1]!.metrics)).toEqual(card.owners.Ben);
    expect(contractMetrics(view.team.metrics)).toEqual(card.team);
    // Hand-computed: Anna won 1000 (1 of 1), Ben won 2000 and lost 800 → team 2 of 3, value 3000 / 3800.
    expect(view.team.metrics.winRateCount).toBeCloseTo(2 / 3);
    expect(view.team.metrics.winRateValue).toBeCloseTo(3000 / 3800);
    expect(view.reps[1]!.metrics.medianWonValue).toBe(2000);

    const dir = mkdtempSync(join(tmpdir(), 'combined-'));
    const path = join(dir, 'history.json');
    writeFileSync(path, serializeHistory(combined));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/scorecard.ts', path, '--as-of', '2026-03-20'], { cwd: resolve(import.meta.dirname, '../../..') });
    const command = JSON.parse(stdout);
    expect(command.team).toEqual(JSON.parse(JSON.stringify(contractMetrics(view.team.metrics))));
    expect(command.owners.Ben).toEqual(JSON.parse(JSON.stringify(contractMetrics(view.reps[1]!.metrics))));
  });
});
