import { monthIndexOf } from '../metrics/dates';
import type { History } from '../metrics/history.schema';
import { monthKey } from '../projection/horizon';
import type { KpiInputs } from '../model/kpi-inputs.schema';

// The KPI dashboard of a sales team, per calendar month (UTC) over the last `months` full months
// before asOf's month. Measured from the history; the renewals pipeline (if the manager names one)
// is not new business and only counts for churn.
//   new deals[m]        deals created in m                                    (measured)
//   new customers[m]    deals won (closed) in m                               (measured)
//   growth[m]           (x[m] − x[m−1]) ÷ x[m−1]; null when x[m−1] = 0        (measured)
//   revenue[channel][m] won value in m by the deal's lead channel (`source`; "" = none) (measured)
//   spend[channel][m]   marketing spend                                       (entered)
//   CAC[channel]        Σ spend ÷ Σ new customers of that channel over the window; blended: all channels
//                       (spend entered, customers measured); null without spend or without customers
//   churn (annual)      measured: renewals lost ÷ renewals closed in the window (renewals pipeline, with
//                       ≥ 1 closed); else entered; else unknown
//   ARPA                mean won value of new customers in the window — a deal's value read as a year
//                       of revenue; over priced deals only (a currency without a rate has no value) (measured)
//   LTV                 ARPA × gross margin ÷ annual churn (margin entered); null if any is unknown or churn = 0
//   LTV : CAC           LTV ÷ CAC, blended and per channel

export const KPI_MONTHS = 12;

export type Source = 'measured' | 'entered' | null;

export interface ChannelKpi {
  channel: string;
  revenue: number;
  customers: number;
  spend: number;
  cac: number | null;
  ltvToCac: number | null;
}

export interface Kpis {
  months: string[];
  newDeals: number[];
  newDealsGrowth: (number | null)[];
  newCustomers: number[];
  newCustomersGrowth: (number | null)[];
  revenue: number[];
  /** Channels by revenue over the window, largest first, then channels with spend only. */
  channels: string[];
  revenueByChannel: Record<string, number[]>;
  spendByChannel: Record<string, number[]>;
  byChannel: ChannelKpi[];
  blended: { spend: number; customers: number; cac: number | null; ltvToCac: number | null };
  churn: { annual: number | null; source: Source; renewalsClosed: number; renewalsLost: number };
  grossMargin: { value: number | null; source: Source };
  arpa: number | null;
  ltv: number | null;
}

export function growthSeries(values: readonly number[]): (number | null)[] {
  return values.map((v, i) => (i === 0 || values[i - 1] === 0 ? null : (v - values[i - 1]!) / values[i - 1]!));
}

export function computeKpis(history: History, inputs: KpiInputs, asOf: number, months = KPI_MONTHS): Kpis {
  const last = monthIndexOf(asOf) - 1;
  const first = last - months + 1;
  const keys = Array.from({ length: months }, (_, i) => monthKey(first + i));
  const at = (ms: number) => {
    const m = monthIndexOf(ms) - first;
    return m >= 0 && m < months ? m : -1;
  };
  const zeros = () => new Array<number>(months).fill(0);
  const renewals = inputs.renewalsPipeline;
  const newDeals = zeros();
  const newCustomers = zeros();
  const revenue = zeros();
  const revenueByChannel = new Map<string, number[]>();
  const customersByChannel = new Map<string, number>();
  let renewalsClosed = 0;
  let renewalsLost = 0;
  let wonValue = 0;
  let won = 0;
  /** Won deals with a value in the base currency (a deal whose currency has no rate counts as a customer, not in money). */
  let pricedWon = 0;
  for (const deal of history.deals) {
    if (deal.pipeline === renewals) {
      if (deal.status !== 'open' && deal.closedAt !== null && at(deal.closedAt) >= 0) {
        renewalsClosed++;
        if (deal.status === 'lost') renewalsLost++;
      }
      continue;
    }
    const created = at(deal.createdAt);
    if (created >= 0) newDeals[created]!++;
    if (deal.status !== 'won' || deal.closedAt === null) continue;
    const m = at(deal.closedAt);
    if (m < 0) continue;
    newCustomers[m]!++;
    revenue[m]! += deal.value;
    won++;
    if (!deal.unpriced) pricedWon++;
    wonValue += deal.value;
    const channel = deal.source ?? '';
    let series = revenueByChannel.get(channel);
    if (!series) revenueByChannel.set(channel, (series = zeros()));
    series[m]! += deal.value;
    customersByChannel.set(channel, (customersByChannel.get(channel) ?? 0) + 1);
  }

  const spendByChannel = new Map<string, number[]>();
  for (const row of inputs.spend) {
    const m = keys.indexOf(row.month);
    if (m < 0) continue;
    let series = spendByChannel.get(row.channel);
    if (!series) spendByChannel.set(row.channel, (series = zeros()));
    series[m]! += row.amount;
  }

  const sum = (values: readonly number[] | undefined) => (values ?? []).reduce((s, v) => s + v, 0);
  const channels = [
    ...[...revenueByChannel].sort((a, b) => sum(b[1]) - sum(a[1]) || a[0].localeCompare(b[0])).map(([c]) => c),
    ...[...spendByChannel.keys()].filter((c) => !revenueByChannel.has(c)).sort(),
  ];

  const churn: Kpis['churn'] =
    renewals !== null && renewalsClosed > 0
      ? { annual: renewalsLost / renewalsClosed, source: 'measured', renewalsClosed, renewalsLost }
      : { annual: inputs.annualChurn, source: inputs.annualChurn === null ? null : 'entered', renewalsClosed, renewalsLost };
  const arpa = pricedWon ? wonValue / pricedWon : null;
  const ltv = arpa !== null && inputs.grossMargin !== null && churn.annual !== null && churn.annual > 0 ? (arpa * inputs.grossMargin) / churn.annual : null;
  const cacOf = (spend: number, customers: number, hasSpend: boolean) => (hasSpend && customers > 0 ? spend / customers : null);
  const ratio = (cac: number | null) => (ltv !== null && cac !== null && cac > 0 ? ltv / cac : null);

  const byChannel = channels.map((channel): ChannelKpi => {
    const spend = sum(spendByChannel.get(channel));
    const customers = customersByChannel.get(channel) ?? 0;
    const cac = cacOf(spend, customers, spendByChannel.has(channel));
    return { channel, revenue: sum(revenueByChannel.get(channel)), customers, spend, cac, ltvToCac: ratio(cac) };
  });
  const totalSpend = sum([...spendByChannel.values()].map(sum));
  const blendedCac = cacOf(totalSpend, won, spendByChannel.size > 0);

  return {
    months: keys,
    newDeals,
    newDealsGrowth: growthSeries(newDeals),
    newCustomers,
    newCustomersGrowth: growthSeries(newCustomers),
    revenue,
    channels,
    revenueByChannel: Object.fromEntries(channels.map((c) => [c, revenueByChannel.get(c) ?? zeros()])),
    spendByChannel: Object.fromEntries(channels.map((c) => [c, spendByChannel.get(c) ?? zeros()])),
    byChannel,
    blended: { spend: totalSpend, customers: won, cac: blendedCac, ltvToCac: ratio(blendedCac) },
    churn,
    grossMargin: { value: inputs.grossMargin, source: inputs.grossMargin === null ? null : 'entered' },
    arpa,
    ltv,
  };
}
