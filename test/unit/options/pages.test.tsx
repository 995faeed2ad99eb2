import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { activePlaybook, replaceActivePlaybook, setManagedPlaybook } from '@/lib/db/playbooks';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { exportPlaybook, serializeBackup } from '@/lib/playbook-io';
import { createBackup } from '@/lib/db/backup';
import { blankPlaybook, DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';
import { Options } from '@/components/options/Options';
import { I18nProvider } from '@/components/i18n';
import type { Locale } from '@/lib/model/settings.schema';
import { allByTestId, button, byLabel, byTestId, click, keyDown, mount, pickFile, select, text, type, waitFor, cleanup } from '../helpers/render';
import { clone, samplePlaybook } from './fixtures';
import { memoryStore } from '../crm-api/memory-store';
import { CREDENTIAL_KEYS } from '@/lib/crm/api/credentials';

let db: StagecraftDb;
const NOW = new Date('2025-03-14T10:00:00.000Z');
const now = () => NOW;
let downloads: { name: string; text: string }[];

const jsonFile = (content: string, name = 'playbook.json') => new File([content], name, { type: 'application/json' });
const rows = async () => ({ playbooks: await db.playbooks.toArray(), settings: await db.settings.toArray() });

async function open(locale: Locale = 'en') {
  const page = <Options db={db} now={now} debounceMs={10} download={(name, body) => downloads.push({ name, text: body })} />;
  const { container } = await mount(<I18nProvider locale={locale}>{page}</I18nProvider>);
  await waitFor(() => byTestId(container, 'tab-playbook'));
  return container;
}

beforeEach(async () => {
  db = openDatabase(`test-pages-${Math.random()}`);
  downloads = [];
});
afterEach(async () => {
  await cleanup();
  await db.delete();
});

describe('tabs', () => {
  it('switch with click and arrow keys, keeping every panel mounted', async () => {
    await replaceActivePlaybook(db, samplePlaybook());
    const root = await open();
    const panels = () => ['playbook', 'sharing', 'team', 'connections', 'data'].map((id) => root.querySelector<HTMLElement>(`#panel-${id}`)!.hidden);
    expect(panels()).toEqual([false, true, true, true, true]);
    await click(byTestId(root, 'tab-team'));
    expect(panels()).toEqual([true, true, false, true, true]);
    await keyDown(byTestId(root, 'tab-team'), 'ArrowRight');
    await keyDown(byTestId(root, 'tab-connections'), 'ArrowRight');
    expect(document.activeElement).toBe(byTestId(root, 'tab-automation'));
    await keyDown(byTestId(root, 'tab-automation'), 'ArrowRight');
    expect(panels()).toEqual([true, true, true, true, false]);
    expect(document.activeElement).toBe(byTestId(root, 'tab-data'));
    expect(byTestId(root, 'tab-data').getAttribute('aria-selected')).toBe('true');
    await keyDown(byTestId(root, 'tab-data'), 'End');
    expect(byTestId(root, 'tab-data').getAttribute('aria-selected')).toBe('true');
    await keyDown(byTestId(root, 'tab-data'), 'Home');
    expect(panels()[0]).toBe(false);
  });
});

describe('start from a template or blank', () => {
  it('offers the shipped templates when there is no playbook yet', async () => {
    const root = await open();
    const choice = byTestId<HTMLSelectElement>(root, 'template-choice');
    expect([...choice.options].map((o) => o.value)).toEqual([...TEMPLATES.map((t) => t.id), 'blank']);
    expect(choice.value).toBe(DEFAULT_TEMPLATE_ID);
    await click(byTestId(root, 'template-start'));
    await waitFor(() => byTestId(root, 'stage-list'));
    const expected = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!.build(NOW);
    expect((await activePlaybook(db))?.playbook).toEqual(expected);
  });

  it('builds the template in the page’s language: a Swedish page starts the Swedish playbook', async () => {
    const root = await open('sv');
    expect(text(byTestId(root, 'template-choice').querySelector('option'))).toBe('B2B-säljprocess (köparcentrerad)');
    await click(byTestId(root, 'template-start'));
    await waitFor(() => byTestId(root, 'stage-list'));
    const stored = (await activePlaybook(db))!.playbook;
    expect(stored).toEqual(TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!.build(NOW, 'sv'));
    expect(stored.pipelines[0]!.stages[0]!.name).toBe('Behovsmöte bokat');
  });

  it('a blank playbook on an Italian page is named and laid out in Italian', async () => {
    const root = await open('it');
    await select(byTestId<HTMLSelectElement>(root, 'template-choice'), 'blank');
    await click(byTestId(root, 'template-start'));
    await waitFor(() => byTestId(root, 'stage-list'));
    const stored = (await activePlaybook(db))!.playbook;
    expect(stored).toEqual(blankPlaybook(NOW, 'it'));
    expect([stored.name, stored.pipelines[0]!.name, stored.pipelines[0]!.stages[0]!.name]).toEqual(['Il nostro processo di vendita', 'Vendite', 'Primo incontro svolto']);
  });

  it('starting over asks for confirmation, then replaces the playbook', async () => {
    await replaceActivePlaybook(db, samplePlaybook());
    const root = await open();
    await select(byLabel<HTMLSelectElement>(root.querySelector('.start-over')!, 'Start from'), 'blank');
    await click(root.querySelector('.start-over [data-testid="template-start"]')!);
    expect(text(root.querySelector('.start-over [role="alertdialog"]'))).toContain('This replaces the playbook "Team process".');
    expect((await activePlaybook(db))?.playbook.name).toBe('Team process');
    await click(byTestId(root, 'template-confirm'));
    await waitFor(async () => expect((await activePlaybook(db))?.playbook.id).not.toBe('team-process'));
    expect(await db.playbooks.get('team-process')).toBeUndefined();
    expect((await loadSettings(db)).activePlaybookId).toBe((await activePlaybook(db))!.id);
  });
});

describe('managed playbook', () => {
  it('is shown read-only with a note; export still works; import is off', async () => {
    await replaceActivePlaybook(db, samplePlaybook());
    const policy = samplePlaybook({ name: 'Team policy' });
    await setManagedPlaybook(db, policy);
    const root = await open();
    expect(text(byTestId(root, 'managed-note'))).toContain('Managed by your administrator');
    expect(text(byTestId(root, 'active-playbook'))).toBe('Team policy');
    // disabled through their fieldset (the browser disables every control inside)
    expect(byTestId(root, 'stage-name').closest('fieldset')!.disabled).toBe(true);
    expect(byTestId(root, 'playbook-name').closest('fieldset')!.disabled).toBe(true);
    expect(byTestId(root, 'guidance-input').closest('fieldset')!.disabled).toBe(true);
    expect(root.querySelector('[data-testid="add-stage"]')).toBeNull();
    expect(root.querySelector('[data-testid="save-status"]')).toBeNull();
    // reps can still read every stage
    await click(button(root, /^3\. Proposal made$/));
    expect(byTestId<HTMLInputElement>(root, 'stage-name').value).toBe('Proposal made');

    await click(byTestId(root, 'tab-sharing'));
    expect(text(byTestId(root, 'import-managed'))).toBe('Import is off: your administrator manages the playbook.');
    expect(root.querySelector('[data-testid="import-file"]')).toBeNull();
    await click(byTestId(root, 'export-playbook'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(JSON.parse(downloads[0]!.text).playbook.name).toBe('Team policy');
  });
});

describe('sharing', () => {
  beforeEach(async () => {
    await replaceActivePlaybook(db, samplePlaybook());
  });

  it('exports the versioned file', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    await click(byTestId(root, 'export-playbook'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('stagecraft-playbook-team-process-2025-03-14.json');
    expect(JSON.parse(downloads[0]!.text)).toEqual({ format: 'stagecraft-playbook', version: 1, exportedAt: NOW.toISOString(), playbook: samplePlaybook() });
  });

  it('exports pending edits too (the page saves them first)', async () => {
    const { container } = await mount(<Options db={db} now={now} debounceMs={60_000} download={(name, body) => downloads.push({ name, text: body })} />);
    await waitFor(() => byTestId(container, 'stage-name'));
    await type(byTestId(container, 'stage-name'), 'Discovery');
    await click(byTestId(container, 'tab-sharing'));
    await click(byTestId(container, 'export-playbook'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(JSON.parse(downloads[0]!.text).playbook.pipelines[0].stages[0].name).toBe('Discovery');
  });

  it('imports a file after a preview of what changes', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    const incoming = clone(samplePlaybook());
    incoming.pipelines[0]!.stages[0]!.name = 'Discovery';
    incoming.pipelines[0]!.stages[2]!.tasks[0]!.dueDays = 1;
    incoming.pipelines[0]!.stages.splice(1, 1);
    await pickFile(byTestId(root, 'import-file'), jsonFile(exportPlaybook(incoming, NOW)));
    const preview = await waitFor(() => byTestId(root, 'import-preview'));
    expect(allByTestId(root, 'import-changes').flatMap((ul) => [...ul.querySelectorAll('li')].map(text))).toEqual([
      'Stage renamed: Qualified → Discovery (New business)',
      'Task changed: Send proposal (Proposal made)',
      'Stage removed: Demo held (New business)',
    ]);
    expect((await activePlaybook(db))!.playbook).toEqual(samplePlaybook()); // not yet
    await click(byTestId(preview, 'import-confirm'));
    await waitFor(() => expect(text(byTestId(root, 'import-status'))).toBe('Imported "Team process".'));
    expect((await activePlaybook(db))!.playbook).toEqual(incoming);
    // the editor shows the imported playbook
    await click(byTestId(root, 'tab-playbook'));
    await waitFor(() => expect(byTestId<HTMLInputElement>(root, 'stage-name').value).toBe('Discovery'));
  });

  it('cancelling the preview changes nothing', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    const before = await rows();
    await pickFile(byTestId(root, 'import-file'), jsonFile(exportPlaybook(samplePlaybook({ name: 'Other' }), NOW)));
    await waitFor(() => byTestId(root, 'import-preview'));
    await click(button(root.querySelector('[data-testid="import-preview"]')!, 'Cancel'));
    expect(root.querySelector('[data-testid="import-preview"]')).toBeNull();
    expect(await rows()).toEqual(before);
  });

  it.each([
    ['a due-days error', () => {
      const bad = clone(samplePlaybook());
      bad.pipelines[0]!.stages[2]!.tasks[0]!.dueDays = -1;
      return exportPlaybook(bad, NOW);
    }, 'The file has an invalid value.', 'Where: playbook.pipelines[0].stages[2].tasks[0].dueDays: must be at least 0'],
    ['an unknown version', () => JSON.stringify({ format: 'stagecraft-playbook', version: 7, exportedAt: NOW.toISOString(), playbook: {} }), 'This file was made by another version of Stagecraft and cannot be read here. Update Stagecraft and try again.', 'Where: version: expected 1, found 7'],
    ['a truncated file', () => exportPlaybook(samplePlaybook(), NOW).slice(0, 120), 'The file is incomplete: it ends too early.', /^Where: the file ends too early/],
    ['a prototype-pollution key', () => exportPlaybook(samplePlaybook(), NOW).replace('"name": "Team process"', '"__proto__": {"x": 1}, "name": "Team process"'), 'The file contains a key that is not allowed.', 'Where: playbook.__proto__: the key “__proto__” is not allowed'],
  ])('rejects %s with the exact place, and nothing changes', async (_name, make, headline, detail) => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    const before = await rows();
    await pickFile(byTestId(root, 'import-file'), jsonFile(make()));
    const error = await waitFor(() => byTestId(root, 'io-error'));
    expect(error.getAttribute('role')).toBe('alert');
    expect(text(error)).toContain('File not imported');
    expect(text(error)).toContain(headline);
    const shown = text(byTestId(error, 'io-error-detail'));
    if (typeof detail === 'string') expect(shown).toBe(detail);
    else expect(shown).toMatch(detail);
    expect(text(error)).toContain('Nothing was changed.');
    expect(root.querySelector('[data-testid="import-preview"]')).toBeNull();
    expect(await rows()).toEqual(before);
  });

  it('rejects a file over 5 MB by its size, without reading it', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    const huge = jsonFile('{}');
    Object.defineProperty(huge, 'size', { value: 10 * 1024 * 1024 });
    const read = vi.spyOn(huge, 'text');
    await pickFile(byTestId(root, 'import-file'), huge);
    await waitFor(() => expect(text(byTestId(root, 'io-error-detail'))).toBe('Where: the file is 10.0 MB; the limit is 5.0 MB'));
    expect(read).not.toHaveBeenCalled();
  });

  it.each([
    ['it', 'il file è di 10,0 MB; il limite è 5,0 MB', 'playbook.__proto__: la chiave «__proto__» non è consentita'],
    ['nl', 'het bestand is 10,0 MB; de limiet is 5,0 MB', 'playbook.__proto__: de sleutel ‘__proto__’ is niet toegestaan'],
  ] as const)('in %s, the size and the exact place of a refused file are said in that language', async (locale, size, key) => {
    const root = await open(locale);
    await click(byTestId(root, 'tab-sharing'));
    const huge = jsonFile('{}');
    Object.defineProperty(huge, 'size', { value: 10 * 1024 * 1024 });
    await pickFile(byTestId(root, 'import-file'), huge);
    await waitFor(() => expect(text(byTestId(root, 'io-error-detail'))).toContain(size));
    await pickFile(byTestId(root, 'import-file'), jsonFile(exportPlaybook(samplePlaybook(), NOW).replace('"name": "Team process"', '"__proto__": {"x": 1}, "name": "Team process"')));
    await waitFor(() => expect(text(byTestId(root, 'io-error-detail'))).toContain(key));
  });

  it('renders HTML in imported guidance as text, never as markup', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-sharing'));
    const incoming = clone(samplePlaybook());
    incoming.pipelines[0]!.stages[0]!.guidance = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await pickFile(byTestId(root, 'import-file'), jsonFile(exportPlaybook(incoming, NOW)));
    await click(await waitFor(() => byTestId(root, 'import-confirm')));
    await click(byTestId(root, 'tab-playbook'));
    await waitFor(() => expect(text(root.querySelector('.guidance-preview'))).toContain('<img src=x'));
    expect(root.querySelector('.guidance-preview img, .guidance-preview script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });
});

describe('team settings', () => {
  it('saves each setting, validating before it writes', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-team'));
    const panel = root.querySelector('#panel-team')!;
    await type(byLabel(panel, 'Pipedrive'), 'Anna Berg');
    await type(byTestId(panel, 'default-rot'), '0');
    expect(text(panel.querySelector('[data-error-for="defaultRotDays"]'))).toBe('expected a whole number from 1 to 365');
    await type(byLabel(panel, 'Base currency (ISO code)'), 'se');
    expect(text(panel.querySelector('[data-error-for="baseCurrency"]'))).toBe('expected a three-letter ISO 4217 code, e.g. EUR');
    await waitFor(async () => expect((await loadSettings(db)).me.pipedrive).toBe('Anna Berg'));
    expect((await loadSettings(db)).defaultRotDays).toBe(21);
    expect((await loadSettings(db)).baseCurrency).toBe('EUR');
    await type(byTestId(panel, 'default-rot'), '30');
    await type(byLabel(panel, 'Base currency (ISO code)'), 'sek');
    await select(byLabel<HTMLSelectElement>(panel, 'Week starts on'), 'sunday');
    await click(byLabel(panel, 'The quick-log popup'));
    await waitFor(async () => expect(await loadSettings(db)).toMatchObject({ defaultRotDays: 30, baseCurrency: 'SEK', baseCurrencyFrom: 'manager', weekStart: 'sunday', iconOpens: 'popup' }));
    expect(text(byTestId(panel, 'settings-status'))).toBe('Settings saved');
    await waitFor(() => expect(text(byTestId(panel, 'base-currency-origin'))).toBe('Chosen by you: a team sync keeps it and restates the CRM’s rates in it.'));
  });

  it('says where the base currency came from and lists the CRM’s rates in it, the manager’s own marked as used instead', async () => {
    await updateSettings(db, { baseCurrency: 'USD', baseCurrencyFrom: 'crm', currencyRates: { SEK: 0.1 }, crmCurrency: { crm: 'salesforce', company: 'USD', rates: { EUR: 1.08, SEK: 0.0952 }, readAt: Date.UTC(2025, 2, 13, 22) } });
    const root = await open();
    await click(byTestId(root, 'tab-team'));
    const panel = root.querySelector('#panel-team')!;
    await waitFor(() => expect(text(byTestId(panel, 'base-currency-origin'))).toBe('Salesforce’s company currency, read at the last team sync. Change it to choose your own.'));
    const crmRates = byTestId(panel, 'crm-rates');
    expect(text(crmRates.querySelector('p'))).toBe('Rates read from Salesforce at the last team sync (13 Mar 2025)');
    expect(allByTestId(crmRates, 'crm-rate').map((row) => [text(row), row.getAttribute('data-overridden')])).toEqual([
      ['1 EUR = 1.08 USD', null],
      ['1 SEK = 0.0952 USD — your rate below is used instead', 'true'],
    ]);
    // A base the CRM does not rate: the rates cannot be restated, and the page says what to do.
    await updateSettings(db, { baseCurrency: 'NOK', baseCurrencyFrom: 'manager' });
    await waitFor(() => expect(text(byTestId(panel, 'crm-rates-none'))).toBe('Salesforce keeps no rates that convert to NOK: add them below, or use Salesforce’s company currency (USD) as the base.'));
  });

  it('orders at most five key activity types', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-team'));
    const panel = root.querySelector('#panel-team')!;
    const order = () => [...byTestId(panel, 'key-activities').querySelectorAll('li')].map((li) => li.dataset.type);
    await waitFor(() => expect(order()).toEqual(['call', 'email', 'meeting', 'demo', 'proposal']));
    expect(panel.querySelector('#add-activity')).toBeNull(); // five already
    await click(button(panel, 'Move Demo up'));
    await waitFor(() => expect(order()).toEqual(['call', 'email', 'demo', 'meeting', 'proposal']));
    await click(button(panel, 'Remove Email'));
    await waitFor(() => expect(order()).toEqual(['call', 'demo', 'meeting', 'proposal']));
    await select(byLabel<HTMLSelectElement>(panel, 'Add activity type'), 'note');
    await waitFor(() => expect(order()).toEqual(['call', 'demo', 'meeting', 'proposal', 'note']));
    expect((await loadSettings(db)).keyActivityTypes).toEqual(['call', 'demo', 'meeting', 'proposal', 'note']);
  });

  it('changes the language', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-team'));
    await select(byTestId<HTMLSelectElement>(root, 'language'), 'sv');
    await waitFor(async () => expect((await loadSettings(db)).locale).toBe('sv'));
  });
});

describe('data', () => {
  beforeEach(async () => {
    await replaceActivePlaybook(db, samplePlaybook());
    await db.activities.put({ id: 'a1', dealKey: 'pipedrive:acme:1', type: 'call', outcome: null, note: 'hi', at: NOW.toISOString(), nextStep: null, owner: null, sync: 'local', crmRefs: null });
  });

  it('backs up, then restores all or nothing', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-data'));
    await click(byTestId(root, 'backup'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toBe('stagecraft-backup-all-2025-03-14.json');
    const backup = downloads[0]!.text;
    expect(JSON.parse(backup)).toMatchObject({ format: 'stagecraft-backup', version: 1, tables: { activities: [{ id: 'a1' }] } });

    await db.activities.clear();
    await db.playbooks.clear();
    await pickFile(byTestId(root, 'restore-file'), jsonFile(backup, 'backup.json'));
    await waitFor(() => expect(text(byTestId(root, 'restore-preview'))).toContain('1 playbooks, 0 deals, 1 activities'));
    await click(byTestId(root, 'restore-confirm'));
    await waitFor(() => expect(text(byTestId(root, 'data-status'))).toBe('Backup restored.'));
    expect(await db.activities.count()).toBe(1);
    expect((await activePlaybook(db))!.playbook).toEqual(samplePlaybook());
  });

  it('a bad backup shows the exact place and changes nothing', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-data'));
    const file = JSON.parse(serializeBackup(await createBackup(db, NOW)));
    file.tables.activities[0].type = 'fax';
    const before = await rows();
    await pickFile(byTestId(root, 'restore-file'), jsonFile(JSON.stringify(file)));
    const error = await waitFor(() => byTestId(root, 'io-error'));
    expect(text(error)).toContain('Backup not restored');
    expect(text(byTestId(error, 'io-error-detail'))).toMatch(/^Where: tables\.activities\[0\]\.type: /);
    expect(await rows()).toEqual(before);
    expect(await db.activities.count()).toBe(1);
  });

  it('clears all data only after the word is typed', async () => {
    const root = await open();
    await click(byTestId(root, 'tab-data'));
    const clear = byTestId<HTMLButtonElement>(root, 'clear-all');
    expect(clear.disabled).toBe(true);
    expect(text(root.querySelector('label[for="clear-confirm"]'))).toBe('Type DELETE to confirm');
    await type(byTestId(root, 'clear-confirm'), 'delete');
    expect(clear.disabled).toBe(true);
    await type(byTestId(root, 'clear-confirm'), 'DELETE');
    expect(clear.disabled).toBe(false);
    await click(clear);
    await waitFor(() => expect(text(byTestId(root, 'data-status'))).toBe('All data cleared.'));
    expect(await db.playbooks.count()).toBe(0);
    expect(await db.activities.count()).toBe(0);
    // with nothing left, the page offers the templates again
    await click(byTestId(root, 'tab-playbook'));
    await waitFor(() => byTestId(root, 'template-picker'));
  });

  it('clearing all data also disconnects every CRM: tokens removed, permissions given back, and the screen says so', async () => {
    const store = memoryStore({
      [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: 'pat-eu1-00000000-0000-0000-0000-000000000000', connectedAt: NOW.toISOString(), writeActivities: true },
      [CREDENTIAL_KEYS.pipedrive]: { crm: 'pipedrive', company: 'acme', useSession: true, token: 'a'.repeat(40), connectedAt: NOW.toISOString(), writeActivities: true },
      [CREDENTIAL_KEYS.salesforce]: { crm: 'salesforce', mode: 'session', connectedAt: NOW.toISOString(), writeActivities: true },
      unrelated: 'kept',
    });
    const removed: unknown[] = [];
    const connections = { store, requestPermissions: async () => true, removePermissions: async (request: unknown) => (removed.push(request), true) };
    const { container: root } = await mount(<Options db={db} now={now} download={() => {}} connections={connections} />);
    await waitFor(() => byTestId(root, 'tab-data'));
    await click(byTestId(root, 'tab-data'));
    expect(text(root.querySelector('#clear-title + p'))).toContain('disconnects every CRM (its token and its browser permissions are removed)');
    await type(byTestId(root, 'clear-confirm'), 'DELETE');
    await click(byTestId(root, 'clear-all'));
    await waitFor(() => expect(text(byTestId(root, 'data-status'))).toBe('All data cleared.'));
    expect([...store.data.keys()]).toEqual(['unrelated']);
    // Firefox's consents to send the CRM its data go back with the hosts.
    const dataCollection = ['websiteContent', 'personalCommunications', 'authenticationInfo'];
    expect(removed).toEqual([
      { permissions: [], origins: ['https://*.pipedrive.com/api/*'], dataCollection },
      { permissions: [], origins: ['https://api.hubapi.com/*'], dataCollection },
      { permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'], dataCollection },
    ]);
  });

  it('asks for the word in the page’s language', async () => {
    const { container } = await mount(<Options db={db} now={now} download={() => {}} />, 'sv');
    await waitFor(() => byTestId(container, 'tab-data'));
    expect(text(container.querySelector('label[for="clear-confirm"]'))).toBe('Skriv RADERA för att bekräfta');
  });
});
