import type { StagecraftDb } from '@/lib/db/database';
import { seedPlaybookIfEmpty } from '@/lib/db/playbooks';
import { applyLocaleCurrency } from '@/lib/db/settings';
import { DEFAULT_TEMPLATE_ID, TEMPLATES } from '@/lib/playbook/templates';

/** First run (and every start, idempotently): make sure a playbook exists and the team's money has a base. */
export async function ensureInstalled(db: StagecraftDb, languages: readonly string[]): Promise<void> {
  const template = TEMPLATES.find((t) => t.id === DEFAULT_TEMPLATE_ID)!;
  await seedPlaybookIfEmpty(db, () => template.build(new Date()));
  await applyLocaleCurrency(db, languages);
}
