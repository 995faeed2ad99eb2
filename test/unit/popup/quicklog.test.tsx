import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { QuickLog } from '@/components/popup/QuickLog';
import type { TabSource } from '@/components/hooks/useTabId';
import type { Locale } from '@/lib/model/settings.schema';
import { button, byLabel, byTestId, check, cleanup, click, mount, press, queryTestId, text, type, waitFor } from '../helpers/render';
import { DEAL, seedPopupDeal, TAB } from './deal';

let db: StagecraftDb;
const tabs: TabSource = { current: () => TAB, subscribe: () => () => {} };
const NOW = new Date('2026-11-23T10:00:00.000Z'); // a Monday
const now = () => NOW;

beforeEach(async () => {
  db = openDatabase(`quicklog-${Math.random()}`);
  await seedPopupDeal(db);
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

async function open(locale: Locale = 'en', onOpenSidePanel = () => {}) {
  const view = await mount(<QuickLog db={db} tabs={tabs} onOpenSidePanel={onOpenSidePanel} now={now} />, locale);
  await waitFor(() => expect(text(byTestId(view.container, 'deal-title'))).toBe('Acme rollout'));
  const root = view.container;
  return { root, form: root.querySelector('form')! };
}
const stored = () => db.activities.toArray();
const checked = (root: ParentNode, name: string) => root.querySelector<HTMLInputElement>(`input[name=${name}]:checked`)?.value ?? null;
const error = (root: ParentNode) => text(queryTestId(root, 'quicklog-error'));

describe('the deal at the top', () => {
  it('shows the tab’s deal title and stage, and whether a next step is scheduled', async () => {
    const { root } = await open();
    expect(text(byTestId(root, 'deal-stage'))).toBe('Proposal Made');
    expect(text(byTestId(root, 'next-status'))).toBe('No next step is scheduled on this deal yet.');
  });
});

describe('keyboard flow', () => {
  it('logs a call that connected with 1, 1, Enter — and resets for the next log', async () => {
    const { root, form } = await open();
    expect(document.activeElement).toBe(form); // the popup opens ready for keys
    await press('1'); // call
    expect(checked(root, 'type')).toBe('call');
    expect(root.querySelector('[data-group=outcome]')?.contains(document.activeElement)).toBe(true); // the next key goes to the outcome
    await press('1'); // connected
    expect(checked(root, 'outcome')).toBe('connected');
    await press('Enter');
    await waitFor(async () => expect(await stored()).toHaveLength(1));
    expect((await stored())[0]).toMatchObject({ dealKey: DEAL, type: 'call', outcome: 'connected', note: '', nextStep: null, owner: null, at: NOW.toISOString(), sync: 'local', crmRefs: null });
    expect(text(byTestId(root, 'toast'))).toMatch(/^Logged: Call — connected/);
    expect(byTestId(root, 'toast').closest('[aria-live]')?.getAttribute('aria-live')).toBe('polite');
    expect(checked(root, 'type')).toBeNull();
    expect(root.querySelector('[data-group=outcome]')).toBeNull();
    expect(document.activeElement).toBe(form);
    // …and straight into the next one.
    await press('2');
    await press('2'); // email replied
    await press('Enter');
    await waitFor(async () => expect((await stored()).map((a) => `${a.type}/${a.outcome}`).sort()).toEqual(['call/connected', 'email/replied']));
  });

  it('shows the keys in a hint line', async () => {
    const { root } = await open();
    expect(text(byTestId(root, 'key-hint'))).toBe('Keys: 1–5 type, then 1–4 or a letter for the outcome, Enter saves. Tab to the note (Ctrl+Enter saves there). Ctrl+Z undoes.');
  });

  it('picks the outcome by letter and by arrow keys', async () => {
    const { root } = await open();
    await press('e'); // Email
    expect(checked(root, 'type')).toBe('email');
    await press('r'); // replied
    expect(checked(root, 'outcome')).toBe('replied');
    await press('ArrowRight');
    expect(checked(root, 'outcome')).toBe('bounced');
    await press('ArrowRight'); // wraps
    expect(checked(root, 'outcome')).toBe('sent');
    await press('ArrowLeft');
    expect(checked(root, 'outcome')).toBe('bounced');
    await press('Enter');
    await waitFor(async () => expect((await stored())[0]).toMatchObject({ type: 'email', outcome: 'bounced' }));
  });

  it('arrow keys in the type choice change the type; Escape steps back', async () => {
    const { root } = await open();
    await press('ArrowDown'); // from the form: the first type
    expect(checked(root, 'type')).toBe('call');
    expect(root.querySelector('[data-group=type]')?.contains(document.activeElement)).toBe(true);
    await press('ArrowDown');
    expect(checked(root, 'type')).toBe('email');
    await press('3'); // focus is in the type choice: a digit picks the type there
    expect(checked(root, 'type')).toBe('meeting');
    await press('2'); // …and moved on to the outcome
    expect(checked(root, 'outcome')).toBe('noShow');
    await press('Escape');
    expect(checked(root, 'outcome')).toBeNull();
    await press('Escape');
    expect(checked(root, 'type')).toBeNull();
  });

  it('number keys follow the team’s key activity types', async () => {
    await db.settings.put({ id: 'settings', value: { keyActivityTypes: ['proposal', 'demo'] } });
    const { root } = await open();
    await waitFor(() => expect(root.querySelectorAll('input[name=type]')).toHaveLength(2));
    await press('3'); // no third type: nothing happens
    expect(checked(root, 'type')).toBeNull();
    await press('1');
    await press('Enter');
    await waitFor(async () => expect((await stored())[0]).toMatchObject({ type: 'proposal', outcome: null }));
  });

  it('asks for a type before saving, and stores nothing', async () => {
    const { root } = await open();
    await press('Enter');
    expect(error(root)).toBe('Choose what happened first (keys 1–5).');
    expect(document.activeElement).toBe(root.querySelector('input[name=type]'));
    expect(await stored()).toHaveLength(0);
  });

  it('Enter in the note is a new line; Ctrl+Enter (or ⌘+Enter) saves', async () => {
    const { root } = await open();
    await press('4'); // demo
    const note = byLabel<HTMLTextAreaElement>(root, 'Note (optional)');
    await type(note, 'Showed the reminder module');
    expect(await press('Enter', { on: note })).toBe(false);
    expect(await stored()).toHaveLength(0);
    await press('Enter', { on: note, metaKey: true });
    await waitFor(async () => expect((await stored())[0]).toMatchObject({ type: 'demo', outcome: null, note: 'Showed the reminder module' }));
  });

  it('the owner is “me” for this CRM from the settings', async () => {
    await db.settings.put({ id: 'settings', value: { me: { pipedrive: 'Rita Rep', hubspot: '', salesforce: '' } } });
    await open();
    await press('1');
    await press('Enter');
    await waitFor(async () => expect((await stored())[0]?.owner).toBe('Rita Rep'));
  });
});

describe('validation', () => {
  it('accepts a note of 10 000 characters and clearly refuses 10 001, cutting nothing', async () => {
    const { root } = await open();
    await press('3');
    const note = byLabel<HTMLTextAreaElement>(root, 'Note (optional)');
    await type(note, 'x'.repeat(8_999));
    expect(queryTestId(root, 'note-count')).toBeNull(); // no counter far from the limit
    await type(note, 'x'.repeat(10_001));
    expect(text(byTestId(root, 'note-count'))).toBe('The note has 10,001 characters; the limit is 10,000. Remove 1 to save; nothing has been cut off.');
    expect(note.getAttribute('aria-invalid')).toBe('true');
    await press('Enter', { on: note, ctrlKey: true });
    expect(error(root)).toMatch(/^The note has 10,001 characters; the limit is 10,000/);
    expect(document.activeElement).toBe(note);
    expect(note.value).toHaveLength(10_001);
    expect(await stored()).toHaveLength(0);
    await type(note, 'x'.repeat(10_000));
    expect(text(byTestId(root, 'note-count'))).toBe('10,000 of 10,000 characters');
    await press('Enter', { on: note, ctrlKey: true });
    await waitFor(async () => expect((await stored())[0]?.note).toHaveLength(10_000));
  });

  it('questions a next-step date in the past until it is confirmed', async () => {
    const { root } = await open();
    await press('1');
    const due = byTestId<HTMLInputElement>(root, 'due');
    await type(due, '2026-11-01');
    expect(text(byTestId(root, 'due-past'))).toMatch(/^Sun, 1 Nov 2026 is in the past\. Is that right\?/);
    await press('Enter', { on: due });
    expect(error(root)).toMatch(/^The due date Sun, 1 Nov 2026 is in the past/);
    expect(await stored()).toHaveLength(0);
    const confirm = byLabel(root, 'Yes, keep this date');
    expect(document.activeElement).toBe(confirm);
    await check(confirm);
    await press('Enter', { on: confirm });
    await waitFor(async () => expect((await stored())[0]?.nextStep).toEqual({ title: 'Follow up', dueAt: '2026-11-01T23:59:59.999+00:00' }));
  });

  it('today, tomorrow and “3d” are not questioned; the day is shown as understood', async () => {
    const { root } = await open();
    await press('1');
    await type(byLabel(root, 'What'), 'Send pricing');
    const due = byTestId<HTMLInputElement>(root, 'due');
    await type(due, 'today');
    expect(queryTestId(root, 'due-past')).toBeNull();
    await type(due, '3d');
    expect(text(byTestId(root, 'due-parsed'))).toBe('Due Thu, 26 Nov 2026');
    await press('Enter', { on: due });
    await waitFor(async () => expect((await stored())[0]?.nextStep).toEqual({ title: 'Send pricing', dueAt: '2026-11-26T23:59:59.999+00:00' }));
    await waitFor(() => expect(text(byTestId(root, 'next-status'))).toBe('Next step: Send pricing, due Thu, 26 Nov 2026'));
  });

  it('an unreadable date or a next step without a date is refused with a clear message', async () => {
    const { root } = await open();
    await press('1');
    await type(byLabel(root, 'What'), 'Call back');
    await press('Enter', { on: byLabel(root, 'What') });
    expect(error(root)).toBe('When is “Call back” due? Type a day, e.g. tomorrow or 3d.');
    expect(document.activeElement).toBe(byTestId(root, 'due'));
    await type(byTestId(root, 'due'), 'soonish');
    expect(text(byTestId(root, 'due-invalid'))).toMatch(/^Cannot read “soonish” as a date/);
    await press('Enter', { on: byTestId(root, 'due') });
    expect(await stored()).toHaveLength(0);
    // Said once, under the field the focus is on; not repeated below the form.
    expect(root.textContent!.split('Cannot read “soonish”')).toHaveLength(2);
    expect(document.activeElement).toBe(byTestId(root, 'due'));
  });

  it('a date as the app itself prints it (“1 Dec”) is a due date', async () => {
    const { root } = await open();
    await press('1');
    await type(byLabel(root, 'What'), 'Call back');
    await type(byTestId(root, 'due'), '1 Dec');
    expect(text(byTestId(root, 'due-parsed'))).toMatch(/1 Dec 2026/);
    expect(queryTestId(root, 'due-invalid')).toBeNull();
    await press('Enter', { on: byTestId(root, 'due') });
    await waitFor(async () => expect((await stored())[0]?.nextStep).toEqual({ title: 'Call back', dueAt: '2026-12-01T23:59:59.999+00:00' }));
  });
});

describe('undo', () => {
  it('the toast’s Undo removes exactly that activity and gives the values back', async () => {
    await db.activities.put({ id: 'earlier', dealKey: DEAL, type: 'email', outcome: 'sent', note: '', at: '2026-11-22T10:00:00.000Z', nextStep: null, owner: null, sync: 'local', crmRefs: null });
    const { root } = await open();
    await press('1');
    await press('3'); // no answer
    await press('Enter');
    await waitFor(async () => expect(await stored()).toHaveLength(2));
    await click(button(root, 'Undo'));
    await waitFor(async () => expect((await stored()).map((a) => a.id)).toEqual(['earlier']));
    expect(text(byTestId(root, 'toast'))).toBe('Removed: Call — no answer');
    expect(checked(root, 'type')).toBe('call');
    expect(checked(root, 'outcome')).toBe('noAnswer');
    expect(document.activeElement).toBe(root.querySelector('input[name=type]:checked'));
  });

  it('Ctrl+Z undoes the last log', async () => {
    const { root } = await open();
    await press('5');
    await press('1');
    await press('Enter');
    await waitFor(async () => expect(await stored()).toHaveLength(1));
    await press('z', { ctrlKey: true });
    await waitFor(async () => expect(await stored()).toHaveLength(0));
    expect(text(byTestId(root, 'toast'))).toBe('Removed: Proposal — sent');
  });
});

describe('not on a deal', () => {
  it('says where Stagecraft works and still opens the side panel', async () => {
    await db.tabs.put({ tabId: TAB, dealKey: null, state: 'notDeal', url: 'https://acme.pipedrive.com/person/2', detail: null, at: '2026-11-23T09:00:00.000Z' });
    const openPanel = vi.fn();
    const view = await mount(<QuickLog db={db} tabs={tabs} onOpenSidePanel={openPanel} now={now} />);
    await waitFor(() => expect(view.container.textContent).toMatch(/Open a deal to log an activity/));
    expect(view.container.textContent).toMatch(/Pipedrive, HubSpot and Salesforce Lightning/);
    expect(view.container.textContent).toMatch(/\*\.lightning\.force\.com/);
    expect(view.container.querySelector('form')).toBeNull();
    expect(document.activeElement).toBe(button(view.container, 'Open the side panel'));
    await click(button(view.container, 'Open the side panel'));
    expect(openPanel).toHaveBeenCalledOnce();
  });

  it('with no tab to follow, the same', async () => {
    const view = await mount(<QuickLog db={db} tabs={{ current: () => null, subscribe: () => () => {} }} onOpenSidePanel={() => {}} now={now} />);
    await waitFor(() => expect(view.container.textContent).toMatch(/Open a deal to log an activity/));
  });

  it('a deal page that could not be read says so', async () => {
    await db.tabs.put({ tabId: TAB, dealKey: null, state: 'readError', url: 'https://acme.pipedrive.com/deal/1', detail: 'no title found', at: '2026-11-23T09:00:00.000Z' });
    const view = await mount(<QuickLog db={db} tabs={tabs} onOpenSidePanel={() => {}} now={now} />);
    await waitFor(() => expect(view.container.textContent).toMatch(/Could not read this deal.*no title found/));
    button(view.container, 'Open the side panel');
  });
});

describe('in Swedish', () => {
  it('labels, keys and due words', async () => {
    const { root } = await open('sv');
    expect(text(root.querySelector('[data-group=type] legend'))).toBe('Vad hände?');
    await press('1');
    expect(text(root.querySelector('[data-group=outcome]'))).toMatch(/Fick kontakt/);
    await press('f'); // "fick kontakt"
    await type(byTestId(root, 'due'), 'imorgon');
    expect(text(byTestId(root, 'due-parsed'))).toMatch(/^Senast tis 24 nov\.? 2026$/);
    await press('Enter', { on: byTestId(root, 'due') });
    await waitFor(async () => expect((await stored())[0]).toMatchObject({ type: 'call', outcome: 'connected', nextStep: { title: 'Följ upp', dueAt: '2026-11-24T23:59:59.999+00:00' } }));
    expect(text(byTestId(root, 'toast'))).toMatch(/^Loggat: Samtal — fick kontakt/);
  });
});
