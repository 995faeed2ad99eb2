import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { historyFromObserved, type ObservedData } from '@/lib/metrics/from-extension';
import { serializeHistory } from '@/lib/metrics/history';
import { scorecardView } from '@/lib/metrics/view';
import { contractMetrics } from '@/lib/metrics/scorecard';
import { TEMPLATES } from '@/lib/playbook/templates';
import type { Activity, ChecklistEntry, DealRecord, StageVisit } from '@/lib/model/records.schema';

// What the extension observed → scorecard: the side panel's figures are the command's figures.

const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
const deal = (id: string, owner: string, stage: string, status: 'open' | 'won' | 'lost', value: number, firstSeenAt: string, closedAt: string | null = null): DealRecord => ({
  key: `pipedrive:acme:${id}`, crm: 'pipedrive', account: 'acme', dealId: id, url: `https://acme.pipedrive.com/deal/${id}`,
  snapshot: { crm: 'pipedrive', dealId: id, title: `Deal ${id}`, pipeline: 'Sales pipeline', stage, stages: [], value, currency: 'EUR', owner, closeDate: null, status },
  firstSeenAt, lastSeenAt: closedAt ?? firstSeenAt, closedAt,
});
const visit = (id: string, stage: string, enteredAt: string): StageVisit => ({ dealKey: `pipedrive:acme:${id}`, stage, enteredAt, source: 'observed' });
const done = (id: string, stageId: string, taskId: string, at: string): ChecklistEntry => ({ dealKey: `pipedrive:acme:${id}`, stageId, taskId, state: 'done', at, by: 'hand', evidenceActivityId: null });

const data: ObservedData = {
  playbook,
  deals: [
    deal('1', 'Anna', 'Proposal Made', 'won', 30000, '2026-10-01T09:00:00.000Z', '2026-11-01T09:00:00.000Z'),
    deal('2', 'Anna', 'Contact Made', 'open', 10000, '2026-10-05T09:00:00.000Z'),
    deal('3', 'Ben', 'Demo Scheduled', 'lost', 20000, '2026-10-02T09:00:00.000Z', '2026-10-20T09:00:00.000Z'),
  ],
  visits: [
    visit('1', 'Contact Made', '2026-10-01T09:00:00.000Z'), visit('1', 'Proposal Made', '2026-10-10T09:00:00.000Z'),
    visit('2', 'Contact Made', '2026-10-05T09:00:00.000Z'),
    visit('3', 'Qualified', '2026-10-02T09:00:00.000Z'), visit('3', 'Demo Scheduled', '2026-10-06T09:00:00.000Z'),
  ],
  activities: [{ id: 'a1', dealKey: 'pipedrive:acme:2', type: 'call', outcome: null, note: '', at: '2026-10-06T09:00:00.000Z', nextStep: { title: 'Call back', dueAt: '2026-12-01T09:00:00.000Z' }, owner: 'Anna', sync: 'local', crmRefs: null } satisfies Activity],
  checklist: [done('1', 'qualified', 'confirm-pain', '2026-10-03T09:00:00.000Z')],
  mappings: {},
  defaultRotDays: 21,
};
const now = new Date('2026-11-23T12:00:00Z');

describe('scorecards from what the extension observed', () => {
  it('maps CRM stages to playbook stages and measures adoption of required tasks', () => {
    const { history } = historyFromObserved(data);
    expect(history.deals.find((d) => d.id === 'pipedrive:acme:1')?.stageHistory.map((h) => h.stage)).toEqual(['qualified', 'proposal-sent']);
    // Deal 1 left "qualified" with 1 of its 2 required tasks done (confirm-pain; map-stakeholders not done).
    expect(history.pipelines[0]!.stages.find((s) => s.id === 'qualified')?.requiredTasks).toEqual(['confirm-pain', 'map-stakeholders']);
    expect(history.checklist).toEqual([{ dealId: 'pipedrive:acme:1', stage: 'qualified', task: 'confirm-pain', doneAt: Date.parse('2026-10-03T09:00:00.000Z') }]);
    const view = scorecardView(data, 'Anna', 'all', now);
    // It then left proposal-sent when it was won: its required tasks count too (none done).
    const proposalTasks = history.pipelines[0]!.stages.find((s) => s.id === 'proposal-sent')!.requiredTasks!.length;
    expect(view.me?.adoption).toEqual({ done: 1, required: 2 + proposalTasks, rate: 1 / (2 + proposalTasks) });
    expect(view.me?.nextStep).toEqual({ scheduled: 1, open: 1, share: 1 }); // Anna's one open deal has a call back scheduled
  });

  it('breaks win rates down by pipeline and measures proposal → decision time', () => {
    const withProposal = { ...data, activities: [...data.activities, { id: 'p1', dealKey: 'pipedrive:acme:1', type: 'proposal' as const, outcome: 'sent', note: '', at: '2026-10-20T09:00:00.000Z', nextStep: null, owner: 'Anna', sync: 'local' as const, crmRefs: null }] };
    const view = scorecardView(withProposal, 'Anna', 'all', now);
    // Deal 1: proposal Oct 20 09:00 → won Nov 1 09:00 = 12 days; deal 3 (lost) had no proposal.
    expect(view.decision.team).toMatchObject({ count: 1, medianDays: 12 });
    expect(view.breakdown.team.pipeline['new-business']).toMatchObject({ won: 1, lost: 1, winRateCount: 0.5 });
    expect(view.breakdown.me?.pipeline['new-business']).toMatchObject({ won: 1, lost: 0, winRateCount: 1 });
  });

  it('the side panel shows the same figures as the scorecard command on the exported history', async () => {
    const view = scorecardView(data, 'Anna', 'all', now);
    const dir = mkdtempSync(join(tmpdir(), 'observed-'));
    const file = join(dir, 'history.json');
    writeFileSync(file, serializeHistory(historyFromObserved(data).history));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/scorecard.ts', file, '--as-of', '2026-11-23'], { cwd: resolve(import.meta.dirname, '../../..') });
    const command = JSON.parse(stdout);
    // The side panel looks at stalled from now, the command from 00:00Z of the as-of day: every other figure is the same.
    const { stalled, ...team } = contractMetrics(view.team);
    expect(command.team).toMatchObject(JSON.parse(JSON.stringify(team)));
    expect(command.owners.Anna).toMatchObject(JSON.parse(JSON.stringify({ ...contractMetrics(view.me!), stalled: undefined })));
    expect(command.team.winRateCount).toBe(0.5);
    expect(typeof stalled).toBe('number');
  });
});
