import { describe, expect, it } from 'vitest';
import {
  connectHubspot,
  connectPipedrive,
  connectSalesforce,
  CREDENTIAL_KEYS,
  credentialsFor,
  disconnect,
  loadConnection,
  loadConnections,
  maskToken,
  removeToken,
  storageAreaStore,
  summarise,
  type CredentialStore,
} from '@/lib/crm/api/credentials';
import { apiPermissionOrigins, apiPermissions } from '@/lib/crm/api/hosts';
import type { DealRef } from '@/lib/model/deal';
import { memoryStore } from './memory-store';

const NOW = new Date('2025-03-14T10:00:00.000Z');
const PD_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const HS_TOKEN = 'pat-eu1-4f1d2c3b-aaaa-bbbb-cccc-0123456789ab';


describe('connecting', () => {
  it('stores each CRM under its own extension-storage key', async () => {
    const store = memoryStore();
    expect(await connectSalesforce(store, NOW)).toEqual({ ok: true });
    expect(await connectPipedrive(store, { company: 'https://Fjordline.pipedrive.com/', token: ` ${PD_TOKEN}\n`, useSession: true }, NOW)).toEqual({ ok: true });
    expect(await connectHubspot(store, { token: HS_TOKEN }, NOW)).toEqual({ ok: true });
    expect(Object.fromEntries(store.data)).toEqual({
      [CREDENTIAL_KEYS.salesforce]: { crm: 'salesforce', mode: 'session', connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true },
      [CREDENTIAL_KEYS.pipedrive]: { crm: 'pipedrive', company: 'fjordline', useSession: true, token: PD_TOKEN, connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true },
      [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: HS_TOKEN, connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true },
    });
    const all = await loadConnections(store);
    expect(all.pipedrive?.token).toBe(PD_TOKEN);
    expect(all.hubspot?.token).toBe(HS_TOKEN);
    expect(all.salesforce?.mode).toBe('session');
  });

  it('refuses a bad company or token, saving nothing', async () => {
    const store = memoryStore();
    expect(await connectPipedrive(store, { company: 'evil.com', token: PD_TOKEN, useSession: false }, NOW)).toEqual({ ok: false, field: 'company', problem: 'company' });
    expect(await connectPipedrive(store, { company: 'acme', token: 'has spaces in the middle of it', useSession: false }, NOW)).toEqual({ ok: false, field: 'token', problem: 'token' });
    expect(await connectPipedrive(store, { company: 'acme', token: '', useSession: false }, NOW)).toEqual({ ok: false, field: 'token', problem: 'tokenOrSession' });
    expect(await connectHubspot(store, { token: PD_TOKEN }, NOW)).toEqual({ ok: false, field: 'token', problem: 'token' });
    expect(await connectHubspot(store, { token: 'pat-na1' }, NOW)).toEqual({ ok: false, field: 'token', problem: 'token' });
    expect(store.data.size).toBe(0);
  });

  it('an empty token field keeps the saved token of the same company', async () => {
    const store = memoryStore();
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: false }, NOW);
    await connectPipedrive(store, { company: 'acme', token: '', useSession: true }, NOW);
    expect((await loadConnection(store, 'pipedrive'))?.token).toBe(PD_TOKEN);
    // …but never carries it over to another company.
    expect(await connectPipedrive(store, { company: 'othercorp', token: '', useSession: false }, NOW)).toMatchObject({ ok: false, problem: 'tokenOrSession' });
    await connectPipedrive(store, { company: 'othercorp', token: '', useSession: true }, NOW);
    expect((await loadConnection(store, 'pipedrive'))?.token).toBeUndefined();
  });

  it('garbage in storage reads as not connected', async () => {
    const store = memoryStore({
      [CREDENTIAL_KEYS.hubspot]: { crm: 'hubspot', token: 42 },
      [CREDENTIAL_KEYS.pipedrive]: { crm: 'pipedrive', company: 'evil.com', useSession: true, connectedAt: NOW.toISOString() },
      [CREDENTIAL_KEYS.salesforce]: 'yes',
    });
    expect(await loadConnections(store)).toEqual({ salesforce: null, pipedrive: null, hubspot: null });
    const broken: CredentialStore = { get: () => Promise.reject(new Error('storage gone')), set: async () => {}, remove: async () => {} };
    expect(await loadConnection(broken, 'hubspot')).toBeNull();
  });
});

describe('removing', () => {
  it('Remove token keeps a Pipedrive connection that may use the session; otherwise it disconnects', async () => {
    const store = memoryStore();
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: true }, NOW);
    await removeToken(store, 'pipedrive');
    expect(await loadConnection(store, 'pipedrive')).toEqual({ crm: 'pipedrive', company: 'acme', useSession: true, connectedAt: NOW.toISOString(), writeActivities: true, shareChecklist: true });
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: false }, NOW);
    await removeToken(store, 'pipedrive');
    expect(store.data.has(CREDENTIAL_KEYS.pipedrive)).toBe(false);
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    await removeToken(store, 'hubspot');
    expect(store.data.has(CREDENTIAL_KEYS.hubspot)).toBe(false);
    await connectSalesforce(store, NOW);
    await disconnect(store, 'salesforce');
    expect(store.data.size).toBe(0);
  });
});

describe('what pages may show', () => {
  it('masks tokens to their last four characters', () => {
    expect(maskToken(PD_TOKEN)).toBe('••••••••4567');
    expect(maskToken('short')).toBe('••••••••');
  });

  it('summaries never contain a token', async () => {
    const store = memoryStore();
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: true }, NOW);
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    const all = await loadConnections(store);
    const summaries = [summarise('pipedrive', all.pipedrive), summarise('hubspot', all.hubspot), summarise('salesforce', all.salesforce)];
    expect(summaries).toEqual([
      { crm: 'pipedrive', connected: true, connectedAt: NOW.toISOString(), company: 'acme', useSession: true, maskedToken: '••••••••4567', writeActivities: true, shareChecklist: true },
      { crm: 'hubspot', connected: true, connectedAt: NOW.toISOString(), maskedToken: '••••••••89ab', writeActivities: true, shareChecklist: true },
      { crm: 'salesforce', connected: false },
    ]);
    const text = JSON.stringify(summaries);
    expect(text).not.toContain(PD_TOKEN);
    expect(text).not.toContain(HS_TOKEN);
  });
});

describe('credentialsFor', () => {
  const sf: DealRef = { crm: 'salesforce', account: 'acme--uat.sandbox', dealId: '0065g00000AbCdE' };
  const pd: DealRef = { crm: 'pipedrive', account: 'acme', dealId: '1' };
  const hs: DealRef = { crm: 'hubspot', account: '4455667', dealId: '1' };

  it('builds each CRM’s credentials from the stored connection', async () => {
    const store = memoryStore();
    await connectSalesforce(store, NOW);
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: true }, NOW);
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    const all = await loadConnections(store);
    expect(credentialsFor(sf, all, 'SID')).toEqual({ crm: 'salesforce', instanceHost: 'acme--uat.sandbox.my.salesforce.com', sessionId: 'SID' });
    expect(credentialsFor(pd, all)).toEqual({ crm: 'pipedrive', company: 'acme', useSession: true, token: PD_TOKEN });
    expect(credentialsFor(hs, all)).toEqual({ crm: 'hubspot', token: HS_TOKEN });
  });

  it('a Pipedrive token is only used for its own company', async () => {
    const store = memoryStore();
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: true }, NOW);
    const all = await loadConnections(store);
    expect(credentialsFor({ ...pd, account: 'othercorp' }, all)).toEqual({ crm: 'pipedrive', company: 'othercorp', useSession: true });
    await connectPipedrive(store, { company: 'acme', token: PD_TOKEN, useSession: false }, NOW);
    expect(credentialsFor({ ...pd, account: 'othercorp' }, await loadConnections(store))).toMatchObject({ ok: false, kind: 'notConnected' });
  });

  it('not connected, or signed out of Salesforce', async () => {
    const none = { salesforce: null, pipedrive: null, hubspot: null };
    expect(credentialsFor(sf, none, 'SID')).toMatchObject({ ok: false, kind: 'notConnected', messageKey: 'connections.problem.notConnected' });
    expect(credentialsFor(pd, none)).toMatchObject({ ok: false, kind: 'notConnected' });
    expect(credentialsFor(hs, none)).toMatchObject({ ok: false, kind: 'notConnected' });
    const store = memoryStore();
    await connectSalesforce(store, NOW);
    expect(credentialsFor(sf, await loadConnections(store), null)).toMatchObject({ ok: false, kind: 'unauthorized' });
  });
});

describe('storage adapters and permissions', () => {
  it('adapts browser.storage.local (get answers { key: value })', async () => {
    const area = new Map<string, unknown>();
    const store = storageAreaStore({
      get: async (key) => (area.has(key) ? { [key]: area.get(key) } : {}),
      set: async (items) => void Object.entries(items).forEach(([k, v]) => area.set(k, v)),
      remove: async (key) => void area.delete(key),
    });
    await connectHubspot(store, { token: HS_TOKEN }, NOW);
    expect(area.get(CREDENTIAL_KEYS.hubspot)).toMatchObject({ token: HS_TOKEN });
    expect((await loadConnection(store, 'hubspot'))?.token).toBe(HS_TOKEN);
    await disconnect(store, 'hubspot');
    expect(await store.get(CREDENTIAL_KEYS.hubspot)).toBeUndefined();
  });

  it('asks only for the manifest’s optional API hosts of that CRM (and cookies for Salesforce)', () => {
    expect(apiPermissionOrigins('salesforce')).toEqual(['https://*.my.salesforce.com/*']);
    expect(apiPermissionOrigins('pipedrive')).toEqual(['https://*.pipedrive.com/api/*']);
    expect(apiPermissionOrigins('hubspot')).toEqual(['https://api.hubapi.com/*']);
    expect(apiPermissions('salesforce')).toEqual(['cookies']);
    expect(apiPermissions('hubspot')).toEqual([]);
  });
});
