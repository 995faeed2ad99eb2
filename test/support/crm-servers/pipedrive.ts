// Pipedrive's API as the team sync reads it, rendered from a generated team: v2 pipelines, stages,
// deals (cursor paging; deleted deals only with status=deleted; updated_since) and activities; v1
// users and the deal flow (dealChange items: stage, value and expected close date changes among other field changes, paged with
// start/limit). Checks the x-api-token header; sends Pipedrive's rate-limit headers.

import { crmServer, json, pageOf, type CrmServer, type LoggedRequest } from './server';
import { closeDateOf, PIPEDRIVE_CHANNELS, type World, type WorldDeal } from './team';

export const PIPEDRIVE_TEST_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** v1's "YYYY-MM-DD HH:MM:SS" (UTC). */
const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function pipedriveServer(world: World, options: { token?: string } = {}): CrmServer {
  const token = options.token ?? PIPEDRIVE_TEST_TOKEN;
  let left = 10_000;
  const cursorPage = <T>(request: LoggedRequest, items: readonly T[], render: (item: T) => unknown, maxLimit = 500) => {
    const limit = Math.min(Number(request.url.searchParams.get('limit') ?? 100), maxLimit);
    const cursor = request.url.searchParams.get('cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString().replace('offset:', '')) : 0;
    const { page, next } = pageOf(items, offset, limit);
    return json({ success: true, data: page.map(render), additional_data: { next_cursor: next === null ? null : Buffer.from(`offset:${next}`).toString('base64url') } });
  };
  const since = (request: LoggedRequest) => {
    const value = request.url.searchParams.get('updated_since');
    return value ? Date.parse(value) : -Infinity;
  };
  const dealJson = (d: WorldDeal) => ({
    id: Number(d.id),
    title: d.title,
    owner_id: d.ownerId === null ? null : Number(d.ownerId),
    person_id: null,
    org_id: null,
    pipeline_id: Number(d.pipeline),
    stage_id: Number(d.entries.at(-1)!.stage),
    value: d.value,
    currency: d.currency,
    add_time: iso(d.createdAt),
    update_time: iso(d.modifiedAt),
    stage_change_time: iso(d.entries.at(-1)!.at),
    status: d.deleted ? 'deleted' : d.status,
    is_deleted: d.deleted,
    probability: null,
    won_time: d.status === 'won' && d.historyHasClose ? iso(d.closedAt!) : null,
    lost_time: d.status === 'lost' && d.historyHasClose ? iso(d.closedAt!) : null,
    close_time: d.status !== 'open' && d.historyHasClose ? iso(d.closedAt!) : null,
    expected_close_date: closeDateOf(d),
    lost_reason: null,
    visible_to: 3,
    // The lead channel: an option of the `channel` deal field; the origin says how the deal was made.
    channel: PIPEDRIVE_CHANNELS.find((c) => c.label === d.source)?.id ?? null,
    channel_id: null,
    origin: 'ManuallyCreated',
  });
  const flowOf = (d: WorldDeal) => {
    const items: { at: number; item: unknown }[] = [];
    const change = (at: number, id: number, field_key: string, old_value: unknown, new_value: unknown) =>
      items.push({ at, item: { object: 'dealChange', timestamp: v1Time(at), data: { id, item_id: Number(d.id), user_id: 1, field_key, old_value, new_value, is_bulk_update_flag: null, log_time: v1Time(at), change_source: 'app', additional_data: { old_value_formatted: 'x', new_value_formatted: 'y' } } } });
    for (let i = 1; i < d.entries.length; i++) {
      const e = d.entries[i]!;
      change(e.at, i, 'stage_id', d.entries[i - 1]!.stage, e.stage);
      // Other fields change too; only stage_id changes are stage entries.
      change(e.at, 1000 + i, 'title', 'Old title', d.title);
    }
    // The value and expected close date as they changed (Pipedrive has no forecast category).
    (d.fieldChanges ?? []).forEach((c, i) => {
      if (c.field !== 'category') change(c.at, 2000 + i, c.field === 'amount' ? 'value' : 'expected_close_date', c.from, c.to);
    });
    items.push({ at: d.createdAt, item: { object: 'activity', timestamp: v1Time(d.createdAt), data: { id: 5 } } });
    return items.sort((a, b) => b.at - a.at).map((i) => i.item); // newest first, as Pipedrive lists the flow
  };

  return crmServer(
    (request) => {
      left--;
      if (request.headers.get('x-api-token') !== token) return json({ success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com' }, 401);
      const path = request.url.pathname;
      if (path === '/api/v2/pipelines') return cursorPage(request, world.pipelines, (p) => ({ id: Number(p.id), name: p.name, order_nr: Number(p.id), is_deleted: false, is_deal_probability_enabled: true }));
      if (path === '/api/v2/stages') {
        const stages = world.pipelines.flatMap((p) => p.stages.map((s, i) => ({ p, s, i })));
        return cursorPage(request, stages, ({ p, s, i }) => ({ id: Number(s.id), order_nr: i + 1, name: s.name, is_deleted: false, deal_probability: Math.round(s.probability * 100), pipeline_id: Number(p.id), is_deal_rot_enabled: s.rotDays !== null, days_to_rotten: s.rotDays }), 500);
      }
      if (path === '/api/v1/dealFields') {
        const fields = [
          { id: 12451, key: 'title', name: 'Title', field_type: 'varchar' },
          { id: 12470, key: 'channel', name: 'Source channel', field_type: 'enum', options: PIPEDRIVE_CHANNELS.map((c) => ({ id: c.id, label: c.label })) },
          { id: 12471, key: 'origin', name: 'Source origin', field_type: 'varchar' },
        ];
        return json({ success: true, data: fields, additional_data: { pagination: { start: 0, limit: 500, more_items_in_collection: false } } });
      }
      if (path === '/api/v1/users/me') {
        const me = world.owners[0]!;
        return json({ success: true, data: { id: Number(me.id), name: `${me.firstName} ${me.lastName}`, email: `${me.firstName.toLowerCase()}@example.com`, default_currency: world.money.company, locale: 'en_US', company_id: 1, company_domain: 'acme' } });
      }
      if (path === '/api/v1/users') return json({ success: true, data: world.owners.map((o) => ({ id: Number(o.id), name: `${o.firstName} ${o.lastName}`, email: `${o.firstName.toLowerCase()}@example.com`, active_flag: !o.archived })) });
      if (path === '/api/v2/deals') {
        const deleted = request.url.searchParams.get('status') === 'deleted';
        const from = since(request);
        const deals = world.deals.filter((d) => d.deleted === deleted && d.modifiedAt >= from).sort((a, b) => Number(a.id) - Number(b.id));
        return cursorPage(request, deals, dealJson);
      }
      const flow = /^\/api\/v1\/deals\/(\d+)\/flow$/.exec(path);
      if (flow) {
        const deal = world.deals.find((d) => d.id === flow[1] && !d.deleted);
        if (!deal) return json({ success: false, error: 'Deal not found', errorCode: 404 }, 404);
        const start = Number(request.url.searchParams.get('start') ?? 0);
        const limit = Number(request.url.searchParams.get('limit') ?? 100);
        const { page, next } = pageOf(flowOf(deal), start, limit);
        return json({ success: true, data: page, additional_data: { pagination: { start, limit, more_items_in_collection: next !== null, ...(next !== null && { next_start: next }) } } });
      }
      // A rep's activity writes (Stagecraft shares checklist ticks as done task activities, the marker in the note).
      if (path === '/api/v2/activities' && request.method === 'POST') {
        const body = request.body as { subject: string; type: string; deal_id: number; due_date: string; due_time?: string; note?: string };
        const deal = world.deals.find((d) => d.id === String(body.deal_id) && !d.deleted);
        if (!deal) return json({ success: false, error: 'Deal not found', errorCode: 404 }, 404);
        const id = String(90_000 + world.nextId++);
        world.activities.push({ id, dealId: deal.id, ownerId: deal.ownerId, type: 'task', at: Date.parse(`${body.due_date}T${body.due_time ?? '12:00'}:00Z`), modifiedAt: world.now, deleted: false, body: body.note });
        return json({ success: true, data: { id: Number(id), ...body } }, 201);
      }
      const oneActivity = /^\/api\/v2\/activities\/(\d+)$/.exec(path);
      if (oneActivity && (request.method === 'PATCH' || request.method === 'DELETE')) {
        const activity = world.activities.find((a) => a.id === oneActivity[1] && !a.deleted);
        if (!activity) return json({ success: false, error: 'Activity not found', errorCode: 404 }, 404);
        if (request.method === 'DELETE') Object.assign(activity, { deleted: true, modifiedAt: world.now });
        else if ((request.body as { note?: string }).note !== undefined) activity.body = (request.body as { note: string }).note;
        return json({ success: true, data: { id: Number(activity.id) } });
      }
      if (path === '/api/v2/activities') {
        const from = since(request);
        const activities = world.activities.filter((a) => a.modifiedAt >= from && (!a.deleted || from > -Infinity)).sort((a, b) => Number(a.id) - Number(b.id));
        return cursorPage(request, activities, (a) => ({
          id: Number(a.id),
          subject: `${a.type} with the customer`,
          type: a.type,
          owner_id: a.ownerId === null ? null : Number(a.ownerId),
          deal_id: Number(a.dealId),
          done: a.at < world.now,
          due_date: iso(a.at).slice(0, 10),
          due_time: iso(a.at).slice(11, 16),
          note: a.body ?? null,
          duration: '00:30',
          add_time: iso(a.at),
          update_time: iso(a.modifiedAt),
          marked_as_done_time: null,
          is_deleted: a.deleted,
        }));
      }
      return json({ success: false, error: `Unknown method ${path}`, errorCode: 404 }, 404);
    },
    () => ({ 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '70', 'x-ratelimit-reset': '2', 'x-daily-requests-left': String(left) }),
  );
}
