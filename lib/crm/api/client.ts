// The one way the background calls a CRM API: every request goes through `fetchFor(credentials)`,
// which asks Firefox's data consent first (lib/extension/consent.ts), refuses any host but the
// CRM's own API host (credentials never travel anywhere else), never
// follows redirects, gives up after a timeout, and backs off on 429 (Retry-After honoured, a few
// attempts at most, exponential with jitter). Deal reads are cached per deal for a while, shared
// while in flight, and a rate-limited account is left alone until its Retry-After has passed.
// Pure: fetch, clock, sleep and randomness are injected.

import { dealKeyOf, type CrmId, type DealRef } from '../../model/deal';
import { connectorOf } from '../connectors';
import { expectedApiHost, isAllowedApiUrl } from './hosts';
import { ForeignHostError, parseRetryAfter } from './http';
import { requireConsent, type ConsentQuery } from '../../extension/consent';
import { CRM_DATA_COLLECTION } from '../../extension/data-collection';
import { pingCrm } from './ping';
import { failure, type ConnectorContext, type CrmApiFailure, type CrmApiResult, type CrmCredentials, type CrmDealData, type CrmDealResult } from './types';
import { applyActivityWrite } from './writes/apply';
import { applyTickWrite } from './writes/ticks';
import type { TickOp, TickOutcome, WriteOp, WriteOutcome } from './write-types';

export interface CrmApiClientOptions {
  /** The real fetch (the background passes `fetch.bind(globalThis)`). */
  fetch: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Per attempt, headers and body together. Default 10 s. */
  timeoutMs?: number;
  /** Attempts per request when the CRM answers 429 (first try included). Default 3. */
  maxAttempts?: number;
  /** First back-off step; doubles with every attempt. Default 1 s. */
  baseDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the read fails as rateLimited at once. Default 30 s. */
  maxWaitMs?: number;
  /** How long a read deal is reused. Default 5 min. */
  cacheTtlMs?: number;
  /** How long to leave an account alone after a 429 without Retry-After. Default 60 s. */
  defaultCooldownMs?: number;
  /** Firefox's data consent, asked before every request (none on Chrome): withdrawn, nothing is sent. */
  consent?: ConsentQuery;
}

export interface ReadOptions {
  /** Skip the cache (the user asked to read again). */
  fresh?: boolean;
}

export interface CrmApiClient {
  /** The deal from the CRM's API, or a typed failure. Never throws. */
  readDeal(ref: DealRef, credentials: CrmCredentials, options?: ReadOptions): Promise<CrmDealResult>;
  /**
   * Forget one deal's cached read, and any read of it begun before (the page showed the rep
   * changing it): the next read asks the CRM, and a read under way is not cached.
   */
  invalidate(ref: Pick<DealRef, 'crm' | 'account' | 'dealId'>): void;
  /** Forget every cached read and cooldown, of one CRM or all (after connecting or disconnecting). */
  clear(crm?: CrmId): void;
  /** One cheap read that needs the same access as a deal read ("Check connection"). Not cached. Never throws. */
  check(credentials: CrmCredentials): Promise<CrmApiResult<true>>;
  /** The guarded fetch the connectors use for these credentials. */
  fetchFor(credentials: CrmCredentials): typeof fetch;
  /**
   * Writes one logged activity's change to the deal's CRM (never cached). The deal's cached read
   * is dropped afterwards, so the next read shows the CRM as it now is. Never throws.
   */
  writeActivity(ref: DealRef, credentials: CrmCredentials, op: WriteOp): Promise<WriteOutcome>;
  /** Writes one shared checklist tick to the deal's CRM, guarded like `writeActivity`. Never throws. */
  writeTick(ref: DealRef, credentials: CrmCredentials, op: TickOp): Promise<TickOutcome>;
}

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxWaitMs: 30_000,
  cacheTtlMs: 5 * 60_000,
  defaultCooldownMs: 60_000,
} as const;

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

/** The credentials fit the deal's account: a token of one account is never used for another's deal. */
function accountMismatch(ref: DealRef, credentials: CrmCredentials): string | null {
  if (ref.crm !== credentials.crm) return `credentials of ${credentials.crm} for a ${ref.crm} deal`;
  if (!expectedApiHost(credentials)) return 'the connection names no valid API host';
  return connectorOf(credentials.crm).accountMismatch(ref, credentials);
}

export function createCrmApiClient(options: CrmApiClientOptions): CrmApiClient {
  const rawFetch = options.fetch;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  const baseDelayMs = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const maxWaitMs = options.maxWaitMs ?? DEFAULTS.maxWaitMs;
  const cacheTtlMs = options.cacheTtlMs ?? DEFAULTS.cacheTtlMs;
  const defaultCooldownMs = options.defaultCooldownMs ?? DEFAULTS.defaultCooldownMs;

  const cache = new Map<string, { value: CrmDealData; expires: number }>();
  const inFlight = new Map<string, Promise<CrmDealResult>>();
  const cooldowns = new Map<string, number>();
  /** Per deal: how many writes have finished (or changes were seen). A read that began before one is not cached after it. */
  const writesDone = new Map<string, number>();

  /** One attempt: headers and body within the deadline; the body is buffered into a fresh Response. */
  async function attempt(url: string, init: RequestInit): Promise<Response> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError');
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    try {
      const response = await Promise.race([rawFetch(url, { ...init, signal: controller.signal }), deadline]);
      const body = await Promise.race([response.text(), deadline]);
      return new Response(NULL_BODY.has(response.status) ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      clearTimeout(timer);
    }
  }

  function fetchFor(credentials: CrmCredentials): typeof fetch {
    return async (input, init) => {
      const url = urlOf(input);
      if (!isAllowedApiUrl(credentials, url)) throw new ForeignHostError(hostOf(url));
      await requireConsent(options.consent, CRM_DATA_COLLECTION);
      // Never follow a redirect: it could carry the token's header to another host.
      const guarded: RequestInit = { ...init, redirect: 'error' };
      for (let n = 1; ; n++) {
        const response = await attempt(url, guarded);
        if (response.status !== 429 || n >= maxAttempts) return response;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now());
        const step = baseDelayMs * 2 ** (n - 1);
        const backoff = step / 2 + (random() * step) / 2;
        const wait = retryAfter === undefined ? backoff : Math.max(retryAfter * 1000, backoff);
        if (wait > maxWaitMs) return response;
        await sleep(wait);
      }
    };
  }

  async function read(ref: DealRef, credentials: CrmCredentials): Promise<CrmDealResult> {
    const ctx: ConnectorContext = { fetch: fetchFor(credentials), now };
    try {
      return await connectorOf(credentials.crm).readDeal(ctx, credentials, ref);
    } catch (error) {
      // The connectors do not throw; this is the last line of defence.
      return failure('malformed', { detail: error instanceof Error ? error.message.slice(0, 200) : 'unexpected error' });
    }
  }

  const accountKey = (ref: Pick<DealRef, 'crm' | 'account'>) => `${ref.crm}:${ref.account.toLowerCase()}`;

  async function readDeal(ref: DealRef, credentials: CrmCredentials, readOptions: ReadOptions = {}): Promise<CrmDealResult> {
    const mismatch = accountMismatch(ref, credentials);
    if (mismatch) return failure('notConnected', { detail: mismatch });
    const key = dealKeyOf(ref);
    const at = now().getTime();

    const blockedUntil = cooldowns.get(accountKey(ref));
    if (blockedUntil !== undefined && at < blockedUntil) {
      return failure('rateLimited', { retryAfter: Math.ceil((blockedUntil - at) / 1000), detail: 'waiting for the rate limit to reset' });
    }
    const cached = cache.get(key);
    if (!readOptions.fresh && cached && at < cached.expires) return { ok: true, value: cached.value };
    const pending = inFlight.get(key);
    if (pending) return pending;

    const writesBefore = writesDone.get(key) ?? 0;
    const promise = read(ref, credentials).then((result) => {
      const done = now().getTime();
      // A write finished meanwhile: this read may predate it, and the cache is for reads begun after it.
      const overtaken = (writesDone.get(key) ?? 0) !== writesBefore;
      if (result.ok) {
        if (!overtaken) {
          // A read with a part lost to a passing problem is not kept: the next read tries again.
          const transient = result.value.partial?.some((p) => p.kind === 'timeout' || p.kind === 'network');
          if (transient) cache.delete(key);
          else cache.set(key, { value: result.value, expires: done + cacheTtlMs });
        }
      } else {
        if (!overtaken) cache.delete(key);
        if (result.kind === 'rateLimited') cooldowns.set(accountKey(ref), done + (result.retryAfter !== undefined ? result.retryAfter * 1000 : defaultCooldownMs));
      }
      return result;
    });
    inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      if (inFlight.get(key) === promise) inFlight.delete(key);
    }
  }

  /** One write: host, account and cooldown checked first; afterwards the deal's cache dropped and a 429 remembered. */
  async function guardedWrite<R extends { ok: true } | CrmApiFailure>(ref: DealRef, credentials: CrmCredentials, send: (ctx: ConnectorContext, target: CrmCredentials) => Promise<R>): Promise<R | CrmApiFailure> {
    const mismatch = accountMismatch(ref, credentials);
    if (mismatch) return failure('notConnected', { detail: mismatch });
    const blockedUntil = cooldowns.get(accountKey(ref));
    const at = now().getTime();
    if (blockedUntil !== undefined && at < blockedUntil) {
      return failure('rateLimited', { retryAfter: Math.ceil((blockedUntil - at) / 1000), detail: 'waiting for the rate limit to reset' });
    }
    let result: R | CrmApiFailure;
    try {
      // HubSpot: the token is checked to belong to the deal's portal (the account), as for reads.
      const target = connectorOf(credentials.crm).forDeal(credentials, ref);
      result = await send({ fetch: fetchFor(credentials), now }, target);
    } catch (error) {
      result = failure('malformed', { detail: error instanceof Error ? error.message.slice(0, 200) : 'unexpected error' });
    }
    // Whatever happened, the next read asks the CRM: no cached read, no read begun before the write.
    const key = dealKeyOf(ref);
    writesDone.set(key, (writesDone.get(key) ?? 0) + 1);
    cache.delete(key);
    inFlight.delete(key);
    if (!result.ok && result.kind === 'rateLimited') {
      cooldowns.set(accountKey(ref), now().getTime() + (result.retryAfter !== undefined ? result.retryAfter * 1000 : defaultCooldownMs));
    }
    return result;
  }

  const writeActivity = (ref: DealRef, credentials: CrmCredentials, op: WriteOp): Promise<WriteOutcome> => guardedWrite(ref, credentials, (ctx, target) => applyActivityWrite(ctx, target, op));
  const writeTick = (ref: DealRef, credentials: CrmCredentials, op: TickOp): Promise<TickOutcome> => guardedWrite(ref, credentials, (ctx, target) => applyTickWrite(ctx, target, op));

  async function check(credentials: CrmCredentials): Promise<CrmApiResult<true>> {
    if (!expectedApiHost(credentials)) return failure('notConnected', { detail: 'the connection names no valid API host' });
    try {
      return await pingCrm({ fetch: fetchFor(credentials), now }, credentials);
    } catch (error) {
      return failure('malformed', { detail: error instanceof Error ? error.message.slice(0, 200) : 'unexpected error' });
    }
  }

  return {
    readDeal,
    writeActivity,
    writeTick,
    check,
    fetchFor,
    invalidate(ref) {
      const key = dealKeyOf(ref);
      cache.delete(key);
      inFlight.delete(key);
      writesDone.set(key, (writesDone.get(key) ?? 0) + 1);
    },
    clear(crm) {
      for (const map of [cache, cooldowns]) {
        for (const key of [...map.keys()]) if (!crm || key.startsWith(`${crm}:`)) map.delete(key);
      }
    },
  };
}
