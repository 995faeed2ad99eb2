// Pipedrive's activities API (`https://<company>.pipedrive.com/api/v2/activities`), served through
// Playwright routing for the write tests: creates, updates and deletes as Pipedrive answers them
// (`{ success, data: { id, … } }`), the deal's activities listed newest first (`deal_id`,
// `sort_by=add_time`, `sort_direction=desc`, `limit`), the x-api-token checked. Everything else
// answers 404, so the deal is read from its page only.

import type { Route } from 'playwright-core';
import { heldAnswers, type HeldAnswers } from './held-answers';

export interface PipedriveActivity {
  id: number;
  deal_id: number;
  subject: string;
  type: string;
  done: boolean;
  note: string | null;
  add_time: string;
}

export interface FakePipedrive {
  requests: HeldAnswers;
  /** What Pipedrive holds, by id. */
  activities: Map<number, PipedriveActivity>;
  route(route: Route): Promise<void>;
}

export function fakePipedrive(token: string): FakePipedrive {
  const requests = heldAnswers();
  const activities = new Map<number, PipedriveActivity>();
  let nextId = 8_101;
  const json = { 'content-type': 'application/json' };
  const answer = (route: Route, status: number, body: unknown) => route.fulfill({ status, headers: json, body: JSON.stringify(body) });
  const notFound = (route: Route, what: string) => answer(route, 404, { success: false, error: `${what} not found`, errorCode: 404, error_info: 'Please check developers.pipedrive.com' });

  async function route(route: Route) {
    const request = route.request();
    const url = new URL(request.url());
    requests.note(request.method(), request.url());
    if (request.headers()['x-api-token'] !== token) return answer(route, 401, { success: false, error: 'unauthorized access', errorCode: 401 });
    const body = request.postData() ? (JSON.parse(request.postData()!) as Partial<PipedriveActivity>) : {};
    const one = /^\/api\/v2\/activities\/(\d+)$/.exec(url.pathname);

    if (url.pathname === '/api/v2/activities' && request.method() === 'POST') {
      const activity: PipedriveActivity = { id: nextId++, deal_id: body.deal_id!, subject: body.subject!, type: body.type!, done: body.done ?? false, note: body.note ?? null, add_time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
      activities.set(activity.id, activity);
      await requests.wait();
      // The client may have stopped listening meanwhile (a timeout, a stopped worker): Pipedrive has the activity all the same.
      return answer(route, 201, { success: true, data: activity }).catch(() => {});
    }
    if (url.pathname === '/api/v2/activities' && request.method() === 'GET') {
      const deal = Number(url.searchParams.get('deal_id'));
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const newestFirst = url.searchParams.get('sort_by') === 'add_time' && url.searchParams.get('sort_direction') === 'desc';
      const listed = [...activities.values()].filter((a) => a.deal_id === deal).sort((a, b) => (newestFirst ? b.id - a.id : a.id - b.id));
      return answer(route, 200, { success: true, data: listed.slice(0, limit), additional_data: { next_cursor: null } });
    }
    if (one && (request.method() === 'PATCH' || request.method() === 'DELETE')) {
      const activity = activities.get(Number(one[1]));
      if (!activity) return notFound(route, 'Activity');
      if (request.method() === 'DELETE') {
        activities.delete(activity.id);
        return answer(route, 200, { success: true, data: { id: activity.id } });
      }
      Object.assign(activity, body, { id: activity.id, deal_id: activity.deal_id });
      return answer(route, 200, { success: true, data: activity });
    }
    return notFound(route, 'Item');
  }

  return { requests, activities, route };
}
