import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { createCrmApiClient } from '@/lib/crm/api/client';
import type { PipedriveCredentials } from '@/lib/crm/api/types';
import { consentedFetch, ConsentWithdrawnError, type ConsentQuery } from '@/lib/extension/consent';
import { CRM_DATA_COLLECTION, MAILCHIMP_DATA_COLLECTION } from '@/lib/extension/data-collection';
import { openDatabase, type StagecraftDb } from '@/lib/db/database';
import { refreshMailchimpLists } from '@/lib/background/mailchimp';
import { loadMailchimpLists } from '@/lib/db/mailchimp';
import { saveMailchimpConnection } from '@/lib/mailchimp/key';
import { createSyncHttp } from '@/lib/team-sync';
import { createTranslator } from '@/lib/i18n';
import { describeApiProblem } from '@/lib/crm/api/problem';
import { replyText } from '@/components/automation/format';
import type { DealRef } from '@/lib/model/deal';
import { z } from 'zod';
import { mailchimpServer, MAILCHIMP_TEST_KEY } from '../../support/crm-servers/mailchimp';
import { file, json, pipedriveDealReads, type FakeFetch } from './fake-fetch';
import { memoryStore } from './memory-store';

// Firefox lets the user withdraw a connection's data consent in the add-on's settings at any time:
// every request of a connection asks first, and a withdrawn consent stops it before anything is
// sent, said in one line naming what to allow again. Chrome has no such consent: nothing is asked.

const NOW = new Date('2026-12-07T09:00:00.000Z');
const PIPEDRIVE: PipedriveCredentials = { crm: 'pipedrive', company: 'fjordline', useSession: false, token: '0123456789abcdef0123456789abcdef01234567' };
const PD_REF: DealRef = { crm: 'pipedrive', account: 'fjordline', dealId: '1234' };

/** Firefox's answer, which the test changes as the user would in the add-on's settings. */
function firefox(granted: boolean) {
  const asked: (readonly string[])[] = [];
  const state = { granted };
  const consent: ConsentQuery = async (kinds) => (asked.push(kinds), state.granted);
  return { consent, asked, state };
}

function pipedrive(): FakeFetch {
  return pipedriveDealReads()
    .on('GET', '/api/v1/users/me', file('pipedrive/user.json'))
    .on('POST', '/api/v2/activities', json({ success: true, data: { id: 311 } }, 201));
}

const client = (fake: FakeFetch, consent?: ConsentQuery) => createCrmApiClient({ fetch: fake.fetch, now: () => NOW, sleep: async () => {}, random: () => 0.5, consent });
const logCall = { op: 'create' as const, activity: { activityId: 'act-1', dealId: '1234', type: 'call' as const, outcome: 'connected' as const, subject: 'Call · Connected', note: 'Budget confirmed', at: '2026-12-07T08:30:00.000Z', nextStep: null } };

describe('the consent check before each request', () => {
  it('withdrawn: throws before the request, which is never sent; granted: sends; no consent API (Chrome): sends without asking', async () => {
    const sent: string[] = [];
    const send = (async (input: RequestInfo | URL) => (sent.push(String(input)), new Response('{}'))) as typeof fetch;
    const withdrawn = firefox(false);
    await expect(consentedFetch(send, withdrawn.consent, MAILCHIMP_DATA_COLLECTION)('https://us21.api.mailchimp.com/3.0/lists')).rejects.toBeInstanceOf(ConsentWithdrawnError);
    expect(sent).toEqual([]);
    expect(withdrawn.asked).toEqual([MAILCHIMP_DATA_COLLECTION]);

    await consentedFetch(send, firefox(true).consent, MAILCHIMP_DATA_COLLECTION)('https://us21.api.mailchimp.com/3.0/lists');
    await consentedFetch(send, undefined, MAILCHIMP_DATA_COLLECTION)('https://us21.api.mailchimp.com/3.0/lists?count=1');
    expect(sent).toEqual(['https://us21.api.mailchimp.com/3.0/lists', 'https://us21.api.mailchimp.com/3.0/lists?count=1']);
  });

  it('a query the browser cannot answer counts as withdrawn: nothing is sent it could not confirm', async () => {
    const fake = pipedrive();
    const result = await client(fake, () => Promise.reject(new Error('unknown key data_collection'))).readDeal(PD_REF, PIPEDRIVE);
    expect(result).toMatchObject({ ok: false, kind: 'noConsent' });
    expect(fake.calls).toEqual([]);
  });
});

describe('a CRM connection', () => {
  it('withdrawn: no deal read, connection check, logged call or team sync request is sent, each says why', async () => {
    const fake = pipedrive();
    const { consent, asked } = firefox(false);
    const api = client(fake, consent);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: false, kind: 'noConsent', messageKey: 'connections.problem.noConsent' });
    expect(await api.check(PIPEDRIVE)).toMatchObject({ ok: false, kind: 'noConsent' });
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, logCall)).toMatchObject({ ok: false, kind: 'noConsent' });
    // The team sync and the automation send through the client's fetch: not tried again, nothing waited.
    const sleeps: number[] = [];
    const http = createSyncHttp({ fetch: api.fetchFor(PIPEDRIVE), now: () => NOW, sleep: async (ms) => void sleeps.push(ms) });
    expect(await http.json('https://fjordline.pipedrive.com/api/v2/deals?limit=500', { method: 'GET' }, z.unknown())).toMatchObject({ ok: false, kind: 'noConsent', request: 'GET /api/v2/deals' });
    expect(sleeps).toEqual([]);
    expect(fake.calls).toEqual([]);
    // What it asked Firefox: the kinds a CRM connection sends.
    expect(new Set(asked.map((kinds) => kinds.join()))).toEqual(new Set([CRM_DATA_COLLECTION.join()]));
  });

  it('granted: the same requests go out as before; withdrawn half-way through a read, the rest of it is not sent', async () => {
    const fake = pipedrive();
    const firefoxNow = firefox(true);
    const api = client(fake, firefoxNow.consent);
    expect(await api.readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: true });
    expect(await api.writeActivity(PD_REF, PIPEDRIVE, logCall)).toMatchObject({ ok: true });
    const granted = fake.calls.length;
    expect(fake.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toContain('POST /api/v2/activities');
    expect(firefoxNow.asked.length).toBe(granted); // once per request

    // The user withdraws it in the add-on's settings after the first request of the next read.
    let seen = 0;
    const api2 = client(fake, async () => seen++ === 0);
    const read = await api2.readDeal(PD_REF, { ...PIPEDRIVE });
    expect(fake.calls.length - granted).toBe(1);
    expect(read.ok ? read.value.partial?.map((p) => p.kind) : [read.kind]).toEqual(expect.arrayContaining(['noConsent']));
  });

  it('Chrome: no consent API, requests go as before without asking', async () => {
    const fake = pipedrive();
    expect(await client(fake).readDeal(PD_REF, PIPEDRIVE)).toMatchObject({ ok: true });
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it.each([
    ['en', 'Firefox’s data consent for Pipedrive is withdrawn, so Stagecraft sends it nothing and uses what the page shows. To send again, allow Stagecraft to send website content, personal communications and authentication information in Firefox’s add-on settings (Add-ons and themes → Stagecraft → Permissions and data).'],
    ['sv', 'Firefox samtycke till data för Pipedrive är återkallat, så Stagecraft skickar inget dit och använder det som sidan visar. För att skicka igen, tillåt Stagecraft att skicka webbplatsinnehåll, personlig kommunikation och autentiseringsinformation i Firefox tilläggsinställningar (Tillägg och teman → Stagecraft → Behörigheter och data).'],
  ] as const)('the side panel says it in one line naming what to allow again (%s)', async (locale, line) => {
    const result = await client(pipedrive(), firefox(false).consent).readDeal(PD_REF, PIPEDRIVE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(describeApiProblem(createTranslator(locale), result, 'pipedrive')).toBe(line);
  });
});

describe('the Mailchimp connection', () => {
  let db: StagecraftDb | null = null;
  afterEach(async () => {
    db?.close();
    if (db) await Dexie.delete(db.name);
    db = null;
  });

  async function setUp(granted: boolean) {
    db = openDatabase('consent-mailchimp');
    const mail = mailchimpServer({ lists: [{ id: 'a1b2c3', name: 'Trial nurture' }], members: new Map() });
    const sent: string[] = [];
    const store = memoryStore({});
    await saveMailchimpConnection(store, MAILCHIMP_TEST_KEY, NOW);
    const { consent, asked } = firefox(granted);
    const deps = {
      client: createCrmApiClient({ fetch: pipedrive().fetch, now: () => NOW }),
      credentials: store,
      salesforceSession: async () => null,
      now: () => NOW,
      sleep: async () => {},
      mailchimpFetch: ((input: RequestInfo | URL, init?: RequestInit) => (sent.push(String(input)), mail.handle(new Request(input, init)))) as typeof fetch,
      consent,
    };
    return { db, deps, sent, asked };
  }

  it('withdrawn: nothing is sent to Mailchimp, and the manager reads what to allow again', async () => {
    const { db, deps, sent, asked } = await setUp(false);
    const reply = await refreshMailchimpLists(db, deps);
    expect(sent).toEqual([]);
    expect(asked).toEqual([MAILCHIMP_DATA_COLLECTION]);
    expect(await loadMailchimpLists(db)).toBeNull();
    expect(replyText(createTranslator('nl'), 'nl', reply)).toBe(
      'Mailchimp antwoordde niet zoals verwacht: de toestemming voor gegevens in Firefox voor Mailchimp is ingetrokken, dus er is niets verstuurd; sta Stagecraft weer toe persoonlijk identificeerbare gegevens en authenticatiegegevens te sturen in de add-on-instellingen van Firefox (Add-ons en thema’s → Stagecraft → Toestemmingen en gegevens) om opnieuw te versturen (technisch detail: GET /3.0/lists · Firefox data consent withdrawn for personallyIdentifyingInfo, authenticationInfo)',
    );
  });

  it('granted: the lists are read from Mailchimp', async () => {
    const { db, deps, sent } = await setUp(true);
    expect(await refreshMailchimpLists(db, deps)).toEqual({ ok: true });
    expect(sent).toEqual(['https://us21.api.mailchimp.com/3.0/lists?count=1000&fields=lists.id,lists.name,total_items']);
    expect((await loadMailchimpLists(db))?.lists).toEqual([{ id: 'a1b2c3', name: 'Trial nurture' }]);
  });
});
