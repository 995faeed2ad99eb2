import type { StagecraftDb, StoredPlaybook } from './database';
import { playbookSchema, type Playbook } from '../model/playbook.schema';
import { parseWith } from '../model/issues';
import { loadSettings } from './settings';

/** The playbook reps follow: the managed one when policy sets it, else the active local one. */
export async function activePlaybook(db: StagecraftDb): Promise<StoredPlaybook | undefined> {
  const managed = await db.playbooks.filter((p) => p.origin === 'managed').first();
  if (managed) return managed;
  const settings = await loadSettings(db);
  return (await db.playbooks.get(settings.activePlaybookId)) ?? (await db.playbooks.filter((p) => p.origin === 'local').first());
}

/** Validates and stores a local playbook; nothing is written when it is invalid. */
export async function saveLocalPlaybook(db: StagecraftDb, input: unknown): Promise<{ ok: true; playbook: Playbook } | { ok: false; error: string }> {
  const parsed = parseWith(playbookSchema, input);
  if (!parsed.ok) return parsed;
  await db.playbooks.put({ id: parsed.value.id, playbook: parsed.value, origin: 'local' });
  return { ok: true, playbook: parsed.value };
}

/** A new install starts with a useful playbook, so the first deal page already shows guidance. */
export async function seedPlaybookIfEmpty(db: StagecraftDb, build: () => Playbook): Promise<boolean> {
  return db.transaction('rw', db.playbooks, async () => {
    if ((await db.playbooks.count()) > 0) return false;
    const playbook = playbookSchema.parse(build());
    await db.playbooks.put({ id: playbook.id, playbook, origin: 'local' });
    return true;
  });
}
