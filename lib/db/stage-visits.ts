import type { StagecraftDb } from './database';
import type { StageVisit } from '../model/records.schema';

/** A deal's stage visits, oldest first (observed on the page and reported by the CRM's API). */
export async function stageHistory(db: StagecraftDb, dealKey: string): Promise<StageVisit[]> {
  return db.stageVisits.where('[dealKey+enteredAt]').between([dealKey, ''], [dealKey, '\uffff']).toArray();
}
