import type { HistoryDeal } from './history.schema';

// Money in one currency. Every sum and average of the team's figures is in the team's base currency:
//   value in base = value × rates[deal currency]   (the base itself, and a deal without a currency: × 1)
// A deal whose currency has no rate is never mixed in: it is marked `unpriced` (value 0), left out of
// every money figure and counted, so the views can say how many deals that is.

export interface Money {
  /** Three upper-case letters, e.g. "EUR". */
  base: string;
  /** 1 unit of the key currency = rate units of the base. */
  rates: Readonly<Record<string, number>>;
}

/** The rate of `currency` to the base, or null when there is none. */
export function rateToBase(currency: string | null | undefined, money: Money): number | null {
  if (currency === null || currency === undefined || currency === '' || currency.toUpperCase() === money.base) return 1;
  const code = currency.toUpperCase();
  if (!Object.hasOwn(money.rates, code)) return null;
  const rate = money.rates[code];
  return typeof rate === 'number' && rate > 0 && Number.isFinite(rate) ? rate : null;
}

/** The deal in the base currency (a new object), or marked unpriced when its currency has no rate. */
export function dealInBase(deal: HistoryDeal, money: Money): HistoryDeal {
  if (deal.unpriced) return deal;
  const rate = rateToBase(deal.currency, money);
  if (rate === null) return { ...deal, value: 0, unpriced: true }; // keeps its own currency code, for the note
  if (rate === 1 && deal.currency === money.base) return deal;
  return { ...deal, value: deal.value * rate, currency: money.base };
}

/** Currencies without a rate, with how many deals each (unpriced deals keep their own currency code). */
export function missingRates(deals: readonly HistoryDeal[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const deal of deals) {
    if (!deal.unpriced) continue;
    const code = (deal.currency ?? '?').toUpperCase();
    out[code] = (out[code] ?? 0) + 1;
  }
  return out;
}

/**
 * The currency and rates a CRM keeps for the company (HubSpot's account currency and exchange rates,
 * Salesforce's corporate currency and CurrencyType rates, Pipedrive's default currency).
 * rates: 1 unit of the key currency = rate units of `company`.
 */
export interface CrmCurrency {
  crm: string;
  /** The company (corporate) currency, three upper-case letters. */
  company: string;
  rates: Readonly<Record<string, number>>;
  /** Epoch ms the rates were read. */
  readAt: number;
}

/**
 * The CRM's rates restated in `base`. The CRM states each currency X in the company currency C:
 *   X→base = (X→C) / (base→C)       (C→base = 1 / (base→C); the base itself is left out)
 * When the base is neither C nor a currency the CRM rates, nothing can be restated: no rates.
 */
export function crmRatesTo(base: string, crm: CrmCurrency | null | undefined): Record<string, number> {
  if (!crm) return {};
  const toCompany = (code: string) => (code === crm.company ? 1 : Object.hasOwn(crm.rates, code) ? crm.rates[code]! : null);
  const baseInCompany = toCompany(base);
  if (baseInCompany === null || !(baseInCompany > 0)) return {};
  const out: Record<string, number> = {};
  for (const code of [crm.company, ...Object.keys(crm.rates)]) {
    if (code === base) continue;
    const rate = toCompany(code);
    if (rate !== null && rate > 0 && Number.isFinite(rate)) out[code] = rate / baseInCompany;
  }
  return out;
}

/**
 * The team's money as every figure uses it: the base currency, the CRM's rates restated in it, and the
 * manager's own rates over them (what the manager typed wins over what the CRM says).
 */
export function moneyOf(settings: { baseCurrency: string; currencyRates: Readonly<Record<string, number>>; crmCurrency?: CrmCurrency | null }): Money {
  return { base: settings.baseCurrency, rates: { ...crmRatesTo(settings.baseCurrency, settings.crmCurrency), ...settings.currencyRates } };
}
