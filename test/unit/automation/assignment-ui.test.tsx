import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { loadAssignmentSettings, saveAssignmentSettings } from '@/lib/db/automation';
import { assignmentSettingsSchema } from '@/lib/automation/rules';
import { createCrmApiClient } from '@/lib/crm/api/client';
import type { SyncedDeal, SyncedPipeline, SyncMeta } from '@/lib/team-sync/types';
import { runAutomation } from '@/entrypoints/background/automation';
import { AutomationTab } from '@/components/automation/AutomationTab';
import { replyText } from '@/components/automation/format';
import { createTranslator } from '@/lib/i18n';
import type { Locale } from '@/lib/model/settings.schema';
import { hubspotDealsServer, HUBSPOT_AUTOMATION_TOKEN, type HubspotDealsWorld } from '../../support/crm-servers/hubspot-deals';
import { memoryStore } from '../crm-api/memory-store';
import { allByTestId, button, byLabel, byTestId, check, cleanup, click, mount, select, type, waitFor } from '../helpers/render';

// The manager's Automation tab, wired to the background's real automation against HubSpot's API as
// a test server: rules built in the editor, the dry run listing each deal with the rule that
// matched, Apply sending exactly those changes, the log, Undo; rules naming a rep the CRM no longer
// has flagged; a stale team said in one line.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const HOUR = 3_600_000;
const RULES_SAVED = NOW - 24 * HOUR;
let open: StagecraftDb[] = [];
afterEach(async () => {
  await cleanup();
  for (const db of open) {
    db.close();
    await Dexie.delete(db.name);
  }
  open = [];
});

const PIPELINES: SyncedPipeline[] = [
  { id: 'default', name: 'Sales', stages: [{ id: 'appointmentscheduled', name: 'Appointment scheduled', probability: 0.2, rotDays: null, closes: null }, { id: 'closedwon', name: 'Closed won', probability: 1, rotDays: null, closes: 'won' }] },
  { id: 'enterprise', name: 'Enterprise', stages: [{ id: 'ent-intro', name: 'Intro', probability: 0.1, rotDays: null, closes: null }] },
];

function world(): HubspotDealsWorld {
  const props = (name: string, owner: string | null, amount: number, country: string) => ({ dealname: name, hubspot_owner_id: owner, pipeline: 'default', dealstage: 'appointmentscheduled', amount: String(amount), country });
  return {
    owners: [
      { id: '10', firstName: 'Ingrid', lastName: 'Dahl', email: 'ingrid@nordic.example' },
      { id: '11', firstName: 'Lars', lastName: 'Berg', email: 'lars@nordic.example' },
      { id: '12', firstName: 'Sofie', lastName: 'Lind', email: 'sofie@nordic.example' },
    ],
    deals: new Map([
      ['101', props('Fjord Freight', null, 45_000, 'Norway')],
      ['102', props('Malmö Mills', null, 8_000, 'Sweden')],
      ['103', props('Bergen Bakers', '12', 12_000, 'Norway')],
      ['104', props('Turku Tools', null, 60_000, 'Finland')],
    ]),
    dealContacts: new Map(),
    contacts: new Map(),
  };
}

const synced = (id: string, title: string, createdAt: number, owner = 'Unassigned'): SyncedDeal => ({ id, title, owner, pipeline: 'default', value: 0, currency: 'EUR', createdAt, status: 'open', closedAt: null, stageHistory: [{ stage: 'appointmentscheduled', enteredAt: createdAt }], seenIn: 'run-1' });

async function setUp(name: string, options: { syncedAt?: number; locale?: Locale } = {}) {
  const db = openDatabase(name);
  open.push(db);
  const w = world();
  const server = hubspotDealsServer(w);
  const completedAt = options.syncedAt ?? NOW - 10 * 60_000;
  const meta: SyncMeta = { crm: 'hubspot', account: 'hubspot', completedAt, startedAt: completedAt - 60_000, since: NOW - 700 * 86_400_000, mode: 'incremental', deals: 4, activities: 0 };
  await db.teamSync.bulkPut([
    { id: 'meta', value: meta },
    { id: 'status', value: { state: 'complete', crm: 'hubspot', at: completedAt } },
    { id: 'pipelines', value: PIPELINES },
  ]);
  await db.syncedDeals.bulkPut([synced('101', 'Fjord Freight', NOW - 3 * HOUR), synced('102', 'Malmö Mills', NOW - 2 * HOUR), synced('103', 'Bergen Bakers', NOW - HOUR, 'Sofie Lind'), synced('104', 'Turku Tools', NOW - 30 * 60_000)]);
  const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_AUTOMATION_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
  const deps = {
    client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(NOW), sleep: async () => {} }),
    credentials,
    salesforceSession: async () => null,
    now: () => new Date(NOW),
    sleep: async () => {},
  };
  const mountTab = async () => {
    const { container } = await mount(<AutomationTab db={db} run={(op) => runAutomation(db, deps, op)} now={() => new Date(RULES_SAVED)} />, options.locale);
    return container;
  };
  return { db, w, server, deps, mountTab };
}

const writes = (log: { method: string; line: string; body: unknown }[]) => log.filter((r) => r.method !== 'GET').map((r) => [r.line, r.body]);
const rowsOf = (root: HTMLElement) => allByTestId(root, 'plan-row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

describe('the Automation tab: lead assignment', () => {
  it('the manager builds the rules, presses Dry run, then Apply; the CRM shows exactly that, once; Undo puts it back', async () => {
    const { db, w, server, mountTab } = await setUp('ui-assign');
    const root = await mountTab();
    // The CRM's reps are read by themselves the first time.
    await waitFor(() => expect(byTestId(root, 'automation-reps').textContent).toMatch(/^3 reps read from HubSpot/));

    // A group: Team Nordic with Lars and Sofie.
    await click(byTestId(root, 'add-group'));
    await type(byLabel(root, 'Group name'), 'Team Nordic');
    const members = allByTestId<HTMLInputElement>(root, 'group-member');
    expect(members.map((m) => m.parentElement!.textContent!.trim())).toEqual(['Ingrid Dahl', 'Lars Berg', 'Sofie Lind']);
    await check(members[1]!);
    await check(members[2]!);

    // Rule 1: new deals from Norway over €20 000 go to Ingrid.
    await click(byTestId(root, 'add-rule'));
    const rule = byTestId(root, 'assignment-rule');
    await type(byLabel(rule, 'Name'), 'Norway over €20 000');
    await type(byLabel(rule, 'value at least'), '20 000,01');
    await click(byTestId(rule, 'add-condition'));
    await type(byLabel(rule, 'CRM field'), 'country');
    await type(byLabel(rule, 'is one of (comma-separated)'), 'Norway');
    await select(byLabel<HTMLSelectElement>(rule, 'Rep'), '10');
    expect(byTestId(rule, 'rule-name').closest('li')!.querySelector('h4')!.textContent).toBe('Rule 1: Norway over €20 000');

    // Others: round-robin in Team Nordic.
    const fallback = allByTestId(root, 'target-picker').at(-1)!;
    await select(byLabel<HTMLSelectElement>(fallback, 'Who'), 'roundRobin');
    expect(byLabel<HTMLSelectElement>(fallback, 'Group').selectedOptions[0]!.textContent).toBe('Team Nordic');
    expect(byTestId(root, 'assignment-save-status').textContent).toBe('Unsaved changes.');
    await click(byTestId(root, 'assignment-save'));
    await waitFor(() => expect(byTestId(root, 'assignment-save-status').textContent).toBe('Rules saved. Make a dry run to see what they would do.'));

    const { settings } = await loadAssignmentSettings(db);
    const groupId = settings.groups[0]!.id;
    expect(settings).toMatchObject({
      triggers: { newDeals: true, stages: [] },
      rules: [{ name: 'Norway over €20 000', when: { pipeline: null, stage: null, minValue: 20_000.01, maxValue: null, fields: [{ field: 'country', values: ['Norway'] }] }, assign: { kind: 'owner', ownerId: '10' }, move: null }],
      fallback: { kind: 'roundRobin', groupId },
      groups: [{ id: groupId, name: 'Team Nordic', ownerIds: ['11', '12'] }],
      activeSince: RULES_SAVED,
    });

    // Dry run: each deal with the rule that matched; nothing written to the CRM.
    server.log.length = 0;
    // The saved rules reach the page (the button waits for rules to run).
    await waitFor(() => expect(byTestId<HTMLButtonElement>(root, 'assignment-dry-run').disabled).toBe(false));
    await click(byTestId(root, 'assignment-dry-run'));
    await waitFor(() => expect(byTestId(root, 'assignment-plan-count').textContent).toBe('Would assign 3 deals'));
    expect(rowsOf(root)).toEqual([
      ['Fjord Freight', 'Norway over €20 000', 'nobody', 'Ingrid Dahl', '—'],
      ['Malmö Mills', 'Default', 'nobody', 'Lars Berg', '—'],
      ['Turku Tools', 'Default', 'nobody', 'Lars Berg', '—'],
    ]);
    expect(byTestId(root, 'assignment-plan-notes').textContent).toBe('Bergen Bakers: Sofie Lind owns it already, nothing to change.');
    expect(writes(server.log)).toEqual([]);

    // Apply: exactly those changes, once each.
    server.log.length = 0;
    await click(byTestId(root, 'assignment-apply'));
    await waitFor(() => expect(byTestId(root, 'assignment-run-status').textContent).toBe('Applied: see the log below.'));
    expect(writes(server.log)).toEqual([
      ['PATCH /crm/v3/objects/deals/101', { properties: { hubspot_owner_id: '10' } }],
      ['PATCH /crm/v3/objects/deals/102', { properties: { hubspot_owner_id: '11' } }],
      ['PATCH /crm/v3/objects/deals/104', { properties: { hubspot_owner_id: '11' } }],
    ]);
    expect([...w.deals].map(([id, d]) => [id, d.hubspot_owner_id])).toEqual([['101', '10'], ['102', '11'], ['103', '12'], ['104', '11']]);
    await waitFor(() => expect(allByTestId(root, 'automation-run').map((r) => r.querySelector('summary')!.textContent)).toEqual([expect.stringMatching(/^Assignment of .* · 3 done, 0 skipped, 0 failed$/)]));
    const run = allByTestId(root, 'automation-run')[0]!;
    expect(allByTestId(run, 'automation-entry').map((e) => e.textContent)).toEqual(['Done Fjord Freight: nobody → Ingrid Dahl', 'Done Malmö Mills: nobody → Lars Berg', 'Done Turku Tools: nobody → Lars Berg']);
    // The plan was carried out: Apply has nothing left.
    await waitFor(() => expect(byTestId<HTMLButtonElement>(root, 'assignment-apply').disabled).toBe(true));

    // Undo the last run.
    server.log.length = 0;
    await click(byTestId(root, 'assignment-undo'));
    await waitFor(() => expect(byTestId(root, 'assignment-run-status').textContent).toMatch(/^The last run was undone/));
    expect(writes(server.log).map(([line]) => line)).toEqual(['PATCH /crm/v3/objects/deals/104', 'PATCH /crm/v3/objects/deals/102', 'PATCH /crm/v3/objects/deals/101']);
    expect([...w.deals].map(([, d]) => d.hubspot_owner_id)).toEqual([null, null, '12', null]);
    await waitFor(() => expect(allByTestId(root, 'automation-run').map((r) => r.dataset.kind)).toEqual(['undo', 'assignment']));
    // The undone run is marked as such once the undo finished.
    await waitFor(() => expect(allByTestId(root, 'automation-run')[1]!.querySelector('summary')!.textContent).toMatch(/ · undone on /));
    expect(byTestId<HTMLButtonElement>(root, 'assignment-undo').disabled).toBe(true);
  });

  it('a rule naming a rep or a group that no longer exists is flagged in the editor, and the dry run says it was skipped', async () => {
    const { db, mountTab } = await setUp('ui-flags');
    await saveAssignmentSettings(
      db,
      assignmentSettingsSchema.parse({
        rules: [
          { id: 'gone', name: 'Left the company', when: {}, assign: { kind: 'owner', ownerId: '99' } },
          { id: 'nogroup', name: 'Deleted group', when: {}, assign: { kind: 'roundRobin', groupId: 'old' } },
        ],
        fallback: { kind: 'leastLoaded', groupId: 'nordic' },
        groups: [{ id: 'nordic', name: 'Team Nordic', ownerIds: ['11', '98'] }],
      }),
      new Date(RULES_SAVED),
    );
    const root = await mountTab();
    await waitFor(() => expect(byTestId(root, 'automation-reps').textContent).toMatch(/^3 reps read/));
    const problems = allByTestId(root, 'target-problems').map((p) => p.textContent);
    expect(problems).toEqual([
      'Rep 99 is no longer in the CRM: skipped when the rules run.',
      'Group old no longer exists: this rule is skipped when the rules run.',
      'Rep 98 is no longer in the CRM: skipped when the rules run.',
    ]);
    const [first] = allByTestId(root, 'assignment-rule');
    expect(byLabel<HTMLSelectElement>(first!, 'Rep').getAttribute('aria-invalid')).toBe('true');
    expect(byLabel<HTMLSelectElement>(first!, 'Rep').selectedOptions[0]!.textContent).toBe('unknown rep (99)');

    await click(byTestId(root, 'assignment-dry-run'));
    await waitFor(() => expect(byTestId(root, 'assignment-plan-count').textContent).toBe('Would assign 4 deals'));
    // Least-loaded in what is left of Team Nordic: Lars alone.
    expect(rowsOf(root).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Fjord Freight', 'Default', 'Lars Berg'],
      ['Malmö Mills', 'Default', 'Lars Berg'],
      ['Bergen Bakers', 'Default', 'Lars Berg'],
      ['Turku Tools', 'Default', 'Lars Berg'],
    ]);
    expect([...byTestId(root, 'assignment-plan-notes').querySelectorAll('li')].map((li) => li.textContent).slice(0, 3)).toEqual([
      'Left the company: rep 99 is no longer in the CRM, skipped.',
      'Deleted group: nobody left in group old, rule skipped.',
      'Default: rep 98 is no longer in the CRM, skipped.',
    ]);
  });

  it('nothing runs on a stale team: the dry run says why in one line, in the manager’s language', async () => {
    const { db, server, mountTab } = await setUp('ui-stale', { syncedAt: NOW - 3 * HOUR, locale: 'sv' });
    await saveAssignmentSettings(db, assignmentSettingsSchema.parse({ fallback: { kind: 'owner', ownerId: '11' } }), new Date(RULES_SAVED));
    const root = await mountTab();
    await waitFor(() => expect(byTestId(root, 'automation-reps').textContent).toMatch(/^3 säljare lästa från HubSpot/));
    server.log.length = 0;
    await click(button(root, 'Provkör'));
    await waitFor(() => expect(byTestId(root, 'assignment-run-status').textContent).toMatch(/^Teamet synkades senast .*: inget körs på en gammal bild av teamet\. Synka det igen först\.$/));
    expect(server.log).toEqual([]);
    expect(root.querySelector('[data-testid="assignment-plan"]')).toBeNull();
  });

  it('stored rules that no longer read: the editor and the dry run name the place and what is wrong in the manager’s language, nothing is changed', async () => {
    const { db, server, deps, mountTab } = await setUp('ui-stored-problem', { locale: 'sv' });
    // Written by a newer or damaged version: a rule without the rep it assigns to.
    await db.automation.put({ id: 'assignment', value: { rules: [{ id: 'r1', name: 'Norge', when: {}, assign: { kind: 'owner', ownerId: '' } }] } });
    const root = await mountTab();
    const reason = 'de sparade reglerna för fördelning av leads går inte att läsa — rules[0].assign.ownerId: får inte vara tomt (teknisk detalj: ';
    await waitFor(() => expect(byTestId(root, 'assignment-stored-problem').textContent).toBe(`Inget körs förrän nya regler sparas: ${reason}Too small: expected string to have >=1 characters). De sparade reglerna behålls som de är.`));
    // The dry run waits for rules that read; asked anyway, the background's answer says why and nothing is changed.
    expect(button(root, 'Provkör').disabled).toBe(true);
    const reply = await runAutomation(db, deps, 'dryRun');
    expect(replyText(createTranslator('sv'), 'sv', reply)).toBe(`Inget kördes: ${reason}Too small: expected string to have >=1 characters). Att spara reglerna igen ersätter dem.`);
    expect(writes(server.log)).toEqual([]);
  });
});
