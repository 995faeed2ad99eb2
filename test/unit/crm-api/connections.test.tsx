import { afterEach, describe, expect, it, vi } from 'vitest';
import { Connections, type ConnectionsProps, type PermissionRequest } from '@/components/connections/Connections';
import { CREDENTIAL_KEYS, connectHubspot, connectPipedrive, connectSalesforce } from '@/lib/crm/api/credentials';
import { failure } from '@/lib/crm/api/types';
import { memoryStore } from './memory-store';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { recordDealSeen } from '@/lib/background/deals';
import { button, buttonNames, byLabel, byTestId, check, cleanup, click, mount, text, type, waitFor } from '../helpers/render';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const PD_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const HS_TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';

function setup(overrides: Partial<ConnectionsProps> = {}, initial: Record<string, unknown> = {}) {
  const store = memoryStore(initial);
  const order: string[] = [];
  const set = store.set;
  store.set = async (key, value) => {
    order.push(`set ${key}`);
    return set(key, value);
  };
  const requestPermissions = vi.fn(async (request: PermissionRequest) => {
    order.push(`request ${request.origins.join(' ')}`);
    return true;
  });
  const removePermissions = vi.fn(async () => true);
  const onChange = vi.fn();
  const props: ConnectionsProps = { store, requestPermissions, removePermissions, onChange, now: () => NOW, ...overrides };
  return { store, order, props, requestPermissions: props.requestPermissions as typeof requestPermissions, removePermissions, onChange };
}

async function open(props: ConnectionsProps, locale: 'en' | 'sv' | 'nb' = 'en') {
  const root = (await mount(<Connections {...props} />, locale)).container;
  await waitFor(() => expect(byTestId(root, 'connections').getAttribute('aria-busy')).toBe('false'));
  return root;
}

const state = (root: HTMLElement, crm: string) => text(byTestId(root, `connection-${crm}-state`));

afterEach(cleanup);

const CRM_SENDS = ['websiteContent', 'personalCommunications', 'authenticationInfo'];

describe('Connections', () => {
  it('shows every CRM as not connected at first', async () => {
    const { props } = setup();
    const root = await open(props);
    expect(['salesforce', 'pipedrive', 'hubspot'].map((crm) => state(root, crm))).toEqual(['Not connected', 'Not connected', 'Not connected']);
    expect(buttonNames(root)).toEqual(['Use my Salesforce session', 'Connect', 'Connect']);
  });

  it('Salesforce: asks for the cookies and API host permission within the click, then remembers the choice', async () => {
    const { props, store, order, requestPermissions, onChange } = setup();
    const root = await open(props);
    await click(button(root, 'Use my Salesforce session'));
    // With, for Firefox's consent, what the CRM's API is sent: the deal's content, the logged activities, the session or token.
    expect(requestPermissions).toHaveBeenCalledWith({ permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'], dataCollection: CRM_SENDS });
    await waitFor(() => expect(state(root, 'salesforce')).toBe('Connected'));
    expect(order).toEqual(['request https://*.my.salesforce.com/*', `set ${CREDENTIAL_KEYS.salesforce}`]);
    expect(store.data.get(CREDENTIAL_KEYS.salesforce)).toEqual({ crm: 'salesforce', mode: 'session', connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true });
    expect(onChange).toHaveBeenCalledWith('salesforce');
    expect(text(byTestId(root, 'connection-salesforce-note'))).toBe('Salesforce is connected.');

    await click(button(root, 'Stop using my session'));
    await waitFor(() => expect(state(root, 'salesforce')).toBe('Not connected'));
    expect(store.data.has(CREDENTIAL_KEYS.salesforce)).toBe(false);
    // The host goes back; the consent stays for the other connections that share its kinds.
    expect(props.removePermissions).toHaveBeenCalledWith({ permissions: ['cookies'], origins: ['https://*.my.salesforce.com/*'] });
  });

  it('a refused permission saves nothing and says why', async () => {
    const { props, store } = setup({ requestPermissions: vi.fn(async () => false) });
    const root = await open(props);
    await click(button(root, 'Use my Salesforce session'));
    await waitFor(() => expect(text(byTestId(root, 'connection-salesforce-note'))).toBe('Permission not granted: Stagecraft can’t call Salesforce’s API without it. Nothing was saved.'));
    expect(store.data.size).toBe(0);
    expect(state(root, 'salesforce')).toBe('Not connected');
  });

  it('Pipedrive: saves company and token, then shows the token masked only', async () => {
    const { props, store, requestPermissions } = setup();
    const root = await open(props);
    const card = byTestId(root, 'connection-pipedrive');
    await type(byLabel(card, 'Company'), 'Fjordline.pipedrive.com');
    await type(byLabel(card, 'Personal API token'), PD_TOKEN);
    await click(button(card, 'Connect'));
    await waitFor(() => expect(state(root, 'pipedrive')).toBe('Connected'));
    expect(requestPermissions).toHaveBeenCalledWith({ permissions: [], origins: ['https://*.pipedrive.com/api/*'], dataCollection: CRM_SENDS });
    expect(store.data.get(CREDENTIAL_KEYS.pipedrive)).toEqual({ crm: 'pipedrive', company: 'fjordline', useSession: true, token: PD_TOKEN, connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true });
    expect(byLabel(card, 'Personal API token').value).toBe('');
    expect(byLabel(card, 'Company').value).toBe('fjordline');
    expect(text(byTestId(card, 'connection-pipedrive-token'))).toBe('Saved token: ••••••••4567');
    expect(text(byTestId(card, 'connection-pipedrive-facts'))).toContain('Account: fjordline.pipedrive.com');
    expect(root.innerHTML).not.toContain(PD_TOKEN);
  });

  it('Pipedrive: Remove token keeps the login-session connection; Disconnect removes it all', async () => {
    const { props, store, removePermissions } = setup();
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: true }, NOW);
    const root = await open(props);
    const card = byTestId(root, 'connection-pipedrive');
    expect(byLabel(card, 'Company').value).toBe('acme');
    await click(button(card, 'Remove token'));
    await waitFor(() => expect(text(byTestId(card, 'connection-pipedrive-note'))).toBe('The Pipedrive token was removed.'));
    expect(state(root, 'pipedrive')).toBe('Connected');
    expect(store.data.get(CREDENTIAL_KEYS.pipedrive)).not.toHaveProperty('token');
    expect(removePermissions).not.toHaveBeenCalled();
    await click(button(card, 'Disconnect'));
    await waitFor(() => expect(state(root, 'pipedrive')).toBe('Not connected'));
    expect(store.data.has(CREDENTIAL_KEYS.pipedrive)).toBe(false);
    expect(removePermissions).toHaveBeenCalledTimes(1);
  });

  it('Pipedrive: names the field to fix and asks for no permission', async () => {
    const { props, requestPermissions, store } = setup();
    const root = await open(props);
    const card = byTestId(root, 'connection-pipedrive');
    await type(byLabel(card, 'Company'), 'evil.com/x');
    await type(byLabel(card, 'Personal API token'), 'not a token');
    await click(button(card, 'Connect'));
    expect(text(card.querySelector('#connection-pipedrive-company-error'))).toBe('Enter your Pipedrive company as in acme.pipedrive.com.');
    expect(text(card.querySelector('#connection-pipedrive-token-error'))).toBe('This doesn’t look like a Pipedrive API token. Paste the whole token, without spaces.');
    expect(byLabel(card, 'Company').getAttribute('aria-invalid')).toBe('true');

    await type(byLabel(card, 'Company'), 'acme');
    await type(byLabel(card, 'Personal API token'), '');
    await check(byTestId<HTMLInputElement>(card, 'connection-pipedrive-session'), false);
    await click(button(card, 'Connect'));
    expect(text(card.querySelector('#connection-pipedrive-token-error'))).toBe('Enter an API token, or let Stagecraft use your Pipedrive login.');
    expect(requestPermissions).not.toHaveBeenCalled();
    expect(store.data.size).toBe(0);
  });

  it('HubSpot: checks the token’s form, saves it, shows it masked and removes it', async () => {
    const { props, store, removePermissions, onChange } = setup();
    const root = await open(props);
    const card = byTestId(root, 'connection-hubspot');
    await type(byLabel(card, 'Private app access token'), PD_TOKEN);
    await click(button(card, 'Connect'));
    expect(text(card.querySelector('#connection-hubspot-token-error'))).toBe('This doesn’t look like a private app token: it starts with “pat-”.');
    expect(store.data.size).toBe(0);

    await type(byLabel(card, 'Private app access token'), `  ${HS_TOKEN}  `);
    await click(button(card, 'Connect'));
    await waitFor(() => expect(state(root, 'hubspot')).toBe('Connected'));
    expect(props.requestPermissions).toHaveBeenCalledWith({ permissions: [], origins: ['https://api.hubapi.com/*'], dataCollection: CRM_SENDS });
    expect(store.data.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ token: HS_TOKEN });
    expect(text(byTestId(card, 'connection-hubspot-token'))).toBe('Saved token: ••••••••89ab');
    expect(root.innerHTML).not.toContain(HS_TOKEN);
    expect(card.querySelector('#connection-hubspot-token-error')).toBeNull();

    await click(button(card, 'Remove token'));
    await waitFor(() => expect(state(root, 'hubspot')).toBe('Not connected'));
    expect(store.data.has(CREDENTIAL_KEYS.hubspot)).toBe(false);
    expect(removePermissions).toHaveBeenCalledWith({ permissions: [], origins: ['https://api.hubapi.com/*'] });
    expect(onChange.mock.calls).toEqual([['hubspot'], ['hubspot']]);
  });

  it('token fields are password fields without autocomplete', async () => {
    const { props } = setup();
    const root = await open(props);
    for (const label of ['Personal API token', 'Private app access token']) {
      const input = byLabel(root, label);
      expect(input.type).toBe('password');
      expect(input.getAttribute('autocomplete')).toBe('off');
    }
  });

  it('checks a connection through the background and shows its problem', async () => {
    const checkConnection = vi.fn(async () => failure('unauthorized', { status: 401 }));
    const { props, store } = setup({ checkConnection });
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    const root = await open(props);
    await click(byTestId(root, 'connection-hubspot-check'));
    await waitFor(() =>
      expect(text(byTestId(root, 'connection-hubspot-note'))).toBe(
        'HubSpot did not accept the connection (signed out, or the token expired). Sign in to HubSpot or reconnect it on the options page. Until then Stagecraft uses what the page shows. Technical detail: HTTP 401',
      ),
    );
    expect(checkConnection).toHaveBeenCalledWith('hubspot');
    checkConnection.mockResolvedValueOnce({ ok: true } as never);
    await click(byTestId(root, 'connection-hubspot-check'));
    await waitFor(() => expect(text(byTestId(root, 'connection-hubspot-note'))).toBe('HubSpot answered: the connection works.'));
  });

  it('warns when a connected CRM lost its permission', async () => {
    const hasPermissions = vi.fn(async (request: PermissionRequest) => !request.permissions.includes('cookies'));
    const { props, store } = setup({ hasPermissions });
    await connectSalesforce(store, NOW);
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    const root = await open(props);
    await waitFor(() => expect(text(byTestId(root, 'connection-salesforce-missing'))).toBe('The permission to call Salesforce’s API is missing. Connect again to grant it.'));
    expect(root.querySelector('[data-testid="connection-hubspot-missing"]')).toBeNull();
  });

  it('a save the browser refuses says why in Swedish, the browser’s own words only as the technical detail', async () => {
    const { props, store } = setup();
    // Chrome's extension storage, full: an Error with English text and no name of its own.
    store.set = async () => {
      throw new Error('QUOTA_BYTES quota exceeded');
    };
    const root = await open(props, 'sv');
    await click(button(root, 'Använd min Salesforce-session'));
    await waitFor(() => expect(text(byTestId(root, 'connection-salesforce-note'))).toBe('Kunde inte spara: webbläsarens lagring är full'));
    expect(state(root, 'salesforce')).toBe('Inte ansluten');

    // Anything else: the Swedish sentence first, the exception after it for support.
    store.set = async () => {
      throw Object.assign(new Error('Transaction was aborted'), { name: 'AbortError' });
    };
    await click(button(root, 'Använd min Salesforce-session'));
    await waitFor(() => expect(text(byTestId(root, 'connection-salesforce-note'))).toBe('Kunde inte spara: webbläsaren avbröt sparandet, så inget av det behölls (teknisk detalj: AbortError: Transaction was aborted)'));
  });

  it('speaks the user’s language', async () => {
    const { props, store } = setup();
    await connectSalesforce(store, NOW);
    const root = await open(props, 'sv');
    expect(text(root.querySelector('h2'))).toBe('CRM-anslutningar');
    expect(state(root, 'salesforce')).toBe('Ansluten');
    expect(buttonNames(root)).toContain('Sluta använda min session');
  });

  it('writing logged activities to a connected CRM is on by default and can be turned off and on again', async () => {
    const { props, store, onChange } = setup({}, { [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: HS_TOKEN, connectedAt: NOW.toISOString() } });
    const root = await open(props);
    const toggle = byTestId(root, 'connection-hubspot-write') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(text(byTestId(root, 'connection-hubspot'))).toContain('Write logged activities to HubSpot');
    expect(root.querySelector('[data-testid=connection-pipedrive-write]')).toBeNull(); // only for connected CRMs
    await click(toggle);
    await waitFor(async () => expect(await store.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ writeActivities: false, token: HS_TOKEN }));
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('hubspot'));
    await waitFor(() => expect((byTestId(root, 'connection-hubspot-write') as HTMLInputElement).checked).toBe(false));
    await click(byTestId(root, 'connection-hubspot-write'));
    await waitFor(async () => expect(await store.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ writeActivities: true }));
  });

  it('sharing checklist progress with the team is on by default while writing is on, off with writing, and can be turned off alone', async () => {
    const { props, store, onChange } = setup({}, { [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: HS_TOKEN, connectedAt: NOW.toISOString() } });
    const root = await open(props);
    const share = () => byTestId(root, 'connection-hubspot-share') as HTMLInputElement;
    expect(share().checked).toBe(true);
    expect(share().disabled).toBe(false);
    expect(text(byTestId(root, 'connection-hubspot'))).toContain('Share checklist progress with the team through HubSpot');
    expect(text(byTestId(root, 'connection-hubspot'))).toContain('a completed HubSpot task on the deal, “✓ task”');
    expect(root.querySelector('[data-testid=connection-pipedrive-share]')).toBeNull();
    await click(share());
    await waitFor(async () => expect(await store.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ writeActivities: true, shareChecklist: false, token: HS_TOKEN }));
    await waitFor(() => expect(onChange).toHaveBeenCalledWith('hubspot'));
    await waitFor(() => expect(share().checked).toBe(false));
    await click(share());
    await waitFor(async () => expect(await store.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ shareChecklist: true }));
    // Writing off: nothing is written, so nothing is shared either, and the switch says so.
    await click(byTestId(root, 'connection-hubspot-write'));
    await waitFor(() => expect(share().disabled).toBe(true));
    expect(share().checked).toBe(false);
  });

  it('says the share switch in every language', async () => {
    const { props } = setup({}, { [CREDENTIAL_KEYS.pipedrive]: { crm: 'pipedrive', company: 'fjordline', useSession: true, connectedAt: NOW.toISOString() } });
    const root = await open(props, 'nb');
    expect(text(byTestId(root, 'connection-pipedrive'))).toContain('Del fremdriften i sjekklisten med teamet gjennom Pipedrive');
  });
});

describe('a Salesforce connection that does not know its org yet', () => {
  const opened: StagecraftDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  const SF_SESSION = { [CREDENTIAL_KEYS.salesforce]: { crm: 'salesforce', mode: 'session', connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true } };
  const withDb = (name: string) => {
    const db = openDatabase(name);
    opened.push(db);
    return db;
  };
  const hint = (root: HTMLElement) => root.querySelector('[data-testid="connection-salesforce-no-account"]')?.textContent ?? null;

  it('says to open an opportunity once, and the hint goes once the rep opens one', async () => {
    const db = withDb('connections-sf-org');
    const { props } = setup({ db }, SF_SESSION);
    const root = await open(props);
    await waitFor(() => expect(hint(root)).toBe('Open an opportunity in Salesforce once, so Stagecraft knows your org: until then the team sync and the automation cannot reach it.'));
    expect(root.querySelector('[data-testid="connection-pipedrive-no-account"]')).toBeNull();

    // The rep opens an opportunity of the org: the page reading stores the deal, and the hint goes.
    await recordDealSeen(db, {
      ref: { crm: 'salesforce', account: 'acme', dealId: '006Dn000004ABCDIA2' },
      url: 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn000004ABCDIA2/view',
      snapshot: { crm: 'salesforce', dealId: '006Dn000004ABCDIA2', title: 'Acme rollout', pipeline: null, stage: 'Prospecting', stages: [], value: null, currency: null, owner: 'Anna', closeDate: null, status: 'open' },
      tabId: 7,
      now: NOW,
    });
    await waitFor(() => expect(hint(root)).toBeNull());
    expect(state(root, 'salesforce')).toBe('Connected');
  });

  it('in Swedish, and not before Salesforce is connected', async () => {
    const db = withDb('connections-sf-org-sv');
    const root = await open(setup({ db }, SF_SESSION).props, 'sv');
    await waitFor(() => expect(hint(root)).toBe('Öppna en affärsmöjlighet i Salesforce en gång, så att Stagecraft vet vilken organisation det gäller: tills dess kan teamsynken och automatiseringen inte nå den.'));
    await cleanup();
    const notConnected = await open(setup({ db }).props, 'sv');
    expect(hint(notConnected)).toBeNull();
  });
});
