// HubSpot's CRM API v3 as the automation uses it, over a small hand-made set of deals whose owner
// (and pipeline) really change: active owners, one deal with the properties asked for, PATCH of a
// deal's properties, a deal's contacts (v4 associations) and a batch read of contacts. Checks the
// Bearer token; answers 404 for an unknown deal as HubSpot does.

import { crmServer, json, type CrmServer } from './server';

export const HUBSPOT_AUTOMATION_TOKEN = 'pat-eu1-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

export interface HubspotOwner {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
}

export interface HubspotContact {
  id: string;
  email: string | null;
  firstname: string | null;
  lastname: string | null;
}

export interface HubspotDealsWorld {
  owners: HubspotOwner[];
  /** Deal id → its properties (the test may change them: another browser, a person). */
  deals: Map<string, Record<string, string | null>>;
  /** Deal id → contact ids. */
  dealContacts: Map<string, string[]>;
  contacts: Map<string, HubspotContact>;
}

export function hubspotDealsServer(world: HubspotDealsWorld, token = HUBSPOT_AUTOMATION_TOKEN): CrmServer {
  return crmServer((request) => {
    if (request.headers.get('authorization') !== `Bearer ${token}`) return json({ status: 'error', category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found.' }, 401);
    const path = request.url.pathname;
    if (request.method === 'GET' && path === '/crm/v3/owners') {
      return json({ results: world.owners.map((o) => ({ ...o, archived: false, userId: Number(o.id) })) });
    }
    const deal = /^\/crm\/v3\/objects\/deals\/([^/]+)$/.exec(path);
    if (deal) {
      const properties = world.deals.get(decodeURIComponent(deal[1]!));
      if (!properties) return json({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found.' }, 404);
      if (request.method === 'PATCH') {
        const changes = (request.body as { properties?: Record<string, string> } | undefined)?.properties ?? {};
        for (const [name, value] of Object.entries(changes)) properties[name] = value === '' ? null : value;
        properties.hs_lastmodifieddate = new Date().toISOString();
      }
      const asked = (request.url.searchParams.get('properties') ?? '').split(',').filter(Boolean);
      const shown = request.method === 'PATCH' ? properties : Object.fromEntries(['hs_object_id', ...asked].map((name) => [name, name === 'hs_object_id' ? deal[1]! : (properties[name] ?? null)]));
      return json({ id: deal[1], properties: shown, archived: false, createdAt: properties.createdate ?? null, updatedAt: properties.hs_lastmodifieddate ?? null });
    }
    const associations = /^\/crm\/v4\/objects\/deals\/([^/]+)\/associations\/contacts$/.exec(path);
    if (request.method === 'GET' && associations) {
      const ids = world.dealContacts.get(associations[1]!) ?? [];
      return json({ results: ids.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] })) });
    }
    if (request.method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') {
      const inputs = (request.body as { inputs: { id: string }[] }).inputs;
      const results = inputs.flatMap(({ id }) => {
        const c = world.contacts.get(id);
        return c ? [{ id, properties: { email: c.email, firstname: c.firstname, lastname: c.lastname, hs_object_id: id } }] : [];
      });
      return json({ status: 'COMPLETE', results });
    }
    return json({ status: 'error', message: `no route ${request.method} ${path}` }, 404);
  });
}
