import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { SidePanel } from '@/components/sidepanel/SidePanel';
import type { TabSource } from '@/components/hooks/useTabId';
import { TEMPLATES } from '@/lib/playbook/templates';
import { updateSettings } from '@/lib/db/settings';
import { allByTestId, byTestId, cleanup, click, mount, text, waitFor } from '../helpers/render';

// The stage's scripts in the side panel: filled for the deal, copied in one click, evidence for a task.

let db: StagecraftDb;
let n = 0;
const now = () => new Date('2026-11-23T10:00:00Z');
const tabs: TabSource = { current: () => 1, subscribe: () => () => {} };
const actions = { reread: vi.fn(), openOptions: vi.fn(), openQuickLog: vi.fn(), openUrl: vi.fn() };
const dealKey = 'pipedrive:acme:7';

beforeEach(async () => {
  db = openDatabase(`scripts-panel-${n++}`);
  const playbook = TEMPLATES[0]!.build(new Date('2026-01-01T00:00:00Z'));
  await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
  await db.deals.put({
    key: dealKey, crm: 'pipedrive', account: 'acme', dealId: '7', url: 'https://acme.pipedrive.com/deal/7',
    snapshot: { crm: 'pipedrive', dealId: '7', title: 'Acme <b>rollout</b> {{me.name}}', pipeline: 'Sales pipeline', stage: 'Contact Made', stages: [], value: 48000, currency: 'USD', owner: 'Rachel Kim', closeDate: '2027-03-31', status: 'open' },
    firstSeenAt: '2026-11-20T09:00:00.000Z', lastSeenAt: '2026-11-23T09:00:00.000Z',
  });
  await db.stageVisits.add({ dealKey, stage: 'Contact Made', enteredAt: '2026-11-20T09:00:00.000Z', source: 'observed' });
  await db.tabs.put({ tabId: 1, dealKey, state: 'deal', url: 'https://acme.pipedrive.com/deal/7', detail: null, at: '2026-11-23T09:00:00.000Z' });
  await updateSettings(db, { me: { pipedrive: 'Rachel', hubspot: '', salesforce: '' } });
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('scripts in the side panel', () => {
  it('shows the stage’s scripts filled for the deal, marks what is missing, copies the text and ticks the task it is evidence for', async () => {
    const copied: string[] = [];
    const view = await mount(<SidePanel db={db} tabs={tabs} actions={actions} now={now} copyText={async (t) => void copied.push(t)} />);
    await waitFor(() => expect(allByTestId(view.container, 'script-copy')).toHaveLength(2));
    const invite = view.container.querySelector('[data-script-id="demo-invite"]')!;
    // Subject filled, the title's own braces and markup kept as text.
    expect(text(invite.querySelector('[data-testid="script-subject"]'))).toBe('Subject: A demo of Acme <b>rollout</b> {{me.name}}, tailored to your case');
    expect(invite.querySelector('b')).toBeNull();
    const missing = invite.querySelectorAll('mark.script__missing');
    expect([...missing].map((m) => m.textContent)).toEqual(['contact’s first name']);
    expect(text(invite)).toMatch(/The marked parts are not known for this deal/);
    const mail = invite.querySelector<HTMLAnchorElement>('[data-testid="script-mail"]')!;
    expect(mail.getAttribute('href')).toMatch(/^mailto:\?subject=A%20demo%20of%20Acme%20%3Cb%3Erollout%3C%2Fb%3E%20%7B%7Bme.name%7D%7D/);
    expect(decodeURIComponent(mail.getAttribute('href')!.split('&body=')[1]!)).toMatch(/^Hi \[contact’s first name\],\r\n/);

    expect((await db.checklist.get([dealKey, 'qualified', 'book-demo']))).toBeUndefined();
    await click(invite.querySelector('[data-testid="script-copy"]')!);
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toMatch(/^A demo of Acme <b>rollout<\/b> \{\{me.name\}\}, tailored to your case\n\nHi \[contact’s first name\],\n\nAs agreed/);
    expect(copied[0]).toMatch(/Best regards,\nRachel$/);
    await waitFor(() => expect(text(byTestId(view.container, 'script-status'))).toBe('Ticked “Book the demo with the decision makers”.'));
    const entry = await db.checklist.get([dealKey, 'qualified', 'book-demo']);
    expect(entry).toMatchObject({ state: 'done', by: 'evidence', evidenceActivityId: null });
    await waitFor(() => expect(text(view.container.querySelector('[data-task-id="book-demo"]'))).toMatch(/ticked by using a script/));
  });

  it('a clipboard that refuses says so and ticks nothing', async () => {
    const view = await mount(<SidePanel db={db} tabs={tabs} actions={actions} now={now} copyText={() => Promise.reject(new Error('Document is not focused.'))} />);
    await waitFor(() => expect(allByTestId(view.container, 'script-copy')).toHaveLength(2));
    await click(view.container.querySelector('[data-script-id="demo-invite"] [data-testid="script-copy"]')!);
    await waitFor(() => expect(text(byTestId(view.container, 'script-status'))).toBe('Could not copy: the browser did not allow copying to the clipboard (technical detail: Error: Document is not focused.)'));
    expect(await db.checklist.get([dealKey, 'qualified', 'book-demo'])).toBeUndefined();
  });
});
