// One JSON request to a CRM API, with every way it can go wrong turned into a typed failure:
// HTTP status → kind, unparseable JSON and schema drift → `malformed` with the first bad path.
// Never throws.

import { formatPath as formatIssuePath } from '../../model/issues';
import type { z } from 'zod';
import { isConsentWithdrawn } from '../../extension/consent';
import { failure, type ConnectorContext, type CrmApiFailure, type CrmApiResult } from './types';

/** Thrown by the client's fetch when a request would carry credentials to a foreign host. */
export class ForeignHostError extends Error {
  override name = 'ForeignHostError';
  constructor(readonly host: string) {
    super(`refused to send credentials to ${host}`);
  }
}

/** Retry-After: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Math.min(Number(value), 86_400);
  const at = Date.parse(value);
  if (!/[a-z]/i.test(value) || Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), 86_400);
}

/** `data.stages[0].name`; `$` for the document itself. */
export const formatPath = (path: readonly PropertyKey[]): string => formatIssuePath(path) || '$';

/** The vendor's error code and message from an error body, for support ("INVALID_SESSION_ID: Session expired…"). */
export function vendorError(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  if (typeof first !== 'object' || first === null) return undefined;
  const record = first as Record<string, unknown>;
  const code = [record.errorCode, record.category, record.error_info].find((v) => typeof v === 'string' || typeof v === 'number');
  const message = [record.message, record.error].find((v) => typeof v === 'string');
  const text = [code, message].filter((v) => v !== undefined).join(': ');
  return text ? text.replace(/\s+/g, ' ').slice(0, 300) : undefined;
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The failure of a non-2xx response. */
export function statusFailure(status: number, headers: Headers, body: unknown, now: Date): CrmApiFailure {
  const detail = vendorError(body) ?? `HTTP ${status}`;
  switch (status) {
    case 401:
      return failure('unauthorized', { status, detail });
    case 403:
      // Salesforce answers 403 when the org's daily API allowance is used up.
      if (/REQUEST_LIMIT_EXCEEDED/.test(detail)) return failure('rateLimited', { status, detail });
      return failure('forbidden', { status, detail });
    case 404:
      return failure('notFound', { status, detail });
    case 429: {
      const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
      return failure('rateLimited', retryAfter === undefined ? { status, detail } : { status, detail, retryAfter });
    }
    default:
      // 400: the API refused our request (a field or endpoint changed); 5xx: the CRM is down.
      return status >= 400 && status < 500 ? failure('malformed', { status, detail }) : failure('network', { status, detail });
  }
}

/** The failure of a fetch that threw. */
export function thrownFailure(error: unknown): CrmApiFailure {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return failure('timeout', { detail: 'no answer in time' });
  if (error instanceof ForeignHostError) return failure('malformed', { detail: error.message });
  // Stopped before sending: the user withdrew Firefox's data consent for this connection.
  if (isConsentWithdrawn(error)) return failure('noConsent', { detail: error.message });
  return failure('network', { detail: error instanceof Error ? error.message.slice(0, 200) : 'request failed' });
}

/** The response and its body text; a fetch that throws (network, timeout, foreign host) is a failure value. */
export async function fetchText(ctx: ConnectorContext, url: string, init: RequestInit): Promise<{ ok: true; response: Response; text: string } | CrmApiFailure> {
  try {
    const response = await ctx.fetch(url, init);
    return { ok: true, response, text: await response.text() };
  } catch (error) {
    return thrownFailure(error);
  }
}

/**
 * Fetches `url` and parses the JSON answer with `schema`. `okStatuses` lists the statuses whose
 * body is the answer (HubSpot's batch read answers 207 when some inputs failed).
 */
export async function requestJson<T>(
  ctx: ConnectorContext,
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
  okStatuses: readonly number[] = [200],
): Promise<CrmApiResult<T>> {
  const fetched = await fetchText(ctx, url, init);
  if (!fetched.ok) return fetched;
  const { response, text } = fetched;
  const json = parseJson(text);
  if (!okStatuses.includes(response.status)) {
    return statusFailure(response.status, response.headers, json.ok ? json.value : undefined, ctx.now());
  }
  if (!json.ok) return failure('malformed', { status: response.status, path: '$', detail: 'the answer is not JSON' });
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return failure('malformed', { status: response.status, path: formatPath(issue?.path ?? []), detail: issue?.message ?? 'unexpected answer' });
  }
  return { ok: true, value: parsed.data };
}

// Small parsing helpers shared by the connectors.

/** An ISO instant (UTC `…Z`) from anything Date can read, also Salesforce's `+0000` and Pipedrive's `YYYY-MM-DD HH:MM:SS` (UTC). */
export function isoInstant(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let text = value.trim();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  text = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * A date-only value (a due date) as an instant: noon UTC, which is the same calendar day in every
 * time zone from UTC−11 to UTC+11.
 */
export function dateOnlyInstant(date: string | null | undefined): string | undefined {
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? isoInstant(`${date}T12:00:00Z`) : undefined;
}

/** A YYYY-MM-DD date from a date or an ISO instant (the UTC day). */
export function isoDate(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return isoInstant(value)?.slice(0, 10);
}

/** A finite number from a number or a numeric string ("12000.50"); undefined for "", null, garbage. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Trimmed one-line text, at most `max` characters; undefined when empty. */
export function textOf(value: unknown, max = 500): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, max) : undefined;
}

/** An ISO 4217 code, upper case; undefined otherwise. */
export function currencyOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z]{3}$/.test(value.trim()) ? value.trim().toUpperCase() : undefined;
}

/**
 * Failures that make the whole read fail even when they happen on a secondary request (stages,
 * history, activities): the user must reconnect, or everyone must back off. Others leave that part out.
 */
export const isFatal = (f: CrmApiFailure) => f.kind === 'unauthorized' || f.kind === 'rateLimited';

/** The object without its undefined fields: absent means unknown. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `record[key]` only for the record's own keys (never `constructor` and friends from the prototype). */
export function own<V>(record: Readonly<Record<string, V>>, key: string | null | undefined): V | undefined {
  return key !== null && key !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
