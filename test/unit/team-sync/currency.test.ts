import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { loadSettings, updateSettings } from '@/lib/db/settings';
import { syncTeam } from '@/lib/background/team-sync';
import { createCrmApiClient } from '@/lib/crm/api/client';
import { moneyOf } from '@/lib/metrics/currency';
import { hubspotServer, HUBSPOT_TEST_TOKEN } from '../../support/crm-servers/hubspot';
import { pipedriveServer, PIPEDRIVE_TEST_TOKEN } from '../../support/crm-servers/pipedrive';
import { salesforceServer, SALESFORCE_TEST_TOKEN } from '../../support/crm-servers/salesforce';
import { json } from '../../support/crm-servers/server';
import { generateTeam, groundTruth, type World } from '../../support/crm-servers/team';
import { memoryStore } from '../crm-api/memory-store';
import { syncOnce } from './helpers';

// The CRM's money read by every team sync, last: the company currency and, where the CRM keeps them,
// its exchange rates (1 unit of a currency = rate units of the company currency). What the CRM
// states as "1 company = r units" is turned around (1 / r). A CRM that does not answer never fails
// the sync.

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const SINCE = Date.UTC(2025, 0, 1);

// The test servers state 1 EUR = r units with six decimals, as the CRMs do.
const fromStated = (rate: number) => 1 / Number((1 / rate).toFixed(6));

describe('the CRM’s currency in a team sync', () => {
  it('HubSpot: account-info’s company currency and the current exchange rates, asked last', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 71, deals: 20, now: NOW });
    const server = hubspotServer(world);
    const { store, result } = await syncOnce(server, { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    expect(server.log.slice(-2).map((r) => r.line)).toEqual(['GET /account-info/v3/details', 'GET /settings/v3/currencies/exchange-rates/current']);
    expect(server.log.at(-1)!.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
    expect((await store.data()).currency).toEqual({ company: 'EUR', rates: { USD: fromStated(0.92), SEK: fromStated(0.087), NOK: fromStated(0.085) }, readAt: NOW });
  });

  it('HubSpot without the currency scope: the company currency only, and the sync completes', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 72, deals: 10, now: NOW });
    const server = hubspotServer(world);
    server.faults.push({ when: (r) => r.line.startsWith('GET /settings/v3/currencies'), respond: () => json({ status: 'error', category: 'MISSING_SCOPES', message: 'missing settings.currencies.read' }, 403) });
    const { store, result } = await syncOnce(server, { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    expect((await store.data()).currency).toEqual({ company: 'EUR', rates: {}, readAt: NOW });
  });

  it('HubSpot whose account-info fails: no currency, the deals are kept', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 73, deals: 10, now: NOW });
    const server = hubspotServer(world);
    server.faults.push({ when: (r) => r.line.startsWith('GET /account-info'), respond: () => json({ status: 'error', category: 'MISSING_SCOPES', message: 'missing account-info.security.read' }, 403) });
    const { store, result } = await syncOnce(server, { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const data = await store.data();
    expect(data.currency).toBeUndefined();
    expect([...data.deals]).toHaveLength(groundTruth(world, SINCE).deals.length);
  });

  it('Salesforce with multi-currency: the active CurrencyType rows (1 corporate = ConversionRate units)', async () => {
    const world = generateTeam({ crm: 'salesforce', seed: 74, deals: 15, now: NOW });
    const server = salesforceServer(world);
    const { store, result } = await syncOnce(server, { crm: 'salesforce', instance: 'acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    expect(new URL(server.log.at(-1)!.url).searchParams.get('q')).toBe('SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true');
    expect((await store.data()).currency).toEqual({ company: 'EUR', rates: { USD: fromStated(0.92), SEK: fromStated(0.087), NOK: fromStated(0.085) }, readAt: NOW });
  });

  it('Salesforce without multi-currency: CurrencyType does not exist, the Organization’s currency is read', async () => {
    const world = generateTeam({ crm: 'salesforce', seed: 75, deals: 15, now: NOW });
    const server = salesforceServer(world, { multiCurrency: false });
    const { store, result } = await syncOnce(server, { crm: 'salesforce', instance: 'acme.my.salesforce.com', token: SALESFORCE_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    const queries = server.log.slice(-2).map((r) => new URL(r.url).searchParams.get('q'));
    expect(queries).toEqual(['SELECT IsoCode, ConversionRate, IsCorporate FROM CurrencyType WHERE IsActive = true', 'SELECT DefaultCurrencyIsoCode FROM Organization']);
    expect((await store.data()).currency).toEqual({ company: 'EUR', rates: {}, readAt: NOW });
  });

  it('Pipedrive: the default currency from users/me (Pipedrive’s API keeps no rates)', async () => {
    const world = generateTeam({ crm: 'pipedrive', seed: 76, deals: 15, now: NOW });
    const server = pipedriveServer(world);
    const { store, result } = await syncOnce(server, { crm: 'pipedrive', company: 'acme', token: PIPEDRIVE_TEST_TOKEN }, { now: NOW, since: SINCE });
    expect(result.status).toBe('complete');
    expect(server.log.at(-1)!.line).toBe('GET /api/v1/users/me');
    expect((await store.data()).currency).toEqual({ company: 'EUR', rates: {}, readAt: NOW });
  });
});

describe('the CRM’s currency in the extension', () => {
  let names: string[] = [];
  afterEach(async () => {
    for (const name of names) await Dexie.delete(name);
    names = [];
  });
  const database = (name: string): StagecraftDb => {
    names.push(name);
    return openDatabase(name);
  };
  const deps = (world: World) => {
    const server = hubspotServer(world);
    const credentials = memoryStore({ 'crmApi.hubspot': { crm: 'hubspot', token: HUBSPOT_TEST_TOKEN, connectedAt: '2026-12-01T10:00:00.000Z', writeActivities: true } });
    return { server, deps: { client: createCrmApiClient({ fetch: server.fetch, now: () => new Date(NOW) }), credentials, salesforceSession: async () => null, now: () => new Date(NOW), sleep: async () => {} } };
  };

  it('a sync sets the base to the CRM’s company currency (over the locale’s) and keeps its rates for every figure', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 77, deals: 10, now: NOW });
    world.money = { company: 'USD', rates: { EUR: 1.08, SEK: 0.095 } };
    const db = database('currency-crm');
    await updateSettings(db, { baseCurrency: 'SEK', baseCurrencyFrom: 'locale' });
    const { deps: d } = deps(world);
    expect(await syncTeam(db, d, 'hubspot')).toMatchObject({ state: 'complete' });
    const settings = await loadSettings(db);
    expect(settings).toMatchObject({ baseCurrency: 'USD', baseCurrencyFrom: 'crm', crmCurrency: { crm: 'hubspot', company: 'USD', rates: { EUR: fromStated(1.08), SEK: fromStated(0.095) } } });
    expect(moneyOf(settings)).toEqual({ base: 'USD', rates: { EUR: fromStated(1.08), SEK: fromStated(0.095) } });
  });

  it('the manager’s base stays; the CRM’s rates are restated in it, and the manager’s own rate wins', async () => {
    const world = generateTeam({ crm: 'hubspot', seed: 78, deals: 10, now: NOW });
    const db = database('currency-manager');
    await updateSettings(db, { baseCurrency: 'SEK', baseCurrencyFrom: 'manager', currencyRates: { NOK: 1 } });
    const { deps: d } = deps(world);
    expect(await syncTeam(db, d, 'hubspot')).toMatchObject({ state: 'complete' });
    const settings = await loadSettings(db);
    expect(settings.baseCurrency).toBe('SEK');
    expect(settings.baseCurrencyFrom).toBe('manager');
    // The CRM states currencies in EUR: 1 X in SEK = (X in EUR) / (SEK in EUR).
    const sek = fromStated(0.087);
    expect(moneyOf(settings)).toEqual({ base: 'SEK', rates: { EUR: 1 / sek, USD: fromStated(0.92) / sek, NOK: 1 } });
  });
});
