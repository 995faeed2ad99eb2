// How Stagecraft connects to HubSpot: a private app's access token (Bearer), sent only to HubSpot's
// API host. The token is checked to belong to the deal's portal by the reader and writer
// (checkHubspotPortal), not here.

import { z } from 'zod';
import type { DealRef } from '../../model/deal';
import { instant, keptSwitches, maskToken, normaliseToken, shareChecklist, tokenFits, tokenSchema, writeActivities, type Connected, type ConnectionDetails } from '../api/connection-fields';
import { requestJson } from '../api/http';
import { failure, type ConnectorContext, type CrmApiFailure, type CrmApiResult, type HubspotCredentials } from '../api/types';
import { hubspotInit } from './api';
import { HUBSPOT_API_HOST } from './hosts';

/** The stored connection (extension storage only). */
export const hubspotConnectionSchema = z.object({ crm: z.literal('hubspot'), token: tokenSchema, connectedAt: instant, writeActivities, shareChecklist });
export type HubspotConnection = z.infer<typeof hubspotConnectionSchema>;

/** HubSpot private app tokens read "pat-<region>-<uuid>". */
export const HUBSPOT_TOKEN = /^pat-[a-z0-9]+-/i;

/** The connection of a pasted private app token. */
export async function hubspotConnect(input: { token: string }, previous: () => Promise<HubspotConnection | null>, now: Date): Promise<Connected<HubspotConnection>> {
  const token = normaliseToken(input.token);
  if (!tokenFits(token, HUBSPOT_TOKEN)) return { ok: false, field: 'token', problem: 'token' };
  return { ok: true, value: { crm: 'hubspot', token, connectedAt: now.toISOString(), ...keptSwitches(await previous()) } };
}

export function hubspotCredentials(_ref: DealRef, connection: HubspotConnection | null): HubspotCredentials | CrmApiFailure {
  return connection ? { crm: 'hubspot', token: connection.token } : failure('notConnected', { detail: 'HubSpot is not connected' });
}

export const hubspotDetails = (connection: HubspotConnection): ConnectionDetails => ({ maskedToken: maskToken(connection.token) });

/** One API host for every portal. */
export const hubspotApiHost = (_credentials: HubspotCredentials): string | null => HUBSPOT_API_HOST;

const pingSchema = z.object({ results: z.array(z.unknown()) });

/** "Does the connection work?": the deal pipelines, which need the deals scope a deal read needs. */
export async function pingHubspot(ctx: ConnectorContext, credentials: HubspotCredentials): Promise<CrmApiResult<true>> {
  const result = await requestJson(ctx, `https://${HUBSPOT_API_HOST}/crm/v3/pipelines/deals`, hubspotInit(credentials), pingSchema);
  return result.ok ? { ok: true, value: true } : result;
}
