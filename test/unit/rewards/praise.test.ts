import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { updateSettings } from '@/lib/db/settings';
import { logActivity } from '@/lib/db/activities';
import { changeChecklist, storeDerivedState } from '@/lib/db/derived';
import { dismissPraise, praiseOf } from '@/lib/db/praise';
import { recordDealSeen } from '@/lib/background/deals';
import { visiblePraise } from '@/lib/rewards/praise';
import { praiseText } from '@/lib/rewards/praise-text';
import { createTranslator } from '@/lib/i18n';
import { TEMPLATES } from '@/lib/playbook/templates';
import type { DealSnapshot } from '@/lib/model/deal';
import type { Settings } from '@/lib/model/settings.schema';
import { saveImportedHistory } from '@/lib/db/histories';
import { loadSettings } from '@/lib/db/settings';
import { validateHistory } from '@/lib/metrics/history.schema';

// Praise is derived where the stage change (or win, or activity) arrives, in the same transaction,
// and stored under an id naming what it praises. The buyer-centric template's Pipedrive stages:
// "Contact Made" is Qualified, "Demo Scheduled" Demo completed, "Proposal Made" Proposal sent,
// "Negotiations Started" Contract sent. The team converts worst at Demo completed (41 % of 48
// deals), as lib/db/learned-rot.ts would have stored it from the team's history.
//
// Times are at midday UTC in the middle of weeks and months, so the rep's calendar (the machine's
// offset, whatever it is) puts them on the same days.

const H = 3_600_000;
const DAY = 24 * H;
/** Wednesday 11 Nov 2026, 12:00 UTC. */
const WED = new Date('2026-11-11T12:00:00.000Z');
const at = (hours: number) => new Date(WED.getTime() + hours * H);

let db: StagecraftDb;
let name: string;

const CONVERSION: Settings['teamConversion'] = {
  'new-business/discovery-booked': { rate: 0.8, deals: 60 },
  'new-business/qualified': { rate: 0.62, deals: 48 + 12 },
  'new-business/demo-completed': { rate: 0.41, deals: 48 },
  'new-business/proposal-sent': { rate: 0.55, deals: 20 },
  'new-business/contract-sent': { rate: 0.9, deals: 11 },
};

const snapshot = (dealId: string, stage: string, extra: Partial<DealSnapshot> = {}): DealSnapshot => ({
  crm: 'pipedrive', dealId, title: `Deal ${dealId}`, pipeline: 'Sales pipeline', stage, stages: [], value: 10_000, currency: 'EUR',
  owner: 'Anna', closeDate: '2027-03-31', status: 'open', ...extra,
});
function seen(dealId: string, stage: string, now: Date, extra: Partial<DealSnapshot> = {}, on: StagecraftDb = db) {
  return recordDealSeen(on, { tabId: 1, url: `https://acme.pipedrive.com/deal/${dealId}`, ref: { crm: 'pipedrive', account: 'acme', dealId }, snapshot: snapshot(dealId, stage, extra), now });
}
const key = (dealId: string) => `pipedrive:acme:${dealId}`;
const allPraise = () => db.praise.toArray();
const t = createTranslator('en');

beforeEach(async () => {
  name = `praise-${Math.random()}`;
  db = openDatabase(name);
  await seedPlaybookIfEmpty(db, () => TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z')));
  await updateSettings(db, { teamConversion: CONVERSION });
});
afterEach(async () => {
  await db.delete();
});

describe('a deal moved past the stage the team finds hard', () => {
  it('is praised once, in the same transaction as the stage change, with the month count and the team rate', async () => {
    await seen('1', 'Demo Scheduled', at(-48));
    expect(await allPraise()).toEqual([]);
    await seen('1', 'Proposal Made', at(0));
    const stored = await allPraise();
    expect(stored).toEqual([
      { id: 'pass|pipedrive:acme:1|new-business/demo-completed', dealKey: key('1'), kind: 'passedHardStage', at: at(0).toISOString(), stageId: 'demo-completed', stageName: 'Demo completed', count: 1, rate: 0.41, endedAt: null, endedBy: null },
    ]);
    expect(praiseText(stored[0]!, t, 'en')).toBe('Your first deal past “Demo completed” this month — the team converts 41% there.');
  });

  it('repeated page readings, a second worker on the same database and the CRM reporting the same move add nothing', async () => {
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    await seen('1', 'Proposal Made', at(1));
    await seen('1', 'Proposal Made', at(2));
    // The service worker stopped and started again: a new connection reads the page again.
    const restarted = openDatabase(name);
    await seen('1', 'Proposal Made', at(3), {}, restarted);
    await storeDerivedState(restarted, key('1'), at(3));
    restarted.close();
    // The CRM's API reports the move at its own time (a little before the page saw it).
    await db.stageVisits.bulkAdd([
      { dealKey: key('1'), stage: 'Demo Scheduled', enteredAt: at(-50).toISOString(), source: 'crm' },
      { dealKey: key('1'), stage: 'Proposal Made', enteredAt: at(-0.1).toISOString(), source: 'crm' },
    ]);
    await storeDerivedState(db, key('1'), at(4));
    expect((await allPraise()).map((p) => p.id)).toEqual(['pass|pipedrive:acme:1|new-business/demo-completed']);
  });

  it('moving back and past the stage again is the same move: praised once', async () => {
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    await seen('1', 'Demo Scheduled', at(2));
    await seen('1', 'Proposal Made', at(4));
    expect(await allPraise()).toHaveLength(1);
  });

  it('the third of my deals past the stage this month says so, in every language with its ordinal', async () => {
    for (const [id, hours] of [['1', 0], ['2', 2], ['3', 4]] as const) {
      await seen(id, 'Demo Scheduled', at(hours - 48));
      await seen(id, 'Proposal Made', at(hours));
    }
    const third = (await praiseOf(db, key('3')))[0]!;
    expect(third.count).toBe(3);
    expect(praiseText(third, t, 'en')).toBe('That’s the 3rd deal you moved past “Demo completed” this month — the team converts 41% there.');
    expect(praiseText(third, createTranslator('sv'), 'sv')).toBe('Det är den 3:e affären du har flyttat förbi ”Demo completed” den här månaden — teamet konverterar 41\u00a0% där.');
    expect(praiseText(third, createTranslator('nb'), 'nb')).toBe('Det er den 3. avtalen du har flyttet forbi «Demo completed» denne måneden — teamet konverterer 41\u00a0% der.');
    expect(praiseText(third, createTranslator('nl'), 'nl')).toBe('Dat is de 3e deal die je deze maand voorbij ‘Demo completed’ hebt gebracht — het team converteert daar 41%.');
    expect(praiseText(third, createTranslator('it'), 'it')).toBe('È la 3ª trattativa che porti oltre «Demo completed» questo mese — il team converte il 41% in questa fase.');
    expect((await praiseOf(db, key('2')))[0]!.count).toBe(2);
  });

  it('a deal moved into Lost, or a lost deal, is never praised; a lost deal hides a line it had', async () => {
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Lost', at(0), { status: 'lost' });
    await seen('2', 'Demo Scheduled', at(-48));
    await seen('2', 'Proposal Made', at(0), { status: 'lost' });
    expect(await allPraise()).toEqual([]);

    await seen('3', 'Demo Scheduled', at(-48));
    await seen('3', 'Proposal Made', at(0));
    const [line] = await praiseOf(db, key('3'));
    expect(visiblePraise([line!], { snapshot: snapshot('3', 'Proposal Made') }, at(1))).toEqual(line);
    await seen('3', 'Proposal Made', at(2), { status: 'lost' });
    expect(visiblePraise(await praiseOf(db, key('3')), { snapshot: snapshot('3', 'Proposal Made', { status: 'lost' }) }, at(3))).toBeNull();
  });

  it('a stage that is not hard, a move back, and a deal first seen past the stage are not praised', async () => {
    await seen('1', 'Contact Made', at(-48));
    await seen('1', 'Demo Scheduled', at(0)); // past Qualified (62 %): not the hardest
    await seen('2', 'Proposal Made', at(-48));
    await seen('2', 'Demo Scheduled', at(0)); // backwards
    await seen('3', 'Proposal Made', at(0)); // first seen already past Demo
    await db.stageVisits.add({ dealKey: key('3'), stage: 'Demo Scheduled', enteredAt: at(-24).toISOString(), source: 'crm' });
    await storeDerivedState(db, key('3'), at(1));
    expect(await allPraise()).toEqual([]);
  });

  it('a stage the manager marked hard is praised too, without a rate where the team has none to quote', async () => {
    const stored = (await db.playbooks.toArray())[0]!;
    stored.playbook.pipelines[0]!.stages.find((s) => s.id === 'qualified')!.hard = true;
    await db.playbooks.put(stored);
    await updateSettings(db, { teamConversion: {} });
    await seen('1', 'Contact Made', at(-48));
    await seen('1', 'Demo Scheduled', at(0));
    const [line] = await allPraise();
    expect(line).toMatchObject({ stageId: 'qualified', rate: null, count: 1 });
    expect(praiseText(line!, t, 'en')).toBe('Your first deal past “Qualified” this month — a stage the team finds hard.');
  });

  it('a colleague’s deal is not my move: with who I am set, only my deals are praised', async () => {
    await updateSettings(db, { me: { pipedrive: 'Anna', hubspot: '', salesforce: '' } });
    await seen('1', 'Demo Scheduled', at(-48), { owner: 'Bo' });
    await seen('1', 'Proposal Made', at(0), { owner: 'Bo' });
    await seen('2', 'Demo Scheduled', at(-48));
    await seen('2', 'Proposal Made', at(0));
    expect((await allPraise()).map((p) => p.dealKey)).toEqual([key('2')]);
  });

  it('switched off, nothing is praised', async () => {
    await updateSettings(db, { rewards: { passHardStage: false, firstWinOfQuarter: true, wonWithEveryTask: true, activeWeek: true } });
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    expect(await allPraise()).toEqual([]);
  });

  it('a move before praise began (the update) or more than a week ago is history', async () => {
    await updateSettings(db, { praiseSince: at(1).toISOString() });
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    expect(await allPraise()).toEqual([]);
    await updateSettings(db, { praiseSince: null });
    // Seen in Demo 20 days ago; the CRM reports it moved on 8 days ago, which nobody saw then.
    await seen('2', 'Demo Scheduled', at(-20 * 24));
    await db.stageVisits.add({ dealKey: key('2'), stage: 'Proposal Made', enteredAt: at(-8 * 24).toISOString(), source: 'crm' });
    await storeDerivedState(db, key('2'), at(0));
    expect(await allPraise()).toEqual([]);
  });

  it('the line is dismissible, shown for a week, and a newer line on the same deal replaces it', async () => {
    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    const [line] = await praiseOf(db, key('1'));
    const deal = { snapshot: snapshot('1', 'Proposal Made') };
    expect(visiblePraise([line!], deal, new Date(at(0).getTime() + 6 * DAY))?.id).toBe(line!.id);
    expect(visiblePraise([line!], deal, new Date(at(0).getTime() + 8 * DAY))).toBeNull();
    await dismissPraise(db, line!.id, at(1));
    expect(visiblePraise(await praiseOf(db, key('1')), deal, at(2))).toBeNull();
    expect((await praiseOf(db, key('1')))[0]).toMatchObject({ endedAt: at(1).toISOString(), endedBy: 'dismissed' });
    await seen('1', 'Proposal Made', at(3));
    expect(await allPraise()).toHaveLength(1); // dismissed is not forgotten: never again
  });
});

describe('the hard stage comes from the team’s history', () => {
  it('an imported history decides it: the stage the team converts worst at, its rate quoted', async () => {
    await updateSettings(db, { teamConversion: {} });
    // 20 deals: 18 reach Qualified (90 %), 16 Demo completed (89 %), 5 Proposal sent (31 %), 4 Contract sent (80 %), 3 won (75 %, but of 4 deals).
    const path = ['discovery-booked', 'qualified', 'demo-completed', 'proposal-sent', 'contract-sent'];
    const furthest = [...Array(2).fill(0), ...Array(2).fill(1), ...Array(11).fill(2), ...Array(1).fill(3), ...Array(1).fill(4), ...Array(3).fill(5)] as number[];
    const deals = furthest.map((reached, i) => ({
      id: `h${i}`, title: '', owner: 'Bo', pipeline: 'new-business', value: 100, currency: 'EUR', createdAt: '2026-06-01T00:00:00.000Z',
      closedAt: '2026-09-01T00:00:00.000Z', status: reached === 5 ? 'won' : 'lost',
      stageHistory: path.slice(0, Math.min(reached, 4) + 1).map((stage, k) => ({ stage, enteredAt: new Date(Date.UTC(2026, 5, 1 + k * 7)).toISOString() })),
    }));
    const history = validateHistory({ version: 1, pipelines: [{ id: 'new-business', name: 'New business', stages: [...path, 'won'].map((id) => ({ id, name: id, probability: 0.5, rotDays: null })) }], deals, activities: [], forecasts: [] });
    expect((await saveImportedHistory(db, { name: 'team.json', format: 'json', history }, at(-72))).ok).toBe(true);
    expect((await loadSettings(db)).teamConversion['new-business/demo-completed']).toEqual({ rate: 5 / 16, deals: 16 });

    await seen('1', 'Demo Scheduled', at(-48));
    await seen('1', 'Proposal Made', at(0));
    await seen('2', 'Proposal Made', at(-48));
    await seen('2', 'Negotiations Started', at(0)); // past Proposal sent (80 %): not hard
    const stored = await allPraise();
    expect(stored.map((p) => [p.dealKey, p.stageId, p.rate])).toEqual([[key('1'), 'demo-completed', 5 / 16]]);
    expect(praiseText(stored[0]!, t, 'en')).toBe('Your first deal past “Demo completed” this month — the team converts 31% there.');
  });
});

describe('milestones the manager switches on (injected clock)', () => {
  const allOn = { passHardStage: true, firstWinOfQuarter: true, wonWithEveryTask: true, activeWeek: true };

  it('off by default: a win and a full week praise nothing', async () => {
    await seen('1', 'Negotiations Started', at(-48));
    await seen('1', 'Negotiations Started', at(0), { status: 'won' });
    expect(await allPraise()).toEqual([]);
  });

  it('the first deal won of the quarter, once: the second win of the quarter is not first, the first of the next quarter is', async () => {
    await updateSettings(db, { rewards: { ...allOn, passHardStage: false } });
    await seen('1', 'Negotiations Started', at(-48));
    await seen('2', 'Negotiations Started', at(-48));
    await seen('1', 'Won', at(0), { status: 'won' });
    await seen('2', 'Won', at(24), { status: 'won' });
    await seen('1', 'Won', at(30), { status: 'won' });
    expect((await allPraise()).map((p) => [p.id, p.dealKey, p.kind])).toEqual([['firstWin|2026-Q4', key('1'), 'firstWinOfQuarter']]);
    // 14 Jan 2027: the first win of Q1.
    const january = new Date('2027-01-14T12:00:00.000Z');
    await seen('3', 'Negotiations Started', new Date(january.getTime() - 2 * DAY));
    await seen('3', 'Won', january, { status: 'won' });
    expect((await allPraise()).map((p) => p.id).sort()).toEqual(['firstWin|2026-Q4', 'firstWin|2027-Q1']);
    expect(praiseText((await praiseOf(db, key('3')))[0]!, t, 'en')).toBe('Your first deal won this quarter — well done.');
  });

  it('a deal first seen already won is no win I saw happen', async () => {
    await updateSettings(db, { rewards: allOn });
    await seen('1', 'Won', at(0), { status: 'won' });
    expect(await allPraise()).toEqual([]);
  });

  it('a deal won with every required task of every stage it stayed in done; one task missing is not', async () => {
    await updateSettings(db, { rewards: { ...allOn, passHardStage: false, firstWinOfQuarter: false } });
    for (const id of ['1', '2']) {
      await seen(id, 'Negotiations Started', at(-48));
      await changeChecklist(db, { dealKey: key(id), stageId: 'contract-sent', taskId: 'send-contract', state: 'done', by: 'hand' }, at(-40));
    }
    await changeChecklist(db, { dealKey: key('1'), stageId: 'contract-sent', taskId: 'confirm-signer', state: 'done', by: 'hand' }, at(-30));
    await seen('1', 'Won', at(0), { status: 'won' });
    await seen('2', 'Won', at(0), { status: 'won' });
    expect((await allPraise()).map((p) => p.id)).toEqual([`allTasks|${key('1')}`]);
  });

  it('a week with activity on every workday, praised on the deal whose activity completed it, once', async () => {
    await updateSettings(db, { rewards: { ...allOn, passHardStage: false } });
    await seen('1', 'Proposal Made', new Date('2026-11-08T12:00:00.000Z'));
    await seen('2', 'Proposal Made', new Date('2026-11-08T12:00:00.000Z'));
    const log = async (dealId: string, iso: string) => {
      const result = await logActivity(db, { dealKey: key(dealId), type: 'call', outcome: null, note: '', nextStep: null, owner: 'Anna' }, new Date(iso));
      expect(result.ok).toBe(true);
    };
    // Monday 9 to Thursday 12 November on two deals: not yet a full week.
    await log('1', '2026-11-09T12:00:00.000Z');
    await log('2', '2026-11-10T12:00:00.000Z');
    await log('1', '2026-11-11T12:00:00.000Z');
    await log('2', '2026-11-12T12:00:00.000Z');
    expect(await allPraise()).toEqual([]);
    await log('2', '2026-11-13T12:00:00.000Z'); // Friday
    await log('1', '2026-11-13T13:00:00.000Z');
    expect((await allPraise()).map((p) => [p.id, p.dealKey])).toEqual([['week|2026-11-09', key('2')]]);
    expect(praiseText((await allPraise())[0]!, t, 'en')).toBe('Activity on every workday this week — that is how the habit is built.');
  });

  it('a week with a workday missing is not praised, whatever the weekend holds', async () => {
    await updateSettings(db, { rewards: { ...allOn, passHardStage: false } });
    await seen('1', 'Proposal Made', new Date('2026-11-08T12:00:00.000Z'));
    for (const iso of ['2026-11-09', '2026-11-10', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']) {
      const result = await logActivity(db, { dealKey: key('1'), type: 'call', outcome: null, note: '', nextStep: null, owner: 'Anna' }, new Date(`${iso}T12:00:00.000Z`));
      expect(result.ok).toBe(true);
    }
    expect(await allPraise()).toEqual([]);
  });

  it('several at once: one line shows (won with every task first), the rest are kept so they never come back', async () => {
    await updateSettings(db, { rewards: allOn });
    await seen('1', 'Negotiations Started', at(-48));
    await changeChecklist(db, { dealKey: key('1'), stageId: 'contract-sent', taskId: 'send-contract', state: 'done', by: 'hand' }, at(-40));
    await changeChecklist(db, { dealKey: key('1'), stageId: 'contract-sent', taskId: 'confirm-signer', state: 'done', by: 'hand' }, at(-30));
    await seen('1', 'Won', at(0), { status: 'won' });
    const lines = await praiseOf(db, key('1'));
    expect(lines.map((p) => [p.kind, p.endedBy]).sort()).toEqual([['firstWinOfQuarter', 'replaced'], ['wonWithEveryTask', null]]);
    expect(visiblePraise(lines, { snapshot: snapshot('1', 'Won', { status: 'won' }) }, at(1))?.kind).toBe('wonWithEveryTask');
  });
});
