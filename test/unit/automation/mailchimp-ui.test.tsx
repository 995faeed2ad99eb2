import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { loadMailchimpSettings, saveMailchimpSettings } from '@/lib/db/mailchimp';
import { mailchimpSettingsSchema } from '@/lib/mailchimp/rules';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { MAILCHIMP_CONNECTION_KEY } from '@/lib/mailchimp/key';
import type { SyncedDeal, SyncedPipeline, SyncMeta } from '@/lib/team-sync/types';
import { runAutomation } from '@/entrypoints/background/automation';
import { AutomationTab } from '@/components/automation/AutomationTab';
import type { PermissionRequest } from '@/components/connections/Connections';
import { hubspotDealsServer, HUBSPOT_AUTOMATION_TOKEN } from '../../support/crm-servers/hubspot-deals';
import { addMember, hashOf, mailchimpServer, MAILCHIMP_TEST_KEY, type MailchimpWorld } from '../../support/crm-servers/mailchimp';
import { memoryStore } from '../crm-api/memory-store';
import { allByTestId, byLabel, byTestId, cleanup, click, mount, select, type, waitFor } from '../helpers/render';

// The Automation tab's e-mail lists: connecting Mailchimp (the key's data centre host asked for,
// nothing stored when the browser refuses), a rule "Trial started → subscribe to Trial nurture,
// tagged trial", its dry run contact by contact, Apply and the log.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const HOUR = 3_600_000;
let open: StagecraftDb[] = [];
afterEach(async () => {
  await cleanup();
  for (const db of open) {
    db.close();
    await Dexie.delete(db.name);
  }
  open = [];
});

const PIPELINES: SyncedPipeline[] = [{ id: 'default', name: 'Sales', stages: [{ id: 'qualified', name: 'Qualified', probability: 0.1, rotDays: null, closes: null }, { id: 'trial', name: 'Trial started', probability: 0.4, rotDays: null, closes: null }] }];

async function setUp(name: string, grant: boolean, before: (db: StagecraftDb) => Promise<void> = async () => {}) {
  const db = openDatabase(name);
  open.push(db);
  const crm = hubspotDealsServer({
    owners: [{ id: '10', firstName: 'Ingrid', lastName: 'Dahl', email: 'ingrid@nordic.example' }],
    deals: new Map([['201', { dealname: 'Fjord Freight', hubspot_owner_id: '10', pipeline: 'default', dealstage: 'trial', amount: '1000' }]]),
    dealContacts: new Map([['201', ['1', '2']]]),
    contacts: new Map([
      ['1', { id: '1', email: 'kari@fjord.example', firstname: 'Kari', lastname: null }],
      ['2', { id: '2', email: 'ola@fjord.example', firstname: 'Ola', lastname: null }],
    ]),
  });
  const mw: MailchimpWorld = { lists: [{ id: 'a1b2c3', name: 'Trial nurture' }, { id: 'd4e5f6', name: 'Newsletter' }], members: new Map() };
  addMember(mw, 'a1b2c3', { email: 'ola@fjord.example', status: 'unsubscribed', tags: [], mergeFields: {} });
  const mail = mailchimpServer(mw);
  const meta: SyncMeta = { crm: 'hubspot', account: 'hubspot', completedAt: NOW - 60_000, startedAt: NOW - 120_000, since: 0, mode: 'incremental', deals: 1, activities: 0 };
  await db.teamSync.bulkPut([
    { id: 'meta', value: meta },
    { id: 'status', value: { state: 'complete', crm: 'hubspot', at: NOW - 60_000 } },
    { id: 'pipelines', value: PIPELINES },
  ]);
  const deal: SyncedDeal = { id: '201', title: 'Fjord Freight', owner: 'Ingrid Dahl', pipeline: 'default', value: 1000, currency: 'EUR', createdAt: NOW - 48 * HOUR, status: 'open', closedAt: null, stageHistory: [{ stage: 'qualified', enteredAt: NOW - 48 * HOUR }, { stage: 'trial', enteredAt: NOW - 2 * HOUR }], seenIn: 'r' };
  await db.syncedDeals.put(deal);
  await before(db);
  const store = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_AUTOMATION_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
  const asked: PermissionRequest[] = [];
  const deps = {
    client: createCrmApiClient({ fetch: crm.fetch, now: () => new Date(NOW), sleep: async () => {} }),
    credentials: store,
    salesforceSession: async () => null,
    now: () => new Date(NOW),
    sleep: async () => {},
    mailchimpFetch: ((input: RequestInfo | URL, init?: RequestInit) => mail.handle(new Request(input, init))) as typeof fetch,
  };
  const { container } = await mount(
    <AutomationTab db={db} run={(op) => runAutomation(db, deps, op)} now={() => new Date(NOW - 24 * HOUR)} mailchimp={{ store, requestPermissions: async (request) => (asked.push(request), grant), removePermissions: async () => true }} />,
  );
  return { db, root: container, store, asked, mail, mw };
}

describe('the Automation tab: e-mail lists by stage', () => {
  it('a refused permission connects nothing; a wrong key is said before anything is asked', async () => {
    const { root, store, asked } = await setUp('mc-ui-refused', false);
    const mailchimp = await waitFor(() => byTestId(root, 'mailchimp'));
    await type(byLabel(mailchimp, 'Mailchimp API key'), 'not-a-key');
    await click(byTestId(mailchimp, 'mailchimp-connect-button'));
    expect(byTestId(mailchimp, 'mailchimp-connect-status').textContent).toBe('This is not a Mailchimp API key: 32 letters and digits, a dash and the data centre (…-us21).');
    expect(asked).toEqual([]);
    await type(byLabel(mailchimp, 'Mailchimp API key'), MAILCHIMP_TEST_KEY);
    await click(byTestId(mailchimp, 'mailchimp-connect-button'));
    await waitFor(() => expect(byTestId(mailchimp, 'mailchimp-connect-status').textContent).toBe('The browser did not allow reaching us21.api.mailchimp.com: Mailchimp is not connected.'));
    // The host, and for Firefox's consent what Mailchimp is sent: the contacts' addresses and names, the key.
    expect(asked).toEqual([{ permissions: [], origins: ['https://us21.api.mailchimp.com/*'], dataCollection: ['personallyIdentifyingInfo', 'authenticationInfo'] }]);
    expect(await store.get(MAILCHIMP_CONNECTION_KEY)).toBeUndefined();
  });

  it('Trial started → Trial nurture: connect, save the rule, dry run, Apply; the log lists each contact', async () => {
    const { db, root, store, mail, mw } = await setUp('mc-ui-flow', true);
    const mailchimp = await waitFor(() => byTestId(root, 'mailchimp'));
    await type(byLabel(mailchimp, 'Mailchimp API key'), MAILCHIMP_TEST_KEY);
    await click(byTestId(mailchimp, 'mailchimp-connect-button'));
    await waitFor(() => expect(byTestId(mailchimp, 'mailchimp-connected').textContent).toBe('Connected with key …def-us21 through us21.api.mailchimp.com'));
    expect(await store.get(MAILCHIMP_CONNECTION_KEY)).toMatchObject({ key: MAILCHIMP_TEST_KEY, dataCentre: 'us21' });
    await waitFor(() => expect(byTestId(mailchimp, 'mailchimp-connect-status').textContent).toBe('Mailchimp connected through us21.api.mailchimp.com.'));
    await waitFor(() => expect(byTestId(mailchimp, 'mailchimp-lists').textContent).toMatch(/^2 lists read from Mailchimp/));

    await click(byTestId(mailchimp, 'add-list-rule'));
    const rule = byTestId(mailchimp, 'list-rule');
    await select(byLabel<HTMLSelectElement>(rule, 'When a deal enters'), 'trial');
    expect(byLabel<HTMLSelectElement>(rule, 'List').selectedOptions[0]!.textContent).toBe('Trial nurture');
    await type(byLabel(rule, 'with tags (comma-separated)'), 'trial, q4');
    await click(byTestId(mailchimp, 'list-rules-save'));
    await waitFor(() => expect(byTestId(mailchimp, 'list-rules-status').textContent).toBe('Rules saved. Make a dry run to see what they would do.'));
    expect((await loadMailchimpSettings(db)).settings).toMatchObject({ rules: [{ stage: 'trial', listId: 'a1b2c3', action: 'subscribe', tags: ['trial', 'q4'] }], activeSince: NOW - 24 * HOUR });

    mail.log.length = 0;
    await waitFor(() => expect(byTestId<HTMLButtonElement>(mailchimp, 'list-dry-run').disabled).toBe(false));
    await click(byTestId(mailchimp, 'list-dry-run'));
    await waitFor(() => expect(byTestId(mailchimp, 'list-plan-count').textContent).toBe('Would make 1 change in Mailchimp'));
    expect(allByTestId(mailchimp, 'list-plan-row').map((r) => [...r.children].map((c) => c.textContent))).toEqual([['Fjord Freight', 'kari@fjord.example', 'subscribe to Trial nurture', 'trial, q4']]);
    expect(byTestId(mailchimp, 'list-plan-notes').textContent).toBe('Fjord Freight: ola@fjord.example left alone in Trial nurture (unsubscribed themselves).');
    expect(mail.log.filter((r) => r.method !== 'GET')).toEqual([]);

    await click(byTestId(mailchimp, 'list-apply'));
    await waitFor(() => expect(byTestId(mailchimp, 'list-run-status').textContent).toBe('Applied: see the log below.'));
    expect(mail.log.filter((r) => r.method !== 'GET').map((r) => r.line)).toEqual([`PUT /3.0/lists/a1b2c3/members/${hashOf('kari@fjord.example')}`, `POST /3.0/lists/a1b2c3/members/${hashOf('kari@fjord.example')}/tags`]);
    expect(mw.members.get('a1b2c3')!.get(hashOf('kari@fjord.example'))).toMatchObject({ status: 'subscribed', tags: ['trial', 'q4'] });
    await waitFor(() => expect(allByTestId(root, 'automation-entry').map((e) => e.textContent)).toEqual(['Done Fjord Freight: kari@fjord.example subscribed to Trial nurture (trial, q4)']));
    expect(allByTestId(root, 'automation-run')[0]!.querySelector('summary')!.textContent).toMatch(/^E-mail lists of .* · 1 done, 0 skipped, 0 failed/);
    // Who was left alone, and why, stays with the run.
    expect(byTestId(allByTestId(root, 'automation-run')[0]!, 'automation-run-notes').textContent).toBe('Fjord Freight: ola@fjord.example left alone in Trial nurture (unsubscribed themselves).');
  });

  it('a rule naming a list that is no longer in Mailchimp is flagged in the editor', async () => {
    const { root } = await setUp('mc-ui-gone', true, (db) => saveMailchimpSettings(db, mailchimpSettingsSchema.parse({ rules: [{ id: 'r', stage: 'trial', listId: 'gone42', action: 'subscribe', tags: [] }] }), new Date(NOW - HOUR)).then(() => undefined));
    const mailchimp = await waitFor(() => byTestId(root, 'mailchimp'));
    await type(byLabel(mailchimp, 'Mailchimp API key'), MAILCHIMP_TEST_KEY);
    await click(byTestId(mailchimp, 'mailchimp-connect-button'));
    await waitFor(() => expect(byTestId(mailchimp, 'mailchimp-lists').textContent).toMatch(/^2 lists read from Mailchimp/));
    expect(byTestId(mailchimp, 'list-rule-gone').textContent).toBe('List gone42 is no longer in Mailchimp: this rule is skipped when the rules run.');
    expect(byTestId<HTMLSelectElement>(mailchimp, 'list-rule-list').getAttribute('aria-invalid')).toBe('true');
  });
});
