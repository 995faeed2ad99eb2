import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { deleteActivity, editActivity, logActivity, restoreActivity, undoActivity } from '@/lib/db/activities';
import { changeChecklist, storeDerivedState, storeDerivedStateOfAllDeals } from '@/lib/db/derived';
import { rememberStageMapping } from '@/lib/db/stage-mappings';
import { recordDealSeen } from '@/lib/background/deals';
import { syncDealFromCrmApi, type CrmSyncDeps } from '@/lib/background/crm-sync';
import type { CrmApiClient } from '@/lib/crm/api/client';
import type { CrmDealData } from '@/lib/crm/api/types';
import { manualTaskId } from '@/lib/playbook/engine';
import { TEMPLATES } from '@/lib/playbook/templates';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Activity, ChecklistEntry } from '@/lib/model/records.schema';

// Evidence ticks and goal skips are stored in the same transaction as the change that causes
// them, whichever page made it and whether or not a side panel is open. Each test makes one kind
// of change and reads the checklist straight from the database.
//
// The buyer-centric template: Pipedrive's "Proposal Made" is its "Proposal sent" stage, with
// send-proposal (required, evidence: a proposal), review-proposal (required, evidence: a
// meeting) and follow-up (optional, evidence: a call); its goal is a proposal logged, a close
// date not past and the manual "proposal-reviewed". "Demo Scheduled" is "Demo completed".

let db: StagecraftDb;
const ref = { crm: 'pipedrive' as const, account: 'acme', dealId: '7' };
const DEAL = 'pipedrive:acme:7';
const URL_ = 'https://acme.pipedrive.com/deal/7';
const T0 = new Date('2026-11-10T09:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const page = (stage: string, extra: Partial<DealSnapshot> = {}): DealSnapshot => ({
  crm: 'pipedrive', dealId: '7', title: 'Acme rollout', pipeline: 'Sales pipeline', stage, stages: [], value: 10_000, currency: 'EUR',
  owner: 'Anna', closeDate: '2026-12-31', status: 'open', ...extra,
});

const seen = (snapshot: DealSnapshot, now: Date) => recordDealSeen(db, { tabId: 1, url: URL_, ref, snapshot, now });
async function log(type: Activity['type'], now: Date): Promise<Activity> {
  const result = await logActivity(db, { dealKey: DEAL, type, outcome: null, note: '', nextStep: null, owner: 'Anna' }, now);
  if (!result.ok) throw new Error(result.error);
  return result.activity;
}
/** The stored checklist, one `stage/task` → row, without the deal key. */
async function stored(): Promise<Record<string, Omit<ChecklistEntry, 'dealKey' | 'stageId' | 'taskId'>>> {
  const rows = await db.checklist.where('dealKey').equals(DEAL).toArray();
  return Object.fromEntries(rows.map(({ dealKey: _d, stageId, taskId, ...rest }) => [`${stageId}/${taskId}`, rest]));
}

beforeEach(async () => {
  db = openDatabase(`derived-${Math.random()}`);
  await seedPlaybookIfEmpty(db, () => TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z')));
  await seen(page('Proposal Made'), T0);
});
afterEach(async () => {
  await db.delete();
});

describe('logging an activity', () => {
  it('a logged proposal ticks "Send the proposal" in the same transaction, done when the proposal was logged', async () => {
    const proposal = await log('proposal', at(2));
    expect(await stored()).toEqual({
      'proposal-sent/send-proposal': { state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: at(2).toISOString() },
    });
  });

  it('an activity that is evidence for nothing in the stage stores nothing', async () => {
    await log('email', at(2));
    expect(await stored()).toEqual({});
  });

  it('a second proposal leaves the tick with the first (idempotent)', async () => {
    const first = await log('proposal', at(2));
    await log('proposal', at(3));
    expect((await stored())['proposal-sent/send-proposal']).toMatchObject({ evidenceActivityId: first.id, at: at(2).toISOString() });
    expect(await storeDerivedState(db, DEAL, at(4))).toEqual([]);
  });

  it('a task the rep unticked by hand after the proposal stays unticked', async () => {
    await log('proposal', at(2));
    await changeChecklist(db, { dealKey: DEAL, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'open', by: 'hand' }, at(3));
    await log('email', at(4)); // another change re-evaluates the deal
    expect((await stored())['proposal-sent/send-proposal']).toEqual({ state: 'open', by: 'hand', evidenceActivityId: null, at: at(3).toISOString() });
  });
});

describe('editing and deleting an activity', () => {
  it('changing a proposal into a call unticks "Send the proposal" and ticks the call’s task', async () => {
    const activity = await log('proposal', at(2));
    const result = await editActivity(db, activity.id, { type: 'call', outcome: 'connected' }, at(5));
    expect(result.ok).toBe(true);
    expect(await stored()).toEqual({
      'proposal-sent/follow-up': { state: 'done', by: 'evidence', evidenceActivityId: activity.id, at: at(2).toISOString() },
    });
  });

  it('changing a call into a proposal ticks "Send the proposal"', async () => {
    const activity = await log('email', at(2));
    await editActivity(db, activity.id, { type: 'proposal', outcome: null }, at(5));
    expect((await stored())['proposal-sent/send-proposal']).toEqual({ state: 'done', by: 'evidence', evidenceActivityId: activity.id, at: at(2).toISOString() });
  });

  it('editing only the note changes no tick', async () => {
    const activity = await log('proposal', at(2));
    const before = await stored();
    await editActivity(db, activity.id, { note: 'Sent as PDF' }, at(5));
    expect(await stored()).toEqual(before);
  });

  it('deleting the evidence unticks the task; another proposal ticks it again at once', async () => {
    const first = await log('proposal', at(2));
    expect(await deleteActivity(db, first.id, at(3))).toMatchObject({ ticks: [expect.objectContaining({ taskId: 'send-proposal', evidenceActivityId: first.id })] });
    expect(await stored()).toEqual({});

    const second = await log('proposal', at(4));
    const third = await log('proposal', at(5));
    await deleteActivity(db, second.id, at(6));
    expect((await stored())['proposal-sent/send-proposal']).toEqual({ state: 'done', by: 'evidence', evidenceActivityId: third.id, at: at(5).toISOString() });
  });

  it('the undo of a log takes its tick back; restoring a deleted activity puts it back', async () => {
    const proposal = await log('proposal', at(2));
    expect(await undoActivity(db, proposal.id, at(2))).toBe(true);
    expect(await stored()).toEqual({});

    const again = await log('proposal', at(3));
    const deleted = (await deleteActivity(db, again.id, at(4)))!;
    await restoreActivity(db, deleted, at(5));
    expect((await stored())['proposal-sent/send-proposal']).toEqual({ state: 'done', by: 'evidence', evidenceActivityId: again.id, at: at(3).toISOString() });
  });
});

describe('ticks by hand and the stage’s goal', () => {
  const confirmReview = (state: 'done' | 'open', when: Date) =>
    changeChecklist(db, { dealKey: DEAL, stageId: 'proposal-sent', taskId: manualTaskId('proposal-reviewed'), state, by: 'hand' }, when);

  it('meeting the goal by hand skips the optional rest in the same transaction; unmeeting it takes the skip back', async () => {
    await log('proposal', at(2));
    await confirmReview('done', at(3));
    expect((await stored())['proposal-sent/follow-up']).toEqual({ state: 'skipped', by: 'goal', evidenceActivityId: null, at: at(3).toISOString() });
    await confirmReview('open', at(4));
    expect((await stored())['proposal-sent/follow-up']).toEqual({ state: 'open', by: 'goal', evidenceActivityId: null, at: at(4).toISOString() });
  });
});

describe('a page reading', () => {
  it('a close date that passed, read on the page, undoes the goal’s skips', async () => {
    await log('proposal', at(2));
    await changeChecklist(db, { dealKey: DEAL, stageId: 'proposal-sent', taskId: manualTaskId('proposal-reviewed'), state: 'done', by: 'hand' }, at(3));
    expect((await stored())['proposal-sent/follow-up']?.state).toBe('skipped');
    await seen(page('Proposal Made', { closeDate: '2026-11-01' }), at(5));
    expect((await stored())['proposal-sent/follow-up']).toEqual({ state: 'open', by: 'goal', evidenceActivityId: null, at: at(5).toISOString() });
  });

  it('moving on keeps the stage’s ticks (adoption counts them when the deal leaves it) and ticks nothing new without evidence', async () => {
    const proposal = await log('proposal', at(2));
    await log('email', at(2.5)); // in Proposal sent: no evidence for the contract stage's "Send the contract"
    await seen(page('Negotiations Started'), at(3));
    expect(await stored()).toEqual({
      'proposal-sent/send-proposal': { state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: at(2).toISOString() },
    });
    const email = await log('email', at(4));
    expect((await stored())['contract-sent/send-contract']).toEqual({ state: 'done', by: 'evidence', evidenceActivityId: email.id, at: at(4).toISOString() });
  });
});

describe('an API merge', () => {
  const apiDeal = (stage: string, readAt: Date, history: { stageLabel: string; enteredAt: string }[]): CrmDealData => ({
    crm: 'pipedrive', dealId: '7', title: 'Acme rollout', pipeline: { id: '1', label: 'Sales pipeline' }, stage: { id: stage, label: stage },
    stages: [], value: 10_000, currency: 'EUR', owner: 'Anna', status: 'open', stageHistory: history, activities: [], readAt: readAt.toISOString(),
  }) as CrmDealData;
  const deps = (answer: CrmDealData): CrmSyncDeps => ({
    client: { readDeal: async () => ({ ok: true, value: answer }), invalidate: () => {} } as unknown as CrmApiClient,
    credentials: { get: async (k) => (k === 'crmApi.pipedrive' ? { crm: 'pipedrive', company: 'acme', useSession: false, token: '0123456789abcdef0123456789abcdef01234567', connectedAt: T0.toISOString() } : undefined), set: async () => {}, remove: async () => {} },
    salesforceSession: async () => null,
  });

  it('the CRM’s own stage (read after a stale page) and its entry time tick what was logged in that stage', async () => {
    // The page still showed Demo Scheduled when the rep logged the proposal; the CRM has had the deal in Proposal Made since T0+1h.
    await seen(page('Demo Scheduled'), at(1.5));
    const proposal = await log('proposal', at(2));
    expect(await stored()).toEqual({});
    await syncDealFromCrmApi(db, ref, page('Demo Scheduled'), at(1.5), deps(apiDeal('Proposal Made', at(2.5), [{ stageLabel: 'Proposal Made', enteredAt: at(1).toISOString() }])));
    expect((await db.deals.get(DEAL))?.snapshot.stage).toBe('Proposal Made');
    expect(await stored()).toEqual({
      'proposal-sent/send-proposal': { state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: at(2).toISOString() },
    });
  });
});

describe('remembering a stage mapping', () => {
  it('mapping the CRM’s unknown label to a playbook stage ticks what was logged in it', async () => {
    await seen(page('Offer out'), at(1));
    const proposal = await log('proposal', at(2));
    expect(await stored()).toEqual({});
    await rememberStageMapping(db, ref, 'Offer out', { pipelineId: 'new-business', stageId: 'proposal-sent' }, at(3));
    expect(await stored()).toEqual({
      'proposal-sent/send-proposal': { state: 'done', by: 'evidence', evidenceActivityId: proposal.id, at: at(2).toISOString() },
    });
  });
});

describe('after an update', () => {
  it('stores every deal’s ticks that an older version left to the side panel, once', async () => {
    // As an older version left it: the proposal stored, its tick not (the side panel never showed the deal).
    await db.activities.put({ id: 'old', dealKey: DEAL, type: 'proposal', outcome: 'sent', note: '', at: at(2).toISOString(), nextStep: null, owner: null, sync: 'local', crmRefs: null });
    expect(await stored()).toEqual({});
    expect(await storeDerivedStateOfAllDeals(db, at(30))).toBe(1);
    expect(await stored()).toEqual({ 'proposal-sent/send-proposal': { state: 'done', by: 'evidence', evidenceActivityId: 'old', at: at(2).toISOString() } });
    expect(await storeDerivedStateOfAllDeals(db, at(31))).toBe(0);
  });
});
