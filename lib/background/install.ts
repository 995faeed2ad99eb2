import type { StagecraftDb } from '../db/database';
import { seedPlaybookIfEmpty } from '../db/playbooks';
import { applyLocaleCurrency, loadSettings } from '../db/settings';
import { resolveLocale } from '../i18n';
import { defaultPlaybook } from '../playbook/templates';

/**
 * First run (and every start, idempotently): make sure a playbook exists — the default template in
 * the manager's language (the chosen locale, else the browser's `languages`) — and that the team's
 * money has a base.
 */
export async function ensureInstalled(db: StagecraftDb, languages: readonly string[], now: () => Date = () => new Date()): Promise<void> {
  const settings = await loadSettings(db);
  await seedPlaybookIfEmpty(db, () => defaultPlaybook(now(), resolveLocale(settings.locale, languages)));
  await applyLocaleCurrency(db, languages);
}
