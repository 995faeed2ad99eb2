// One line for a failed or finished sync, in English, for the `team-sync` command (the extension
// shows the same failure kinds through i18n).

import type { CrmId } from '../model/deal';
import { crmName } from '../crm';
import type { SyncFailure, SyncMeta, SyncRunState } from './types';


/** e.g. `HubSpot answered 401 (unauthorized) to GET /crm/v3/owners: the token was refused`. */
export function describeSyncFailure(crm: CrmId, failure: SyncFailure): string {
  const name = crmName(crm);
  const to = failure.request ? ` to ${failure.request}` : '';
  const status = failure.status !== undefined ? `${failure.status} ` : '';
  const vendor = failure.detail && !/^HTTP \d+$/.test(failure.detail) ? ` (${failure.detail})` : '';
  let line: string;
  switch (failure.kind) {
    case 'unauthorized':
      line = `${name} answered ${status}(unauthorized)${to}: the token or session was refused${vendor}`;
      break;
    case 'forbidden':
      line = `${name} answered ${status}(forbidden)${to}: the token lacks read access to the team's data${vendor}`;
      break;
    case 'rateLimited':
      line = `${name} rate limit reached${to}${failure.retryAfter !== undefined ? `: try again in ${failure.retryAfter} s` : ''}${vendor}`;
      break;
    case 'network':
    case 'timeout':
      line = failure.status !== undefined ? `${name} answered ${failure.status}${to}: the CRM is not answering properly${vendor}` : `${name} is unreachable${to}${failure.detail ? ` (${failure.detail})` : ''}`;
      break;
    case 'malformed':
      line = failure.path ? `${name} sent a malformed answer${to}: ${failure.path}: ${failure.detail ?? 'unexpected value'}` : `${name} refused the request ${status}${to}${vendor}`;
      break;
    case 'notFound':
      line = `${name} answered ${status}(not found)${to}${vendor}`;
      break;
    case 'notConnected':
      line = `${name} is not connected${failure.detail ? ` (${failure.detail})` : ''}`;
      break;
    case 'noConsent':
      line = `nothing was sent to ${name}: Firefox's data consent for it was withdrawn`;
      break;
  }
  return line.replace(/\s+/g, ' ').trim();
}

/** `synced 18 412 deals, 201 003 activities from HubSpot (full run, 1 204 requests) → team.json`. */
export function describeSyncDone(meta: SyncMeta, run: SyncRunState, written: { deals: number; activities: number }): string {
  const n = (value: number) => value.toLocaleString('en-US').replace(/,/g, ' ');
  return `synced ${n(written.deals)} deals and ${n(written.activities)} activities from ${crmName(meta.crm)} (${meta.mode} run, ${n(run.requests)} requests${run.requestsLeft !== null ? `, ${n(run.requestsLeft)} left in the budget` : ''})`;
}

/** The second line: what currency the values are in, or which currencies lack a rate (and how many deals each). */
export function describeMoney(company: string | null, missing: Record<string, number>): string {
  const codes = Object.keys(missing).sort();
  if (company === null) return 'values as each deal states them: the CRM named no company currency';
  if (codes.length === 0) return `values in ${company}, the CRM's company currency, at its rates`;
  const list = codes.map((code) => `${code} (${missing[code]} ${missing[code] === 1 ? 'deal' : 'deals'})`).join(', ');
  return `values as each deal states them: the CRM has no rate to ${company} for ${list}`;
}

/**
 * What the reps' shared checklist ticks gave (the command's `--playbook`), e.g. `40 checklist ticks
 * shared by the team; 12 checklist tasks from an older playbook were ignored`.
 */
export function describeTicks(shared: number, ignored: number): string {
  const n = (value: number) => value.toLocaleString('en-US').replace(/,/g, ' ');
  const parts = [shared === 1 ? '1 checklist tick shared by the team' : `${n(shared)} checklist ticks shared by the team`];
  if (ignored > 0) parts.push(ignored === 1 ? '1 checklist task from an older playbook was ignored' : `${n(ignored)} checklist tasks from an older playbook were ignored`);
  return parts.join('; ');
}
