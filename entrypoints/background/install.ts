import type { StagecraftDb } from '@/lib/db/database';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { storeDerivedStateOfAllDeals } from '@/lib/db/derived';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';

/** First run (and every start, idempotently): make sure a playbook exists. */
export async function ensureInstalled(db: StagecraftDb): Promise<void> {
  const template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!;
  await seedPlaybookIfEmpty(db, () => template.build(new Date()));
}

/** After an install or update: every deal's evidence ticks and goal skips are stored (older versions left some to the side panel). */
export async function refreshDerivedState(db: StagecraftDb): Promise<void> {
  try {
    await storeDerivedStateOfAllDeals(db, new Date());
  } catch (error) {
    console.warn('[Stagecraft] could not bring the stored checklists up to date:', String(error));
  }
}
