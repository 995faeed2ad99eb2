import type { StagecraftDb } from '@/lib/db/database';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';

/** First run (and every start, idempotently): make sure a playbook exists. */
export async function ensureInstalled(db: StagecraftDb): Promise<void> {
  const template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!;
  await seedPlaybookIfEmpty(db, () => template.build(new Date()));
}
