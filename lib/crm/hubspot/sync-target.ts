// Which HubSpot account a team sync reads and with what: the portal of the deal seen last (the
// token is checked to belong to it), the connection's token; or, for the command, --token.

import type { DealRef } from '../../model/deal';
import type { HubspotCredentials } from '../api/types';
import type { SyncTargetChoice } from '../connector';
import type { HubspotSyncTarget } from './team-sync';

type Target = { crm: 'hubspot' } & HubspotSyncTarget;

export const hubspotSyncRef = async (seen: DealRef | null): Promise<DealRef | null> => ({ crm: 'hubspot', account: seen?.account ?? 'hubspot', dealId: '0' });

export const hubspotSyncTarget = (credentials: HubspotCredentials, ref: DealRef): { target: Target; account: string } => ({ target: { crm: 'hubspot', token: credentials.token }, account: ref.account });

export function hubspotSyncTargetOfFlags(flags: { token?: string; apiBase?: string }): SyncTargetChoice<Target> {
  if (!flags.token) return { ok: false, usage: '--token: HubSpot needs a private app token' };
  return { ok: true, target: { crm: 'hubspot', token: flags.token, apiBase: flags.apiBase } };
}
