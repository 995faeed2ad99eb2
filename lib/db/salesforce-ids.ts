import type { Transaction } from 'dexie';
import type { DealRecord } from '../model/records.schema';
import { canonicalSalesforceRows, salesforceKeyChanges } from '../crm/salesforce/stored-ids';

/**
 * Schema v8's upgrade: Salesforce deals stored under a 15-character id (or an 18-character one in the
 * wrong case) move to the 18-character key, and an opportunity stored twice becomes one deal with all
 * its ticks (and what the CRM holds of them), activities, stage visits and pauses (merge rules: lib/crm/salesforce/stored-ids.ts).
 */
export async function mergeSalesforceDealIds(tx: Transaction): Promise<void> {
  const salesforce: DealRecord[] = await tx.table('deals').where('crm').equals('salesforce').toArray();
  const changes = salesforceKeyChanges(salesforce);
  if (!changes.size) return;
  const keys = [...new Set([...changes.keys(), ...changes.values()])];
  const of = (table: string) => tx.table(table).where('dealKey').anyOf(keys);
  const merged = canonicalSalesforceRows({
    deals: salesforce.filter((deal) => keys.includes(deal.key)),
    stageVisits: await of('stageVisits').toArray(),
    checklist: await of('checklist').toArray(),
    activities: await of('activities').toArray(),
    crmWrites: await of('crmWrites').toArray(),
    pauses: await of('pauses').toArray(),
    tickShares: await of('tickShares').toArray(),
  });
  await tx.table('deals').bulkDelete([...changes.keys()]);
  await tx.table('deals').bulkPut(merged.deals);
  for (const table of ['stageVisits', 'checklist', 'pauses', 'tickShares'] as const) {
    await of(table).delete();
    await tx.table(table).bulkPut(merged[table] ?? []);
  }
  await tx.table('activities').bulkPut(merged.activities);
  await tx.table('crmWrites').bulkPut(merged.crmWrites);
  await of('tabs').modify((tab: { dealKey: string }) => {
    tab.dealKey = changes.get(tab.dealKey) ?? tab.dealKey;
  });
}
