// Which Salesforce org a team sync reads and with what: the org of the opportunity seen last and
// the session read from its cookie; or, for the command, --instance and --token.

import type { DealRef } from '../../model/deal';
import type { SalesforceCredentials } from '../api/types';
import type { SyncTargetChoice } from '../connector';
import { salesforceInstanceHost } from './connection';
import type { SalesforceSyncTarget } from './team-sync';

type Target = { crm: 'salesforce' } & SalesforceSyncTarget;

export const salesforceSyncRef = async (seen: DealRef | null): Promise<DealRef | null> => seen;

export const salesforceSyncTarget = (credentials: SalesforceCredentials, ref: DealRef): { target: Target; account: string } => ({
  target: { crm: 'salesforce', instance: credentials.instanceHost, token: credentials.sessionId },
  account: ref.account,
});

export function salesforceSyncTargetOfFlags(flags: { token?: string; instance?: string; apiBase?: string }): SyncTargetChoice<Target> {
  const instance = flags.instance ? salesforceInstanceHost(flags.instance.replace(/^https?:\/\//, '').replace(/\/.*$/, '')) : null;
  if (!instance) return { ok: false, usage: "--instance: Salesforce needs the org's URL (https://acme.my.salesforce.com)" };
  if (!flags.token) return { ok: false, usage: '--token: Salesforce needs a session id or access token' };
  return { ok: true, target: { crm: 'salesforce', instance, token: flags.token, apiBase: flags.apiBase } };
}
