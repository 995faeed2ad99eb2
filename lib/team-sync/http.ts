// Every request of a team sync goes through here: the CRM's answer validated with zod (a malformed
// answer fails the run naming the JSON path), 429 answered by waiting Retry-After (an injected
// sleep, so tests do not wait), a 5xx or dropped connection tried again a few times, and the CRM's
// rate-limit headers read so the run slows down before the budget is gone and can show what is left.

import type { z } from 'zod';
import { fetchText, parseJson, parseRetryAfter, requestJson, statusFailure } from '../crm/api/http';
import type { SyncFailure, SyncResult } from './types';

export interface SyncHttpOptions {
  fetch: typeof fetch;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Tries per request (first included) on 429 and 5xx. Default 5. */
  maxAttempts?: number;
  /** Tries per request when the connection fails (nothing answers). Default 3. */
  maxNetworkAttempts?: number;
  /** A Retry-After longer than this fails the run as rate-limited instead of waiting. Default 5 min. */
  maxWaitMs?: number;
  /** First back-off step after a 5xx / network error without Retry-After; doubles each time. Default 1 s. */
  baseDelayMs?: number;
}

export interface SyncHttp {
  /** GET (or POST with a JSON body) and parse with `schema`. Never throws. */
  json<T>(url: string, init: RequestInit, schema: z.ZodType<T>): Promise<SyncResult<T>>;
  /** A write whose answer has no body to read (Salesforce's 204): ok on any of `okStatuses`. Never throws. */
  send(url: string, init: RequestInit, okStatuses: readonly number[]): Promise<SyncResult<{ status: number }>>;
  /** Requests sent so far (retries included). */
  readonly requests: number;
  /** Requests left in the CRM's budget as its last answer said; null when it does not say. */
  readonly requestsLeft: number | null;
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** `GET /crm/v3/objects/deals`: the request named in a failure line (never its query: it may be long). */
export function requestName(url: string, init: RequestInit): string {
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // keep the text
  }
  return `${init.method ?? 'GET'} ${path}`;
}

/** The budget the CRM reports: requests left, and how long to pause when the short-term budget is spent. */
export function readBudget(headers: Headers): { left: number | null; pauseMs: number } {
  const num = (name: string) => {
    const value = headers.get(name);
    if (value === null || value.trim() === '') return null;
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  };
  // HubSpot: a per-10-second budget and a daily one.
  const hsInterval = num('x-hubspot-ratelimit-remaining');
  const hsDaily = num('x-hubspot-ratelimit-daily-remaining');
  if (hsInterval !== null || hsDaily !== null) {
    const interval = num('x-hubspot-ratelimit-interval-milliseconds') ?? 10_000;
    return { left: hsDaily ?? hsInterval, pauseMs: hsInterval !== null && hsInterval <= 0 ? interval : 0 };
  }
  // Pipedrive: a rolling budget with its reset in seconds, and a daily one.
  const pdRemaining = num('x-ratelimit-remaining');
  const pdDaily = num('x-daily-requests-left');
  if (pdRemaining !== null || pdDaily !== null) {
    const reset = num('x-ratelimit-reset') ?? 2;
    return { left: pdDaily ?? pdRemaining, pauseMs: pdRemaining !== null && pdRemaining <= 0 ? reset * 1000 : 0 };
  }
  // Salesforce: the org's daily API requests, "api-usage=18/15000".
  const usage = /api-usage=(\d+)\/(\d+)/.exec(headers.get('sforce-limit-info') ?? '');
  if (usage) return { left: Math.max(0, Number(usage[2]) - Number(usage[1])), pauseMs: 0 };
  return { left: null, pauseMs: 0 };
}

export function createSyncHttp(options: SyncHttpOptions): SyncHttp {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const maxNetworkAttempts = Math.max(1, options.maxNetworkAttempts ?? 3);
  const maxWaitMs = options.maxWaitMs ?? 5 * 60_000;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  let requests = 0;
  let requestsLeft: number | null = null;
  let pauseMs = 0;

  const politeFetch: typeof fetch = async (input, init) => {
    for (let attempt = 1; ; attempt++) {
      if (pauseMs > 0) {
        const wait = pauseMs;
        pauseMs = 0;
        await options.sleep(wait);
      }
      requests++;
      let response: Response;
      try {
        response = await options.fetch(input, init);
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        // A refused host or a withdrawn consent is not going to change; a dropped connection may.
        if (attempt >= maxNetworkAttempts || name === 'ForeignHostError' || name === 'ConsentWithdrawnError') throw error;
        await options.sleep(baseDelayMs * 2 ** (attempt - 1));
        continue;
      }
      const budget = readBudget(response.headers);
      if (budget.left !== null) requestsLeft = budget.left;
      pauseMs = budget.pauseMs;
      if (!RETRIED_STATUSES.has(response.status) || attempt >= maxAttempts) return response;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), options.now());
      const wait = retryAfter !== undefined ? retryAfter * 1000 : baseDelayMs * 2 ** (attempt - 1);
      if (wait > maxWaitMs) return response;
      await response.body?.cancel().catch(() => undefined);
      pauseMs = 0;
      await options.sleep(wait);
    }
  };

  return {
    async json(url, init, schema) {
      const result = await requestJson({ fetch: politeFetch, now: options.now }, url, init, schema);
      if (result.ok) return result;
      const named: SyncFailure = { ...result, request: requestName(url, init) };
      return named;
    },
    async send(url, init, okStatuses) {
      const fetched = await fetchText({ fetch: politeFetch, now: options.now }, url, init);
      if (!fetched.ok) return { ...fetched, request: requestName(url, init) };
      if (okStatuses.includes(fetched.response.status)) return { ok: true, value: { status: fetched.response.status } };
      const body = parseJson(fetched.text);
      const named: SyncFailure = { ...statusFailure(fetched.response.status, fetched.response.headers, body.ok ? body.value : undefined, options.now()), request: requestName(url, init) };
      return named;
    },
    get requests() {
      return requests;
    },
    get requestsLeft() {
      return requestsLeft;
    },
  };
}
