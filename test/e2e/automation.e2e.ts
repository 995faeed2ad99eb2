import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { launchWithExtension, setExtensionStorage, type ExtensionBrowser } from '../../scripts/browser';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../support/crm-servers/hubspot';
import { addMember, hashOf, mailchimpServer, MAILCHIMP_TEST_KEY, type MailchimpWorld } from '../support/crm-servers/mailchimp';
import { generateTeam, type WorldDeal } from '../support/crm-servers/team';
import { json, type CrmServer } from '../support/crm-servers/server';
import { seriousViolations } from './axe';

// The manager in a real Chromium, with HubSpot's and Mailchimp's APIs served at their real
// addresses by this test: the team synced, "new deals from Norway over €20 000 go to Ingrid, others
// round-robin in Team Nordic" and "Trial started → Mailchimp list Trial nurture" set on the
// Automation tab; new deals arrive and the team is synced again; Dry run, then Apply — the CRM and
// Mailchimp show exactly that, each change sent once (a 429 in the middle waited out); Undo puts the
// owners back.

let browser: ExtensionBrowser;
const world = generateTeam({ crm: 'hubspot', seed: 23, deals: 30, now: Date.now() - 60_000 });
world.owners.push({ id: '9001', firstName: 'Ingrid', lastName: 'Dahl', archived: false }, { id: '9002', firstName: 'Lars', lastName: 'Strand', archived: false }, { id: '9003', firstName: 'Sofie', lastName: 'Lind', archived: false });
const trial = world.pipelines[0]!.stages.find((s) => s.id === 'demo')!;
trial.name = 'Trial started';
const mailWorld: MailchimpWorld = { lists: [{ id: 'a1b2c3', name: 'Trial nurture' }, { id: 'd4e5f6', name: 'Newsletter' }], members: new Map() };
addMember(mailWorld, 'a1b2c3', { email: 'ola@fjord.example', status: 'unsubscribed', tags: [], mergeFields: {} });
let crm: CrmServer;
let mail: CrmServer;

const serve = (server: () => CrmServer) => async (route: Route) => {
  const request = route.request();
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, PUT, PATCH' };
  if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
  const response = await server().handle(new Request(request.url(), { method: request.method(), headers: request.headers(), body: request.postData() ?? undefined }));
  return route.fulfill({ status: response.status, headers: { ...cors, ...Object.fromEntries(response.headers) }, body: response.status === 204 ? undefined : await response.text() });
};

beforeAll(async () => {
  crm = hubspotServer(world);
  mail = mailchimpServer(mailWorld);
  browser = await launchWithExtension();
  await browser.context.route('https://api.hubapi.com/**', serve(() => crm));
  await browser.context.route('https://us21.api.mailchimp.com/**', serve(() => mail));
  await setExtensionStorage(browser, {
    'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: new Date().toISOString() },
    'mailchimp.connection': { key: MAILCHIMP_TEST_KEY, dataCentre: 'us21', connectedAt: new Date().toISOString() },
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Syncs the team from the Connections tab; answers the number of deals synced (`deals`: the number to wait for). */
async function syncTeam(options: Page, deals: number | null): Promise<number> {
  await options.getByTestId('tab-connections').click();
  await options.getByTestId('team-sync-start').click();
  const text = () => options.getByTestId('sync-provenance').first().textContent().catch(() => '');
  await expect.poll(text, { timeout: 60_000 }).toMatch(new RegExp(`^Synced from HubSpot .* · ${deals ?? '\\d+'} deals$`));
  return Number(/· (\d+) deals$/.exec((await text()) ?? '')![1]);
}

const newDeal = (id: string, title: string, value: number, country: string, stage: string): WorldDeal => {
  const at = Date.now();
  return { id, title, ownerId: null, pipeline: 'default', value, currency: 'EUR', createdAt: at, status: 'open', closedAt: null, historyHasClose: false, entries: [{ stage, at }], modifiedAt: at, deleted: false, source: null, properties: { country } };
};
const writes = (server: CrmServer) => server.log.filter((r) => r.method !== 'GET').map((r) => r.line);

describe('Automation from the playbook', () => {
  it('assigns new deals and moves their contacts into the nurture list, exactly once; Undo puts the owners back', async () => {
    const options = await browser.context.newPage();
    await options.goto(browser.extensionUrl('options.html'));
    const synced = await syncTeam(options, null);

    // The rules, as the manager sets them.
    await options.getByTestId('tab-automation').click();
    await expect.poll(() => options.getByTestId('automation-reps').textContent(), { timeout: 20_000 }).toMatch(/reps read from HubSpot/);
    await options.getByTestId('add-group').click();
    await options.getByLabel('Group name').fill('Team Nordic');
    await options.getByRole('checkbox', { name: 'Lars Strand', exact: true }).check();
    await options.getByRole('checkbox', { name: 'Sofie Lind', exact: true }).check();
    await options.getByTestId('add-rule').click();
    const rule = options.getByTestId('assignment-rule');
    await rule.getByLabel('Name').fill('Norway over €20 000');
    await rule.getByLabel('value at least').fill('20 000,01');
    await rule.getByTestId('add-condition').click();
    await rule.getByLabel('CRM field').fill('country');
    await rule.getByLabel('is one of (comma-separated)').fill('Norway');
    await rule.getByLabel('Rep').selectOption({ label: 'Ingrid Dahl' });
    await options.getByTestId('target-picker').last().getByLabel('Who').selectOption('roundRobin');
    await options.getByTestId('assignment-save').click();
    await expect.poll(() => options.getByTestId('assignment-save-status').textContent()).toBe('Rules saved. Make a dry run to see what they would do.');

    const mailchimp = options.getByTestId('mailchimp');
    await expect.poll(() => mailchimp.getByTestId('mailchimp-connected').textContent()).toBe('Connected with key …def-us21 through us21.api.mailchimp.com');
    await mailchimp.getByTestId('mailchimp-lists-refresh').click();
    await expect.poll(() => mailchimp.getByTestId('mailchimp-lists').textContent()).toMatch(/^2 lists read from Mailchimp/);
    await mailchimp.getByTestId('add-list-rule').click();
    const listRule = mailchimp.getByTestId('list-rule');
    await listRule.getByLabel('When a deal enters').selectOption({ label: 'Trial started (Sales Pipeline)' });
    await listRule.getByLabel('List', { exact: true }).selectOption({ label: 'Trial nurture' });
    await listRule.getByLabel('with tags (comma-separated)').fill('trial');
    await mailchimp.getByTestId('list-rules-save').click();
    await expect.poll(() => mailchimp.getByTestId('list-rules-status').textContent()).toBe('Rules saved. Make a dry run to see what they would do.');

    // New deals arrive in HubSpot; the team is synced again.
    world.deals.push(newDeal('90001', 'Fjord Freight', 45_000, 'Norway', 'demo'), newDeal('90002', 'Malmö Mills', 8_000, 'Sweden', 'qualified'), newDeal('90003', 'Turku Tools', 60_000, 'Finland', 'qualified'));
    world.contacts = [
      { id: '501', email: 'kari@fjord.example', firstName: 'Kari', lastName: 'Nordmann', dealIds: ['90001'] },
      { id: '502', email: 'ola@fjord.example', firstName: 'Ola', lastName: null, dealIds: ['90001'] },
    ];
    await syncTeam(options, synced + 3);
    await options.getByTestId('tab-automation').click();

    // Dry run: each deal with the rule that matched; nothing written.
    crm.log.length = 0;
    await options.getByTestId('assignment-dry-run').click();
    await expect.poll(() => options.getByTestId('assignment-plan-count').textContent(), { timeout: 20_000 }).toBe('Would assign 3 deals');
    const rows = await options.getByTestId('plan-row').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows).toEqual([
      ['Fjord Freight', 'Norway over €20 000', 'nobody', 'Ingrid Dahl', '—'],
      ['Malmö Mills', 'Default', 'nobody', 'Lars Strand', '—'],
      ['Turku Tools', 'Default', 'nobody', 'Sofie Lind', '—'],
    ]);
    expect(writes(crm)).toEqual([]);

    // Apply, with HubSpot's rate limit answering the second change once.
    crm.log.length = 0;
    let patches = 0;
    crm.faults.push({ when: (r) => r.method === 'PATCH' && ++patches === 2, respond: () => json({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }, 429, { 'retry-after': '1' }) });
    await options.getByTestId('assignment-apply').click();
    await expect.poll(() => options.getByTestId('assignment-run-status').textContent(), { timeout: 30_000 }).toBe('Applied: see the log below.');
    expect(writes(crm)).toEqual(['PATCH /crm/v3/objects/deals/90001', 'PATCH /crm/v3/objects/deals/90002', 'PATCH /crm/v3/objects/deals/90002', 'PATCH /crm/v3/objects/deals/90003']);
    expect(world.deals.slice(-3).map((d) => [d.title, d.ownerId])).toEqual([['Fjord Freight', '9001'], ['Malmö Mills', '9002'], ['Turku Tools', '9003']]);
    await expect.poll(() => options.getByTestId('automation-entry').allTextContents()).toEqual(['Done Fjord Freight: nobody → Ingrid Dahl', 'Done Malmö Mills: nobody → Lars Strand', 'Done Turku Tools: nobody → Sofie Lind']);
    // The tab with rules, groups, the plan and the log: no serious or critical accessibility violation, light or dark.
    for (const scheme of ['light', 'dark'] as const) {
      await options.emulateMedia({ colorScheme: scheme });
      expect(await seriousViolations(options)).toEqual([]);
    }

    // The e-mail list: Kari subscribed with the tag; Ola, who unsubscribed himself, left alone.
    await mailchimp.getByTestId('list-dry-run').click();
    await expect.poll(() => mailchimp.getByTestId('list-plan-count').textContent(), { timeout: 20_000 }).toBe('Would make 1 change in Mailchimp');
    expect(await mailchimp.getByTestId('list-plan-notes').textContent()).toBe('Fjord Freight: ola@fjord.example left alone in Trial nurture (unsubscribed themselves).');
    expect(writes(mail)).toEqual([]);
    mail.faults.push({ when: (r) => r.method === 'PUT', respond: () => json({ title: 'Too Many Requests', status: 429, detail: 'You have exceeded the limit of 10 simultaneous connections.' }, 429, { 'retry-after': '1' }) });
    await mailchimp.getByTestId('list-apply').click();
    await expect.poll(() => mailchimp.getByTestId('list-run-status').textContent(), { timeout: 30_000 }).toBe('Applied: see the log below.');
    const kari = hashOf('kari@fjord.example');
    expect(writes(mail)).toEqual([`PUT /3.0/lists/a1b2c3/members/${kari}`, `PUT /3.0/lists/a1b2c3/members/${kari}`, `POST /3.0/lists/a1b2c3/members/${kari}/tags`]);
    expect([...mailWorld.members.get('a1b2c3')!.values()].map((m) => [m.email, m.status, m.tags])).toEqual([
      ['ola@fjord.example', 'unsubscribed', []],
      ['kari@fjord.example', 'subscribed', ['trial']],
    ]);

    // Nothing left to do: a second dry run of each changes nothing.
    crm.log.length = 0;
    mail.log.length = 0;
    await options.getByTestId('assignment-dry-run').click();
    await expect.poll(() => options.getByTestId('assignment-plan-count').textContent(), { timeout: 20_000 }).toBe('Would assign 0 deals');
    await mailchimp.getByTestId('list-dry-run').click();
    await expect.poll(() => mailchimp.getByTestId('list-plan-count').textContent(), { timeout: 20_000 }).toBe('Would make 0 changes in Mailchimp');
    expect([...writes(crm), ...writes(mail)]).toEqual([]);

    // Undo the assignment: the owners are back, newest first.
    await options.getByTestId('assignment-undo').click();
    await expect.poll(() => options.getByTestId('assignment-run-status').textContent(), { timeout: 30_000 }).toMatch(/^The last run was undone/);
    expect(writes(crm)).toEqual(['PATCH /crm/v3/objects/deals/90003', 'PATCH /crm/v3/objects/deals/90002', 'PATCH /crm/v3/objects/deals/90001']);
    expect(world.deals.slice(-3).map((d) => d.ownerId)).toEqual([null, null, null]);
  }, 180_000);
});
