import type { StagecraftDb, StoredPlaybook } from './database';
import type { Activity, ChecklistEntry, CrmWrite, DealPause, DealRecord, StageVisit, TickShare } from '../model/records.schema';
import { pausesOf } from './pauses';
import type { Settings } from '../model/settings.schema';
import { stageHistory } from './stage-visits';
import { activePlaybook } from './playbooks';
import { loadSettings } from './settings';
import { praiseOf } from './praise';
import type { Praise } from '../model/praise.schema';

/** Everything the deal view needs, read in one go (and re-read live when any of it changes). */
export interface DealData {
  deal: DealRecord;
  visits: StageVisit[];
  checklist: ChecklistEntry[];
  activities: Activity[];
  /** What the CRM has still to be told about the deal's activities. */
  crmWrites: CrmWrite[];
  playbook: StoredPlaybook | undefined;
  settings: Settings;
  /** The deal's pauses, oldest first. */
  pauses: DealPause[];
  /** What the team's CRM holds of the deal's checklist ticks. */
  tickShares: TickShare[];
  /** The praise the deal earned, oldest first (the panel shows one line: visiblePraise). */
  praise: Praise[];
}

export async function loadDealData(db: StagecraftDb, dealKey: string): Promise<DealData | null> {
  const deal = await db.deals.get(dealKey);
  if (!deal) return null;
  const [visits, checklist, activities, crmWrites, playbook, settings, pauses, tickShares, praise] = await Promise.all([
    stageHistory(db, dealKey),
    db.checklist.where('dealKey').equals(dealKey).toArray(),
    db.activities.where('dealKey').equals(dealKey).sortBy('at'),
    db.crmWrites.where('dealKey').equals(dealKey).toArray(),
    activePlaybook(db),
    loadSettings(db),
    pausesOf(db, dealKey),
    db.tickShares.where('dealKey').equals(dealKey).toArray(),
    praiseOf(db, dealKey),
  ]);
  return { deal, visits, checklist, activities, crmWrites, playbook, settings, pauses, tickShares, praise };
}
