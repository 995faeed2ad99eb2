import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import type { TabSource } from '@/components/hooks/useTabId';
import { byLabel, byTestId, cleanup, click, keyDown, mount, type, waitFor, text, button, check } from '../options/render';

let db: StagecraftDb;
let n = 0;
const tabs: TabSource = { current: () => 5, subscribe: () => () => {} };
const now = () => new Date('2026-11-23T10:00:00Z');

beforeEach(async () => {
  db = openDatabase(`quicklog-${n++}`);
  await db.deals.put({
    key: 'pipedrive:acme:1', crm: 'pipedrive', account: 'acme', dealId: '1', url: 'https://acme.pipedrive.com/deal/1',
    snapshot: { crm: 'pipedrive', dealId: '1', title: 'Acme rollout', pipeline: null, stage: 'Proposal Made', stages: [], value: null, currency: null, owner: 'Anna', closeDate: null, status: 'open' },
    firstSeenAt: '2026-11-20T10:00:00.000Z', lastSeenAt: '2026-11-23T09:00:00.000Z',
  });
  await db.tabs.put({ tabId: 5, dealKey: 'pipedrive:acme:1', state: 'deal', url: 'https://acme.pipedrive.com/deal/1', detail: null, at: '2026-11-23T09:00:00.000Z' });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

async function open() {
  const view = await mount(<QuickLog db={db} tabs={tabs} onOpenSidePanel={() => {}} now={now} />);
  await waitFor(() => expect(text(byTestId(view.container, 'deal-title'))).toBe('Acme rollout'));
  return { view, form: view.container.querySelector('form')! };
}

describe('quick log', () => {
  it('logs a call with its outcome in two keystrokes plus Enter', async () => {
    const { view, form } = await open();
    await keyDown(form, '1'); // call
    await keyDown(form, '1'); // connected
    await keyDown(form, 'Enter');
    await waitFor(async () => expect(await db.activities.count()).toBe(1));
    const [logged] = await db.activities.toArray();
    expect(logged).toMatchObject({ dealKey: 'pipedrive:acme:1', type: 'call', outcome: 'connected', note: '', nextStep: null, at: '2026-11-23T10:00:00.000Z' });
    await waitFor(() => expect(text(byTestId(view.container, 'toast'))).toMatch(/Logged: call — connected/));
    // The form is ready for the next log.
    expect(view.container.querySelector('input[name=type]:checked')).toBeNull();
  });

  it('number keys follow the team’s key activity types', async () => {
    await db.settings.put({ id: 'settings', value: { keyActivityTypes: ['proposal', 'demo'] } });
    const { form } = await open();
    await waitFor(() => expect(form.querySelectorAll('input[name=type]')).toHaveLength(2));
    await keyDown(form, '1');
    await keyDown(form, 'Enter');
    await waitFor(async () => expect((await db.activities.toArray())[0]?.type).toBe('proposal'));
  });

  it('undo removes exactly that activity', async () => {
    const { view, form } = await open();
    await keyDown(form, '2');
    await keyDown(form, 'Enter');
    await waitFor(async () => expect(await db.activities.count()).toBe(1));
    await click(button(view.container, 'Undo'));
    await waitFor(async () => expect(await db.activities.count()).toBe(0));
    expect(text(byTestId(view.container, 'toast'))).toBe('Removed.');
  });

  it('asks for a type before saving', async () => {
    const { view, form } = await open();
    await keyDown(form, 'Enter');
    expect(text(byTestId(view.container, 'quicklog-error'))).toMatch(/Choose what happened first/);
    expect(await db.activities.count()).toBe(0);
  });

  it('questions a next-step date in the past until confirmed', async () => {
    const { view, form } = await open();
    await keyDown(form, '1');
    await type(byTestId<HTMLInputElement>(view.container, 'due'), '2026-11-01');
    await keyDown(form, 'Enter');
    expect(text(byTestId(view.container, 'quicklog-error'))).toMatch(/in the past/);
    expect(await db.activities.count()).toBe(0);
    await check(byTestId(view.container, 'due-past').querySelector('input')!);
    await keyDown(form, 'Enter');
    await waitFor(async () => expect((await db.activities.toArray())[0]?.nextStep).toEqual({ title: 'Follow up', dueAt: expect.stringMatching(/^2026-11-01T/) }));
  });

  it('accepts a note of 10 000 characters and clearly refuses 10 001', async () => {
    const { view, form } = await open();
    await keyDown(form, '3');
    const note = byLabel<HTMLTextAreaElement>(view.container, 'Note (optional)');
    await type(note, 'x'.repeat(10_001));
    expect(text(byTestId(view.container, 'note-count'))).toMatch(/10001 characters; the limit is 10000/);
    await keyDown(form, 'Enter');
    expect(await db.activities.count()).toBe(0);
    await type(note, 'x'.repeat(10_000));
    expect(text(byTestId(view.container, 'note-count'))).toMatch(/10000 of 10000/);
    await keyDown(note, 'Enter', { ctrlKey: true });
    await waitFor(async () => expect((await db.activities.toArray())[0]?.note).toHaveLength(10_000));
  });

  it('on a page that is not a deal, says where it works and still opens the side panel', async () => {
    await db.tabs.put({ tabId: 5, dealKey: null, state: 'notDeal', url: 'https://acme.pipedrive.com/person/2', detail: null, at: '2026-11-23T09:00:00.000Z' });
    const openPanel = vi.fn();
    const view = await mount(<QuickLog db={db} tabs={tabs} onOpenSidePanel={openPanel} now={now} />);
    await waitFor(() => expect(view.container.textContent).toMatch(/Pipedrive, HubSpot and Salesforce Lightning/));
    await click(button(view.container, 'Open the side panel'));
    expect(openPanel).toHaveBeenCalledOnce();
  });
});
