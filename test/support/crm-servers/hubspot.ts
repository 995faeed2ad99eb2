// HubSpot's CRM API v3 as the team sync reads it, rendered from a generated team: pipelines (closed
// stages with isClosed/probability metadata as strings), owners (active and archived), deals paged
// by `after` with `dealstage` history newest first, engagements with their deal associations, the
// search endpoint (hs_lastmodifieddate, 10 000 results per query at most), batch reads, v4
// association batch reads, and archived (deleted) records; the history of `amount`, `closedate` and
// `hs_forecast_category` (the deal's field changes; none before a deal's fieldHistoryFrom); tasks written by a rep (created
// associated with a deal, updated, deleted, read back by a deal's associations and a batch read,
// the body in hs_task_body), as Stagecraft shares checklist ticks. Checks the Bearer token.

import { crmServer, json, pageOf, type CrmServer, type LoggedRequest } from './server';
import { fieldValues, type World, type WorldActivity, type WorldDeal } from './team';

export const HUBSPOT_TEST_TOKEN = 'pat-eu1-11111111-2222-3333-4444-555555555555';
const OBJECTS: Record<string, WorldActivity['type']> = { calls: 'call', emails: 'email', meetings: 'meeting', notes: 'note', tasks: 'task' };
const iso = (ms: number) => new Date(ms).toISOString();

/** `frozen`: the world will not change while the server runs (a benchmark), so its sorted lists are built once. */
export function hubspotServer(world: World, options: { token?: string; dailyLeft?: () => number; frozen?: boolean } = {}): CrmServer {
  const token = options.token ?? HUBSPOT_TEST_TOKEN;
  let daily = 250_000;
  const closedStage = (deal: WorldDeal) => world.pipelines.find((p) => p.id === deal.pipeline)!.stages.find((s) => s.closes === deal.status)!.id;

  function dealJson(deal: WorldDeal, withHistory: boolean) {
    const history = deal.entries.map((e) => ({ value: e.stage, timestamp: iso(e.at), sourceType: 'CRM_UI' }));
    // The same stage recorded twice in a row (an integration set it again): one stay.
    if (deal.entries.length > 2 && Number(deal.id) % 7 === 0) history.splice(1, 0, { value: deal.entries[0]!.stage, timestamp: iso(deal.entries[0]!.at + 60_000), sourceType: 'INTEGRATION' });
    if (deal.status !== 'open' && deal.historyHasClose) history.push({ value: closedStage(deal), timestamp: iso(deal.closedAt!), sourceType: 'CRM_UI' });
    const current = deal.status === 'open' ? deal.entries.at(-1)!.stage : closedStage(deal);
    const closedate = deal.closeDate !== undefined ? (deal.closeDate === null ? null : `${deal.closeDate}T00:00:00.000Z`) : deal.closedAt === null ? null : iso(deal.closedAt);
    const tracked = (field: 'amount' | 'closeDate' | 'category', now: number | string | null, render: (v: number | string | null) => string) =>
      fieldValues(deal, field, now)
        .filter((v) => v.at >= (deal.fieldHistoryFrom ?? -Infinity) && !(v.value === null && v.at === deal.createdAt))
        .map((v) => ({ value: render(v.value), timestamp: iso(v.at), sourceType: 'CRM_UI' }))
        .reverse();
    const withCategory = deal.category !== undefined || deal.fieldChanges?.some((c) => c.field === 'category');
    return {
      id: deal.id,
      properties: {
        dealname: deal.title,
        amount: String(deal.value),
        deal_currency_code: deal.currency,
        pipeline: deal.pipeline,
        dealstage: current,
        closedate,
        createdate: iso(deal.createdAt),
        hubspot_owner_id: deal.ownerId,
        hs_lastmodifieddate: iso(deal.modifiedAt),
        hs_object_id: deal.id,
        hs_analytics_source: deal.source,
      },
      ...(withHistory && {
        propertiesWithHistory: {
          dealstage: history.reverse(),
          amount: tracked('amount', deal.value, (v) => String(v)),
          closedate: tracked('closeDate', closedate, (v) => (v === null ? '' : /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? `${v}T00:00:00.000Z` : String(v))),
          ...(withCategory && { hs_forecast_category: tracked('category', deal.category ?? null, (v) => (v === null ? '' : String(v))) }),
        },
      }),
      createdAt: iso(deal.createdAt),
      updatedAt: iso(deal.modifiedAt),
      archived: deal.deleted,
    };
  }
  function activityJson(activity: WorldActivity, associations: boolean) {
    return {
      id: activity.id,
      properties: { hs_timestamp: iso(activity.at), hubspot_owner_id: activity.ownerId, hs_lastmodifieddate: iso(activity.modifiedAt), hs_createdate: iso(activity.at), ...(activity.type === 'task' && { hs_task_body: activity.body ?? null }) },
      createdAt: iso(activity.at),
      updatedAt: iso(activity.modifiedAt),
      archived: activity.deleted,
      ...(associations && { associations: { deals: { results: [{ id: activity.dealId, type: `${activity.type}_to_deal` }] } } }),
    };
  }
  const paged = <T>(request: LoggedRequest, items: readonly T[], render: (item: T) => unknown, maxLimit = 100) => {
    const limit = Math.min(Number(request.url.searchParams.get('limit') ?? 10), maxLimit);
    const offset = Number(request.url.searchParams.get('after') ?? 0);
    const { page, next } = pageOf(items, offset, limit);
    return json({ results: page.map(render), ...(next !== null && { paging: { next: { after: String(next), link: `?after=${next}` } } }) });
  };
  const search = <T extends { id: string; modifiedAt: number }>(request: LoggedRequest, items: readonly T[], render: (item: T) => unknown) => {
    const body = request.body as { filterGroups?: { filters: { propertyName: string; operator: string; value: string }[] }[]; limit?: number; after?: string };
    const limit = Math.min(body.limit ?? 10, 200);
    const offset = Number(body.after ?? 0);
    if (offset + limit > 10_000) return json({ status: 'error', message: 'Cannot page past 10000 results', category: 'VALIDATION_ERROR' }, 400);
    const filter = body.filterGroups?.[0]?.filters[0];
    const from = filter?.propertyName === 'hs_lastmodifieddate' && filter.operator === 'GTE' ? Number(filter.value) : -Infinity;
    const found = items.filter((i) => i.modifiedAt >= from).sort((a, b) => a.modifiedAt - b.modifiedAt || Number(a.id) - Number(b.id));
    const { page, next } = pageOf(found, offset, limit);
    return json({ total: found.length, results: page.map(render), ...(next !== null && { paging: { next: { after: String(next) } } }) });
  };
  /** A rep's task writes: POST (associated with a deal), PATCH, DELETE, a deal's task associations, a batch read of bodies. */
  function tasksWritten(request: LoggedRequest, path: string): Response | null {
    const one = /^\/crm\/v3\/objects\/tasks\/(\d+)$/.exec(path);
    const task = one ? world.activities.find((a) => a.type === 'task' && a.id === one[1] && !a.deleted) : undefined;
    if (request.method === 'POST' && path === '/crm/v3/objects/tasks') {
      const body = request.body as { properties: Record<string, string>; associations?: { to: { id: string } }[] };
      const dealId = body.associations?.[0]?.to.id;
      if (!dealId || !world.deals.some((d) => d.id === dealId && !d.deleted)) return json({ status: 'error', message: 'deal not found', category: 'VALIDATION_ERROR' }, 400);
      const id = String(60_000_000 + world.nextId++);
      const at = Date.parse(body.properties.hs_timestamp!);
      world.activities.push({ id, dealId, ownerId: world.deals.find((d) => d.id === dealId)!.ownerId, type: 'task', at, modifiedAt: world.now, deleted: false, body: body.properties.hs_task_body });
      return json({ id, properties: { ...body.properties, hs_object_id: id }, createdAt: iso(world.now), updatedAt: iso(world.now), archived: false }, 201);
    }
    if (one && request.method === 'PATCH') {
      if (!task) return json({ status: 'error', message: 'Object not found', category: 'OBJECT_NOT_FOUND' }, 404);
      const properties = (request.body as { properties: Record<string, string> }).properties;
      if (properties.hs_task_body !== undefined) task.body = properties.hs_task_body;
      if (properties.hs_timestamp) task.at = Date.parse(properties.hs_timestamp);
      task.modifiedAt = world.now;
      return json({ id: task.id, properties: { ...properties, hs_object_id: task.id }, archived: false });
    }
    if (one && request.method === 'DELETE') {
      if (task) Object.assign(task, { deleted: true, modifiedAt: world.now });
      return new Response(null, { status: 204 });
    }
    const links = /^\/crm\/v4\/objects\/deals\/(\d+)\/associations\/tasks$/.exec(path);
    if (links && request.method === 'GET') return json({ results: world.activities.filter((a) => a.type === 'task' && a.dealId === links[1] && !a.deleted).map((a) => ({ toObjectId: Number(a.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 216, label: null }] })) });
    if (request.method === 'POST' && path === '/crm/v3/objects/tasks/batch/read') {
      const ids = new Set((request.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
      return json({ status: 'COMPLETE', results: world.activities.filter((a) => a.type === 'task' && ids.has(a.id) && !a.deleted).map((a) => ({ id: a.id, properties: { hs_task_body: a.body ?? null } })) });
    }
    return null;
  }

  const built = new Map<string, unknown[]>();
  const list = <T>(key: string, build: () => T[]): T[] => {
    if (!options.frozen) return build();
    if (!built.has(key)) built.set(key, build());
    return built.get(key) as T[];
  };
  const liveDeals = () => list('deals', () => world.deals.filter((d) => !d.deleted).sort((a, b) => Number(a.id) - Number(b.id)));

  return crmServer(
    (request) => {
      daily--;
      if (request.headers.get('authorization') !== `Bearer ${token}`) {
        return json({ status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }, 401);
      }
      const path = request.url.pathname;
      const archived = request.url.searchParams.get('archived') === 'true';
      if (request.method === 'GET' && path === '/crm/v3/pipelines/deals') {
        return json({
          results: world.pipelines.map((p, i) => ({
            id: p.id,
            label: p.name,
            displayOrder: i,
            archived: false,
            stages: p.stages.map((s, j) => ({ id: s.id, label: s.name, displayOrder: j, archived: false, metadata: { isClosed: String(s.closes !== null), probability: s.probability.toFixed(1) } })),
          })),
        });
      }
      if (request.method === 'GET' && path === '/account-info/v3/details') {
        return json({ portalId: 4_711_000, accountType: 'STANDARD', timeZone: 'Europe/Stockholm', companyCurrency: world.money.company, additionalCurrencies: Object.keys(world.money.rates), utcOffset: '+01:00', uiDomain: 'app-eu1.hubspot.com', dataHostingLocation: 'eu1' });
      }
      if (request.method === 'GET' && path === '/settings/v3/currencies/exchange-rates/current') {
        // HubSpot states each rate as units of the added currency per 1 unit of the company currency.
        return json({
          results: Object.entries(world.money.rates).map(([code, rate], i) => ({ id: String(900 + i), fromCurrencyCode: code, toCurrencyCode: world.money.company, conversionRate: Number((1 / rate).toFixed(6)), effectiveAt: '2026-01-01T00:00:00Z', visibleInUI: true, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' })),
        });
      }
      if (request.method === 'GET' && path === '/crm/v3/owners') {
        const owners = world.owners.filter((o) => o.archived === archived);
        return paged(request, owners, (o) => ({ id: o.id, email: `${o.firstName.toLowerCase()}@example.com`, firstName: o.firstName, lastName: o.lastName, userId: Number(o.id) + 1, archived: o.archived }), 500);
      }
      if (request.method === 'GET' && path === '/crm/v3/objects/deals') {
        if (archived) return paged(request, world.deals.filter((d) => d.deleted), (d) => dealJson(d, false));
        const history = (request.url.searchParams.get('propertiesWithHistory') ?? '').split(',').includes('dealstage');
        return paged(request, liveDeals(), (d) => dealJson(d, history), history ? 50 : 100);
      }
      if (request.method === 'POST' && path === '/crm/v3/objects/deals/search') return search(request, liveDeals(), (d) => ({ id: d.id, properties: { hs_lastmodifieddate: iso(d.modifiedAt), hs_object_id: d.id } }));
      if (request.method === 'POST' && path === '/crm/v3/objects/deals/batch/read') {
        const ids = new Set((request.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
        return json({ status: 'COMPLETE', results: liveDeals().filter((d) => ids.has(d.id)).map((d) => dealJson(d, true)), startedAt: iso(world.now), completedAt: iso(world.now) });
      }
      const taskWrite = tasksWritten(request, path);
      if (taskWrite) return taskWrite;
      const objects = /^\/crm\/v3\/objects\/(calls|emails|meetings|notes|tasks)(\/search)?$/.exec(path);
      if (objects) {
        const type = OBJECTS[objects[1]!]!;
        const all = list(`${type}:${archived}`, () => world.activities.filter((a) => a.type === type && a.deleted === archived).sort((a, b) => Number(a.id) - Number(b.id)));
        if (objects[2] && request.method === 'POST') return search(request, all, (a) => activityJson(a, false));
        if (request.method === 'GET') return paged(request, all, (a) => activityJson(a, request.url.searchParams.get('associations') === 'deals'));
      }
      const associations = /^\/crm\/v4\/associations\/(calls|emails|meetings|notes|tasks)\/deals\/batch\/read$/.exec(path);
      if (associations && request.method === 'POST') {
        const ids = new Set((request.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
        const found = world.activities.filter((a) => ids.has(a.id) && !a.deleted);
        return json({ status: 'COMPLETE', results: found.map((a) => ({ from: { id: a.id }, to: [{ toObjectId: Number(a.dealId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 206, label: null }] }] })) });
      }
      // The automation: one deal read with the properties asked for, its owner (and pipeline) changed, its contacts.
      const single = /^\/crm\/v3\/objects\/deals\/(\d+)$/.exec(path);
      if (single && (request.method === 'GET' || request.method === 'PATCH')) {
        const deal = world.deals.find((d) => d.id === single[1] && !d.deleted);
        if (!deal) return json({ status: 'error', message: 'Object not found.', category: 'OBJECT_NOT_FOUND' }, 404);
        if (request.method === 'PATCH') {
          const changes = (request.body as { properties?: Record<string, string> }).properties ?? {};
          if ('hubspot_owner_id' in changes) deal.ownerId = changes.hubspot_owner_id || null;
          if (changes.pipeline && changes.dealstage) {
            deal.pipeline = changes.pipeline;
            deal.entries.push({ stage: changes.dealstage, at: Date.now() });
          }
          deal.modifiedAt = Date.now();
        }
        const all: Record<string, string | null> = { ...(deal.properties ?? {}), ...(dealJson(deal, false).properties as Record<string, string | null>) };
        const asked = (request.url.searchParams.get('properties') ?? '').split(',').filter(Boolean);
        const properties = request.method === 'PATCH' ? all : Object.fromEntries(['hs_object_id', ...asked].map((name) => [name, all[name] ?? null]));
        return json({ id: deal.id, properties, createdAt: iso(deal.createdAt), updatedAt: iso(deal.modifiedAt), archived: false });
      }
      const dealContacts = /^\/crm\/v4\/objects\/deals\/(\d+)\/associations\/contacts$/.exec(path);
      if (dealContacts && request.method === 'GET') {
        const ids = (world.contacts ?? []).filter((c) => c.dealIds.includes(dealContacts[1]!)).map((c) => c.id);
        return json({ results: ids.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] })) });
      }
      if (request.method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') {
        const ids = new Set((request.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
        const found = (world.contacts ?? []).filter((c) => ids.has(c.id));
        return json({ status: 'COMPLETE', results: found.map((c) => ({ id: c.id, properties: { email: c.email, firstname: c.firstName, lastname: c.lastName, hs_object_id: c.id } })) });
      }
      return json({ status: 'error', message: `Unknown path ${path}`, category: 'OBJECT_NOT_FOUND' }, 404);
    },
    () => ({ 'x-hubspot-ratelimit-daily': '250000', 'x-hubspot-ratelimit-daily-remaining': String(options.dailyLeft?.() ?? daily), 'x-hubspot-ratelimit-max': '190', 'x-hubspot-ratelimit-remaining': '150', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }),
  );
}
