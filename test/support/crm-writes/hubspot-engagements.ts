// HubSpot's engagements API (`https://api.hubapi.com/crm/v3/objects/<kind>`), served through
// Playwright routing for the write tests: creates answer 201 `{ id, properties, … }` and keep the
// deal association they were made with, PATCH answers 200 and DELETE 204; the marker lookup is
// the deal's associations of a kind (`/crm/v4/objects/deals/<id>/associations/<kind>`) and a
// batch read of their bodies, which answers only the properties asked for, as HubSpot does. The
// account-info call answers the recorded account with `portalId`; every other read answers 404, so the deal is read from its
// page only. Checks the Bearer token.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Route } from 'playwright-core';
import { heldAnswers, type HeldAnswers } from './held-answers';

export interface HubspotEngagement {
  id: string;
  kind: string;
  /** The deals it was associated with when it was made. */
  dealIds: string[];
  properties: Record<string, string>;
}

export interface FakeHubspot {
  requests: HeldAnswers;
  /** What the portal holds, by id. */
  engagements: Map<string, HubspotEngagement>;
  route(route: Route): Promise<void>;
}

const KINDS = 'calls|emails|meetings|notes|tasks';
const ACCOUNT = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/crm-api/hubspot/account.json'), 'utf8')) as Record<string, unknown>;

export function fakeHubspot(token: string, portalId: number): FakeHubspot {
  const requests = heldAnswers();
  const engagements = new Map<string, HubspotEngagement>();
  let nextId = 51_000;
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST, PATCH, DELETE' };
  const json = { ...cors, 'content-type': 'application/json' };
  const answer = (route: Route, status: number, body?: unknown) => route.fulfill({ status, headers: json, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const error = (route: Route, status: number, category: string, message: string) => answer(route, status, { status: 'error', message, category });

  async function route(route: Route) {
    const request = route.request();
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    const url = new URL(request.url());
    const path = url.pathname;
    requests.note(request.method(), request.url());
    if (request.headers().authorization !== `Bearer ${token}`) return error(route, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.');
    const body = request.postData() ? (JSON.parse(request.postData()!) as Record<string, unknown>) : {};
    const create = new RegExp(`^/crm/v3/objects/(${KINDS})$`).exec(path);
    const one = new RegExp(`^/crm/v3/objects/(${KINDS})/(\\d+)$`).exec(path);
    const batchRead = new RegExp(`^/crm/v3/objects/(${KINDS})/batch/read$`).exec(path);
    const associations = new RegExp(`^/crm/v4/objects/deals/(\\d+)/associations/(${KINDS})$`).exec(path);

    if (request.method() === 'GET' && path === '/account-info/v3/details') return answer(route, 200, { ...ACCOUNT, portalId });
    if (create && request.method() === 'POST') {
      const links = (body.associations ?? []) as { to: { id: string } }[];
      const made: HubspotEngagement = { id: String(nextId++), kind: create[1]!, dealIds: links.map((l) => String(l.to.id)), properties: (body.properties ?? {}) as Record<string, string> };
      engagements.set(made.id, made);
      await requests.wait();
      const now = new Date().toISOString();
      // The client may have stopped listening meanwhile (a timeout, a stopped worker): HubSpot has the record all the same.
      return answer(route, 201, { id: made.id, properties: { ...made.properties, hs_object_id: made.id }, createdAt: now, updatedAt: now, archived: false }).catch(() => {});
    }
    if (associations && request.method() === 'GET') {
      const results = [...engagements.values()].filter((e) => e.kind === associations[2] && e.dealIds.includes(associations[1]!)).map((e) => ({ toObjectId: Number(e.id), associationTypes: [] }));
      return answer(route, 200, { results });
    }
    if (batchRead && request.method() === 'POST') {
      const asked = (body.properties ?? []) as string[];
      const inputs = (body.inputs ?? []) as { id: string }[];
      const results = inputs
        .map((i) => engagements.get(i.id))
        .filter((e): e is HubspotEngagement => e?.kind === batchRead[1])
        .map((e) => ({ id: e.id, properties: Object.fromEntries(asked.filter((p) => p in e.properties).map((p) => [p, e.properties[p]])) }));
      return answer(route, 200, { status: 'COMPLETE', results });
    }
    if (one && (request.method() === 'PATCH' || request.method() === 'DELETE')) {
      const engagement = engagements.get(one[2]!);
      if (!engagement || engagement.kind !== one[1]) return error(route, 404, 'OBJECT_NOT_FOUND', 'resource not found');
      if (request.method() === 'DELETE') {
        engagements.delete(engagement.id);
        return route.fulfill({ status: 204, headers: cors });
      }
      Object.assign(engagement.properties, body.properties);
      const now = new Date().toISOString();
      return answer(route, 200, { id: engagement.id, properties: { ...engagement.properties, hs_object_id: engagement.id }, createdAt: now, updatedAt: now, archived: false });
    }
    return error(route, 404, 'OBJECT_NOT_FOUND', 'resource not found');
  }

  return { requests, engagements, route };
}
