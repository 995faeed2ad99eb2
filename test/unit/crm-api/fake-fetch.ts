import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A fake fetch for the connector tests: a list of routes (method + URL test) answering with
// `new Response(...)`, and a log of every request as the connector made it.

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'crm-api');

export const fixture = (path: string): string => readFileSync(join(FIXTURES, path), 'utf8');
export const fixtureJson = <T = unknown>(path: string): T => JSON.parse(fixture(path)) as T;

export interface Logged {
  method: string;
  url: string;
  /** The URL with its query decoded (SOQL readable). */
  decoded: string;
  headers: Record<string, string>;
  credentials: RequestCredentials | undefined;
  redirect: RequestRedirect | undefined;
  body: string | undefined;
}

type Answer = Response | ((request: Logged) => Response | Promise<Response>);
interface Route {
  method: string;
  test: (decodedUrl: string) => boolean;
  answers: Answer[];
}

export interface FakeFetch {
  fetch: typeof fetch;
  calls: Logged[];
  unmatched: Logged[];
  /** Answers requests matching `pattern` (a substring or RegExp of the decoded URL). Several answers are served in turn; the last repeats. */
  on(method: string, pattern: string | RegExp, ...answers: Answer[]): FakeFetch;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fixture file as the body of a response (read fresh for every answer). */
export const file = (path: string, status = 200, headers: Record<string, string> = {}): Answer => () => json(fixture(path), status, headers);

export function fakeFetch(): FakeFetch {
  const routes: Route[] = [];
  const calls: Logged[] = [];
  const unmatched: Logged[] = [];
  const served = new Map<Route, number>();
  const fake: FakeFetch = {
    calls,
    unmatched,
    on(method, pattern, ...answers) {
      const test = typeof pattern === 'string' ? (url: string) => url.includes(pattern) : (url: string) => pattern.test(url);
      routes.push({ method, test, answers });
      return fake;
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, key) => (headers[key.toLowerCase()] = value));
      const logged: Logged = {
        method: init?.method ?? 'GET',
        url,
        decoded: decodeURIComponent(url),
        headers,
        credentials: init?.credentials,
        redirect: init?.redirect,
        body: typeof init?.body === 'string' ? init.body : undefined,
      };
      calls.push(logged);
      const route = routes.find((r) => r.method === logged.method && r.test(logged.decoded));
      if (!route) {
        unmatched.push(logged);
        throw new TypeError(`fake fetch: no route for ${logged.method} ${logged.decoded}`);
      }
      const n = served.get(route) ?? 0;
      served.set(route, n + 1);
      const answer = route.answers[Math.min(n, route.answers.length - 1)]!;
      return typeof answer === 'function' ? answer(logged) : answer.clone();
    }) as typeof fetch,
  };
  return fake;
}

/** A Pipedrive that answers every read of deal 1234 (the deal, its stages, pipelines, flow, activities, owner) from the fixtures. */
export function pipedriveDealReads(fake: FakeFetch = fakeFetch()): FakeFetch {
  return fake
    .on('GET', '/api/v2/deals/1234', file('pipedrive/deal.json'))
    .on('GET', '/api/v2/stages?pipeline_id=1', file('pipedrive/stages.json'))
    .on('GET', '/api/v2/pipelines', file('pipedrive/pipelines.json'))
    .on('GET', '/api/v1/deals/1234/flow', file('pipedrive/flow.json'))
    .on('GET', '/api/v2/activities?deal_id=1234', file('pipedrive/activities.json'))
    .on('GET', '/api/v1/users/11', file('pipedrive/user.json'));
}
