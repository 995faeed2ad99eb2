import type { StagecraftDb } from './database';
import { myDay, type MyDay } from '../my-day/my-day';
import { activePlaybook } from './playbooks';
import { loadSettings } from './settings';

/** My day from everything stored (null without a playbook). Reads the tables in one transaction. */
export async function loadMyDay(db: StagecraftDb, now: Date, utcOffsetMinutes: number): Promise<MyDay | null> {
  const data = await db.transaction('r', [db.playbooks, db.settings, db.deals, db.stageVisits, db.checklist, db.activities, db.pauses], async () => {
    const [stored, settings, deals, visits, checklist, activities, pauses] = await Promise.all([
      activePlaybook(db),
      loadSettings(db),
      db.deals.toArray(),
      db.stageVisits.toArray(),
      db.checklist.toArray(),
      db.activities.toArray(),
      db.pauses.toArray(),
    ]);
    return { stored, settings, deals, visits, checklist, activities, pauses };
  });
  if (!data.stored) return null;
  return myDay({ ...data, playbook: data.stored.playbook, now, utcOffsetMinutes });
}
