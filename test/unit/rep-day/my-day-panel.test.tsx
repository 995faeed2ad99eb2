import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import { PausedDeals } from '@/components/team/PausedDeals';
import type { TabSource } from '@/components/hooks/useTabId';
import { updateSettings } from '@/lib/db/settings';
import { allByTestId, byLabel, byTestId, cleanup, click, mount, press, text, type, waitFor } from '../helpers/render';
import { deal, planned, playbook, visit } from './fixtures';

// My day in the side panel off a deal page, keyboard use, and pausing a deal from its page.

let db: StagecraftDb;
let n = 0;
const now = () => new Date('2026-11-23T10:00:00Z');
const tabs = (id: number): TabSource => ({ current: () => id, subscribe: () => () => {} });
const actions = { reread: vi.fn(), openOptions: vi.fn(), openQuickLog: vi.fn(), openUrl: vi.fn() };

beforeEach(async () => {
  db = openDatabase(`my-day-panel-${n++}`);
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await updateSettings(db, { me: { pipedrive: 'Rachel Kim', hubspot: '', salesforce: '' } });
  await db.deals.bulkPut([deal('1', 'Overdue <i>proposal</i>', 'Proposal Made'), deal('3', 'Due today', 'Proposal Made'), deal('9', 'All fine', 'Contact Made')]);
  await db.stageVisits.bulkAdd([visit('1', 'Proposal Made', '2026-11-20T09:00:00.000Z'), visit('3', 'Proposal Made', '2026-11-22T09:00:00.000Z'), visit('9', 'Contact Made', '2026-11-22T09:00:00.000Z')]);
  await db.activities.bulkPut([planned('1', '2026-12-15'), planned('3', '2026-12-15'), planned('9', '2026-12-15')]);
  await db.tabs.put({ tabId: 1, dealKey: 'pipedrive:acme:1', state: 'deal', url: 'https://acme.pipedrive.com/deal/1', detail: null, at: '2026-11-23T09:00:00.000Z' });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('My day in the side panel', () => {
  it('off a deal page: lists the deals that need me with stage and why; arrows move, Enter opens the deal in its CRM', async () => {
    const view = await mount(<SidePanel db={db} tabs={tabs(42)} actions={actions} now={now} />);
    await waitFor(() => expect(allByTestId(view.container, 'my-day-item')).toHaveLength(2));
    expect(text(byTestId(view.container, 'my-day-summary'))).toBe('Deals that need you today: 2, most important first.');
    const [first, second] = allByTestId(view.container, 'my-day-item');
    const parts = (item: HTMLElement) => ['.my-day__title', '.my-day__meta', '.my-day__reasons'].map((selector) => text(item.querySelector(selector)));
    expect(parts(first!)).toEqual(['Overdue <i>proposal</i>', 'Proposal sent · €1,000 · Pipedrive', 'Overdue: Send the proposal (due 21 Nov 2026)']);
    expect(parts(second!)).toEqual(['Due today', 'Proposal sent · €1,000 · Pipedrive', 'Due today: Send the proposal']);
    expect(first!.querySelector('i')).toBeNull();
    expect(text(view.container)).toMatch(/Open a deal to get guidance/);
    const rows = view.container.querySelectorAll<HTMLButtonElement>('[data-my-day-row]');
    expect([...rows].map((r) => r.tabIndex)).toEqual([0, -1]);
    rows[0]!.focus();
    expect(await press('ArrowDown')).toBe(true);
    expect(document.activeElement).toBe(rows[1]);
    expect([...rows].map((r) => r.tabIndex)).toEqual([-1, 0]);
    await press('Home');
    expect(document.activeElement).toBe(rows[0]);
    await click(rows[1]!);
    expect(actions.openUrl).toHaveBeenCalledWith('https://acme.pipedrive.com/deal/3');
  });

  it('pausing a deal from its page takes it off My day; the manager sees it with its reason', async () => {
    const view = await mount(<SidePanel db={db} tabs={tabs(1)} actions={actions} now={now} />);
    await waitFor(() => byTestId(view.container, 'pause-open'));
    await click(byTestId(view.container, 'pause-open'));
    await click(byTestId(view.container, 'pause-save'));
    await waitFor(() => expect(text(view.container.querySelector('[role=alert]'))).toBe('Say why the deal is paused (your manager sees it).'));
    await type(byLabel(view.container, 'Why'), 'Budget freeze until December');
    await type(byLabel(view.container, 'Wake on'), '2026-12-01');
    await click(byTestId(view.container, 'pause-save'));
    await waitFor(() => expect(text(byTestId(view.container, 'paused').querySelector('h2'))).toBe('Paused until 1 Dec 2026'));
    expect(text(byTestId(view.container, 'paused').querySelector('.pause__reason'))).toBe('Budget freeze until December');
    expect(view.container.querySelector('[data-testid="next-steps"]')).toBeNull();

    await click(byTestId(view.container, 'tab-my-day'));
    await waitFor(() => expect(allByTestId(view.container, 'my-day-item').map((item) => item.dataset.dealKey)).toEqual(['pipedrive:acme:3']));
    expect(text(byTestId(view.container, 'my-day-summary'))).toBe('Deals that need you today: 1, most important first. Paused until they wake, so left out: 1.');

    const manager = await mount(<PausedDeals db={db} now={now} />);
    await waitFor(() =>
      expect([...manager.container.querySelectorAll('tbody td')].map((cell) => text(cell))).toEqual(['Overdue <i>proposal</i>', 'Rachel Kim', 'Budget freeze until December', '23 Nov 2026', '1 Dec 2026']),
    );

    // Resumed: back on My day.
    await click(view.container.querySelector<HTMLButtonElement>('#tab-deal')!);
    await waitFor(() => byTestId(view.container, 'resume'));
    await click(byTestId(view.container, 'resume'));
    await waitFor(() => byTestId(view.container, 'pause-open'));
    await click(byTestId(view.container, 'tab-my-day'));
    await waitFor(() => expect(allByTestId(view.container, 'my-day-item')).toHaveLength(2));
  });
});
