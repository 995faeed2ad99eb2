// Which Pipedrive company a team sync reads and with what: the connected company (its token, else
// the session); or, for the command, --company (or --instance) and --token.

import type { DealRef } from '../../model/deal';
import type { PipedriveCredentials } from '../api/types';
import type { SyncTargetChoice } from '../connector';
import { pipedriveCompany } from './connection';
import type { PipedriveSyncTarget } from './team-sync';

type Target = { crm: 'pipedrive' } & PipedriveSyncTarget;

/** The company of the stored connection (read as stored: `stored` is the raw value). */
export async function pipedriveSyncRef(_seen: DealRef | null, stored: () => Promise<unknown>): Promise<DealRef | null> {
  const company = pipedriveCompany(String(((await stored()) as { company?: unknown } | undefined)?.company ?? ''));
  return company ? { crm: 'pipedrive', account: company, dealId: '0' } : null;
}

export const pipedriveSyncTarget = (credentials: PipedriveCredentials): { target: Target; account: string } => ({
  target: { crm: 'pipedrive', company: credentials.company, token: credentials.token },
  account: credentials.company,
});

export function pipedriveSyncTargetOfFlags(flags: { token?: string; company?: string; instance?: string; apiBase?: string }): SyncTargetChoice<Target> {
  const company = pipedriveCompany(flags.company ?? flags.instance ?? '');
  if (!company) return { ok: false, usage: '--company: Pipedrive needs the company (acme for acme.pipedrive.com)' };
  if (!flags.token) return { ok: false, usage: '--token: Pipedrive needs a personal API token' };
  return { ok: true, target: { crm: 'pipedrive', company, token: flags.token, apiBase: flags.apiBase } };
}
