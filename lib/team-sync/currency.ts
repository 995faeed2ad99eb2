// The CRM's money, read last in every run (a run is useful without it): the company currency and,
// where the CRM keeps them, its exchange rates, so the team's figures can be in one currency without
// the manager typing rates the CRM already has. A CRM that does not answer (no multi-currency, no
// scope for it) leaves the run as it was: the step never fails it.

import type { StepContext, StepPage } from './engine';
import type { SyncResult } from './types';

const CODE = /^[A-Z]{3}$/;

/**
 * A page carrying the CRM's currency, or an empty page when it named none. `rates`: 1 unit of the
 * key = rate units of `company`; bad codes and rates are dropped one by one. Read at the run's start.
 */
export function currencyPage(ctx: StepContext, company: string | null | undefined, rates: Record<string, number>): SyncResult<StepPage> {
  const code = company?.trim().toUpperCase();
  if (!code || !CODE.test(code)) return { ok: true, value: { page: {}, next: null } };
  const kept: Record<string, number> = {};
  for (const [key, rate] of Object.entries(rates)) if (CODE.test(key) && key !== code && Number.isFinite(rate) && rate > 0) kept[key] = rate;
  return { ok: true, value: { page: { currency: { company: code, rates: kept, readAt: ctx.run.startedAt } }, next: null } };
}

/** A failed answer becomes an empty page: the currency is a nicety, never a reason to fail a sync. */
export const noCurrency = (): SyncResult<StepPage> => ({ ok: true, value: { page: {}, next: null } });
