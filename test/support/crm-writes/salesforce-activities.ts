// Salesforce's REST API for Tasks and Events (`https://<org>.my.salesforce.com/services/data/v60.0`),
// served through Playwright routing for the write tests: POST /sobjects/{Task|Event} answers 201
// `{ id, success, errors }`, PATCH and DELETE answer 204, errors are `[{ message, errorCode }]`;
// the query resource answers the marker lookup (`SELECT Id, Description FROM Task WHERE WhatId =
// '…' ORDER BY CreatedDate DESC LIMIT n`) and finds no Opportunity, so the deal is read from its
// page only. SOQL is recognised, not parsed. Checks the Bearer session.

import type { Route } from 'playwright-core';
import { heldAnswers, type HeldAnswers } from './held-answers';

export interface SalesforceActivity {
  Id: string;
  type: 'Task' | 'Event';
  WhatId: string;
  Subject: string;
  Description: string | null;
}

export interface FakeSalesforce {
  requests: HeldAnswers;
  /** What the org holds, by Id. */
  activities: Map<string, SalesforceActivity>;
  route(route: Route): Promise<void>;
}

const DATA = '/services/data/v60.0';
const LOOKUP = /^SELECT Id, Description FROM (Task|Event) WHERE WhatId = '(\w{15,18})' ORDER BY CreatedDate DESC LIMIT (\d+)$/;

export function fakeSalesforce(sessionId: string): FakeSalesforce {
  const requests = heldAnswers();
  const activities = new Map<string, SalesforceActivity>();
  let made = 0;
  const json = { 'content-type': 'application/json' };
  const answer = (route: Route, status: number, body?: unknown) => route.fulfill({ status, headers: json, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const error = (route: Route, status: number, errorCode: string, message: string) => answer(route, status, [{ message, errorCode, fields: [] }]);

  async function route(route: Route) {
    const request = route.request();
    const url = new URL(request.url());
    requests.note(request.method(), request.url());
    if (request.headers().authorization !== `Bearer ${sessionId}`) return error(route, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    const body = request.postData() ? (JSON.parse(request.postData()!) as Record<string, string>) : {};
    const create = new RegExp(`^${DATA}/sobjects/(Task|Event)$`).exec(url.pathname);
    const one = new RegExp(`^${DATA}/sobjects/(Task|Event)/(\\w{18})$`).exec(url.pathname);

    if (create && request.method() === 'POST') {
      const type = create[1] as 'Task' | 'Event';
      // 18-character ids with the object's key prefix (00T Task, 00U Event).
      const Id = `${type === 'Task' ? '00T' : '00U'}5g0000${String(++made).padStart(6, '0')}AAA`;
      activities.set(Id, { Id, type, WhatId: body.WhatId!, Subject: body.Subject!, Description: body.Description ?? null });
      await requests.wait();
      // The client may have stopped listening meanwhile (a timeout, a stopped worker): the org has the record all the same.
      return answer(route, 201, { id: Id, success: true, errors: [] }).catch(() => {});
    }
    if (one && (request.method() === 'PATCH' || request.method() === 'DELETE')) {
      const activity = activities.get(one[2]!);
      if (!activity || activity.type !== one[1]) return error(route, 404, 'NOT_FOUND', 'The requested resource does not exist');
      if (request.method() === 'DELETE') activities.delete(activity.Id);
      else Object.assign(activity, body, { Id: activity.Id, type: activity.type, WhatId: activity.WhatId });
      return answer(route, 204);
    }
    if (url.pathname === `${DATA}/query` && request.method() === 'GET') {
      const soql = url.searchParams.get('q') ?? '';
      const lookup = LOOKUP.exec(soql);
      if (lookup) {
        // Newest first: the order the records were made.
        const records = [...activities.values()].filter((a) => a.type === lookup[1] && a.WhatId === lookup[2]).reverse().slice(0, Number(lookup[3]));
        return answer(route, 200, { totalSize: records.length, done: true, records: records.map((a) => ({ attributes: { type: a.type, url: `${DATA}/sobjects/${a.type}/${a.Id}` }, Id: a.Id, Description: a.Description })) });
      }
      if (/ FROM Opportunity /.test(soql)) return answer(route, 200, { totalSize: 0, done: true, records: [] });
      return error(route, 400, 'MALFORMED_QUERY', `unexpected query: ${soql}`);
    }
    return error(route, 404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  return { requests, activities, route };
}
