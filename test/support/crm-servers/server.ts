// What every vendor-shaped test server shares: a request log (method, path and decoded query, JSON
// body), faults to inject (a 429 with Retry-After, a 500, a malformed page, a refused token) on the
// requests that match, and serving the same handler in-process (as `fetch`) or on loopback (for the
// command) or through Playwright routing (the real-browser tests).

import { createServer, type Server } from 'node:http';
import type { Route } from 'playwright-core';

export interface LoggedRequest {
  method: string;
  /** Path and decoded query: `GET /crm/v3/owners?limit=100`. */
  line: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

export interface Fault {
  /** Which request (the n-th overall, counting from 1, and what it is). */
  when: (request: LoggedRequest, n: number) => boolean;
  respond: (request: LoggedRequest) => Response;
  /** How many times it fires (default once; Infinity: every time). */
  times?: number;
}

export type Handler = (request: LoggedRequest) => Response | Promise<Response>;

export interface CrmServer {
  /** Answers one request as the vendor would (faults first). */
  handle(request: Request): Promise<Response>;
  /** The handler as an injected fetch (the tests of lib/). */
  fetch: typeof fetch;
  log: LoggedRequest[];
  faults: Fault[];
  /** Serves on 127.0.0.1 with a free port; the origin is what `--api-base` takes. */
  listen(): Promise<{ origin: string; close(): Promise<void> }>;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const decodedLine = (method: string, url: URL) => `${method} ${url.pathname}${url.search ? `?${decodeURIComponent(url.search.slice(1).replace(/\+/g, ' '))}` : ''}`;

export function crmServer(handler: Handler, extraHeaders: () => Record<string, string> = () => ({})): CrmServer {
  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];
  const fired = new Map<Fault, number>();

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const text = request.method === 'GET' ? '' : await request.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const logged: LoggedRequest = { method: request.method, line: decodedLine(request.method, url), url, headers: request.headers, body };
    log.push(logged);
    for (const fault of faults) {
      const count = fired.get(fault) ?? 0;
      if (count < (fault.times ?? 1) && fault.when(logged, log.length)) {
        fired.set(fault, count + 1);
        return fault.respond(logged);
      }
    }
    const response = await handler(logged);
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(extraHeaders())) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  }

  return {
    handle,
    log,
    faults,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => handle(new Request(input, init))) as typeof fetch,
    async listen() {
      const server: Server = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const response = await handle(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address() as { port: number };
      return {
        origin: `http://127.0.0.1:${address.port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  };
}

/** `after`/`cursor` paging over a list: the page at `offset` and the next offset (null at the end). */
export function pageOf<T>(items: readonly T[], offset: number, limit: number): { page: T[]; next: number | null } {
  const page = items.slice(offset, offset + limit);
  return { page, next: offset + limit < items.length ? offset + limit : null };
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'authorization, content-type', 'access-control-allow-methods': 'GET, POST' };

/**
 * The server behind Playwright routing (the real-browser tests): every routed request answered by
 * `handle`. With `cors`, preflights are answered and every answer allows the extension's origin (an
 * API the extension's pages call themselves).
 */
export function routedTo(server: CrmServer, { cors = false } = {}): (route: Route) => Promise<void> {
  return async (route) => {
    const request = route.request();
    if (cors && request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: CORS });
    const response = await server.handle(new Request(request.url(), { method: request.method(), headers: request.headers(), body: request.postData() ?? undefined }));
    return route.fulfill({ status: response.status, headers: { ...(cors ? CORS : {}), ...Object.fromEntries(response.headers) }, body: await response.text() });
  };
}
