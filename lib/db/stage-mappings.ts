import type { StagecraftDb } from './database';
import { mappingKey, mappingTarget } from '../playbook/match';
import { derivedStateTables, storeDerivedState } from './derived';
import { loadSettings, updateSettings } from './settings';

/**
 * Remembers that a CRM's stage label means a playbook stage (the side panel's "map this stage
 * to…"), and stores in the same transaction what that changes for the account's deals in that
 * CRM (their stage, so their evidence ticks and goal skips).
 */
export async function rememberStageMapping(
  db: StagecraftDb,
  deal: { crm: Parameters<typeof mappingKey>[0]; account: string },
  crmStage: string,
  target: { pipelineId: string; stageId: string },
  now: Date,
): Promise<void> {
  await db.transaction('rw', derivedStateTables(db), async () => {
    const { stageMappings } = await loadSettings(db);
    await updateSettings(db, { stageMappings: { ...stageMappings, [mappingKey(deal.crm, deal.account, crmStage)]: mappingTarget(target.pipelineId, target.stageId) } });
    const account = deal.account.toLowerCase();
    const affected = await db.deals.where('crm').equals(deal.crm).filter((d) => d.account.toLowerCase() === account).primaryKeys();
    for (const dealKey of affected) await storeDerivedState(db, dealKey, now);
  });
}
