// How Stagecraft connects to Pipedrive: the rep's signed-in web session (cookies of the company's
// host) and/or a personal API token, sent only to `<company>.pipedrive.com/api/`. A token is used
// only for the company it was saved for; the session works for whichever company the deal is in.

import { z } from 'zod';
import type { DealRef } from '../../model/deal';
import { instant, keptSwitches, maskToken, normaliseToken, shareChecklist, tokenFits, tokenSchema, writeActivities, type Connected, type ConnectionDetails } from '../api/connection-fields';
import { requestJson } from '../api/http';
import { failure, type ConnectorContext, type CrmApiFailure, type CrmApiResult, type PipedriveCredentials } from '../api/types';
import { pipedriveAuths, pipedriveInit } from './api';

const PIPEDRIVE_COMPANY = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Pipedrive's own subdomains: never a company account. */
const PIPEDRIVE_RESERVED = /^(www|app|api|developers?|support|oauth|marketplace|status|blog|community|auth|login|cdn)$/;

/** `acme`, `acme.pipedrive.com` or `https://acme.pipedrive.com/…` → `acme`; null when it is not a company. */
export function pipedriveCompany(input: string): string | null {
  let value = input.trim().toLowerCase();
  if (/^https?:\/\//.test(value)) {
    try {
      value = new URL(value).hostname;
    } catch {
      return null;
    }
  }
  value = value.replace(/\.pipedrive\.com\.?$/, '');
  return PIPEDRIVE_COMPANY.test(value) && !PIPEDRIVE_RESERVED.test(value) ? value : null;
}

/** The stored connection (extension storage only). */
export const pipedriveConnectionSchema = z.object({
  crm: z.literal('pipedrive'),
  company: z.string().refine((c) => pipedriveCompany(c) === c),
  useSession: z.boolean(),
  token: tokenSchema.optional(),
  connectedAt: instant,
  writeActivities,
  shareChecklist,
});
export type PipedriveConnection = z.infer<typeof pipedriveConnectionSchema>;

/** The connection of a company with a token and/or the session; an empty token keeps the stored one (so the company can change alone). */
export async function pipedriveConnect(input: { company: string; token: string; useSession: boolean }, previous: () => Promise<PipedriveConnection | null>, now: Date): Promise<Connected<PipedriveConnection>> {
  const company = pipedriveCompany(input.company);
  if (!company) return { ok: false, field: 'company', problem: 'company' };
  const typed = normaliseToken(input.token);
  if (typed && !tokenFits(typed, null)) return { ok: false, field: 'token', problem: 'token' };
  const before = await previous();
  const token = typed || (before?.company === company ? before.token : undefined);
  if (!token && !input.useSession) return { ok: false, field: 'token', problem: 'tokenOrSession' };
  return { ok: true, value: { crm: 'pipedrive', company, useSession: input.useSession, ...(token && { token }), connectedAt: now.toISOString(), ...keptSwitches(before) } };
}

export function pipedriveCredentials(ref: DealRef, connection: PipedriveConnection | null): PipedriveCredentials | CrmApiFailure {
  const company = pipedriveCompany(ref.account);
  if (!connection || !company) return failure('notConnected', { detail: 'Pipedrive is not connected' });
  const token = connection.company === company ? connection.token : undefined;
  if (!connection.useSession && !token) return failure('notConnected', { detail: `the token is for ${connection.company}.pipedrive.com` });
  return { crm: 'pipedrive', company, useSession: connection.useSession, ...(token && { token }) };
}

export const pipedriveDetails = (connection: PipedriveConnection): ConnectionDetails => ({ company: connection.company, useSession: connection.useSession, ...(connection.token && { maskedToken: maskToken(connection.token) }) });

/** The company's own host, when the credentials name a valid company. */
export function pipedriveApiHost(credentials: PipedriveCredentials): string | null {
  const company = pipedriveCompany(credentials.company);
  return company === credentials.company ? `${company}.pipedrive.com` : null;
}

export const pipedriveAccountMismatch = (ref: DealRef, credentials: PipedriveCredentials): string | null =>
  pipedriveCompany(ref.account) === credentials.company ? null : `connected to ${credentials.company}.pipedrive.com`;

const pingSchema = z.object({ success: z.literal(true), data: z.object({ id: z.number() }) });

/** "Does the connection work?": the signed-in user, the session first, then the token. */
export async function pingPipedrive(ctx: ConnectorContext, credentials: PipedriveCredentials): Promise<CrmApiResult<true>> {
  let last: CrmApiResult<true> = failure('notConnected', { detail: 'no session allowed and no API token' });
  for (const auth of pipedriveAuths(credentials)) {
    const result = await requestJson(ctx, `https://${credentials.company}.pipedrive.com/api/v1/users/me`, pipedriveInit(auth), pingSchema);
    last = result.ok ? { ok: true, value: true } : result;
    if (last.ok || (last.kind !== 'unauthorized' && last.kind !== 'forbidden')) break;
  }
  return last;
}
