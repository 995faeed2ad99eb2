import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import type { TabSource } from '@/components/hooks/useTabId';
import { TEMPLATES } from '@/lib/playbook/templates';
import { byTestId, button, check, cleanup, click, mount, press, queryTestId, text, waitFor } from '../helpers/render';
import { inThreadTeamFiguresRunner, type WatchTeamSources } from '@/lib/team-figures';
import { watchTeamSources } from '@/lib/db/team-sources';
import { dexieStoredFigures } from '@/lib/db/team-figures';

// The side panel's views and states, rendered in happy-dom against a fake-indexeddb database.

let db: StagecraftDb;
let n = 0;
const now = () => new Date('2026-11-23T10:00:00Z');
const tabs = (id: number | null): TabSource => ({ current: () => id, subscribe: () => () => {} });
const actions = { reread: vi.fn(), openOptions: vi.fn(), openQuickLog: vi.fn(), openUrl: vi.fn() };
const dealKey = 'pipedrive:acme:7';

async function seedDeal(stage = 'Proposal Made', extra: Record<string, unknown> = {}) {
  await db.deals.put({
    key: dealKey, crm: 'pipedrive', account: 'acme', dealId: '7', url: 'https://acme.pipedrive.com/deal/7',
    snapshot: { crm: 'pipedrive', dealId: '7', title: 'Acme <b>rollout</b>', pipeline: 'Sales pipeline', stage, stages: [], value: 48000, currency: 'USD', owner: 'Rachel Kim', closeDate: '2027-03-31', status: 'open', ...extra },
    firstSeenAt: '2026-11-20T09:00:00.000Z', lastSeenAt: '2026-11-23T09:00:00.000Z',
  });
  await db.stageVisits.add({ dealKey, stage, enteredAt: '2026-11-20T09:00:00.000Z', source: 'observed' });
  await db.tabs.put({ tabId: 1, dealKey, state: 'deal', url: 'https://acme.pipedrive.com/deal/7', detail: null, at: '2026-11-23T09:00:00.000Z' });
}

beforeEach(async () => {
  db = openDatabase(`side-panel-${n++}`);
  const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

const open = (tabId: number | null = 1) => mount(<SidePanel db={db} tabs={tabs(tabId)} actions={actions} now={now} />);

describe('side panel states', () => {
  it('not a deal page: says what Stagecraft does and where it works', async () => {
    await db.tabs.put({ tabId: 1, dealKey: null, state: 'notDeal', url: 'https://acme.pipedrive.com/person/1', detail: 'not a deal page', at: '2026-11-23T09:00:00.000Z' });
    const view = await open();
    await waitFor(() => expect(text(view.container)).toMatch(/Open a deal to get guidance.*Pipedrive, HubSpot and Salesforce Lightning/));
  });

  it('a tab never seen is treated as not a deal page', async () => {
    const view = await open(99);
    await waitFor(() => expect(text(view.container)).toMatch(/Open a deal to get guidance/));
  });

  it('loading while the deal is being read', async () => {
    await db.tabs.put({ tabId: 1, dealKey: null, state: 'loading', url: 'https://acme.pipedrive.com/deal/7', detail: null, at: '2026-11-23T09:00:00.000Z' });
    const view = await open();
    await waitFor(() => expect(text(view.container)).toBe('Reading the deal…'));
  });

  it('a read error says what failed and offers to read again', async () => {
    await db.tabs.put({ tabId: 1, dealKey: null, state: 'readError', url: 'https://acme.pipedrive.com/deal/7', detail: 'pipedrive: the deal did not appear on the page', at: '2026-11-23T09:00:00.000Z' });
    const view = await open();
    await waitFor(() => expect(text(view.container)).toMatch(/Could not read this deal.*could not read this deal from the page.*checklists and logged activities are safe.*Technical detail: pipedrive: the deal did not appear on the page/));
    await click(button(view.container, 'Read again'));
    expect(actions.reread).toHaveBeenCalledWith(1);
  });

  it('a read error in Swedish: a Swedish sentence, the page reader’s own words only as the technical detail', async () => {
    await db.tabs.put({ tabId: 1, dealKey: null, state: 'readError', url: 'https://acme.pipedrive.com/deal/7', detail: 'pipedrive: the deal did not appear on the page', at: '2026-11-23T09:00:00.000Z' });
    const view = await mount(<SidePanel db={db} tabs={tabs(1)} actions={actions} now={now} />, 'sv');
    await waitFor(() => expect(text(view.container)).toContain('Stagecraft kunde inte läsa affären från sidan. Dina checklistor och loggade aktiviteter är kvar; försök ladda om sidan.'));
    expect(text(view.container)).toContain('Teknisk detalj: pipedrive: the deal did not appear on the page');
  });

  it('no playbook: the deal still shows, with a way to the options', async () => {
    await db.playbooks.clear();
    await seedDeal();
    const view = await open();
    await waitFor(() => expect(text(view.container)).toMatch(/No playbook yet/));
    expect(text(byTestId(view.container, 'deal-title'))).toBe('Acme <b>rollout</b>');
    await click(button(view.container, 'Open options'));
    expect(actions.openOptions).toHaveBeenCalled();
  });
});

describe('deal view', () => {
  it('shows the summary, path, guidance, goal, checklist with due dates and next steps', async () => {
    await seedDeal();
    const view = await open();
    await waitFor(() => expect(byTestId(view.container, 'stage-guidance')).toBeTruthy());
    expect(text(view.container.querySelector('.deal-summary'))).toMatch(/US\$48,000.*Rachel Kim.*31 Mar 2027/);
    expect(view.container.querySelector('b')).toBeNull(); // the title's HTML is text
    expect(text(view.container.querySelector('[aria-current=step]'))).toMatch(/^Proposal sent/);
    expect(text(byTestId(view.container, 'checklist'))).toMatch(/Send the proposal\s*required\s*overdue since 21 Nov 2026/);
    expect(text(byTestId(view.container, 'next-steps'))).toMatch(/^Next steps\s*Overdue: Send the proposal/);
  });

  it('ticking an item stores it and the next steps change', async () => {
    await seedDeal();
    const view = await open();
    await waitFor(() => expect(byTestId(view.container, 'checklist')).toBeTruthy());
    await check(view.container.querySelector<HTMLInputElement>('[data-task-id="send-proposal"] input')!);
    await waitFor(async () => expect((await db.checklist.toArray()).map((e) => [e.taskId, e.state, e.by])).toEqual([['send-proposal', 'done', 'hand']]));
    await waitFor(() => expect(text(byTestId(view.container, 'next-steps'))).not.toMatch(/Overdue: Send the proposal/));
  });

  it('only reads: a tick stored where the activity was logged shows as such, and opening the panel writes nothing', async () => {
    await seedDeal();
    await db.activities.put({ id: 'a1', dealKey, type: 'proposal', outcome: 'sent', note: '', at: '2026-11-21T10:00:00.000Z', nextStep: null, owner: null, sync: 'local', crmRefs: null });
    await db.checklist.put({ dealKey, stageId: 'proposal-sent', taskId: 'send-proposal', state: 'done', by: 'evidence', at: '2026-11-21T10:00:00.000Z', evidenceActivityId: 'a1' });
    const before = await db.checklist.toArray();
    const view = await open();
    await waitFor(() => expect(text(byTestId(view.container, 'task-evidence'))).toMatch(/ticked by a logged proposal/));
    expect(view.container.querySelector<HTMLInputElement>('[data-task-id="send-proposal"] input')!.checked).toBe(true);
    expect(await db.checklist.toArray()).toEqual(before);
  });

  it('a tick by hand that meets the goal stores the goal’s skips with it', async () => {
    await seedDeal();
    await db.activities.put({ id: 'a1', dealKey, type: 'proposal', outcome: 'sent', note: '', at: '2026-11-21T10:00:00.000Z', nextStep: null, owner: null, sync: 'local', crmRefs: null });
    const view = await open();
    await waitFor(() => expect(byTestId(view.container, 'goal')).toBeTruthy());
    await check(byTestId(view.container, 'goal').querySelector<HTMLInputElement>('input')!);
    await waitFor(async () =>
      expect((await db.checklist.toArray()).map((e) => [e.taskId, e.state, e.by]).sort()).toEqual([
        ['follow-up', 'skipped', 'goal'],
        ['manual:proposal-reviewed', 'done', 'hand'],
        ['send-proposal', 'done', 'evidence'],
      ]),
    );
  });

  it('a stalled deal is flagged', async () => {
    await seedDeal();
    await db.stageVisits.clear();
    await db.stageVisits.add({ dealKey, stage: 'Proposal Made', enteredAt: '2026-10-01T09:00:00.000Z', source: 'crm' });
    const view = await open();
    await waitFor(() => expect(text(byTestId(view.container, 'stalled'))).toMatch(/in “Proposal sent” for 53 days; the limit is 10/));
    expect(text(byTestId(view.container, 'days-in-stage'))).toMatch(/as reported by the CRM/);
  });

  it('an unmapped stage offers "map this stage to…" and remembers the choice', async () => {
    await seedDeal('Legal review');
    const view = await open();
    await waitFor(() => expect(byTestId(view.container, 'stage-mapper')).toBeTruthy());
    const select = byTestId(view.container, 'stage-mapper').querySelector('select')!;
    const { select: choose } = await import('../helpers/render');
    await choose(select, 'new-business/contract-sent');
    await click(button(byTestId(view.container, 'stage-mapper'), 'Remember'));
    await waitFor(() => expect(text(view.container.querySelector('[aria-current=step]'))).toMatch(/^Contract sent/));
  });

  it('follows the reader’s language', async () => {
    await seedDeal();
    const view = await mount(<SidePanel db={db} tabs={tabs(1)} actions={actions} now={now} />, 'sv');
    await waitFor(() => expect(text(byTestId(view.container, 'next-steps'))).toMatch(/^Nästa steg\s*Försenad: Send the proposal/));
  });
});

describe('side panel tabs', () => {
  it('move with the arrow keys (one tab stop, as in the ARIA tabs pattern); the scorecard has its own h1', async () => {
    await seedDeal();
    const view = await open();
    await waitFor(() => byTestId(view.container, 'tab-deal'));
    const deal = byTestId(view.container, 'tab-deal');
    const myDay = byTestId(view.container, 'tab-my-day');
    const scorecard = byTestId(view.container, 'tab-scorecard');
    expect([deal.tabIndex, myDay.tabIndex, scorecard.tabIndex]).toEqual([0, -1, -1]);
    deal.focus();
    expect(await press('ArrowLeft')).toBe(true); // wraps to the last
    expect(document.activeElement).toBe(scorecard);
    expect(scorecard.getAttribute('aria-selected')).toBe('true');
    expect([deal.tabIndex, myDay.tabIndex, scorecard.tabIndex]).toEqual([-1, -1, 0]);
    await waitFor(() => expect(text(view.container.querySelector('h1'))).toBe('Scorecard'));
    await press('ArrowRight'); // wraps to the first
    expect(document.activeElement).toBe(deal);
    await press('ArrowRight');
    expect(document.activeElement).toBe(myDay);
    await press('End');
    expect(document.activeElement).toBe(scorecard);
    await press('Home');
    expect(document.activeElement).toBe(deal);
    await waitFor(() => expect(text(byTestId(view.container, 'deal-title'))).toBe('Acme <b>rollout</b>'));
  });

  it('a stalled deal on the scorecard is a link to its CRM page', async () => {
    await seedDeal();
    await db.stageVisits.clear();
    await db.stageVisits.add({ dealKey, stage: 'Proposal Made', enteredAt: '2026-10-01T09:00:00.000Z', source: 'crm' });
    const view = await open();
    await waitFor(() => byTestId(view.container, 'tab-scorecard'));
    await click(byTestId(view.container, 'tab-scorecard'));
    const link = await waitFor(() => byTestId(view.container, 'stalled-deals').querySelector('a')!);
    expect(link.getAttribute('href')).toBe('https://acme.pipedrive.com/deal/7');
    actions.openUrl.mockClear();
    await click(link);
    expect(actions.openUrl).toHaveBeenCalledWith('https://acme.pipedrive.com/deal/7');
  });

  it('opened again, the scorecard shows its figures as last worked out, saying when, while the team is read again', async () => {
    await seedDeal();
    await db.stageVisits.clear();
    await db.stageVisits.add({ dealKey, stage: 'Proposal Made', enteredAt: '2026-10-01T09:00:00.000Z', source: 'crm' });
    const kept = { store: dexieStoredFigures(db), now: () => now().getTime() - 3 * 3_600_000 };
    const openWith = (watch: WatchTeamSources) => mount(<SidePanel db={db} tabs={tabs(1)} actions={actions} now={now} createFiguresRunner={() => inThreadTeamFiguresRunner(watch, kept)} />);
    const first = await openWith(watchTeamSources(db));
    await click(await waitFor(() => byTestId(first.container, 'tab-scorecard')));
    await waitFor(() => byTestId(first.container, 'stalled-deals'));
    expect(queryTestId(first.container, 'stored-figures')).toBeNull();
    await waitFor(async () => expect(await db.teamFigures.count()).toBe(1));
    await cleanup();

    // The team's data not read yet: the kept figures at once, with their link and when they were worked out.
    const stillReading: WatchTeamSources = () => () => undefined;
    const again = await openWith(stillReading);
    await click(await waitFor(() => byTestId(again.container, 'tab-scorecard')));
    await waitFor(() => expect(text(byTestId(again.container, 'stored-figures'))).toBe('Figures as worked out 3 hr. ago; bringing them up to date with the team’s data…'));
    expect(byTestId(again.container, 'stalled-deals').querySelector('a')!.getAttribute('href')).toBe('https://acme.pipedrive.com/deal/7');
  });
});
